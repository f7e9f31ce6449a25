"""Matching: per-scheme weights, runs of the engine, and the proposals they make.

A run (``MatchingRun``) scores a scheme's eligible pool and proposes pairs or circles
(``Proposal``, members in ``ProposalMember``). An administrator approves proposals; each
member then accepts or declines; when all accept, the relationship starts.

``ProposalMember.holds_place`` is true while an approved proposal is awaiting answers or
confirmed: the person's place is taken. A partial unique constraint lets a mentee or peer
hold one place only; a mentor's places are counted against capacity under the scheme's row
lock (see ``services.run_approve``).
"""

from __future__ import annotations

from enum import nonmember
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.profile_cards import ProfileContext
from sessions_log.models import MemberRole

from .. import reason_visibility, scoring
from .scheme_settings import DifferenceRule, MatchingMode, MatchingSettings

if TYPE_CHECKING:
    from accounts.models import User


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")

    # Waiting for the worker or being solved (scheduled runs wait for it to finish).
    unfinished_states = nonmember(("queued", "running"))


class Optimality(models.TextChoices):
    """What the engine could prove about a run's answer (``matching.runner`` decides)."""

    PROVEN = "proven", _("Proven optimal")
    BOUNDED = "bounded", _("Within a proven gap of the best possible")
    UNPROVEN = "unproven", _("Not proven optimal")


