"""``{% flash_links %}``: the signed-in member's way into the flash mentoring schemes they
were accepted to (book a conversation, or offer times), for their dashboard:
``{% load sessions_log_flash %}{% flash_links %}``."""

from __future__ import annotations

from typing import Any

from django import template

from ..flash_selectors import flash_roles_for

register = template.Library()


@register.inclusion_tag("sessions_log/includes/flash_links.html", takes_context=True)
def flash_links(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"flash_roles": []}
    return {"flash_roles": flash_roles_for(user=user)}
