"""Support around a relationship: concerns raised with the coordinator, the record of an
early ending, and each person's secret calendar-feed token."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .relationships import Relationship


class Concern(models.Model):
    """A concern a member raised with the scheme's coordinators (it is sent to them)."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="concerns"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Concern about relationship {self.relationship_id}"


class Ending(models.Model):
    """How and why a relationship ended early (no fault). The reason goes to the
    coordinator only; the other members never see it."""

    relationship = models.OneToOneField(
        Relationship, on_delete=models.CASCADE, related_name="ending"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True, help_text=_("Private to the coordinator."))
    wants_rematch = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Early ending of relationship {self.relationship_id}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret token in a person's personal calendar-feed URL of their sessions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_calendar"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
