"""The words of weekly availability in the active language (``accounts.availability``):
weekday names (Django's ``WEEKDAYS``, already translated), the words a member may type for
days, hours in common, spans of time and lists.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

#: The day groups a member may type, largest first (``availability.lines_of`` tries them in
#: this order).
WEEKDAY_GROUPS = {"every day": tuple(range(7)), "weekdays": (0, 1, 2, 3, 4), "weekends": (5, 6)}


def day_name(index: int) -> str:
    """The weekday ``index`` (0 Monday) in the active language (Django's own names)."""
    return str(WEEKDAYS[index])


# Every such weekday ("Tuesdays 18:00–20:00"), in the active language.
EVERY_DAY = (
    lambda: pgettext("every week", "Mondays"),
    lambda: pgettext("every week", "Tuesdays"),
    lambda: pgettext("every week", "Wednesdays"),
    lambda: pgettext("every week", "Thursdays"),
    lambda: pgettext("every week", "Fridays"),
    lambda: pgettext("every week", "Saturdays"),
    lambda: pgettext("every week", "Sundays"),
)


def group_word(group: str) -> str:
    """The word a member types for a day group of ``WEEKDAY_GROUPS``, in the active
    language."""
    words = {
        "every day": pgettext("availability", "every day"),
        "weekdays": pgettext("availability", "weekdays"),
        "weekends": pgettext("availability", "weekends"),
    }
    return words[group]


@functools.lru_cache(maxsize=16)
def local_day_words(language: str | None) -> dict[str, tuple[int, ...]]:
    """The words read as days in ``language`` (the active one): its day names, their
    abbreviations and plurals, and its words for weekdays, weekends and every day."""
    words = {group_word(group): days for group, days in WEEKDAY_GROUPS.items()}
    for index in range(7):
        for name in (WEEKDAYS[index], WEEKDAYS_ABBR[index], EVERY_DAY[index]()):
            words[str(name)] = (index,)
    return {" ".join(word.casefold().split()): days for word, days in words.items()}


def local_span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """ "Tuesday 19:00–21:00", or "Friday 22:00–Saturday 01:00" across midnight."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    if b.date() == a.date() or (b - timedelta(microseconds=1)).date() == a.date():
        last = "24:00" if b.date() != a.date() else f"{b:%H:%M}"
        return gettext("%(day)s %(start)s–%(end)s") % {
            "day": day_name(a.weekday()),
            "start": f"{a:%H:%M}",
            "end": last,
        }
    return gettext("%(day)s %(start)s–%(end_day)s %(end)s") % {
        "day": day_name(a.weekday()),
        "start": f"{a:%H:%M}",
        "end_day": day_name(b.weekday()),
        "end": f"{b:%H:%M}",
    }


def hours_parts(hours: float) -> tuple[str, int]:
    """``hours`` to the quarter hour, as the active language writes the number ("1.5",
    "1,5"), and the count that chooses the plural (a fraction takes the "many" form)."""
    rounded = round(hours * 4) / 4
    number = number_format(Decimal(f"{rounded:g}"))
    return number, int(rounded) if rounded.is_integer() else 2


def hours_text(hours: float) -> str:
    """ "3 hours", "1 hour", "1.5 hours" (to the quarter hour), in the active language."""
    number, count = hours_parts(hours)
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": number}


def join_list(parts: list[str]) -> str:
    """ "A", "A and B", "A, B and C", in the active language."""
    if len(parts) == 1:
        return parts[0]
    return gettext("%(items)s and %(last)s") % {
        "items": pgettext("list separator", ", ").join(parts[:-1]),
        "last": parts[-1],
    }
