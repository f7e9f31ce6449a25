"""Matching in the admin: per-scheme weights, runs (start, progress, review, approve),
and the list of applicants waiting against the target window.

Coordinators see only their schemes (``SchemeScopedAdminMixin``); nothing here shows the
content of a relationship, only names, scores, reasons, statuses and dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.http import AuthenticatedHttpRequest
from core.admin import LabelledTabularInline, NoAddAdminMixin, name_and_email
from schemes.admin_scoping import SchemeScopedAdmin
from schemes.models import Scheme
from schemes.rules import schemes_coordinated_by

from . import services
from .admin_review import RunReviewAdminMixin
from .admin_waiting import WaitingAdminMixin
from .forms import StartRunForm
from .models import (
    MatchingRun,
    MatchingSettings,
    MentorRequest,
    Optimality,
    Proposal,
    ProposalMember,
)

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext.annotations import WithAnnotations

    class _ProposalCount(TypedDict):
        n_proposals: int


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(SchemeScopedAdmin):
    list_display = (
        "scheme",
        "weight_expertise",
        "weight_interests",
        "weight_career_gap",
        "weight_difference",
        "weight_mode",
        "weight_availability",
        "weight_language",
        "scheduled_runs",
        "matching_mode",
    )
    fieldsets = (
        (None, {"fields": ("scheme",)}),
        (
            _("Weights (0 turns a criterion off)"),
            {
                "fields": (
                    "weight_expertise",
                    "weight_interests",
                    "weight_career_gap",
                    "weight_difference",
                    "weight_mode",
                    "weight_availability",
                    "weight_language",
                )
            },
        ),
        (
            _("Preferences and hard constraints"),
            {
                "fields": (
                    ("gap_min_years", "gap_max_years"),
                    "country_rule",
                    "organisation_rule",
                    "min_overlap_hours",
                )
            },
        ),
        (_("Rolling schemes"), {"fields": ("scheduled_runs", "approve_automatically")}),
        (
            _("Member-led matching (a directory of mentors and requests)"),
            {
                "fields": (
                    "matching_mode",
                    "requests_need_approval",
                    ("max_requests", "request_days"),
                )
            },
        ),
    )


class ProposalMemberInline(NoAddAdminMixin, LabelledTabularInline):
    model = ProposalMember
    fields = ("application", "role", "response", "response_reason", "responded_at", "holds_place")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(NoAddAdminMixin, SchemeScopedAdmin):
    list_display = (
        "members_display",
        "scheme",
        "run",
        "kind",
        "status",
        "score",
        "approved_at",
        "decided_at",
    )
    list_filter = ("status", "kind")
    list_select_related = ("scheme", "run__scheme")  # a run's name names its scheme
    list_per_page = 50
    search_fields = [  # who is in it; nothing members wrote (answers, notes) is searched
        f"members__application__applicant__{f}" for f in ("first_name", "last_name", "email")
    ]
    search_help_text = _("Search by a member's name or email address.")
    readonly_fields = (
        "run",
        "scheme",
        "kind",
        "status",
        "score",
        "reasons_worded",
        "rank",
        "approved_by",
        "approved_at",
        "overridden_by",
        "decided_at",
        "relationship",
        "answers",
    )
    fields = readonly_fields
    inlines = [ProposalMemberInline]
    deletable = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members__application__applicant")

    @admin.display(description=_("members"))
    def members_display(self, obj: Proposal) -> str:
        """Who the proposal puts together, by name and email (the list's link to it)."""
        people = [name_and_email(m.application.applicant) for m in obj.members.all()]
        return ", ".join(people) or str(obj)

    @admin.display(description=_("reasons"))
    def reasons_worded(self, obj: Proposal) -> str:
        """Every factor of the score with its points, in the reader's language."""
        items = ((r["text"], localize(r["points"])) for r in obj.staff_reasons)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} ({})</li>", items))

    @admin.display(description=_("members' answers (reasons are for coordinators only)"))
    def answers(self, obj: Proposal) -> str:
        """Each member's answer and the reason they gave: the answer form promises the
        reason to the coordinators (never shown to the other member)."""
        members = obj.members.select_related("application__applicant").order_by("pk")
        return (
            format_html_join(
                mark_safe("<br>"),
                "{} ({}): {}{}",
                (
                    (
                        m.application.applicant.display_name,
                        m.get_role_display().lower(),
                        m.get_response_display().lower(),
                        f" – “{m.response_reason}”" if m.response_reason else "",
                    )
                    for m in members
                ),
            )
            or "–"
        )


