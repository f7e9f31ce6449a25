"""Support around a relationship: concerns raised with the coordinator, the record of an
early ending, and each person's secret calendar-feed token."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .relationships import Relationship


class Concern(models.Model):
    """A concern a member raised with the scheme's coordinators (it is sent to them)."""

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="concerns",
        verbose_name=_("relationship"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return gettext("Concern about relationship %(relationship)s") % {
            "relationship": self.relationship_id
        }


class Ending(models.Model):
    """How and why a relationship ended early (no fault). The reason goes to the
    coordinator only; the other members never see it."""

    relationship = models.OneToOneField(
        Relationship,
        on_delete=models.CASCADE,
        related_name="ending",
        verbose_name=_("relationship"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ended by"),
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Private to the coordinator."))
    wants_rematch = models.BooleanField(_("wants rematch"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ending")
        verbose_name_plural = _("endings")

    def __str__(self) -> str:
        return gettext("Early ending of relationship %(relationship)s") % {
            "relationship": self.relationship_id
        }


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret token in a person's personal calendar-feed URL of their sessions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_calendar",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return gettext("Calendar feed of %(user)s") % {"user": self.user}
