"""Flash mentoring: the conversation slots a mentor offers and a mentee books.

A booking becomes a relationship of the pair with one planned session
(``sessions_log.services.flash``). The mentee's note is private to the pair: staff see the
slot's dates, its mentor and whether it is booked, never the note."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .relationships import Relationship, SessionMode

FLASH_MINUTES_MIN = 20
FLASH_MINUTES_MAX = 60
FLASH_NOTE_MAX = 500


class FlashMode(models.TextChoices):
    """How a flash conversation is held (the session's modes a slot may take)."""

    ONLINE = SessionMode.ONLINE.value, _("Online")
    IN_PERSON = SessionMode.IN_PERSON.value, _("In person")


class FlashSlotQuerySet(models.QuerySet["FlashSlot"]):
    def live(self) -> FlashSlotQuerySet:
        """Slots the mentor has not withdrawn."""
        return self.filter(cancelled_at__isnull=True)

    def open_after(self, when: datetime) -> FlashSlotQuerySet:
        """Slots a mentee may book: live, not booked, starting after ``when``."""
        return self.live().filter(booked_by__isnull=True, starts_at__gt=when)


class FlashSlot(models.Model):
    scheme = models.ForeignKey(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="flash_slots",
        verbose_name=_("scheme"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flash_slots",
        verbose_name=_("mentor"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length in minutes"),
        default=30,
        validators=[
            MinValueValidator(FLASH_MINUTES_MIN),
            MaxValueValidator(FLASH_MINUTES_MAX),
        ],
    )
    mode = models.CharField(
        _("how"), max_length=10, choices=FlashMode.choices, default=FlashMode.ONLINE
    )
    location = models.CharField(
        _("meeting link or place"),
        max_length=300,
        help_text=_("Sent to the mentee once they book."),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flash_bookings",
        verbose_name=_("booked by"),
    )
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    #: What the mentee wants to talk about: for the mentor only (never shown to staff).
    note = models.TextField(_("what you would like to talk about"), blank=True)
    relationship = models.OneToOneField(
        Relationship,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flash_slot",
        verbose_name=_("relationship"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FlashSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("flash slot")
        verbose_name_plural = _("flash slots")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["scheme", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=FLASH_MINUTES_MIN)
                & Q(duration_minutes__lte=FLASH_MINUTES_MAX),
                name="flash_slot_length",
                violation_error_message=_("A flash conversation lasts 20 to 60 minutes."),
            ),
            models.CheckConstraint(
                condition=~Q(booked_by=F("mentor")),
                name="flash_slot_not_own",
                violation_error_message=_("A mentor cannot book their own slot."),
            ),
            models.CheckConstraint(
                condition=Q(booked_by__isnull=True) | Q(booked_at__isnull=False),
                name="flash_slot_booked_at",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Flash slot #%(pk)s in scheme %(scheme)s") % {
            "pk": self.pk,
            "scheme": self.scheme_id,
        }

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_booked(self) -> bool:
        return self.booked_by_id is not None
