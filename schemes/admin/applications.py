"""Application review: filter by how long people have waited, read answers and the
applicant's profile, and accept / waitlist / decline in bulk (each applicant is emailed by
``schemes.services.applications_decide``). Applications are changed only through those
decisions, and only administrators may delete them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from accounts.areas import area_text
from accounts.availability import windows_of
from accounts.countries import country_name
from accounts.roles import user_is_administrator
from core.admin import NoAddAdminMixin
from core.imports import AllOrNothingImportMixin

from ..models import Application, ApplicationQuerySet, ApplicationStatus, Question
from ..resources import ApplicationResource
from ..services import applications_decide
from .base import ScopedHistoryAdmin

# (parameter value, label, more than this many days, at most this many days)
WAITING_BUCKETS = (
    ("lt30", _("under 30 days"), None, 30),
    ("30-60", _("30 to 60 days"), 30, 60),
    ("60-90", _("60 to 90 days"), 60, 90),
    ("gt90", _("over 90 days"), 90, None),
)


class DaysWaitingFilter(admin.SimpleListFilter):
    """Unmatched live applications by days since they were submitted."""

    title = _("days waiting (unmatched)")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _, _ in WAITING_BUCKETS]

    def queryset(self, request, queryset: QuerySet[Any]) -> QuerySet[Any]:
        bucket = next((b for b in WAITING_BUCKETS if b[0] == self.value()), None)
        if bucket is None:
            return queryset
        _, _, more_than, at_most = bucket
        now = timezone.now()
        # The filter sits on the applications admin only.
        queryset = cast(ApplicationQuerySet, queryset).waiting().filter(submitted_at__isnull=False)
        if more_than is not None:
            queryset = queryset.filter(submitted_at__lt=now - timedelta(days=more_than))
        if at_most is not None:
            queryset = queryset.filter(submitted_at__gte=now - timedelta(days=at_most))
        return queryset


# What a bulk decision reports, one whole sentence per decision.
DECIDED = {
    ApplicationStatus.ACCEPTED: ngettext_lazy(
        "Accepted %(done)s application; each applicant was emailed.",
        "Accepted %(done)s applications; each applicant was emailed.",
        "done",
    ),
    ApplicationStatus.WAITLISTED: ngettext_lazy(
        "Waitlisted %(done)s application; each applicant was emailed.",
        "Waitlisted %(done)s applications; each applicant was emailed.",
        "done",
    ),
    ApplicationStatus.DECLINED: ngettext_lazy(
        "Declined %(done)s application; each applicant was emailed.",
        "Declined %(done)s applications; each applicant was emailed.",
        "done",
    ),
}


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ApplicationStatus.ACCEPTED, _("Accept")),
            (ApplicationStatus.WAITLISTED, _("Waitlist")),
            (ApplicationStatus.DECLINED, _("Decline")),
        ],
    )
    note = forms.CharField(
        label=_("Note to each applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Included in the email and shown on the application: for example why a "
            "place could not be offered, or what happens next."
        ),
    )


def _proposed_answer(membership: Any) -> str:
    """ "Proposed 5 Mar 2026: declined: “reason”" for one match proposed to the applicant
    (a ``matching.ProposalMember``), the date in the active language's format."""
    values = {
        "date": date_format(membership.proposal.created_at.date(), "DATE_FORMAT"),
        "answer": membership.get_response_display(),
        "reason": membership.response_reason,
    }
    if membership.response_reason:
        return gettext("Proposed %(date)s: %(answer)s: “%(reason)s”") % values
    return gettext("Proposed %(date)s: %(answer)s") % values


