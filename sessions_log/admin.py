"""Admin for programme templates, relationships, sessions and feedback set-up.

Confidentiality: session notes, locations, expectations, goals, actions and messages are
never shown or searchable here (a message a member reported is shown, alone, on its
report); sessions show dates, durations and statuses; written feedback answers
appear only where the member agreed (to the scheme's coordinators and administrators);
feedback scores and self-ratings only as averages over fixed groups of at least five
(``core.disclosure``).
"""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.admin import ReadOnlyAdminMixin
from core.disclosure import Group
from schemes.admin.base import ScopedHistoryAdmin
from schemes.admin_scoping import SchemeScopedAdminMixin
from schemes.models import Scheme

from .evaluation import self_ratings_released
from .models import (
    Concern,
    Ending,
    EvaluationDimension,
    FeedbackQuestion,
    FeedbackResponse,
    Relationship,
    RelationshipKind,
    RelationshipMember,
    Session,
    SessionStatus,
)
from .models.feedback import WRITTEN_TYPES
from .models.relationships import RelationshipQuerySet
from .rules import facilitator_candidates, feedback_readable_by
from .services import circle_facilitator_set

#: In place of a figure that would rest on too few members.
NOT_SHOWN = gettext_noop("Not shown: too few members")

SESSION_FIELDS = (
    "number",
    "status",
    "target_date",
    "scheduled_at",
    "held_on",
    "duration_minutes",
    "logged_at",
)


class PairRecordAdminMixin(ReadOnlyAdminMixin):
    """What members recorded about their pairs: shown as it is; administrators (and anyone
    given the permission) may still delete one."""

    deletable = True


class MemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RelationshipMember
    fields = ("user", "role", "application")
    readonly_fields = fields
    extra = 0
    can_delete = False


class SessionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Session
    fields = SESSION_FIELDS
    readonly_fields = SESSION_FIELDS
    extra = 0
    can_delete = False


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Facilitator's email"),
        help_text=_("A member with an account on the platform, not one of the circle."),
    )

    def __init__(self, *args, scheme: Scheme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme

    def clean_email(self) -> User:
        """Only the scheme's applicants are looked up: one answer whether the address has
        no account or is not an applicant (no account-existence oracle)."""
        email = self.cleaned_data["email"]
        user = facilitator_candidates(scheme=self.scheme).filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(
                gettext(NO_CANDIDATE).format(email=email, scheme=self.scheme.name)
            )
        return user


NO_CANDIDATE = gettext_noop(
    "Nobody who applied to {scheme} has the email {email}: a facilitator must be a member "
    "who applied to the scheme."
)


MEMBERS_WITH_USERS = RelationshipMember.objects.select_related("user").order_by("pk")


@admin.register(Relationship)
class RelationshipAdmin(PairRecordAdminMixin, ScopedHistoryAdmin):
    """Scoped history too: simple_history would otherwise show another scheme's
    relationship history from its historical rows."""

    scheme_path = "scheme"
    view_on_site = False  # the relationship's page is its members' own: staff would get a 404
    actions = ("assign_facilitator",)
    list_display = (
        "names",
        "scheme",
        "kind",
        "status",
        "started_on",
        "ended_on",
        "sessions_held",
        "last_held",
    )
    list_display_links = ("names",)  # named by its members, not by a number
    list_filter = ("status", "kind", "scheme")
    list_select_related = ("scheme",)
    list_per_page = 50
    date_hierarchy = "started_on"
    fields = ("scheme", "kind", "template", "status", "started_on", "planned_end_on", "ended_on")
    readonly_fields = fields
    inlines = [MemberInline, SessionInline]
    history_list_display = ("status",)

    def get_queryset(self, request):
        return (
            cast(RelationshipQuerySet, super().get_queryset(request))
            .with_last_activity()
            .annotate(n_held=Count("sessions", filter=Q(sessions__status=SessionStatus.HELD)))
            .prefetch_related(
                Prefetch(
                    "members", RelationshipMember.objects.select_related("user").order_by("pk")
                )
            )
        )

    @admin.display(description=_("Members"))
    def names(self, obj) -> str:
        """Who is in it (names only: staff see who and when, never what was said)."""
        return ", ".join(m.user.display_name for m in obj.members.all())

    @admin.display(description=_("Sessions held"), ordering="n_held")
    def sessions_held(self, obj) -> int:
        return obj.n_held

    @admin.display(description=_("Last session"), ordering="last_held")
    def last_held(self, obj):
        return obj.last_held

    def has_facilitate_permission(self, request) -> bool:
        """Administrators, and coordinators for circles of their schemes (the queryset is
        already scoped to them)."""
        return request.user.has_perm("sessions_log.view_relationship")

    @admin.action(
        description=_("Assign a facilitator to the selected circle"), permissions=["facilitate"]
    )
    def assign_facilitator(self, request, queryset):
        circles = list(queryset.filter(kind=RelationshipKind.CIRCLE).select_related("scheme"))
        if len(circles) != 1 or queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one circle."), messages.ERROR)
            return None
        circle = circles[0]
        form = FacilitatorForm(
            request.POST if "apply" in request.POST else None, scheme=circle.scheme
        )
        if form.is_bound and form.is_valid():
            try:
                circle_facilitator_set(
                    relationship=circle, user=form.cleaned_data["email"], by=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                self.message_user(
                    request,
                    gettext(
                        "%(display_name)s is proposed as facilitator of %(circle)s; "
                        "each member is asked by email, and they join once all "
                        "accept."
                    )
                    % {"display_name": form.cleaned_data["email"].display_name, "circle": circle},
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Assign a facilitator to %(circle)s") % {"circle": circle},
            "opts": self.model._meta,
            "circle": circle,
            "form": form,
            "action": "assign_facilitator",
            "selected": circle.pk,
        }
        return TemplateResponse(request, "sessions_log/admin/assign_facilitator.html", context)


@admin.register(Session)
class SessionAdmin(PairRecordAdminMixin, SchemeScopedAdminMixin, admin.ModelAdmin):
    """Dates, durations and statuses only: never notes, places or links."""

    scheme_path = "relationship__scheme"
    list_display = ("relationship", *SESSION_FIELDS)
    list_filter = ("status", "relationship__scheme")
    list_select_related = ("relationship__scheme",)
    search_fields = ("=relationship__id",)
    fields = ("relationship", *SESSION_FIELDS)
    readonly_fields = fields


@admin.register(Concern)
class ConcernAdmin(PairRecordAdminMixin, SchemeScopedAdminMixin, admin.ModelAdmin):
    scheme_path = "relationship__scheme"
    list_display = ("relationship", "raised_by", "created_at")
    list_select_related = ("relationship__scheme", "raised_by")
    fields = ("relationship", "raised_by", "message", "created_at")
    readonly_fields = fields


@admin.register(Ending)
class EndingAdmin(PairRecordAdminMixin, SchemeScopedAdminMixin, admin.ModelAdmin):
    scheme_path = "relationship__scheme"
    list_display = ("relationship", "ended_by", "wants_rematch", "created_at")
    list_select_related = ("relationship__scheme", "ended_by")
    fields = ("relationship", "ended_by", "reason", "wants_rematch", "created_at")
    readonly_fields = fields


@admin.register(EvaluationDimension)
class EvaluationDimensionAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    """Dimensions, with the average baseline and exit self-ratings as the dashboard shows
    them for the whole scheme (``sessions_log.evaluation``: whole blocks of at least five
    members who rated both, or nothing)."""

    list_display = ("name", "scheme", "order")
    list_filter = ("scheme",)
    list_select_related = ("scheme",)
    fields = ("scheme", "name", "order")

    def get_list_display(self, request):
        """The figures of every dimension on the page, read once per request (the columns
        are closures over them: the admin instance is shared between requests)."""
        shown: list[dict[int, Group]] = []

        def figures(obj) -> Group | None:
            if not shown:
                ids = self.get_queryset(request).values("pk")
                shown.append(self_ratings_released(dimension_ids=ids))
            return shown[0].get(obj.pk)

        @admin.display(description=_("Members who rated both"))
        def rated_by(obj):
            group = figures(obj)
            return group.people if group else gettext(NOT_SHOWN)

        @admin.display(description=_("Average at start"))
        def baseline_avg(obj):
            group = figures(obj)
            return group.averages()[0] if group else gettext(NOT_SHOWN)

        @admin.display(description=_("Average at end"))
        def exit_avg(obj):
            group = figures(obj)
            return group.averages()[1] if group else gettext(NOT_SHOWN)

        return (*self.list_display, baseline_avg, exit_avg, rated_by)


@admin.register(FeedbackQuestion)
class FeedbackQuestionAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    list_display = ("label", "scheme", "role", "type", "required", "order")
    list_filter = ("scheme", "role")
    list_select_related = ("scheme",)
    fields = ("scheme", "role", "order", "label", "help_text", "type", "required", "choices")


@admin.register(FeedbackResponse)
class FeedbackResponseAdmin(PairRecordAdminMixin, SchemeScopedAdminMixin, admin.ModelAdmin):
    """Only the answers a member agreed to share individually."""

    scheme_path = "relationship__scheme"
    list_display = ("relationship", "user", "submitted_at")
    list_select_related = ("relationship__scheme", "user")
    fields = ("relationship", "user", "written_answers", "submitted_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return feedback_readable_by(super().get_queryset(request), user=request.user)

    @admin.display(description=_("Written answers"))
    def written_answers(self, obj) -> str:
        """The written answers only, as the consent says: scores and choices are only
        counted (``core.disclosure``), never read one by one. What is written is decided by
        ``FeedbackResponse.written_answer`` (the question's type when the member answered,
        not only as it is now)."""
        questions = FeedbackQuestion.objects.filter(
            scheme_id=obj.relationship.scheme_id, type__in=WRITTEN_TYPES
        ).order_by("order", "pk")
        written = ((q, obj.written_answer(q)) for q in questions)
        lines = [f"{q.label}: {text}" for q, text in written if text]
        return "\n".join(lines) or gettext("No written answer.")


# Registered here, after the classes they reuse (PairRecordAdminMixin).
from . import admin_flash, admin_programmes, admin_reports  # noqa: E402,F401
