"""What the members of a relationship agree between themselves: expectations (session 1),
goals (session 2, reviewed later) and actions (carried over until done).

All of this text is private to the relationship's members.
"""

from __future__ import annotations

from enum import nonmember

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import DateBoundsMixin, DateWindow

from .relationships import Relationship, Session


class ExpectationStatus(models.TextChoices):
    STATED = "stated", _("Stated")
    CLARIFICATION = "clarification", _("Clarification asked")
    AGREED = "agreed", _("Agreed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    DEFERRED = "deferred", _("To discuss later")

    # What the other member may decide about an expectation.
    decision_states = nonmember(("agreed", "not_applicable", "deferred"))
    # The other member may ask the author to clarify it.
    clarifiable_states = nonmember(("stated", "deferred"))


class Expectation(models.Model):
    """One member's expectation of the relationship; the other may ask to clarify, then it
    is agreed, marked not applicable or deferred. Every change is kept (``history``)."""

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="expectations",
        verbose_name=_("relationship"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExpectationStatus.choices,
        default=ExpectationStatus.STATED,
    )
    clarification_request = models.TextField(_("clarification request"), blank=True)
    clarification_response = models.TextField(_("clarification response"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expectation")
        verbose_name_plural = _("expectations")
        ordering = ["relationship", "created_at", "pk"]

    def __str__(self) -> str:
        return gettext("Expectation %(pk)s (%(status)s)") % {
            "pk": self.pk,
            "status": self.get_status_display(),
        }

    @property
    def is_clarifiable(self) -> bool:
        return self.status in ExpectationStatus.clarifiable_states


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    DROPPED = "dropped", _("No longer relevant")

    # Still being worked on: reviewed before its target date.
    open_states = nonmember(("not_started", "in_progress"))


class Goal(DateBoundsMixin, models.Model):
    """A development goal of one member (the mentee, or either peer in reciprocal schemes)."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="goals", verbose_name=_("relationship")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    what = models.CharField(_("goal"), max_length=300)
    why = models.TextField(_("why"), blank=True)
    success_looks_like = models.TextField(_("what success looks like"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    set_in = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals_set",
        verbose_name=_("set in"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["relationship", "created_at", "pk"]

    def __str__(self) -> str:
        return self.what

    @property
    def is_open(self) -> bool:
        return self.status in GoalStatus.open_states

    def date_bounds(self) -> dict[str, DateWindow]:
        if self.relationship_id is None:
            return {}
        return {"target_date": self.relationship.plan_window()}


class GoalProgress(models.Model):
    """A progress note on a goal, usually written when it is reviewed in a session."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="progress", verbose_name=_("goal")
    )
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goal_reviews",
        verbose_name=_("session"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    note = models.TextField(_("note"))
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal progress")
        verbose_name_plural = _("goal progress")
        ordering = ["goal", "created_at", "pk"]

    def __str__(self) -> str:
        return gettext("Progress on goal %(goal)s") % {"goal": self.goal_id}


class Action(DateBoundsMixin, models.Model):
    """Something agreed in a session; it carries over to each next session until done."""

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("relationship"),
    )
    agreed_in = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_agreed",
        verbose_name=_("agreed in"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    text = models.CharField(_("text"), max_length=500)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_in = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_done",
        verbose_name=_("done in"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["relationship", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def date_bounds(self) -> dict[str, DateWindow]:
        if self.relationship_id is None:
            return {}
        return {"due_on": self.relationship.plan_window()}
