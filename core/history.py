"""Who made a change, for django-simple-history.

simple_history records the request's user when a change comes through a view with its
middleware; services also run from admin actions, tasks and commands, so each service names
its author explicitly through ``with_history_user`` before it saves.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model

ModelT = TypeVar("ModelT", bound=Model)


def with_history_user(obj: ModelT, user: AbstractBaseUser | None) -> ModelT:
    """Record ``user`` as the author of the next history row of ``obj``, and return ``obj``."""
    obj._history_user = user  # type: ignore[attr-defined]  # simple_history's documented hook
    return obj
