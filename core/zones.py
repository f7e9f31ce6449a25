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


def local_with_zone(value: datetime | None, fmt: str, *, long: bool = False) -> str:
    """``value`` in the active zone, formatted with Django's ``fmt``, followed by the zone's
    abbreviation (and its IANA name when ``long``): "Tuesday 3 March 2026, 10:00 GMT"."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    local = timezone.localtime(value)
    text = f"{date_format(local, fmt)} {zone_abbreviation(local)}"
    if long:
        text = f"{text} ({timezone.get_current_timezone_name()})"
    return text


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
