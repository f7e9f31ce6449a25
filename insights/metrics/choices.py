"""How members answered the choice and yes/no questions of the end-of-relationship feedback
("Would you recommend the scheme?"): for each option, how many respondents chose it and what
share of the question's respondents that is.

Counted in the database, one query for every question of the scope; no answer leaves it.
A choice is a score, never a written answer (``sessions_log.models.feedback.WRITTEN_TYPES``),
so every respondent is protected and the counts are released by ``core.disclosure`` in the
same fixed blocks as the averages of number questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db.models import BooleanField, Count, Func, Q, Value
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.disclosure import Group, month_span, released
from schemes.models import QuestionType
from sessions_log.models import FeedbackQuestion, FeedbackResponse

from .base import Cell, Scope, Table, percent, suppression_note

COUNTED_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.YES_NO)
YES_NO_OPTIONS = (("yes", _("Yes")), ("no", _("No")))


class JsonChose(Func):
    """True when the answer under one key of a JSON object is ``option`` (a text answer) or
    holds it (a list of choices). A missing key, another type or another value: false.

    Keys are question ids, all digits: Django's own key lookups would read them as array
    indexes, so the SQL is written here for each database."""

    output_field = BooleanField()

    def __init__(self, field_name: str, key: str, option: str) -> None:
        super().__init__(field_name, Value(key), Value(option))
        self.key, self.option = key, option

    def as_postgresql(self, compiler, connection, **extra):
        lhs, params = compiler.compile(self.source_expressions[0])
        value = f"({lhs} -> %s)"
        sql = (
            f"(CASE jsonb_typeof({value}) WHEN 'string' THEN ({lhs} ->> %s) = %s "
            f"WHEN 'array' THEN {value} @> jsonb_build_array(%s::text) ELSE false END)"
        )
        return sql, (*params, self.key, *params, self.key, self.option, *params, self.key,
                     self.option)  # fmt: skip

    def as_sqlite(self, compiler, connection, **extra):
        lhs, params = compiler.compile(self.source_expressions[0])
        path = f'$."{self.key}"'
        # Only the compiled column is interpolated; the key and the option are parameters.
        holds = f"SELECT 1 FROM json_each({lhs}, %s) WHERE json_each.value = %s"  # noqa: S608
        sql = (
            f"(CASE json_type({lhs}, %s) WHEN 'text' THEN json_extract({lhs}, %s) = %s "
            f"WHEN 'array' THEN EXISTS ({holds}) ELSE 0 END)"
        )
        return sql, (*params, path, *params, path, self.option, *params, path, self.option)


@dataclass(frozen=True)
class Counted:
    """One counted question and its options (stored value, label)."""

    pk: int
    label: str
    scheme_name: str
    options: tuple[tuple[str, str], ...]


def _questions(scope: Scope) -> list[Counted]:
    questions = FeedbackQuestion.objects.filter(scheme__in=scope.scheme_ids, type__in=COUNTED_TYPES)
    counted = []
    for question in questions.select_related("scheme").order_by("scheme__name", "order", "pk"):
        options = (
            tuple((value, str(label)) for value, label in YES_NO_OPTIONS)
            if question.type == QuestionType.YES_NO
            else tuple((c, c) for c in question.choice_list)
        )
        counted.append(Counted(question.pk, question.label, question.scheme.name, options))
    return counted


def _answered(key: str, options: Iterable[tuple[str, str]]) -> Q:
    """Responses that chose at least one of the question's options (an answer of "" or a
    value no longer offered is not a response to it)."""
    condition = Q()
    for value, _label in options:
        condition |= Q(JsonChose("answers", key, value))
    return condition


def _periods(scope: Scope, questions: list[Counted]) -> dict[int, list[Group]]:
    """Per question, its respondents and the count of each option by the month their
    relationship started (one query for all the questions)."""
    aggregates: dict[str, Count] = {}
    for q in questions:
        key = str(q.pk)
        aggregates[f"n{q.pk}"] = Count("pk", filter=_answered(key, q.options))
        for i, (value, _label) in enumerate(q.options):
            aggregates[f"c{q.pk}_{i}"] = Count("pk", filter=Q(JsonChose("answers", key, value)))
    rows = cast(
        Iterable[dict[str, Any]],
        FeedbackResponse.objects.filter(relationship__scheme__in=scope.scheme_ids)
        .values("relationship__started_on__year", "relationship__started_on__month")
        .annotate(**aggregates)
        .order_by(),  # run even with no question, so the page's query count is fixed
    )
    periods: dict[int, list[Group]] = {q.pk: [] for q in questions}
    for row in rows:
        first, last = month_span(
            date(row["relationship__started_on__year"], row["relationship__started_on__month"], 1)
        )
        for q in questions:
            people = row[f"n{q.pk}"]
            if people:
                counts = tuple(float(row[f"c{q.pk}_{i}"]) for i in range(len(q.options)))
                periods[q.pk].append(Group(first, last, people, people, counts))
    return periods


def feedback_choices(scope: Scope) -> Table:
    """Each option of each choice and yes/no question of the end-of-relationship feedback,
    with how many respondents chose it and their share of the question's respondents (a
    multiple-choice question's shares can add up to more than 100 %), released by
    ``core.disclosure``."""
    questions = _questions(scope)
    periods = _periods(scope, questions)
    rows: list[list[Cell]] = []
    for q in questions:
        group = released(periods[q.pk], start=scope.start, end=scope.end)
        if group is None:
            continue
        name = (
            gettext("%(scheme)s: %(question)s") % {"scheme": q.scheme_name, "question": q.label}
            if scope.several
            else q.label
        )
        for (_value, label), chose in zip(q.options, group.sums, strict=True):
            share = percent(int(chose), group.people)
            answer = gettext("%(question)s: %(answer)s") % {"question": name, "answer": label}
            rows.append([answer, share, int(chose), group.people])
    return Table(
        slug="feedback-choices",
        title=gettext("Feedback: choices and yes/no answers"),
        columns=[
            gettext("Question: answer"),
            gettext("Per cent who chose it"),
            gettext("Chose it"),
            gettext("Respondents"),
        ],
        rows=rows,
        note=(
            gettext(
                "Choice and yes/no questions of the end-of-relationship feedback; a member may "
                "tick several options of a multiple-choice question. %(suppression_note)s"
            )
            % {"suppression_note": suppression_note()}
        ),
        chart="hbar",
    )
