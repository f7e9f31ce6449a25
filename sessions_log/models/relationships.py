"""Relationships (pairs and circles) and their sessions."""

from __future__ import annotations

from datetime import date
from enum import nonmember

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import DateBoundsMixin, DateWindow, sane_window

from .programmes import ProgrammeStep, ProgrammeTemplate

# How long after its planned end (or after today, while it runs on past it) a relationship
# may still date a session, a goal or an action.
RELATIONSHIP_GRACE = relativedelta(years=1)


class RelationshipKind(models.TextChoices):
    PAIR = "pair", _("Pair")
    CIRCLE = "circle", _("Circle")


class RelationshipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")

    # Still running: members plan and log sessions, set goals, may pause or end it.
    open_states = nonmember(("active", "paused"))
    # Finished, either way: members give feedback and their exit self-ratings.
    ended_states = nonmember(("completed", "ended_early"))


class RelationshipQuerySet(models.QuerySet["Relationship"]):
    def open(self) -> RelationshipQuerySet:
        """Relationships still running (``RelationshipStatus.open_states``)."""
        return self.filter(status__in=RelationshipStatus.open_states)

    def with_last_activity(self) -> RelationshipQuerySet:
        """Annotated with ``last_held`` (the date of the last held session, or None) and
        ``last_activity`` (that date, or the start date while no session is held)."""
        last_held = Subquery(
            Session.objects.filter(relationship=OuterRef("pk"), status=SessionStatus.HELD)
            .order_by("-held_on")
            .values("held_on")[:1]
        )
        return self.annotate(last_held=last_held, last_activity=Coalesce(last_held, "started_on"))


class Relationship(DateBoundsMixin, models.Model):
    """A mentoring pair or circle in a scheme, started when every member has accepted."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        on_delete=models.PROTECT,
        related_name="relationships",
        verbose_name=_("scheme"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=RelationshipKind.choices, default=RelationshipKind.PAIR
    )
    template = models.ForeignKey(
        ProgrammeTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("template"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.ACTIVE,
    )
    started_on = models.DateField(_("started on"))
    planned_end_on = models.DateField(_("planned end on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-started_on", "pk"]
        indexes = [models.Index(fields=["scheme", "status"])]

    def __str__(self) -> str:
        return gettext("%(kind)s #%(pk)s in %(scheme)s") % {
            "kind": self.get_kind_display(),
            "pk": self.pk,
            "scheme": self.scheme_id and self.scheme,
        }

    def get_absolute_url(self) -> str:
        return reverse("sessions_log:relationship", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in RelationshipStatus.open_states

    @property
    def has_started(self) -> bool:
        """False until its start: a cohort's pairs are matched before the launch date they
        start on (``sessions_log.services.relationship_start_date``)."""
        return self.started_on <= timezone.localdate()

    @property
    def status_label(self) -> str:
        """The status as a member reads it: an open relationship that has not begun yet (a
        cohort pair before its launch) "Starts on 1 Mar 2027", not "Active"."""
        if self.is_open and not self.has_started:
            return gettext("Starts on %(day)s") % {"day": date_format(self.started_on, "j M Y")}
        return str(self.get_status_display())

    @property
    def has_ended(self) -> bool:
        return self.status in RelationshipStatus.ended_states

    def can_complete(self, *, held: int) -> bool:
        """Whether the members may mark it completed, with ``held`` sessions held: open,
        and at least the programme's minimum of sessions held (one without a template)."""
        minimum = self.template.min_sessions if self.template else 1
        return self.is_open and held >= minimum

    def date_window(self) -> DateWindow:
        """The dates that may belong to this relationship (its sessions, goals, actions):
        from its start to its planned end, or the day it ended, or today while it is open,
        whichever is latest, plus ``RELATIONSHIP_GRACE``; never outside ``sane_window``."""
        sane = sane_window()
        if self.started_on is None or not sane.contains(self.started_on):
            return sane
        ends = [self.started_on, self.planned_end_on, self.ended_on]
        if self.is_open:
            ends.append(timezone.localdate())
        end = max(d for d in ends if d is not None and sane.contains(d))
        return DateWindow(
            self.started_on, end + RELATIONSHIP_GRACE, why=gettext("the life of this relationship")
        )

    def plan_window(self) -> DateWindow:
        """The dates a plan may take (a session's date, a goal's target, an action's due
        date): from its start to its planned end; its ``date_window`` when it has no
        planned end. What has happened (a session held) may fall later, while it is open."""
        life = self.date_window()
        end = self.planned_end_on
        if end is None or not life.contains(end):
            return life
        return DateWindow(life.earliest, end, why=gettext("between its start and its planned end"))

    def date_bounds(self) -> dict[str, DateWindow]:
        """Its own dates: a sane start, and an end neither before the start nor absurd."""
        sane = sane_window()
        bounds = {"started_on": sane}
        if self.started_on is not None and sane.contains(self.started_on):
            after_start = DateWindow(self.started_on, sane.latest, why=gettext("after it started"))
            bounds |= {"planned_end_on": after_start, "ended_on": after_start}
        return bounds


class MemberRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    PEER = "peer", _("Peer")
    FACILITATOR = "facilitator", _("Facilitator")


class RelationshipMember(models.Model):
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("relationship"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices)
    application = models.ForeignKey(
        "schemes.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        verbose_name=_("application"),
    )
    joined_at = models.DateTimeField(
        _("joined at"),
        null=True,
        blank=True,
        help_text=_(
            "A facilitator: when the circle's members had all accepted them; they read "
            "only what was written from then on (sessions_log.rules). Empty: a member from the "
            "start."
        ),
    )
    # The member's place in the conversation: messages after it are unread.
    messages_read_at = models.DateTimeField(_("messages read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("relationship member")
        verbose_name_plural = _("relationship members")
        constraints = [
            models.UniqueConstraint(fields=["relationship", "user"], name="uniq_member"),
        ]

    def __str__(self) -> str:
        return gettext("%(user)s (%(role)s)") % {
            "user": self.user,
            "role": self.get_role_display(),
        }


class SessionMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Session(DateBoundsMixin, models.Model):
    """A planned or held meeting of a relationship. ``notes`` are private to its members."""

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("relationship"),
    )
    step = models.ForeignKey(
        ProgrammeStep,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("step"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=160, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=SessionMode.choices, default=SessionMode.ONLINE
    )
    location = models.CharField(
        _("location"), max_length=300, blank=True, help_text=_("Meeting link or place.")
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration minutes"), null=True, blank=True
    )
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("led by"),
    )
    notes = models.TextField(_("notes"), blank=True)
    ics_sequence = models.PositiveIntegerField(_("calendar update number"), default=0)
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["relationship", "number"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="uniq_session_number"),
            models.CheckConstraint(
                condition=Q(status="held", held_on__isnull=False, duration_minutes__gt=0)
                | ~Q(status="held"),
                name="held_session_has_date_and_duration",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Session %(number)s of relationship %(relationship_id)s") % {
            "number": self.number,
            "relationship_id": self.relationship_id,
        }

    @property
    def hours(self) -> float:
        return round((self.duration_minutes or 0) / 60, 2)

    @property
    def is_ahead(self) -> bool:
        """Its date and time is still to come: not held as planned yet (``services.
        session_log`` refuses it on its planned day, and a flash conversation altogether)."""
        return self.scheduled_at is not None and self.scheduled_at > timezone.now()

    def date_bounds(self) -> dict[str, DateWindow]:
        """Held within the relationship's life and no later than today; planned (the
        scheduled date, else the target date, which follows it) within its start and
        planned end, and in order: not before the session before it, not after the one
        after it (cancelled ones aside). A date and time is kept in order with the sessions
        that have one or were held (a mere target of another session does not block it); a
        target date with every other session's day. Checked only while it is planned."""
        if self.relationship_id is None:
            return {}
        life = self.relationship.date_window()
        bounds = {
            "held_on": life.narrowed(
                latest=timezone.localdate(), why=gettext("from the relationship's start; once held")
            )
        }
        if self.status == SessionStatus.PLANNED:
            firm = self.scheduled_at is not None
            planned = self._in_order(self.relationship.plan_window(), firm_only=firm)
            bounds["scheduled_at" if self.scheduled_at else "target_date"] = planned
        return bounds

    def day(self, *, firm_only: bool = False) -> date | None:
        """The day it falls on: held, else scheduled (local), else its target (unless
        ``firm_only``)."""
        if self.held_on:
            return self.held_on
        if self.scheduled_at:
            return timezone.localtime(self.scheduled_at).date()
        return None if firm_only else self.target_date

    def _in_order(self, window: DateWindow, *, firm_only: bool) -> DateWindow:
        """``window`` narrowed to fall between its neighbours' days (when they leave room)."""
        others = list(
            Session.objects.filter(relationship_id=self.relationship_id)
            .exclude(pk=self.pk)
            .exclude(status=SessionStatus.CANCELLED)
        )
        days = [(s.number, s.day(firm_only=firm_only)) for s in others]
        before = [d for n, d in days if n < self.number and d]
        after = [d for n, d in days if n > self.number and d]
        earliest = max([window.earliest, *before])
        latest = min([window.latest, *after])
        if earliest > latest:
            return window
        names = []
        if before:
            names.append(gettext("after the session before it"))
        if after:
            names.append(gettext("before the session after it"))
        why = ", ".join([window.why, *names]) if names else window.why
        return DateWindow(earliest, latest, why=why)
