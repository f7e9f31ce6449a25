"""Applications to a scheme and their statuses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .schemes import Role, Scheme


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "Waitlisted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    MATCHED = "matched", "Matched"


LIVE_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.MATCHED,
)


class Application(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    goals_areas = models.JSONField(
        default=list, blank=True, help_text="Areas the applicant wants to develop."
    )
    hopes = models.TextField("what they hope to get out of the scheme", blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=1, help_text="Mentors: how many mentees they can take."
    )
    answers = models.JSONField(default=dict, blank=True, help_text="Answers keyed by question id.")
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "applicant"],
                condition=Q(status__in=[s.value for s in LIVE_STATUSES]),
                name="one_live_application_per_scheme",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="application_capacity_min"),
        ]
        indexes = [models.Index(fields=["scheme", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.scheme} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("schemes:application", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def waiting_since(self):
        return self.submitted_at

    def days_waiting(self, now=None) -> int | None:
        """Days from submission until matched (or until now while unmatched)."""
        if not self.submitted_at:
            return None
        end = self.matched_at or now or timezone.now()
        return (end - self.submitted_at).days
