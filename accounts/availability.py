"""Availability as weekly windows in the member's own time zone ("Tuesdays 18:00-20:00"),
and the hours two or more members have in common across zones.

A window is stored as text, ``"tue 18:00-20:00"`` (``Window.code``), in the JSON list
``Profile.availability``; members type "Tuesday 18:00-20:00", "weekdays 07:30-08:30" or
"weekends 10:00-12:00". The overlap is computed on real instants of a reference week, so
it is right across zones and daylight saving (``overlap``). Scoring, the session planner
and tests all call the same functions.

Text for people is in the active language: weekday names are Django's (``WEEKDAYS``), the
sentences translatable (``availability_text``). What a member types is read in English and
in the active language ("Tuesday", "tue", or the language's own day names); the stored codes
are always English ("tue 18:00-20:00").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.utils.translation import get_language, gettext, ngettext

from .availability_words import (
    EVERY_DAY,
    WEEKDAY_GROUPS,
    day_name,
    group_word,
    hours_parts,
    join_list,
    local_day_words,
    local_span,
)
from .availability_words import hours_text as hours_text  # matching's hours in common

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
GROUPS = {
    "weekday": DAYS[:5],
    "weekend": DAYS[5:],
    "daily": DAYS,
    "every day": DAYS,
}
# The four coarse local buckets this replaces, as windows (data migration 0008).
LEGACY_BUCKETS = {
    "weekday_morning": [f"{d} 09:00-12:00" for d in DAYS[:5]],
    "weekday_afternoon": [f"{d} 13:00-17:00" for d in DAYS[:5]],
    "weekday_evening": [f"{d} 18:00-21:00" for d in DAYS[:5]],
    "weekend": [f"{d} 10:00-17:00" for d in DAYS[5:]],
}
# The day part is any text without digits: day names in the active language may have
# letters outside a-z (or brackets and spaces, in the tests' pseudo-locale).
_LINE = re.compile(
    r"^\s*(?P<days>\D+?)\s+(?P<start>\d{1,2}(?::\d\d)?)\s*(?:-|–|—|to)\s*"
    r"(?P<end>\d{1,2}(?::\d\d)?)\s*$"
)


class AvailabilityError(ValueError):
    """A window that cannot be read; the message says why, for the member."""


@dataclass(frozen=True, order=True)
class Window:
    """Every ``day`` (0 Monday .. 6 Sunday) from ``start`` to ``end`` minutes after
    midnight, in the member's own zone. ``end`` may be 1440 (midnight at the end)."""

    day: int
    start: int
    end: int

    @property
    def code(self) -> str:
        return f"{DAYS[self.day]} {_hhmm(self.start)}-{_hhmm(self.end)}"

    @property
    def text(self) -> str:
        """As a member types it, in the active language: "Tuesday 18:00-20:00" (read back
        by ``parse_line`` in the same language)."""
        return f"{day_name(self.day)} {_hhmm(self.start)}-{_hhmm(self.end)}"

    @property
    def label(self) -> str:
        """ "Tuesdays 18:00–20:00", in the active language."""
        return gettext("%(weekdays)s %(start)s–%(end)s") % {
            "weekdays": EVERY_DAY[self.day](),
            "start": _hhmm(self.start),
            "end": _hhmm(self.end),
        }


def parse_line(text: str) -> list[Window]:
    """The windows of one typed line: "Tuesday 18:00-20:00", "weekdays 7:30-8:30",
    "tue 18:00-20:00". Raises AvailabilityError with a message for the member."""
    match = _LINE.match(" ".join(text.casefold().split()))
    if not match:
        raise AvailabilityError(
            gettext(
                "“%(line)s” is not a weekly time: write a day and two times, "
                "e.g. Tuesday 18:00-20:00 or weekdays 07:30-08:30."
            )
            % {"line": text.strip()}
        )
    days = _days(match.group("days").strip(), text)
    start, end = _minutes(match.group("start"), text), _minutes(match.group("end"), text)
    if end <= start:
        raise AvailabilityError(
            gettext(
                "“%(line)s” ends before it starts: write a window past midnight as two, "
                "e.g. Friday 22:00-24:00 and Saturday 00:00-01:00."
            )
            % {"line": text.strip()}
        )
    return [Window(day, start, end) for day in days]


def parse_lines(lines: Iterable[str]) -> list[Window]:
    """Every window of ``lines`` (blank lines skipped), sorted, duplicates and overlaps
    merged. Raises AvailabilityError naming every bad line."""
    windows, problems = [], []
    for line in lines:
        if not line.strip():
            continue
        try:
            windows.extend(parse_line(line))
        except AvailabilityError as exc:
            problems.append(str(exc))
    if problems:
        raise AvailabilityError(" ".join(problems))
    return _merge_windows(windows)


