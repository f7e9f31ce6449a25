"""What a member consented to, and when (``ConsentRecord``), and the packages of everything
held about them that they asked for (``DataExport``). Imported by ``accounts.models``.

Consent is an append-only history: every choice a member makes (giving, refusing,
withdrawing) is a new row with the exact words they were shown; the current state of a
consent is its latest row. The app that acts on a consent keeps its own switch (for
feedback, ``sessions_log.FeedbackResponse.share_individually``) and records each change
through ``accounts.consents.consent_record`` in the same transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentTopic(models.TextChoices):
    """What a consent is about. Each topic's owner records its changes."""

    FEEDBACK_SHARING = (
        "feedback_sharing",
        "Reading my written feedback individually and quoting it without my name",
    )
    PROFILE_VISIBILITY = (
        "profile_visibility",
        _("Showing parts of my profile to proposed partners before a match"),
    )


class ConsentRecord(models.Model):
    """One choice a member made about a consent (given or not), in the words they saw."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records"
    )
    topic = models.CharField(max_length=40, choices=ConsentTopic.choices)
    subject = models.CharField(
        max_length=80, blank=True, help_text=_('What it is about, e.g. "feedback:12" (a response).')
    )
    subject_label = models.CharField(max_length=300, blank=True)
    given = models.BooleanField()
    wording = models.TextField(help_text="The exact words the member was shown.")
    source = models.CharField(max_length=80, help_text="Where the choice was made.")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["user", "topic", "subject"], name="consent_lookup")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {'given' if self.given else 'not given'}"


class DataExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class DataExport(models.Model):
    """A package of everything held about a member (JSON, HTML and PDF in one zip file),
    prepared in the background and downloadable by that member only until ``expires_at``
    (``mentoring_site.data_export``). The file is deleted when it expires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=DataExportStatus.choices, default=DataExportStatus.PENDING
    )
    file = models.FileField(upload_to="exports/", blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Data export of {self.user} ({self.status})"

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == DataExportStatus.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