@admin.register(MatchingRun)
class MatchingRunAdmin(RunReviewAdminMixin, WaitingAdminMixin, NoAddAdminMixin, SchemeScopedAdmin):
    list_display = (
        "__str__",
        "scheme",
        "status",
        "progress_display",
        "started_by",
        "created_at",
        "finished_at",
        "objective",
        "optimality_status",
        "proposal_count",
        "review_link",
    )
    list_filter = ("status", "optimality")
    list_select_related = ("scheme", "started_by")
    readonly_fields = (
        "scheme",
        "started_by",
        "status",
        "progress_display",
        "parameters",
        "objective",
        "upper_bound",
        "optimality_text",
        "optimality_gap",
        "placement_text",
        "unmatched",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    )
    fields = readonly_fields
    deletable = False
    change_list_template = "matching/admin/run_changelist.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_proposals=Count("proposals"))

    @admin.display(description=_("proposals"), ordering="n_proposals")
    def proposal_count(self, run: WithAnnotations[MatchingRun, _ProposalCount]) -> int:
        return run.n_proposals

    @admin.display(description=_("progress"), ordering="progress")
    def progress_display(self, run: MatchingRun) -> str:
        return gettext("%(percent)d %%") % {"percent": run.progress}

    @admin.display(description=_("optimality"), ordering="optimality")
    def optimality_status(self, run: MatchingRun) -> str:
        status = run.get_optimality_display() if run.optimality else "–"
        if run.optimality == Optimality.BOUNDED and run.optimality_gap is not None:
            status = f"{status} ({100 * run.optimality_gap:.2g} %)"
        if run.placed is not None and run.placed_max is not None:
            status += gettext("; placed %(placed)s of at most %(most)s") % {
                "placed": run.placed,
                "most": run.placed_max,
            }
        return status

    @admin.display(description=_("people placed (circles)"))
    def placement_text(self, run: MatchingRun) -> str:
        return run.placement_text or "–"

    @admin.display(description=_("review"))
    def review_link(self, run: MatchingRun) -> str:
        url = reverse("admin:matching_matchingrun_review", kwargs={"pk": run.pk})
        return format_html(
            '<a href="{}">{}</a>', url, gettext("Review run #%(pk)s") % {"pk": run.pk}
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/", view(self.start_view), name="matching_matchingrun_start"),
            path("waiting/", view(self.waiting_view), name="matching_matchingrun_waiting"),
            path("<int:pk>/review/", view(self.review_view), name="matching_matchingrun_review"),
            path(
                "<int:pk>/candidates/",
                view(self.candidates_view),
                name="matching_matchingrun_candidates",
            ),
            path(
                "<int:pk>/progress/",
                view(self.progress_view),
                name="matching_matchingrun_progress",
            ),
            *super().get_urls(),
        ]

    def _schemes(self, request: HttpRequest) -> QuerySet[Scheme]:
        return schemes_coordinated_by(user=request.user)

    def start_view(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        if not request.user.has_perm("matching.add_matchingrun"):
            raise PermissionDenied
        form = StartRunForm(request.POST or None, schemes=self._schemes(request))
        if request.method == "POST" and form.is_valid():
            try:
                run = services.run_start(scheme=form.cleaned_data["scheme"], by=request.user)
            except ValidationError as exc:  # one queued or running run per scheme
                messages.error(request, " ".join(exc.messages))
                return redirect("admin:matching_matchingrun_changelist")
            messages.success(request, gettext("Matching run #%(pk)s started.") % {"pk": run.pk})
            return redirect("admin:matching_matchingrun_review", pk=run.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Start a matching run"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "matching/admin/run_start.html", context)


@admin.register(MentorRequest)
class MentorRequestAdmin(NoAddAdminMixin, SchemeScopedAdmin):
    """Member-led requests for the scheme's coordinators: names, dates and statuses, and a
    decline's reason (given to the coordinators); never the mentee's message, which is the
    mentor's and the mentee's alone (not shown, not searchable)."""

    list_display = (
        "mentee",
        "mentor",
        "scheme",
        "status",
        "created_at",
        "expires_at",
        "decided_at",
    )
    list_display_links = ("mentee",)
    list_filter = ("status", "scheme")
    list_select_related = (
        "scheme",
        "mentee_application__applicant",
        "mentor_application__applicant",
        "proposal",
    )
    list_per_page = 50
    readonly_fields = (
        "scheme",
        "mentee",
        "mentor",
        "status",
        "decline_reason",
        "proposal",
        "created_at",
        "expires_at",
        "reminded_at",
        "decided_at",
    )
    fields = readonly_fields
    actions = ("approve", "cancel")
    deletable = False

    @admin.display(description=_("mentee"))
    def mentee(self, obj: MentorRequest) -> str:
        return obj.mentee_application.applicant.display_name

    @admin.display(description=_("mentor"))
    def mentor(self, obj: MentorRequest) -> str:
        return obj.mentor_application.applicant.display_name

    def _each(self, request: HttpRequest, queryset: QuerySet[MentorRequest], service) -> None:
        done, problems = 0, []
        for item in queryset:
            try:
                service(request=item, by=request.user)
            except ValidationError as exc:
                problems.append(f"#{item.pk}: {' '.join(exc.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, _("%(n)d requests done.") % {"n": done})
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(
        description=_("Approve the selected accepted requests (the relationships start)"),
        permissions=["change"],
    )
    def approve(self, request: HttpRequest, queryset: QuerySet[MentorRequest]) -> None:
        self._each(request, queryset, services.mentor_request_approve)

    @admin.action(
        description=_("Cancel the selected requests (their places are released)"),
        permissions=["change"],
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet[MentorRequest]) -> None:
        self._each(request, queryset, services.mentor_request_cancel)