def windows_of(codes: Iterable[str]) -> list[Window]:
    """The windows of stored codes (``Profile.availability``); anything unreadable (old
    data) is left out."""
    windows = []
    for code in codes:
        try:
            windows.extend(parse_line(str(code)))
        except AvailabilityError:
            continue
    return _merge_windows(windows)


def codes_of(windows: Iterable[Window]) -> list[str]:
    return [w.code for w in _merge_windows(windows)]


def lines_of(windows: Iterable[Window]) -> list[str]:
    """The windows as a member would type them, in the active language, days with the same
    hours gathered into "weekdays", "weekends" or "every day" ("weekdays 07:00-08:00", not
    five lines); ``parse_lines`` reads them back to the same windows."""
    days_of: dict[tuple[int, int], set[int]] = {}
    for w in _merge_windows(windows):
        days_of.setdefault((w.start, w.end), set()).add(w.day)
    lines: list[tuple[int, int, str]] = []
    for (start, end), days in days_of.items():
        hours = f"{_hhmm(start)}-{_hhmm(end)}"
        for group, members in WEEKDAY_GROUPS.items():
            if set(members) <= days:
                lines.append((members[0], start, f"{group_word(group)} {hours}"))
                days -= set(members)
        lines.extend((day, start, f"{day_name(day)} {hours}") for day in days)
    return [text for _, _, text in sorted(lines)]


# --- overlap across zones ------------------------------------------------------------------

Interval = tuple[datetime, datetime]  # aware, UTC


def week_instants(windows: Sequence[Window], zone: ZoneInfo, monday: date) -> list[Interval]:
    """The real instants (UTC) of ``windows`` in ``zone`` during the week from ``monday``
    (local dates): each window's local wall time on its day, so daylight saving applies."""
    intervals = []
    for w in windows:
        day = monday + timedelta(days=w.day)
        start = _wall(day, w.start, zone)
        end = _wall(day, w.end, zone)
        if end > start:
            intervals.append((start.astimezone(UTC), end.astimezone(UTC)))
    return _merge(intervals)


def overlap(
    people: Sequence[tuple[Sequence[Window], ZoneInfo]], *, week_of: date
) -> list[Interval]:
    """The instants (UTC) in the reference week of ``week_of`` when every one of ``people``
    (their windows, their zone) is free. The first person's week is the reference; the
    others' windows are taken from the week before to the week after, so a window that
    falls in another local week (Monday morning in Sydney is Sunday in London) counts."""
    if not people:
        return []
    monday = week_of - timedelta(days=week_of.weekday())
    first_windows, first_zone = people[0]
    common = week_instants(first_windows, first_zone, monday)
    for windows, zone in people[1:]:
        theirs = []
        for shift in (-7, 0, 7):
            theirs.extend(week_instants(windows, zone, monday + timedelta(days=shift)))
        common = _intersect(common, _merge(theirs))
    return common


def overlap_hours(intervals: Iterable[Interval]) -> float:
    return sum((end - start).total_seconds() for start, end in intervals) / 3600


def overlap_text(intervals: Sequence[Interval], zone: ZoneInfo) -> str:
    """ "3 hours a week in common: Tuesday 19:00–21:00 and Thursday 07:00–08:00 your time
    (Europe/London)" (``zone``: the reader's, named: the sentence travels to pages and
    emails that do not show it), or "no time in common" when there is none."""
    if not intervals:
        return gettext("no time in common")
    number, count = hours_parts(overlap_hours(intervals))
    return ngettext(
        "%(hours)s hour a week in common: %(times)s your time (%(zone)s)",
        "%(hours)s hours a week in common: %(times)s your time (%(zone)s)",
        count,
    ) % {"hours": number, "times": _spans(intervals, zone), "zone": zone.key}


def spans_text(intervals: Sequence[Interval], zone: ZoneInfo) -> str:
    """ "Tuesday 19:00–21:00 and Thursday 07:00–08:00 your time (Europe/London)"
    (``zone``: the reader's)."""
    return gettext("%(times)s your time (%(zone)s)") % {
        "times": _spans(intervals, zone),
        "zone": zone.key,
    }


# --- the same overlap as minutes of one UTC week (matching: many pairs at once) -----------

WEEK_MINUTES = 7 * 1440
Span = tuple[int, int]  # minutes after Monday 00:00 UTC of the reference week


def week_start(week_of: date) -> datetime:
    """Monday 00:00 UTC of the week of ``week_of``: where ``weekly_minutes`` count from."""
    return datetime.combine(week_of - timedelta(days=week_of.weekday()), time(0), tzinfo=UTC)


