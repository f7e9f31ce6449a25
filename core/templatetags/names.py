"""Lists of people as one value, so a sentence naming them is one translatable string.

``{% blocktranslate with names=others|names %}`` gives "Ann, Bo" and, in an HTML email,
``others|strong_names`` gives "<strong>Ann</strong>, <strong>Bo</strong>" (escaped). A
person is a user or a dict with a ``display_name`` (the reminder sweeps pass dicts).
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html_join

register = template.Library()


def _name(person: Any) -> str:
    """The name itself, not a copy: the batch renderer passes marked strings (``str``
    subclasses) and reads how the template printed them."""
    name = person.get("display_name", "") if isinstance(person, dict) else person
    return name if isinstance(name, str) else str(getattr(name, "display_name", name))


@register.filter
def names(people: Iterable[Any]) -> str:
    """The names joined by commas, as typed (the template escapes them if it escapes)."""
    return ", ".join(_name(person) for person in people)


@register.filter
def strong_names(people: Iterable[Any]) -> str:
    """Each name in bold, escaped, joined by commas."""
    return format_html_join(", ", "<strong>{}</strong>", ((_name(p),) for p in people))