class MatchingRun(models.Model):
    scheme = models.ForeignKey(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="matching_runs",
        verbose_name=_("scheme"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for a scheduled run."),
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    upper_bound = models.FloatField(_("upper bound"), null=True, blank=True)
    optimality = models.CharField(
        _("optimality"),
        max_length=10,
        choices=Optimality.choices,
        blank=True,
        help_text=_("What the engine proved about the answer; empty until the run finishes."),
    )
    optimality_gap = models.FloatField(
        _("optimality gap"),
        null=True,
        blank=True,
        help_text=_("At most this share of the best possible total may be missing (bounded runs)."),
    )
    placed = models.PositiveIntegerField(
        _("placed"), null=True, blank=True, help_text=_("Circles: the people the circles place.")
    )
    placed_max = models.PositiveIntegerField(
        _("most that could be placed"),
        null=True,
        blank=True,
        help_text=_(
            "Circles: a proven bound on how many people any set of circles could place "
            "(when it equals the people placed, nobody left out could have been placed)."
        ),
    )
    unmatched = models.JSONField(
        _("unmatched"),
        default=list,
        blank=True,
        help_text=_("Applications left unmatched, with the reason."),
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="run_progress_max_100"),
            # Bounded repeated runs: one queued or running per scheme (services.runs checks
            # it first under the scheme's lock and says so; this refuses what slips past).
            models.UniqueConstraint(
                fields=["scheme"],
                condition=Q(status__in=RunStatus.unfinished_states),
                name="one_unfinished_run_per_scheme",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Matching run #%(pk)s for %(scheme)s") % {
            "pk": self.pk,
            "scheme": self.scheme,
        }

    @property
    def optimality_text(self) -> str:
        """The optimality status in words, for the administrator ("" before it finishes)."""
        if self.optimality == Optimality.PROVEN:
            return gettext(
                "Proven optimal: no other proposal set matches more people or scores higher."
            )
        if self.optimality == Optimality.BOUNDED:
            gap = f"{100 * self.optimality_gap:.2g} %" if self.optimality_gap is not None else "?"
            return gettext(
                "Not proven optimal, but proven within %(gap)s of the best "
                "possible total score (the upper bound is shown beside the "
                "objective)."
            ) % {"gap": gap}
        if self.optimality == Optimality.UNPROVEN:
            return gettext(
                "NOT proven optimal: the engine could not prove that these proposals are the "
                "best possible; more people might be matched or the total might be higher."
            )
        return ""

    @property
    def placement_text(self) -> str:
        """Circles: how many people were placed of the most that could be, and whether
        that is proven ("" for other kinds of run)."""
        if self.placed is None or self.placed_max is None:
            return ""
        if self.placed >= self.placed_max:
            return gettext(
                "%(placed)s people placed: proven the most any set of circles could place."
            ) % {"placed": self.placed}
        return gettext(
            "%(placed)s people placed of at most %(placed_max)s (a proven "
            "bound): up to %(value)s more might be placed."
        ) % {
            "placed": self.placed,
            "placed_max": self.placed_max,
            "value": self.placed_max - self.placed,
        }


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (awaiting approval)")
    APPROVED = "approved", _("Approved (awaiting answers)")
    CONFIRMED = "confirmed", _("Confirmed: relationship started")
    DECLINED = "declined", _("Declined by a member")
    REJECTED = "rejected", _("Rejected by the administrator")
    SUPERSEDED = "superseded", _("Superseded by a later run")

    # Shown to the members: approved by the administrator, and since answered.
    member_visible_states = nonmember(("approved", "confirmed", "declined"))
    # Still holding its members (a later change that picks one of them moves them).
    holding_states = nonmember(("proposed", "approved", "confirmed"))


class ProposalKind(models.TextChoices):
    PAIR = "pair", _("Pair")
    CIRCLE = "circle", _("Circle")
    OPTION = "option", _("Shortlist option")


class Proposal(models.Model):
    """A proposed pair or circle (or, in mentee-choice schemes, one shortlist option)."""

    run = models.ForeignKey(
        MatchingRun,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
        help_text=_("Empty for a mentor's request accepted in a member-led scheme."),
        verbose_name=_("run"),
    )
    scheme = models.ForeignKey(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("scheme"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProposalKind.choices, default=ProposalKind.PAIR
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=1, help_text=_("Shortlist options: 1 is the best-scored.")
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    relationship = models.OneToOneField(
        "sessions_log.Relationship",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
        verbose_name=_("relationship"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score", "pk"]
        indexes = [models.Index(fields=["scheme", "status"])]

    def __str__(self) -> str:
        return gettext("%(kind)s #%(pk)s (%(score).0f)") % {
            "kind": self.get_kind_display(),
            "pk": self.pk,
            "score": self.score,
        }

    @property
    def profile_context(self) -> str:
        """How its members see each other's profiles (``accounts.profile_cards``): whole
        once every member accepted, what each chose to show before."""
        if self.status == ProposalStatus.CONFIRMED:
            return ProfileContext.PARTNER
        return ProfileContext.PROPOSED

    def reasons_for_members(self, viewer: User) -> reason_visibility.ToldReasons:
        """The reasons ``viewer`` (one of its members) is shown: those that speak for the
        match and tell nothing the other members hide from them
        (``matching.reason_visibility``; staff see all of ``reasons`` with points), with
        times in common in the active zone: the viewer's on pages, the recipient's in an
        email (pass ``functools.partial(proposal.reasons_for_members, recipient)``,
        uncalled, in an email's context), and whether some were held back (``withheld``).
        Load the members' applicants and profiles with the proposal for no query."""
        others = [
            getattr(m.application.applicant, "profile", None)
            for m in self.members.all()
            if m.application.applicant_id != viewer.pk
        ]
        return reason_visibility.reasons_told(
            self.reasons,
            others=others,
            context=self.profile_context,
            zone=timezone.get_current_timezone(),
        )

    @property
    def staff_reasons(self) -> list[dict]:
        """Every factor of the score with its points, zero and negative ones included, as
        staff read them in the active language (``{"text", "points", "criterion"}``)."""
        return scoring.staff_reasons(self.reasons)


class Response(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ProposalMember(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="members", verbose_name=_("proposal")
    )
    application = models.ForeignKey(
        "schemes.Application",
        on_delete=models.CASCADE,
        related_name="proposal_memberships",
        verbose_name=_("application"),
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices)
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    response_reason = models.TextField(_("response reason"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    holds_place = models.BooleanField(_("holds place"), default=False, editable=False)

    class Meta:
        verbose_name = _("proposal member")
        verbose_name_plural = _("proposal members")
        ordering = ["proposal", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "application"], name="uniq_proposal_member"
            ),
            # A mentee or peer is never in two live proposals; mentors have a capacity.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(holds_place=True) & ~Q(role="mentor"),
                name="one_live_place_per_non_mentor",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(applicant)s in proposal %(proposal)s") % {
            "applicant": self.application.applicant,
            "proposal": self.proposal_id,
        }


from .requests import MentorRequest, RequestStatus  # noqa: E402  (it refers to Proposal)

__all__ = [
    "DifferenceRule",
    "MatchingMode",
    "MatchingRun",
    "MatchingSettings",
    "MentorRequest",
    "Optimality",
    "Proposal",
    "ProposalKind",
    "ProposalMember",
    "ProposalStatus",
    "RequestStatus",
    "Response",
    "RunStatus",
]
