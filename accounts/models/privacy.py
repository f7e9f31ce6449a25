"""What a member consented to, and when (``ConsentRecord``), and the packages of everything
held about them that they asked for (``DataExport``).

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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ConsentTopic(models.TextChoices):
    """What a consent is about. Each topic's owner records its changes."""

    FEEDBACK_SHARING = (
        "feedback_sharing",
        _("Reading my written feedback individually and quoting it without my name"),
    )
    PROFILE_VISIBILITY = (
        "profile_visibility",
        _("Showing parts of my profile to proposed partners before a match"),
    )


class ConsentRecord(models.Model):
    """One choice a member made about a consent (given or not), in the words they saw."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    topic = models.CharField(_("topic"), max_length=40, choices=ConsentTopic.choices)
    subject = models.CharField(
        _("subject"),
        max_length=80,
        blank=True,
        help_text=_('What it is about, e.g. "feedback:12" (a response).'),
    )
    subject_label = models.CharField(_("subject label"), max_length=300, blank=True)
    given = models.BooleanField(_("given"))
    wording = models.TextField(_("wording"), help_text=_("The exact words the member was shown."))
    source = models.CharField(_("source"), max_length=80, help_text=_("Where the choice was made."))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["user", "topic", "subject"], name="consent_lookup")]

    def __str__(self) -> str:
        if self.given:
            return gettext("%(topic)s: given") % {"topic": self.get_topic_display()}
        return gettext("%(topic)s: not given") % {"topic": self.get_topic_display()}


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
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DataExportStatus.choices,
        default=DataExportStatus.PENDING,
    )
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return gettext("Data export of %(user)s (%(status)s)") % {
            "user": self.user,
            "status": self.get_status_display(),
        }

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == DataExportStatus.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
