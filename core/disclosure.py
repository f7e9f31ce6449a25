"""The disclosure rule for every aggregate of members' answers that staff see: averages of
feedback scores and self-ratings on the dashboard, in its CSV downloads, in the evaluation
report and in the admin.

Why blocks: a "fewer than five respondents" rule applied to each query separately does not
hold across queries. Two overlapping cohorts of 7 and 6 respondents both pass it, and
``7 × 3.86 − 6 × 4.17 = 2`` is the answer of the one member who is in the first and not in
the second. So the people behind a figure are never chosen by the query. The system cuts a
measure's respondents into fixed, non-overlapping *blocks* of consecutive periods (calendar
months of the relationship's start), each holding at least ``MIN_GROUP`` *protected*
respondents (those whose answers staff may not read one by one), and merges a trailing
remainder into the block before it. The blocks depend on the whole scheme's data, never on
the query. A query (a cohort, a scheme, the admin's list) is answered with the union of the
blocks that lie wholly inside it, or not at all.

What this guarantees: any set of figures a coordinator can obtain at one time, combined in
any way (sums, differences), determines at most the sum of one or more whole blocks, and a
block's sum, less any answers the coordinator may read individually, is the sum of at least
``MIN_GROUP`` protected answers: never one person's answer.

What it does not: figures read at different times differ by the answers given in between
(a new answer changes its block's average). The blocks are per measure, so the rule does not
stop anyone from learning what a group of five or more answered on average, nor that they
all answered alike.

This module has no domain knowledge: callers give it rows grouped by period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

#: The fewest protected respondents a released figure may rest on.
MIN_GROUP = 5

RULE_NOTE = format_lazy(
    _(
        "Figures rest on fixed groups of at least {min_group} respondents (by the month their "
        "relationship started); a cohort shows only the groups that lie wholly inside it."
    ),
    min_group=MIN_GROUP,
)


@dataclass(frozen=True)
class Group:
    """Respondents of one measure over a span of days (``first``..``last``, inclusive).

    ``people`` answered; ``protected`` of them did not agree that staff read their answers
    individually; ``sums`` are the totals of each value averaged (for example the baseline
    and the exit score)."""

    first: date
    last: date
    people: int
    protected: int
    sums: tuple[float, ...]

    def __add__(self, other: Group) -> Group:
        return Group(
            first=min(self.first, other.first),
            last=max(self.last, other.last),
            people=self.people + other.people,
            protected=self.protected + other.protected,
            sums=tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
        )

    def averages(self, digits: int = 2) -> list[float]:
        return [round(total / self.people, digits) for total in self.sums]


def month_span(month: date) -> tuple[date, date]:
    """The first and last day of ``month``'s calendar month."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def blocks(periods: Iterable[Group], *, minimum: int = MIN_GROUP) -> list[Group]:
    """Consecutive periods merged into the fixed blocks that may be released.

    Periods are taken in date order and merged until a block holds ``minimum`` protected
    respondents; a trailing remainder joins the last block. None when the whole holds fewer
    than ``minimum`` protected respondents."""
    done: list[Group] = []
    current: Group | None = None
    for period in sorted(periods, key=lambda g: g.first):
        current = period if current is None else current + period
        if current.protected >= minimum:
            done.append(current)
            current = None
    if current is not None and done:
        done[-1] = done[-1] + current
    return done


def released(
    periods: Iterable[Group],
    *,
    start: date | None = None,
    end: date | None = None,
    minimum: int = MIN_GROUP,
) -> Group | None:
    """What may be shown of a measure for the cohort ``start``..``end`` (inclusive, either
    open): the union of the measure's blocks lying wholly inside it, or None."""
    inside: Sequence[Group] = [
        b
        for b in blocks(periods, minimum=minimum)
        if (start is None or b.first >= start) and (end is None or b.last <= end)
    ]
    if not inside:
        return None
    total = inside[0]
    for block in inside[1:]:
        total = total + block
    return total