def weekly_minutes(windows: Sequence[Window], zone: ZoneInfo, *, week_of: date) -> list[Span]:
    """When a member is free, as minutes of the UTC week of ``week_of`` (their windows on
    their local dates of that week, so daylight saving applies), folded onto the week: a
    time that falls before Monday 00:00 UTC or after Sunday 24:00 UTC counts at the same
    weekday and hour of the week, as weekly windows repeat. Two members' ``common_minutes``
    is then ``overlap`` of the two (outside a week whose clocks change)."""
    start = week_start(week_of)
    spans = []
    for first, last in week_instants(windows, zone, start.date()):
        lo = int((first - start).total_seconds() // 60) % WEEK_MINUTES
        hi = lo + int((last - first).total_seconds() // 60)
        if hi <= WEEK_MINUTES:
            spans.append((lo, hi))
        else:
            spans += [(lo, WEEK_MINUTES), (0, hi - WEEK_MINUTES)]
    return _merge(spans)


def common_minutes(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The minutes both ``a`` and ``b`` (sorted, merged spans) are free."""
    return _intersect(list(a), list(b))


def minutes_total(spans: Iterable[Span]) -> int:
    return sum(end - start for start, end in spans)


def minutes_instants(spans: Sequence[Span], week_of: date) -> list[Interval]:
    """``spans`` as instants (UTC) of the week of ``week_of``; a span that runs over the
    end of the week into its start is shown as one."""
    start = week_start(week_of)
    items = [list(s) for s in spans]
    if len(items) > 1 and items[0][0] == 0 and items[-1][1] == WEEK_MINUTES:
        first = items.pop(0)
        items[-1][1] = WEEK_MINUTES + first[1]
    return [(start + timedelta(minutes=lo), start + timedelta(minutes=hi)) for lo, hi in items]


# --- helpers ---------------------------------------------------------------------------------


def _wall(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """The instant the wall clock of ``zone`` shows ``minutes`` after midnight of ``day``
    (a time skipped by a clock change is read with the offset before it, as zoneinfo does)."""
    extra, minutes = divmod(minutes, 1440)
    local = datetime.combine(day + timedelta(days=extra), time(minutes // 60, minutes % 60))
    return local.replace(tzinfo=zone)


_T = TypeVar("_T", datetime, int)


def _merge(intervals: Iterable[tuple[_T, _T]]) -> list[tuple[_T, _T]]:
    merged: list[tuple[_T, _T]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _intersect(a: list[tuple[_T, _T]], b: list[tuple[_T, _T]]) -> list[tuple[_T, _T]]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _merge_windows(windows: Iterable[Window]) -> list[Window]:
    merged: list[Window] = []
    for w in sorted(set(windows)):
        if merged and merged[-1].day == w.day and w.start <= merged[-1].end:
            merged[-1] = Window(w.day, merged[-1].start, max(w.end, merged[-1].end))
        else:
            merged.append(w)
    return merged


def _days(text: str, line: str) -> tuple[int, ...]:
    """The days ``text`` (casefolded) names: in English or the active language, one day
    (its name, abbreviation or plural) or a group (weekdays, weekends, daily)."""
    for candidate in dict.fromkeys((text, text.rstrip("s"))):
        days = _ENGLISH_WORDS.get(candidate) or local_day_words(get_language()).get(candidate)
        if days is not None:
            return days
    raise AvailabilityError(
        gettext("“%(line)s”: “%(text)s” is not a day; use Monday to Sunday, weekdays or weekends.")
        % {"line": line.strip(), "text": text}
    )


def _group(codes: Iterable[str]) -> tuple[int, ...]:
    return tuple(DAYS.index(code) for code in codes)


# The words read as days in any language: what the stored codes and English use.
_ENGLISH_WORDS: dict[str, tuple[int, ...]] = {
    **{name: _group(codes) for name, codes in GROUPS.items()},
    **{
        word: (index,)
        for index, (short, name) in enumerate(zip(DAYS, DAY_NAMES, strict=True))
        for word in (short, name.lower(), name.lower()[:4])
    },
}


def _minutes(text: str, line: str) -> int:
    hours, _, minutes = text.partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if int(minutes or 0) > 59 or value > 1440:
        raise AvailabilityError(
            gettext("“%(line)s”: %(time)s is not a time of day (00:00 to 24:00).")
            % {"line": line.strip(), "time": text}
        )
    return value


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _spans(intervals: Sequence[Interval], zone: ZoneInfo) -> str:
    return join_list([local_span(start, end, zone) for start, end in intervals])
