"""Writes of evaluation reports. The admin edits reports through model forms, which run the
same ``full_clean`` checks; these services are for code (tests, the demo, commands)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accounts.models import User
from schemes.models import Scheme
from sessions_log.models import FeedbackQuestion, FeedbackResponse

from .models import LIFECYCLE_QUESTIONS, EvaluationReport, ReportQuote


@transaction.atomic
def evaluation_report_create(
    *,
    scheme: Scheme,
    title: str,
    by: User,
    period_start: date | None = None,
    period_end: date | None = None,
    answers: dict[str, str] | None = None,
) -> EvaluationReport:
    """Start a report; ``answers`` maps lifecycle question fields to the answers.
    Side effects: none."""
    answers = answers or {}
    unknown = set(answers) - {name for name, _ in LIFECYCLE_QUESTIONS}
    if unknown:
        raise ValueError(f"Not lifecycle questions: {sorted(unknown)}")
    report = EvaluationReport(
        scheme=scheme,
        title=title,
        period_start=period_start,
        period_end=period_end,
        created_by=by,
        **answers,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_quote_add(
    *,
    report: EvaluationReport,
    response: FeedbackResponse,
    question: FeedbackQuestion,
    theme: str,
    order: int = 0,
) -> ReportQuote:
    """Quote a consented free-text answer under ``theme``. Side effects: none."""
    quote = ReportQuote(
        report=report, response=response, question=question, theme=theme, order=order
    )
    quote.full_clean()
    quote.save()
    return quote
