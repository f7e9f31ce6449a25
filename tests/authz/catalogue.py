"""Every URL pattern of the project, found by walking the root resolver (the admin, allauth
and every app included). A pattern is known by its namespaced name, or by its route when
it has no name (the admin's ``<path:object_id>/`` redirects and its final catch-all)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the full route of an unnamed pattern
    route: str  # the full route, for messages
    view: str  # dotted path of the view, for messages


def _walk(resolver: URLResolver, prefix: str, namespace: str | None):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = route
            yield Route(key=key, route=route, view=pattern.lookup_str)


def all_routes() -> list[Route]:
    """Every pattern, once per key (the first one wins, as in URL resolution)."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver(), "", None):
        seen.setdefault(route.key, route)
    return list(seen.values())
