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
from django.utils.formats import date_format
from django.utils.translation import gettext
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
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="erasure_requests",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ErasureRequestStatus.choices,
        default=ErasureRequestStatus.PENDING,
    )
    reason = models.TextField(_("the member's reason (optional)"), blank=True, max_length=2000)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The administrator who recorded a request made outside the portal."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the scheduled run carried it out after the waiting period."),
    )
    decision_note = models.TextField(
        _("decision note"), blank=True, help_text=_("Why a request was refused.")
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_request",
            )
        ]

    def __str__(self) -> str:
        return gettext("Erasure request #%(pk)s (%(status)s)") % {
            "pk": self.pk,
            "status": self.get_status_display(),
        }


def _days(label: Any, default: int | None, help_text: Any) -> Any:
    """A period in days; ``help_text`` ends with what an empty period means."""
    return models.PositiveIntegerField(
        label,
        null=True,
        blank=True,
        default=default,
        validators=[MinValueValidator(1)],
        help_text=help_text,
    )


class RetentionSettings(models.Model):
    """How long the body keeps each kind of record, in days. One row (``get``)."""

    confidential_content_days = _days(
        _("confidential content of ended relationships"),
        730,
        _(
            "Days after a relationship ends before its session notes and meeting places, "
            "messages, expectations, goals, actions, concerns, reasons for ending, written "
            "feedback and linked reflections are erased (dates, counts and scores stay). "
            "Empty: kept for ever."
        ),
    )
    email_body_days = _days(
        _("email bodies"),
        90,
        _(
            "Days after an email is sent before its subject, text and attachments are erased "
            "(the record that it was sent stays). Empty: kept for ever."
        ),
    )
    history_days = _days(
        _("history records"),
        730,
        _("Days before a change-history record is deleted. Empty: kept for ever."),
    )
    closed_application_days = _days(
        _("declined and withdrawn applications"),
        365,
        _(
            "Days after an application was declined or withdrawn before its answers and notes "
            "are erased (its status and dates stay, so the figures do). Empty: kept for ever."
        ),
    )
    inactive_account_days = _days(
        _("inactive accounts"),
        2190,
        _(
            "Days without signing in (or since joining, for someone who never did) before a "
            "member's account is erased. Staff and members of open relationships are never "
            "erased this way. Empty: kept for ever."
        ),
    )
    erasure_request_days = _days(
        _("erasure requests carried out automatically after"),
        30,
        _(
            "Days after a member asks to be erased before the scheduled run erases them, if no "
            "administrator has reviewed the request. Empty: kept for ever."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("retention settings")
        verbose_name_plural = _("retention settings")

    def __str__(self) -> str:
        return gettext("Retention settings")

    @classmethod
    def get(cls) -> RetentionSettings:
        """The body's settings (the defaults until an administrator saves them)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class RetentionRun(models.Model):
    """What one retention run did: a count per kind of record (``counts``)."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the scheduled run."),
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        started = timezone.localtime(self.started_at)
        return gettext("Retention run of %(date)s %(time)s") % {
            "date": date_format(started, "DATE_FORMAT"),
            "time": date_format(started, "H:i"),
        }

    @property
    def total(self) -> int:
        return sum(int(v) for v in (self.counts or {}).values())
