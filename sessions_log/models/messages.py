"""A relationship's private conversation: messages between its members, and the reports
of a message to the scheme's coordinators (the abuse path).

Messages are the members' alone, like session notes: no admin shows, lists or searches
them; they go with the relationship when it is deleted. A reported message is the one
exception: the scheme's coordinators and the administrators read that message (and
nothing else of the conversation) through its report.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .relationships import Relationship

MESSAGE_MAX_LENGTH = 4000


def _day(value: datetime) -> str:
    """The local day of ``value``, its month named in the active language ("04 Dec 2026")."""
    return date_format(timezone.localtime(value), "d M Y")


class Message(models.Model):
    """One message of a relationship's conversation, written by one of its members."""

    # Not even counted for staff (``core.admin``: the delete confirmation's summary).
    private_to_members = True

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("relationship"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("body"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["relationship", "created_at", "pk"]
        indexes = [models.Index(fields=["relationship", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="message_not_empty"),
        ]

    def __str__(self) -> str:
        return gettext("Message of %(date)s") % {"date": _day(self.created_at)}


class MessageReport(models.Model):
    """A member's report of a message to the scheme's coordinators, who then read that
    message (``sessions_log.rules.COORDINATOR_PERMISSIONS``, the report's admin) and mark
    the report handled once they have dealt with it."""

    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, related_name="report", verbose_name=_("message")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by a coordinator once the report is dealt with (``services.message_reports_handle``);
    # open reports are counted in the coordinators' digest.
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return gettext("Report of a message (%(date)s)") % {"date": _day(self.created_at)}

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None
