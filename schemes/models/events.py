"""A scheme's events (launch, briefings, preparation, learning sets) and who attends."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin, DateWindow, sane_window

from .schemes import Role, Scheme

ENDS_BEFORE_START = _("The event ends before it starts: choose an end after the start.")


class EventKind(models.TextChoices):
    LAUNCH = "launch", _("Launch event")
    BRIEFING = "briefing", _("Mentee briefing")
    MENTOR_PREPARATION = "mentor_preparation", _("Mentor preparation")
    LEARNING_SET = "learning_set", _("Learning set (mentors)")
    OTHER = "other", _("Other")


class SchemeEvent(DateBoundsMixin, models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("A place or a meeting link.")
    )
    satisfies_preparation_for = models.CharField(
        _("satisfies preparation for"),
        max_length=10,
        choices=Role.choices,
        blank=True,
        help_text=_("Attending this event completes the preparation required of this role."),
    )

    class Meta:
        verbose_name = _("scheme event")
        verbose_name_plural = _("scheme events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=ENDS_BEFORE_START,
            )
        ]

    def __str__(self) -> str:
        return gettext("%(title)s (%(date)s)") % {
            "title": self.title,
            "date": date_format(timezone.localtime(self.starts_at), "DATE_FORMAT"),
        }

    def get_absolute_url(self) -> str:
        """The member's page to reply to the event and download its calendar file."""
        return reverse("schemes:event_rsvp", kwargs={"pk": self.pk})

    @property
    def hours(self) -> float:
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)

    def date_bounds(self) -> dict[str, DateWindow]:
        return dict.fromkeys(("starts_at", "ends_at"), sane_window())

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": ENDS_BEFORE_START})


class EventAttendance(models.Model):
    class Rsvp(models.TextChoices):
        YES = "yes", _("Attending")
        NO = "no", _("Not attending")
        MAYBE = "maybe", _("Maybe")

    event = models.ForeignKey(
        SchemeEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_attendances",
    )
    rsvp = models.CharField(_("reply"), max_length=5, choices=Rsvp.choices, default=Rsvp.YES)
    attended = models.BooleanField(_("attended"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("event attendance")
        verbose_name_plural = _("event attendances")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="uniq_event_attendance")
        ]

    def __str__(self) -> str:
        return gettext("%(user)s at %(event)s") % {"user": self.user, "event": self.event}
