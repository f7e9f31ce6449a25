"""Who made a change, for django-simple-history.

simple_history records the request's user when a change comes through a view with its
middleware; services also run from admin actions, tasks and commands, so each service names
its author explicitly through ``with_history_user`` before it saves. Erasure and retention
reach the history rows too (``history_scrub``, ``history_prune``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model

ModelT = TypeVar("ModelT", bound=Model)


def with_history_user(obj: ModelT, user: AbstractBaseUser | None) -> ModelT:
    """Record ``user`` as the author of the next history row of ``obj``, and return ``obj``."""
    obj._history_user = user  # type: ignore[attr-defined]  # simple_history's documented hook
    return obj


def history_scrub(model: type[Model], pks: Iterable[Any], values: dict[str, Any]) -> int:
    """Write ``values`` into every history row of the ``model`` objects ``pks`` (what
    erasure and retention wrote into the objects themselves); the number of rows."""
    history = getattr(model, "history", None)
    if history is None:
        return 0
    return history.filter(**{f"{model._meta.pk.attname}__in": list(pks)}).update(**values)


def history_prune(model: type[Model], *, before: datetime) -> int:
    """Delete the history rows of ``model`` recorded before ``before``; the number."""
    history = getattr(model, "history", None)
    if history is None:
        return 0
    deleted, _ = history.filter(history_date__lt=before).delete()
    return deleted
