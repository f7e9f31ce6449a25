"""The shared pieces of the scheme-health figures: the ``Table`` every figure returns, the
scope (which schemes, which cohort) and small database helpers.

Every figure is computed by the database (grouped counts, sums and averages); Python only
shapes the handful of aggregated rows into a table. The number of queries does not grow with
the number of schemes, applications or relationships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from django.db.models import FloatField, Func, QuerySet, Value
from django.utils import timezone

from schemes.models import Scheme

#: Groups with fewer respondents than this are never shown (they could identify people).
MIN_RESPONDENTS = 5
SUPPRESSION_NOTE = (
    f"Groups with fewer than {MIN_RESPONDENTS} respondents are not shown, nor a cohort that "
    f"leaves out fewer than {MIN_RESPONDENTS} of the scheme's respondents."
)

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """One figure: a titled table of plain values, with a hint for how to chart it.

    ``rows`` hold only counts, averages, dates and labels: never notes, reflections or any
    free text a member wrote. The first column is the category (x axis); see
    ``insights.charts`` for how the other columns are drawn.
    """

    slug: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    chart: str = "bar"


@dataclass(frozen=True)
class SchemeRules:
    """The settings of one scheme that the figures need (read once per page)."""

    pk: int
    name: str
    kind: str
    target_window_days: int
    momentum_weeks: int
    demand_threshold: Decimal | None
    over_threshold_action: str


@dataclass(frozen=True)
class Scope:
    """Which schemes and which cohort a figure is about.

    The cohort (``start``/``end``, both inclusive, either may be open) selects applications
    by the date they were submitted, registrations of interest by the date they were made,
    and relationships (with their sessions, feedback and self-ratings) by the date they
    started.
    """

    schemes: QuerySet[Scheme]
    start: date | None = None
    end: date | None = None
    today: date = field(default_factory=timezone.localdate)
    rules: tuple[SchemeRules, ...] = ()

    @classmethod
    def build(
        cls,
        *,
        schemes: QuerySet[Scheme],
        start: date | None = None,
        end: date | None = None,
        today: date | None = None,
    ) -> Scope:
        rules = tuple(
            SchemeRules(*row)
            for row in schemes.order_by("name", "pk").values_list(
                "pk",
                "name",
                "kind",
                "target_window_days",
                "momentum_weeks",
                "demand_threshold",
                "over_threshold_action",
            )
        )
        return cls(
            schemes=schemes,
            start=start,
            end=end,
            today=today or timezone.localdate(),
            rules=rules,
        )

    @property
    def scheme_ids(self) -> QuerySet:
        """The schemes as a subquery (no extra query, no long IN list)."""
        return self.schemes.values("pk")

    @property
    def several(self) -> bool:
        return len(self.rules) > 1

    def dated(self, lookup: str) -> dict:
        """Filter keyword arguments restricting ``lookup`` (a date path) to the cohort."""
        kwargs: dict = {}
        if self.start:
            kwargs[f"{lookup}__gte"] = self.start
        if self.end:
            kwargs[f"{lookup}__lte"] = self.end
        return kwargs


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def months(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month to ``last``'s, inclusive."""
    out = []
    current = first.replace(day=1)
    while current <= last:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def as_date(value) -> date:
    """TruncMonth gives a datetime for datetime fields and a date for date fields."""
    if hasattr(value, "date"):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


class JsonNumber(Func):
    """One top-level key of a JSON object as a float; NULL when it is missing or not a number.

    A question's type can change after answers exist, so "Great" may sit where a number is
    expected: PostgreSQL would refuse to cast it (a 500 for the whole dashboard) and SQLite
    would count it as 0.
    """

    output_field = FloatField()
    NUMBER = r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"

    def __init__(self, field_name: str, key: str) -> None:
        super().__init__(field_name, Value(key))

    def as_postgresql(self, compiler, connection, **extra):
        lhs, params = compiler.compile(self.source_expressions[0])
        key = cast(Value, self.source_expressions[1]).value
        text = f"({lhs} ->> %s)"
        sql = f"CASE WHEN {text} ~ %s THEN CAST({text} AS double precision) END"
        return sql, (*params, key, self.NUMBER, *params, key)

    def as_sqlite(self, compiler, connection, **extra):
        lhs, params = compiler.compile(self.source_expressions[0])
        path = f'$."{cast(Value, self.source_expressions[1]).value}"'
        text = f"trim(CAST(json_extract({lhs}, %s) AS TEXT))"
        digits = f"ltrim({text}, '-')"
        sql = (
            f"CASE WHEN {digits} GLOB '[0-9]*' AND {digits} NOT GLOB '*[^0-9.]*' "
            f"AND {digits} NOT GLOB '*.*.*' THEN CAST({text} AS REAL) END"
        )
        return sql, (*params, path) * 4


def json_number(field_name: str, key: str) -> JsonNumber:
    """A numeric answer stored in a JSON object, as a float (NULL when missing or not a
    number)."""
    return JsonNumber(field_name, key)
