"""Member-led matching: a mentee's request to a mentor from the scheme's directory.

The message is the mentee's words to the mentor: only the two of them read it (never staff,
never the admin); a decline's reason is for the coordinators only. A request accepted by the
mentor takes its places through a ``Proposal`` (no run) whose members hold them, so every
count of a mentor's places (``matching.selectors.places_by_application``) includes it.
"""

from __future__ import annotations

from enum import nonmember

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    """A request's status, in the mentee's terms (and staff's); the mentor reads some in
    their own (``MentorRequest.status_for_mentor``)."""

    PENDING = "pending", _("Waiting for the mentor")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired (not answered in time)")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Closed by the system, never by a person: the mentee's request to another mentor was
    # accepted (a mentee has one mentor), or this mentor's last place was taken.
    MATCHED_ELSEWHERE = "matched", _("Closed: matched with another mentor")
    MENTOR_FULL = "full", _("Closed: the mentor has no place left")
    CANCELLED = "cancelled", _("Cancelled by a coordinator")

    # Counted against the mentee's limit and refused a second time.
    open_states = nonmember(("pending",))
    # Ended with no mentor, not by the mentee: they are pointed back to the directory.
    ended_unanswered_states = nonmember(("declined", "expired", "full"))


# What the mentor reads where the mentee's wording would not speak to them.
_FOR_MENTOR = {
    RequestStatus.PENDING: _("Waiting for your answer"),
    RequestStatus.MATCHED_ELSEWHERE: _("Closed: the mentee was matched with another mentor"),
    RequestStatus.MENTOR_FULL: _("Closed: you have no place left"),
}


class MentorRequest(models.Model):
    scheme = models.ForeignKey(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="mentor_requests",
        verbose_name=_("scheme"),
    )
    mentee_application = models.ForeignKey(
        "schemes.Application",
        on_delete=models.CASCADE,
        related_name="requests_made",
        verbose_name=_("mentee application"),
    )
    mentor_application = models.ForeignKey(
        "schemes.Application",
        on_delete=models.CASCADE,
        related_name="requests_received",
        verbose_name=_("mentor application"),
    )
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decline_reason = models.TextField(
        _("decline reason"),
        blank=True,
        help_text=_("For the coordinators; the mentee is told only that it was declined."),
    )
    proposal = models.OneToOneField(
        "matching.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentor_request",
        verbose_name=_("proposal"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee_application", "mentor_application"],
                condition=Q(status="pending"),
                name="one_pending_request_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Request #%(pk)s (%(status)s)") % {
            "pk": self.pk,
            "status": self.get_status_display(),
        }

    @property
    def status_for_mentor(self) -> str:
        """The status as the mentor asked reads it ("Waiting for your answer", not "for
        the mentor")."""
        label = _FOR_MENTOR.get(RequestStatus(self.status))
        return str(label) if label is not None else self.get_status_display()

    @property
    def sends_back_to_directory(self) -> bool:
        """Whether the mentee is pointed back to the directory: the request ended without
        a mentor, and not by the mentee's own step."""
        return self.status in RequestStatus.ended_unanswered_states
