"""The shared pieces of the scheme-health figures: the ``Table`` every figure returns, the
scope (which schemes, which cohort) and small database helpers.

Every figure is computed by the database (grouped counts, sums and averages); Python only
shapes the handful of aggregated rows into a table. The number of queries does not grow with
the number of schemes, applications or relationships.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from django.db.models import FloatField, Func, Min, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from core.disclosure import MIN_GROUP
from schemes.models import Application, Intake, Scheme
from sessions_log.models import Relationship

#: Groups with fewer respondents than this are never shown (they could identify people);
#: the rule itself is ``core.disclosure``.
MIN_RESPONDENTS = MIN_GROUP


def suppression_note() -> str:
    """The disclosure rule (``core.disclosure``) in a sentence, in the active language."""
    return ngettext(
        "Figures rest on fixed groups of at least %(count)s respondent (by the month their "
        "relationship started); a cohort shows only the groups that lie wholly inside it.",
        "Figures rest on fixed groups of at least %(count)s respondents (by the month their "
        "relationship started); a cohort shows only the groups that lie wholly inside it.",
        MIN_GROUP,
    ) % {"count": MIN_GROUP}


def yes_no(value: bool) -> str:
    """A table's yes/no cell (a chart marks the rows on either side of a target by it)."""
    return gettext("yes") if value else gettext("no")


def range_label(low: int, high: int | None) -> str:
    """A chart's range of days: "0–30 days", or "Over 180 days" for the last, open one."""
    if high is None:
        return gettext("Over %(low)s days") % {"low": low - 1}
    return gettext("%(low)s–%(high)s days") % {"low": low, "high": high}


#: The most months a monthly chart may cover, whatever dates are stored (50 years).
MAX_CHART_MONTHS = 600

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
    intake: str = Intake.ROLLING
    #: The earliest date the system itself recorded for the scheme: its creation, its first
    #: submitted application or its first relationship (never a date a member typed).
    created_at: datetime | None = None
    first_application: datetime | None = None
    first_relationship: date | None = None

    @property
    def began(self) -> date | None:
        days = [as_date(d) for d in (self.created_at, self.first_application) if d]
        days += [self.first_relationship] if self.first_relationship else []
        return min(days, default=None)


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
        first_application = Subquery(
            Application.objects.filter(scheme=OuterRef("pk"), submitted_at__isnull=False)
            .order_by()
            .values("scheme")
            .annotate(first=Min("submitted_at"))
            .values("first")
        )
        first_relationship = Subquery(
            Relationship.objects.filter(scheme=OuterRef("pk"))
            .order_by()
            .values("scheme")
            .annotate(first=Min("started_on"))
            .values("first")
        )
        rules = tuple(
            SchemeRules(*row)
            for row in schemes.order_by("name", "pk")
            .annotate(first_application=first_application, first_relationship=first_relationship)
            .values_list(
                "pk",
                "name",
                "kind",
                "target_window_days",
                "momentum_weeks",
                "demand_threshold",
                "over_threshold_action",
                "intake",
                "created_at",
                "first_application",
                "first_relationship",
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

    @property
    def chart_start(self) -> date:
        """The first day any chart of this scope may show: the schemes' life (the earliest
        date the system recorded for them) and the cohort's start, and never more than
        ``MAX_CHART_MONTHS`` before today. The one owner of a figure's range: stored dates
        outside it (a session planned for year 1) are left out of the charts."""
        floor = months_back(self.today, MAX_CHART_MONTHS - 1)
        began = min((r.began for r in self.rules if r.began), default=self.today)
        return max(floor, began.replace(day=1), self.start or floor)

    def chart_months(self, seen: Iterable[date]) -> list[date]:
        """The months a monthly chart covers: from the first month with data to the last,
        clamped to ``chart_start`` and today's month (at most ``MAX_CHART_MONTHS``)."""
        first_allowed, last_allowed = self.chart_start.replace(day=1), self.today.replace(day=1)
        inside = [m for m in seen if first_allowed <= m <= last_allowed]
        return months(min(inside), max(inside)) if inside else []

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


def month_label(day: date) -> str:
    """A chart's or table's month in words, in the locale's format ("Jul 2026")."""
    return date_format(day, "M Y")


def months(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month to ``last``'s, inclusive."""
    out = []
    current = first.replace(day=1)
    while current <= last:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def months_back(day: date, count: int) -> date:
    """The first day of the month ``count`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - count
    return date(max(index // 12, 1), index % 12 + 1, 1) if index >= 12 else date(1, 1, 1)


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
