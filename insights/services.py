"""Writes of this layer: a new scheme with its defaults from every app (the scheme admin's
"add" calls it), and evaluation reports. The admin edits reports through model forms, which
run the same ``full_clean`` checks; the report services are for code (tests, the demo,
commands)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accounts.models import User
from core.history import with_history_user
from matching.services.settings import matching_settings_create
from schemes.models import Scheme
from sessions_log.models import FeedbackQuestion, FeedbackResponse
from sessions_log.services.feedback_defaults import feedback_questions_create_defaults

from .models import LIFECYCLE_QUESTIONS, EvaluationReport, ReportQuote


@transaction.atomic
def scheme_create(*, scheme: Scheme, by: User | None) -> Scheme:
    """Save a new scheme, every rule of its kind, intake and dates checked (``full_clean``),
    with what it needs from the start: matching settings with its kind's defaults (so its
    first run applies its own rules) and its kind's default feedback questions. The guided
    set-up (``insights.setup.scheme_checklist``) then says what else it needs.
    Side effects: none."""
    if scheme.pk is not None:
        raise ValueError("scheme_create saves a new scheme; this one is saved already.")
    scheme.full_clean()
    with_history_user(scheme, by).save()
    matching_settings_create(scheme=scheme)
    feedback_questions_create_defaults(scheme=scheme)
    return scheme


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
