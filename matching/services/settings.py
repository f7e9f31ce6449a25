"""A scheme's matching settings, made with the scheme (``insights.services.scheme_create``)
so its first run already applies its own rules, with defaults that suit its kind."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from schemes.models import Scheme, SchemeKind

from ..models import MatchingSettings

# What differs from the model's defaults, by kind. Buddies are near-peers, not mentors: a
# small experience gap reads as a good match.
KIND_DEFAULTS: dict[str, dict[str, Any]] = {
    SchemeKind.BUDDY: {"gap_min_years": 0, "gap_max_years": 3},
}


def matching_settings_defaults(*, kind: str) -> dict[str, Any]:
    """The settings a new scheme of ``kind`` starts with, beyond the model's defaults."""
    return dict(KIND_DEFAULTS.get(kind, {}))


@transaction.atomic
def matching_settings_create(*, scheme: Scheme) -> MatchingSettings:
    """The scheme's settings, created with its kind's defaults if it has none yet.
    Side effects: none."""
    found = MatchingSettings.objects.filter(scheme=scheme).first()
    if found is not None:
        return found
    created = MatchingSettings(scheme=scheme, **matching_settings_defaults(kind=scheme.kind))
    created.full_clean()
    created.save()
    return created
