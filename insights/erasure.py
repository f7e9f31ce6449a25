"""The insights part of erasure (``accounts.erasure``): an evaluation report no longer
quotes the person's feedback (the report's figures are computed, and do not change)."""

from __future__ import annotations

from accounts.erasure import ErasureSubject

from .models import ReportQuote


def erase(subject: ErasureSubject) -> None:
    deleted, _ = ReportQuote.objects.filter(response__user=subject.user).delete()
    subject.count("report quotes", deleted)
