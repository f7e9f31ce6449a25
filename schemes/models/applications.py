"""Applications to a scheme and their statuses."""

from __future__ import annotations

from enum import nonmember

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import DateBoundsMixin, DateWindow, sane_window

from ..notes import decision_note_text
from .schemes import Role, Scheme


class ApplicationStatus(models.TextChoices):
    """An application's status. The groups below are the one place each rule about
    statuses is written; ``ApplicationQuerySet`` filters by them."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MATCHED = "matched", _("Matched")

    # Not withdrawn or declined: a member has one live application per scheme.
    live_states = nonmember(("draft", "submitted", "accepted", "waitlisted", "matched"))
    # Submitted and waiting for a match: mentee demand, and what staff may decide on.
    waiting_states = nonmember(("submitted", "accepted", "waitlisted"))
    # Mentors whose capacity counts as places on offer (supply).
    supply_states = nonmember(("submitted", "accepted"))
    # Accepted, including those accepted and since matched.
    accepted_states = nonmember(("accepted", "matched"))
    # What staff may decide.
    decision_states = nonmember(("accepted", "waitlisted", "declined"))
    # Before any decision: all an import may set or change (decisions are made through
    # ``services.application_decide``, which tells the applicant).
    undecided_states = nonmember(("draft", "submitted"))


class ApplicationQuerySet(models.QuerySet["Application"]):
    def live(self) -> ApplicationQuerySet:
        """Applications neither withdrawn nor declined (``ApplicationStatus.live_states``)."""
        return self.filter(status__in=ApplicationStatus.live_states)

    def waiting(self) -> ApplicationQuerySet:
        """Submitted applications waiting for a match (``ApplicationStatus.waiting_states``)."""
        return self.filter(status__in=ApplicationStatus.waiting_states)


class Application(DateBoundsMixin, models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    goals_areas = models.JSONField(
        _("areas to develop"),
        default=list,
        blank=True,
        help_text=_("Areas the applicant wants to develop."),
    )
    hopes = models.TextField(_("what they hope to get out of the scheme"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=1, help_text=_("Mentors: how many mentees they can take.")
    )
    answers = models.JSONField(
        _("answers"), default=dict, blank=True, help_text=_("Answers keyed by question id.")
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "applicant"],
                condition=Q(status__in=list(ApplicationStatus.live_states)),
                name="one_live_application_per_scheme",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="application_capacity_min"),
        ]
        indexes = [models.Index(fields=["scheme", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.scheme} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("schemes:application", kwargs={"pk": self.pk})

    def date_bounds(self) -> dict[str, DateWindow]:
        """What has happened (an import may give ``submitted_at``): not in the future."""
        past = sane_window(past=True)
        return dict.fromkeys(("submitted_at", "accepted_at", "decided_at", "matched_at"), past)

    @property
    def decision_note_shown(self) -> str:
        """The decision note in the reader's language when the platform wrote it."""
        return decision_note_text(self.decision_note)

    @property
    def is_editable(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def can_withdraw(self) -> bool:
        """Live and not yet matched (a matched member ends the relationship instead)."""
        return (
            self.status in ApplicationStatus.live_states
            and self.status != ApplicationStatus.MATCHED
        )

    @property
    def is_accepted(self) -> bool:
        """Accepted, and perhaps matched since (``ApplicationStatus.accepted_states``): a
        flash scheme's member books or offers conversations in either state."""
        return self.status in ApplicationStatus.accepted_states

    @property
    def waiting_since(self):
        return self.submitted_at

    def days_waiting(self, now=None) -> int | None:
        """Days from submission until matched (or until now while unmatched)."""
        if not self.submitted_at:
            return None
        end = self.matched_at or now or timezone.now()
        return (end - self.submitted_at).days
