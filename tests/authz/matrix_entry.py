"""The authorization matrix's entries (``Entry``: what each cast member gets from one URL)
and the helpers the rows (``matrix_*.py``) state statuses and object ids with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .world import ANON, CAST, World

LOGIN = 302  # signed out: redirected to the sign-in page


def _none(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Entry:
    """What each cast member gets from one URL.

    ``get``: the status of a GET by each cast member. ``kwargs`` builds the URL's keyword
    arguments from the world (or a list of ``(label, kwargs)`` to request several
    variants). ``post``: for a view that writes, the status of a POST by each cast member
    it does not belong to (the POST must also change nothing); a cast member missing from
    it is not POSTed as (their POST is a legitimate write). ``token_holder``: the URL holds
    a secret token that is the credential, so its content is judged as read by the token's
    owner (the mentee) whoever sends it.
    """

    get: Mapping[str, int]  # a set of statuses where several are acceptable
    kwargs: Callable[[World], dict | list[tuple[str, dict]]] = _none
    query: str = ""
    post: Mapping[str, int] | None = None
    data: Callable[[World], dict] = _none
    token_holder: bool = False
    variant_get: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    absent: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(CAST, status)


def signed_in(status: int = 200, *, anonymous: int = LOGIN) -> dict[str, int]:
    return {ANON: anonymous, **dict.fromkeys(CAST[1:], status)}


def only(*owners: str, status: int = 200) -> dict[str, int]:
    """A member's own object: the owners get ``status``, every other signed-in person 404."""
    return {ANON: LOGIN, **{c: status if c in owners else 404 for c in CAST[1:]}}


def refused(*owners: str) -> dict[str, int]:
    """POSTs by everyone but the owners: signed out 302, everyone else 404."""
    return {c: s for c, s in only().items() if c not in owners}


MEMBER_POST_ONLY = signed_in(405)  # @login_required @require_POST: a GET is 405


def confirmed(world: World) -> dict:
    """The POST of a confirmation page's "Yes" button (core.confirm)."""
    return {"confirm": "yes"}


def rel_kwargs(world: World, **more) -> dict:
    return {"pk": world.rel.pk, **more}


def obj(world: World, name: str):
    return world.objects[name]
