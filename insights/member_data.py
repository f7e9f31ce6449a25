"""The insights part of a member's data export: where their feedback is quoted (without
their name) in a scheme's evaluation report, and, for staff, the reports they created
(title, scheme and date)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from accounts.models import User

from .models import EvaluationReport, ReportQuote

#: See ``accounts.member_data.EXPORTED``.
EXPORTED: tuple[type[Model], ...] = (ReportQuote, EvaluationReport)
NOT_EXPORTED: dict[type[Model], str] = {}


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own evaluation-report records, as Python values (two queries)."""
    quotes = ReportQuote.objects.filter(response__user=user).select_related(
        "report__scheme", "question"
    )
    reports = EvaluationReport.objects.filter(created_by=user).select_related("scheme")
    return {
        "quoted_in_reports": [
            {
                "report": q.report.title,
                "scheme": q.report.scheme.name,
                "theme": q.theme,
                "question": q.question.label,
                "printed": q.response.share_individually,
            }
            for q in quotes.select_related("response").order_by("report_id", "order", "pk")
        ],
        "evaluation_reports_created": [
            {"title": r.title, "scheme": r.scheme.name, "created_at": r.created_at}
            for r in reports.order_by("pk")
        ],
    }
