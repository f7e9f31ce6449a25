"""Rendering: every email is three templates, ``templates/emails/<name>_subject.txt``,
``<name>.txt`` and ``<name>.html``, rendered by one helper (``_render_three``).

``render_email`` renders one email (the single path, ``outbox.notify``); ``render_emails``
renders many of one template at once (the batch path, ``outbox.notify_batch``).
Boundary: returns (subject, text, HTML); it records and sends nothing.
"""

from __future__ import annotations

import html
import logging
import re
import secrets
from collections.abc import Hashable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..languages import language_or_default, zone_and_language_of
from ..models import User
from ..zones import zone_or_default
from .links import preferences_url

logger = logging.getLogger(__name__)


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render subject, text body and HTML body of ``templates/emails/<template>``, with
    times in the recipient's zone and words in their language (``context["recipient"]``;
    the site's zone and language without one)."""
    return _render_full(template, _base_context(context))


# --- many emails of one template (the batch path of the outbox) --------------------------
#
# Rendering a template costs about 0.4 ms; a sweep can decide 50,000 emails. The contexts
# of one sweep differ mostly in strings (names, links), so the templates are rendered once
# per *shape* with a marker in place of each string, and each email is filled in by string
# substitution: the string itself where Django printed it plain, HTML-escaped where Django
# escaped it (the marker knows which, see ``_Slot``). A context is walked through its dicts,
# lists and tuples: a ``str`` leaf is substituted; anything else (dates, numbers, None, model
# instances, ``Fixed`` strings) is rendered by the template and is part of the shape, so
# filters and comparisons see the real value. The rule for templates of the batch path:
# a plain ``str`` may only be printed or tested for emptiness; a string that is filtered or
# compared must be passed as ``Fixed``. The first email of each shape is also rendered in
# full and compared: a template that breaks the rule is logged and rendered in full.


class Fixed(str):
    """A string the template filters or compares: rendered by the template, not substituted."""


class _Slot(str):
    """The marker printed in place of a string; its escaped form is a second marker."""

    escaped: str

    def __html__(self) -> str:  # what ``conditional_escape`` prints under autoescape
        return self.escaped


# Leaves rendered by the template and compared by value (str subclasses: Fixed, SafeString).
_BY_VALUE = (type(None), bool, int, float, Decimal, date, datetime, time, timedelta, str)
_MARK = re.compile("\ue000([0-9a-f]+):([0-9]+)(e?)\ue001")


def _shape(value: Any, leaves: list[str]) -> Hashable:
    """The shape of ``value`` (what the template sees apart from non-empty strings); the
    non-empty strings are appended to ``leaves`` in a fixed order."""
    kind = type(value)
    if kind is str:
        if value:
            leaves.append(value)
            return 1
        return 0
    if kind is dict:
        return tuple((k, _shape(v, leaves)) for k, v in value.items())
    if kind is list or kind is tuple:
        return (kind, tuple(_shape(v, leaves) for v in value))
    if isinstance(value, _BY_VALUE):
        return (kind, value)
    return (id, id(value))  # an object (a model instance): the same object, the same shape


def _stencil_context(value: Any, nonce: str, counter: list[int]) -> Any:
    """``value`` with each non-empty string replaced by a numbered marker (same order as
    ``_shape``)."""
    kind = type(value)
    if kind is str:
        if not value:
            return value
        number = counter[0]
        counter[0] += 1
        slot = _Slot(f"\ue000{nonce}:{number}\ue001")
        slot.escaped = f"\ue000{nonce}:{number}e\ue001"
        return slot
    if kind is dict:
        return {k: _stencil_context(v, nonce, counter) for k, v in value.items()}
    if kind is list or kind is tuple:
        return kind(_stencil_context(v, nonce, counter) for v in value)
    return value


