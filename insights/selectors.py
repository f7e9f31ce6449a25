"""Report-side reads: which schemes and reports a staff member may open, the feedback answers
that may be quoted, and everything the evaluation report prints (anonymised)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.names import full_name
from schemes.models import Scheme
from schemes.rules import filter_coordinated_by, schemes_coordinated_by
from sessions_log.models import FeedbackQuestion, FeedbackResponse, RelationshipMember
from sessions_log.rules import FEEDBACK_READABLE, feedback_readable_by

from .metrics import Scope, Table, executive_summary, figures
from .models import FREE_TEXT_TYPES, EvaluationReport, ReportQuote

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NAME_MARK = "[name]"
EMAIL_MARK = "[email]"


def scheme_for_reports(*, user: User, slug: str) -> Scheme:
    """The scheme if ``user`` coordinates it (and so may see its reports and exports), or
    404."""
    scheme = schemes_coordinated_by(user=user).filter(slug=slug).first()
    if scheme is None:
        raise Http404("No such scheme.")
    return scheme


def reports_for_user(*, user: User) -> QuerySet[EvaluationReport]:
    return filter_coordinated_by(EvaluationReport.objects.all(), user=user).select_related("scheme")


def report_for_user(*, user: User, pk: int) -> EvaluationReport:
    """The report if ``user`` administers or coordinates its scheme, or 404."""
    report = reports_for_user(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report


def member_names(*, scheme: Scheme) -> list[str]:
    """Names of everyone connected with the scheme (applicants, relationship members,
    coordinators): full names and each part, to be removed from quotes."""
    users = (
        get_user_model()
        .objects.filter(
            Q(applications__scheme=scheme)
            | Q(memberships__relationship__scheme=scheme)
            | Q(coordinated_schemes=scheme)
        )
        .distinct()
        .values_list("first_name", "last_name")
    )
    names: set[str] = set()
    for first, last in users:
        full = f"{first} {last}".strip()
        names.update([full, full_name(given=first, family=last), *full.split()])
    return sorted(names)


def anonymise(text: str, names: Iterable[str]) -> str:
    """``text`` with email addresses and the given names replaced by markers.

    Names match whole words in any letter case (a name that is also an ordinary word is
    removed too: a quote must never identify anyone)."""
    text = EMAIL.sub(EMAIL_MARK, text)
    words = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
    if not words:
        return text
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    return pattern.sub(NAME_MARK, text)


@dataclass(frozen=True)
class QuotableAnswer:
    response_id: int
    question_id: int
    question: str
    text: str

    @property
    def key(self) -> str:
        return f"{self.response_id}:{self.question_id}"


def quotable_answers(*, scheme: Scheme, user: User) -> list[QuotableAnswer]:
    """Non-empty free-text answers of the scheme's feedback that ``user`` may read: those
    whose author agreed to share them individually, by ``feedback_readable_by`` (two
    queries)."""
    questions = {
        q.pk: q for q in FeedbackQuestion.objects.filter(scheme=scheme, type__in=FREE_TEXT_TYPES)
    }
    responses = feedback_readable_by(
        FeedbackResponse.objects.filter(relationship__scheme=scheme), user=user
    ).order_by("submitted_at", "pk")
    found: list[QuotableAnswer] = []
    for response in responses:
        for pk, question in questions.items():
            text = response.written_answer(question)
            if text:
                found.append(QuotableAnswer(response.pk, pk, question.label, text))
    return found


@dataclass(frozen=True)
class Quote:
    text: str
    role: str
    question: str


@dataclass
class Theme:
    heading: str
    quotes: list[Quote] = field(default_factory=list)


def report_themes(*, report: EvaluationReport) -> list[Theme]:
    """The chosen quotes, anonymised, grouped under their theme headings in the order the
    themes first appear. Answers whose consent has since been withdrawn are left out."""
    quotes = list(
        ReportQuote.objects.filter(
            report=report, response__in=FeedbackResponse.objects.filter(FEEDBACK_READABLE)
        )
        .select_related("response", "question")
        .order_by("order", "pk")
    )
    if not quotes:
        return []
    roles = {
        (m.relationship_id, m.user_id): m.get_role_display()
        for m in RelationshipMember.objects.filter(
            relationship_id__in={q.response.relationship_id for q in quotes}
        )
    }
    names = member_names(scheme=report.scheme)
    themes: dict[str, Theme] = {}
    for quote in quotes:
        text = quote.written_text
        if not text:
            continue
        role = roles.get((quote.response.relationship_id, quote.response.user_id), "Member")
        themes.setdefault(quote.theme, Theme(quote.theme)).quotes.append(
            Quote(anonymise(text, names), role.lower(), quote.question.label)
        )
    return list(themes.values())


@dataclass
class ReportContent:
    """Everything the evaluation report prints."""

    title: str
    scheme_name: str
    period_start: date | None
    period_end: date | None
    generated_on: date
    tables: list = field(default_factory=list)
    summary: Table | None = None
    themes: list[Theme] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)


def report_content(*, report: EvaluationReport, today: date | None = None) -> ReportContent:
    """The report's figures (computed now from the scheme's data), themes and answers."""
    today = today or timezone.localdate()
    schemes = Scheme.objects.filter(pk=report.scheme_id)
    start, end = report.period_start, report.period_end
    scope = Scope.build(schemes=schemes, start=start, end=end, today=today)
    tables, summary = figures(scope), executive_summary(scope)
    return ReportContent(
        title=report.title,
        scheme_name=report.scheme.name,
        period_start=report.period_start,
        period_end=report.period_end,
        generated_on=today,
        tables=tables,
        summary=summary,
        themes=report_themes(report=report),
        answers=report.answers,
    )
