"""Times with their zone named, in the active zone (a builtin: no ``{% load %}`` needed).

``{{ session.scheduled_at|zoned:"D j M Y, H:i" }}`` prints "Tue 3 Mar 2026, 10:00 AEDT";
``zoned_long`` adds the IANA name, for emails: "… 10:00 GMT (Europe/London)".
"""

from datetime import datetime

from django import template

from core.zones import local_with_zone

register = template.Library()


@register.filter
def zoned(value: datetime | None, fmt: str = "j M Y, H:i") -> str:
    # A missing value prints blank, as Django's ``date`` filter does (not an error).
    return local_with_zone(value or None, fmt)


@register.filter
def zoned_long(value: datetime | None, fmt: str = "l j F Y, H:i") -> str:
    return local_with_zone(value or None, fmt, long=True)