def _parts(rendered: str, nonce: str) -> list[str | tuple[int, bool]]:
    """A rendered stencil cut into literal text and (string number, escaped) places."""
    parts: list[str | tuple[int, bool]] = []
    position = 0
    for match in _MARK.finditer(rendered):
        if match.group(1) != nonce:
            continue
        parts.append(rendered[position : match.start()])
        parts.append((int(match.group(2)), bool(match.group(3))))
        position = match.end()
    parts.append(rendered[position:])
    return parts


def _fill(parts: list[str | tuple[int, bool]], leaves: list[str], escaped: list) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        number, is_escaped = part
        if is_escaped:
            if escaped[number] is None:
                # What django.utils.html.escape returns, without its lazy-string wrapper.
                escaped[number] = html.escape(leaves[number])
            out.append(escaped[number])
        else:
            out.append(leaves[number])
    return "".join(out)


def _clean_subject(subject: str) -> str:
    return " ".join(subject.split())


def _base_context(context: dict[str, Any]) -> dict[str, Any]:
    zone, language = zone_and_language_of(context.get("recipient"))
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "preferences_url": preferences_url(context.get("recipient")),
        "time_zone": Fixed(zone),
        "language": Fixed(language),
        **context,
    }


def render_emails(template: str, contexts: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Subject, text and HTML of ``template`` for each of ``contexts``, rendered once per
    shape (see above). The contexts are complete (``batch_context``)."""
    shaped = []
    groups: dict[Hashable, list[int]] = {}
    for index, context in enumerate(contexts):
        leaves: list[str] = []
        groups.setdefault(_shape(context, leaves), []).append(index)
        shaped.append(leaves)
    results: list[tuple[str, str, str]] = [("", "", "")] * len(contexts)
    for members in groups.values():
        first = members[0]
        full = _render_full(template, contexts[first])
        results[first] = full
        if len(members) == 1:
            continue
        nonce = secrets.token_hex(4)
        stencil = _render_three(template, _stencil_context(contexts[first], nonce, [0]))
        cut = [_parts(rendered, nonce) for rendered in stencil]
        if _fill_three(cut, shaped[first]) != full:
            logger.error("Email template %s breaks the stencil rule; rendered in full", template)
            for index in members[1:]:
                results[index] = _render_full(template, contexts[index])
            continue
        for index in members[1:]:
            results[index] = _fill_three(cut, shaped[index])
    return results


def batch_context(
    *,
    user: User | None,
    context: dict[str, Any],
    preferences: str,
    time_zone: str = "",
    language: str = "",
) -> dict[str, Any]:
    """The complete context of one email of the batch path. The recipient is reduced to the
    strings templates print (``recipient.display_name``) so that recipients share a shape;
    their zone (``time_zone``, blank for the site's) and language (``language``, blank for
    the site's) are part of the shape."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "preferences_url": preferences,
        "time_zone": Fixed(time_zone),
        "language": Fixed(language),
        "recipient": {"display_name": user.display_name} if user is not None else None,
        **context,
    }


def _render_three(template: str, ctx: dict[str, Any]) -> tuple[str, str, str]:
    """The one place the three templates of an email are rendered (raw subject), in the
    recipient's time zone (``ctx["time_zone"]``) and language (``ctx["language"]``),
    whatever zone and language the caller has active."""
    zone = zone_or_default(ctx.get("time_zone") or "")
    language = language_or_default(ctx.get("language") or "")
    with timezone.override(zone), translation.override(language):
        return (
            render_to_string(f"emails/{template}_subject.txt", ctx),
            render_to_string(f"emails/{template}.txt", ctx),
            render_to_string(f"emails/{template}.html", ctx),
        )


def _render_full(template: str, ctx: dict[str, Any]) -> tuple[str, str, str]:
    subject, text, body_html = _render_three(template, ctx)
    return _clean_subject(subject), text, body_html


def _fill_three(cut: list, leaves: list[str]) -> tuple[str, str, str]:
    escaped: list[str | None] = [None] * len(leaves)
    subject, text, body_html = (_fill(parts, leaves, escaped) for parts in cut)
    return _clean_subject(subject), text, body_html
