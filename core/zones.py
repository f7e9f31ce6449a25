"""Time zones: IANA names checked against the tz database, and how a time is named on a
page or in an email ("10:00 AEDT").

No domain rule lives here: which zone a person has is ``accounts.zones``'s.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Names kept for compatibility that no person lives in ("EST5EDT", "Etc/GMT+3", "posixrules").
_NOT_PLACES = ("Etc/", "SystemV/", "US/", "posix", "right/")


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """The zones a person chooses from: "Area/City" names and UTC, sorted."""
    names = {
        n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(_NOT_PLACES)
    }
    return tuple(sorted(names | {"UTC"}))


def zone_or_none(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone called ``name``, or None if the tz database has no such zone."""
    if not name or name not in _known():
        return None
    return zoneinfo.ZoneInfo(name)


def validate_zone(name: str) -> None:
    """Refuse a name that is not an IANA time zone (aliases such as Europe/Kiev pass)."""
    if name and zone_or_none(name) is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a time zone: give an IANA name such as Europe/London, "
                "Australia/Sydney or America/Sao_Paulo."
            ),
            code="unknown_zone",
            params={"name": name},
        )


def zone_abbreviation(value: datetime) -> str:
    """The short name of ``value``'s zone at that instant: "GMT", "BST", "AEDT"; zones
    without letters ("-03") as "UTC-03"."""
    name = value.tzname() or ""
    if name and name[0] in "+-":
        return f"UTC{name}"
    return name


def _has_letters_abbreviation(value: datetime) -> bool:
    name = value.tzname() or ""
    return bool(name) and name[0] not in "+-"


def utc_offset_text(value: datetime) -> str:
    """``value``'s offset from UTC as people write it: "UTC−3", "UTC+5:30", "UTC"."""
    offset = value.utcoffset()
    if offset is None or not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes > 0 else "\u2212"  # a real minus sign
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def place_name(zone_name: str) -> str:
    """The place an IANA zone is named after: "America/Sao_Paulo" -> "Sao Paulo"."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def local_with_zone(value: datetime | None, fmt: str, *, long: bool = False) -> str:
    """``value`` in the active zone, formatted with Django's ``fmt``, followed by the zone's
    abbreviation (and its IANA name when ``long``): "Tuesday 3 March 2026, 10:00 GMT".

    A zone whose abbreviation has no letters ("-03": most of South America, Asia, Africa)
    is named by its place and offset instead, long or not: "16:00 (Sao Paulo time, UTC−3)"
    (a bare "UTC-03" reads like a typo, and the place tells which zone it is)."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    local = timezone.localtime(value)
    when = date_format(local, fmt)
    zone_name = timezone.get_current_timezone_name()
    if not _has_letters_abbreviation(local):
        return gettext("%(when)s (%(place)s time, %(offset)s)") % {
            "when": when,
            "place": place_name(zone_name),
            "offset": utc_offset_text(local),
        }
    text = f"{when} {zone_abbreviation(local)}"
    if long:
        text = f"{text} ({zone_name})"
    return text


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
