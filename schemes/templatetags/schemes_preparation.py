"""``{% preparation_status %}``: what the signed-in member must still do before matching,
for their dashboard. One line to include it:
``{% load schemes_preparation %}{% preparation_status %}``."""

from __future__ import annotations

from typing import Any

from django import template

from schemes.selectors import preparation_due_for

register = template.Library()


@register.inclusion_tag("schemes/includes/preparation_status.html", takes_context=True)
def preparation_status(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"preparation_due": [], "request": request}
    return {"preparation_due": preparation_due_for(user=user), "request": request}
