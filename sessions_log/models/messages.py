"""A relationship's private conversation: messages between its members, and the reports
of a message to the scheme's coordinators (the abuse path).

Messages are the members' alone, like session notes: no admin shows, lists or searches
them; they go with the relationship when it is deleted. A reported message is the one
exception: the scheme's coordinators and the administrators read that message (and
nothing else of the conversation) through its report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .relationships import Relationship

MESSAGE_MAX_LENGTH = 4000


class Message(models.Model):
    """One message of a relationship's conversation, written by one of its members."""

    # Not even counted for staff (``core.admin``: the delete confirmation's summary).
    private_to_members = True

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["relationship", "created_at", "pk"]
        indexes = [models.Index(fields=["relationship", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="message_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Message of {self.created_at:%d %b %Y}"


class MessageReport(models.Model):
    """A member's report of a message to the scheme's coordinators, who then read that
    message (``sessions_log.rules.COORDINATOR_PERMISSIONS``, the report's admin)."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="report")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report of a message ({self.created_at:%d %b %Y})"
