"""Data protection records: a member's request to be erased, the body's retention periods
(one row, edited in the admin) and the record of each retention run.

What erasure and retention do is in ``accounts.erasure`` and ``accounts.retention``;
docs/data-protection.md describes both and the default periods.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    DONE = "done", _("Erased")
    CANCELLED = "cancelled", _("Withdrawn by the member")
    REFUSED = "refused", _("Refused")


class ErasureRequest(models.Model):
    """A request to erase a member's account, made by the member on the portal or recorded
    by an administrator (a request by letter or email). Once carried out, ``user`` is the
    anonymous placeholder that replaced the person, and ``reason`` is emptied."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    status = models.CharField(
        max_length=10, choices=ErasureRequestStatus.choices, default=ErasureRequestStatus.PENDING
    )
    reason = models.TextField("the member's reason (optional)", blank=True, max_length=2000)
    requested_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The administrator who recorded a request made outside the portal."),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the scheduled run carried it out after the waiting period."),
    )
    decision_note = models.TextField(blank=True, help_text="Why a request was refused.")

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_request",
            )
        ]

    def __str__(self) -> str:
        return f"Erasure request #{self.pk} ({self.get_status_display()})"


def _days(label: str, default: int | None, help_text: str) -> Any:
    return models.PositiveIntegerField(
        label,
        null=True,
        blank=True,
        default=default,
        validators=[MinValueValidator(1)],
        help_text=f"{help_text} Empty: kept for ever.",
    )


class RetentionSettings(models.Model):
    """How long the body keeps each kind of record, in days. One row (``get``)."""

    confidential_content_days = _days(
        "confidential content of ended relationships",
        730,
        "Days after a relationship ends before its session notes and meeting places, "
        "messages, expectations, goals, actions, concerns, reasons for ending, written "
        "feedback and linked reflections are erased (dates, counts and scores stay).",
    )
    email_body_days = _days(
        "email bodies",
        90,
        "Days after an email is sent before its subject, text and attachments are erased "
        "(the record that it was sent stays).",
    )
    history_days = _days("history records", 730, "Days before a change-history record is deleted.")
    closed_application_days = _days(
        "declined and withdrawn applications",
        365,
        "Days after an application was declined or withdrawn before its answers and notes "
        "are erased (its status and dates stay, so the figures do).",
    )
    inactive_account_days = _days(
        "inactive accounts",
        2190,
        "Days without signing in (or since joining, for someone who never did) before a "
        "member's account is erased. Staff and members of open relationships are never "
        "erased this way.",
    )
    erasure_request_days = _days(
        "erasure requests carried out automatically after",
        30,
        "Days after a member asks to be erased before the scheduled run erases them, if no "
        "administrator has reviewed the request.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "retention settings"
        verbose_name_plural = "retention settings"

    def __str__(self) -> str:
        return "Retention settings"

    @classmethod
    def get(cls) -> RetentionSettings:
        """The body's settings (the defaults until an administrator saves them)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class RetentionRun(models.Model):
    """What one retention run did: a count per kind of record (``counts``)."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the scheduled run."),
    )
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Retention run of {self.started_at:%d %b %Y %H:%M}"

    @property
    def total(self) -> int:
        return sum(int(v) for v in (self.counts or {}).values())
