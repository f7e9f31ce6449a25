"""The evaluation report of a scheme or cohort: the administrator's answers to the lifecycle
review questions and the feedback quotes they chose, grouped under theme headings.

The figures are not stored: they are computed from the scheme's data when the PDF is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from core.dates import DateBoundsMixin, DateWindow, sane_window
from sessions_log.models.feedback import WRITTEN_TYPES

# The "review and develop" questions of the scheme lifecycle, in the order the report asks them.
LIFECYCLE_QUESTIONS: tuple[tuple[str, StrOrPromise], ...] = (
    ("outcomes", _("What were the outcomes?")),
    ("mentor_development", _("How did the mentors develop?")),
    ("difference_made", _("What difference has the programme made?")),
    ("future_development", _("How should the programme develop?")),
    ("handover", _("Who takes it on?")),
)
FREE_TEXT_TYPES = WRITTEN_TYPES  # what a consenting member lets staff read and quote
NOT_CONSENTED = _(
    "This member did not agree that their answers may be read individually, so they cannot "
    "be quoted. Choose an answer shared with consent."
)


class EvaluationReport(DateBoundsMixin, models.Model):
    """The "learning back to stakeholders" handover document of a scheme (or one cohort)."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="evaluation_reports",
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(
        _("cohort period from"),
        null=True,
        blank=True,
        help_text=_("Optional: limit the figures to a cohort period. Empty: from the start."),
    )
    period_end = models.DateField(
        _("cohort period to"), null=True, blank=True, help_text=_("Empty: up to the report's date.")
    )
    outcomes = models.TextField(LIFECYCLE_QUESTIONS[0][1], blank=True)
    mentor_development = models.TextField(LIFECYCLE_QUESTIONS[1][1], blank=True)
    difference_made = models.TextField(LIFECYCLE_QUESTIONS[2][1], blank=True)
    future_development = models.TextField(LIFECYCLE_QUESTIONS[3][1], blank=True)
    handover = models.TextField(LIFECYCLE_QUESTIONS[4][1], blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="report_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def date_bounds(self) -> dict[str, DateWindow]:
        return dict.fromkeys(("period_start", "period_end"), sane_window())

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": gettext("The end of the cohort period is before its start.")}
            )

    @property
    def answers(self) -> list[tuple[str, str]]:
        """(question, answer) for each lifecycle review question."""
        return [(str(label), getattr(self, field)) for field, label in LIFECYCLE_QUESTIONS]


class ReportQuote(models.Model):
    """One free-text feedback answer quoted in a report under a theme heading.

    Only answers the member agreed to share individually, to a free-text question of the
    report's scheme, can be chosen; names and emails are removed when the quote is printed.
    """

    report = models.ForeignKey(
        EvaluationReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="quotes"
    )
    theme = models.CharField(_("theme heading"), max_length=120)
    response = models.ForeignKey(
        "sessions_log.FeedbackResponse",
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    question = models.ForeignKey(
        "sessions_log.FeedbackQuestion",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("report quote")
        verbose_name_plural = _("report quotes")
        ordering = ["report", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "response", "question"], name="uniq_report_quote"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(theme)s: quote %(number)s") % {"theme": self.theme, "number": self.pk}

    @property
    def raw_text(self) -> str:
        """The answer as the member wrote it (never printed as is: see ``anonymise``)."""
        value = (self.response.answers or {}).get(str(self.question_id))
        return value.strip() if isinstance(value, str) else ""

    @property
    def written_text(self) -> str:
        """The answer if it is a written one (``FeedbackResponse.written_answer``)."""
        return self.response.written_answer(self.question)

    def clean(self) -> None:
        if not (self.report_id and self.response_id and self.question_id):
            return
        errors: dict[str, str] = {}
        if not self.response.share_individually:
            errors["response"] = str(NOT_CONSENTED)
        elif self.response.relationship.scheme_id != self.report.scheme_id:
            errors["response"] = gettext("This feedback is about another scheme.")
        if self.question.scheme_id != self.report.scheme_id:
            errors["question"] = gettext("This question belongs to another scheme.")
        elif self.question.type not in FREE_TEXT_TYPES:
            errors["question"] = gettext("Only answers to free-text questions can be quoted.")
        elif "response" not in errors and not self.written_text:
            errors["question"] = gettext(
                "This member left the question unanswered, or answered it when it was not "
                "a free-text question."
            )
        if errors:
            raise ValidationError(errors)