@admin.register(Application)
class ApplicationAdmin(
    NoAddAdminMixin, AllOrNothingImportMixin, ImportExportMixin, ScopedHistoryAdmin
):
    """Applications come from the portal or a CSV import, never from a blank form."""

    resource_classes = [ApplicationResource]
    view_on_site = False  # the application's page is the applicant's own: staff get a 404
    list_display = ("applicant", "scheme", "role", "status", "submitted_at", "days_waiting_display")
    list_filter = (
        ("scheme", admin.RelatedOnlyFieldListFilter),
        "role",
        "status",
        DaysWaitingFilter,
    )
    list_select_related = ("scheme", "applicant")
    list_per_page = 50
    search_fields = ("applicant__email", "applicant__first_name", "applicant__last_name")
    date_hierarchy = "submitted_at"
    actions = ("accept", "waitlist", "decline", "decide_with_note")
    fieldsets = (
        (None, {"fields": ("applicant", "scheme", "role", "status", "capacity")}),
        (_("Applicant's profile"), {"fields": ("profile_summary",)}),
        (_("Application"), {"fields": ("goals_areas_display", "hopes", "answers_display")}),
        (
            _("Dates and decision"),
            {
                "fields": (
                    "created_at",
                    "submitted_at",
                    "days_waiting_display",
                    "decided_at",
                    "accepted_at",
                    "matched_at",
                    "decision_note",
                    "match_answers",
                )
            },
        ),
    )
    readonly_fields = (
        "applicant",
        "scheme",
        "role",
        "status",
        "capacity",
        "profile_summary",
        "goals_areas_display",
        "hopes",
        "answers_display",
        "created_at",
        "submitted_at",
        "days_waiting_display",
        "decided_at",
        "accepted_at",
        "matched_at",
        "decision_note",
        "match_answers",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scheme", "applicant__profile")

    def has_delete_permission(self, request, obj=None):
        return user_is_administrator(user=request.user) and super().has_delete_permission(
            request, obj
        )

    def has_import_permission(self, request):
        # Importing records decisions already made about a coordinator's own schemes.
        return request.user.has_perm("schemes.change_application")

    @admin.display(description=_("days waiting"))
    def days_waiting_display(self, obj: Application) -> int | None:
        return obj.days_waiting()

    @admin.display(description=_("answers"))
    def answers_display(self, obj: Application) -> str:
        questions = Question.objects.filter(form__scheme=obj.scheme_id, form__role=obj.role)
        answers = obj.answers or {}
        rows = []
        for question in questions:
            answer = answers.get(str(question.pk))
            if isinstance(answer, list):
                answer = "; ".join(str(a) for a in answer)
            elif isinstance(answer, bool):
                answer = gettext("Yes") if answer else gettext("No")
            rows.append((question.label, "–" if answer in (None, "") else answer))
        if not rows:
            return gettext("No questions on this form.")
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    @admin.display(description=_("areas to develop"))
    def goals_areas_display(self, obj: Application) -> str:
        return area_text(obj.goals_areas) or "–"

    @admin.display(description=_("profile"))
    def profile_summary(self, obj: Application) -> str:
        profile = getattr(obj.applicant, "profile", None)
        if profile is None:
            return gettext("No profile yet.")
        rows = [
            (gettext("Email"), obj.applicant.email),
            (gettext("Membership number"), profile.membership_number),
            (gettext("Job title"), profile.job_title),
            (gettext("Organisation"), profile.organisation),
            (gettext("Country"), country_name(str(profile.country)) or profile.country_as_entered),
            (gettext("Years of experience"), profile.years_experience),
            (gettext("Career stage"), profile.get_career_stage_display()),
            (gettext("Expertise"), area_text(profile.expertise)),
            (gettext("Interests"), ", ".join(profile.interests)),
            (gettext("Time zone"), profile.timezone),
            (
                gettext("Availability (their time)"),
                ", ".join(w.label for w in windows_of(profile.availability)),
            ),
            (gettext("Preferred mode"), profile.get_preferred_mode_display()),
            (gettext("Languages"), ", ".join(profile.languages)),
        ]
        rows = [(label, "–" if value in (None, "") else value) for label, value in rows]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    def _decide(self, request, queryset, status: str) -> None:
        done, problems = applications_decide(
            applications=list(queryset), status=status, by=request.user
        )
        self._report(request, done, problems, status)

    def _report(self, request, done: int, problems: list[str], status: str) -> None:
        if done:
            self.message_user(
                request, DECIDED[ApplicationStatus(status)] % {"done": done}, messages.SUCCESS
            )
        for problem in problems:
            self.message_user(request, problem, messages.WARNING)

    @admin.display(description=_("answers to proposed matches"))
    def match_answers(self, obj: Application) -> str:
        """How the applicant answered each match proposed to them, with the reason they gave
        for a decline: the form tells members their reason goes to the coordinators (never
        to the person they declined)."""
        rows = [
            (_proposed_answer(m),)
            for m in obj.proposal_memberships.select_related("proposal").order_by("pk")
        ]
        if not rows:
            return "–"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", rows))

    @admin.action(
        description=_("Decide the selected applications with a note to each applicant…"),
        permissions=["change"],
    )
    def decide_with_note(self, request, queryset):
        """Accept, waitlist or decline with a note that goes in each applicant's email and
        on their application page (one page, then the same bulk decision)."""
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            status, note = form.cleaned_data["status"], form.cleaned_data["note"]
            done, problems = applications_decide(
                applications=list(queryset), status=status, by=request.user, note=note
            )
            self._report(request, done, problems, status)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Decide with a note"),
            "form": form,
            "applications": list(queryset.select_related("applicant", "scheme")),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action": "decide_with_note",
        }
        return TemplateResponse(request, "admin/schemes/application/decide_with_note.html", context)

    @admin.action(
        description=_("Accept selected applications (emails each applicant)"),
        permissions=["change"],
    )
    def accept(self, request, queryset):
        self._decide(request, queryset, ApplicationStatus.ACCEPTED)

    @admin.action(
        description=_("Waitlist selected applications (emails each applicant)"),
        permissions=["change"],
    )
    def waitlist(self, request, queryset):
        self._decide(request, queryset, ApplicationStatus.WAITLISTED)

    @admin.action(
        description=_("Decline selected applications (emails each applicant)"),
        permissions=["change"],
    )
    def decline(self, request, queryset):
        self._decide(request, queryset, ApplicationStatus.DECLINED)
