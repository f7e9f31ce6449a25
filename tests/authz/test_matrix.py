"""The authorization matrix: every URL of the project, requested as every member of the
cast, against the statuses in ``matrix.py`` and ``admin_matrix.py``; and no response
carries a confidential marker to anyone who may not read it (``world.py``).

One world is built per module (inside a transaction rolled back at the end); each cast
member's test runs in a savepoint of it, so refused POSTs that wrongly wrote something
are both reported and undone. Each test lists every mismatch at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .admin_matrix import ADMIN_MODELS, admin_entries, registered_models
from .catalogue import all_routes
from .matrix import ALLAUTH, INSIGHTS, PORTAL, Entry
from .world import (
    ACTION,
    ACTIVITY,
    ADMIN,
    ANON,
    APPLICATION,
    APPLICATION_B,
    CAST,
    CLARIFICATION,
    CONCERN,
    COORD,
    CPD_PROFILE,
    DRAFT_NEWS,
    ENDING,
    EVIDENCE,
    EXPECTATION,
    FEEDBACK_SHARED,
    GOAL,
    GOAL_PROGRESS,
    LOCATION,
    MARKERS,
    MENTEE,
    MESSAGE,
    NOTE,
    OPTION_BIO,
    OTHER_COORD,
    OTHER_MENTOR,
    OTHER_MESSAGE,
    OTHER_PHONE,
    OWN_BIO,
    OWN_MESSAGE,
    OWN_OPTION_REASON,
    OWN_PHONE,
    PARTNER_BIO,
    PARTNER_PHONE,
    PLANNING,
    REFLECTION,
    REPORT_REASON,
    REPORTED,
    REQUEST_MESSAGE,
    RIVAL_NAME,
    RIVAL_REASON,
    SHARED_REFLECTION,
    World,
    rolled_back_world,
)

# What each reader must find somewhere: proof that the markers reach pages at all, so the
# "never shown to anyone else" checks can fail.
MUST_SEE = {
    MENTEE: {
        NOTE,
        LOCATION,
        EXPECTATION,
        GOAL,
        REFLECTION,
        SHARED_REFLECTION,
        EVIDENCE,
        CPD_PROFILE,
        APPLICATION,
        ACTION,
        GOAL_PROGRESS,
        CLARIFICATION,
        ACTIVITY,
        RIVAL_NAME,
        RIVAL_REASON,
        OWN_OPTION_REASON,
        MESSAGE,
        OWN_MESSAGE,
        REPORTED,
        PARTNER_PHONE,
        OWN_PHONE,
        PARTNER_BIO,
        OWN_BIO,
        OPTION_BIO,
        REQUEST_MESSAGE,
    },
    OTHER_MENTOR: {OWN_OPTION_REASON, OTHER_MESSAGE, OTHER_PHONE, OPTION_BIO, REQUEST_MESSAGE},
    COORD: {
        CONCERN,
        ENDING,
        FEEDBACK_SHARED,
        APPLICATION,
        PLANNING,
        DRAFT_NEWS,
        REPORTED,
        REPORT_REASON,
    },
    OTHER_COORD: {APPLICATION_B},
    ADMIN: {
        CONCERN,
        ENDING,
        FEEDBACK_SHARED,
        APPLICATION,
        APPLICATION_B,
        LOCATION,
        REPORTED,
        REPORT_REASON,
    },
}


# Product decisions that widen who may read a marker on one page, (url key, cast) → markers.
# (url name, cast member) -> markers that member may see there although not a reader.
# Empty: the outbox hides the bodies of session emails even from administrators.
EXCEPTIONS: dict[tuple[str, str], set] = {}


def all_entries(world: World) -> dict[str, Entry]:
    return {**PORTAL, **INSIGHTS, **ALLAUTH, **admin_entries(world)}


@pytest.fixture(scope="module")
def authz_world(django_db_setup, django_db_blocker):
    """One world for the module, rolled back at the end."""
    with rolled_back_world(django_db_blocker) as world:
        yield world


@dataclass(frozen=True)
class Request:
    key: str
    label: str
    method: str
    path: str
    expected: int | frozenset[int]
    data: dict
    token_holder: bool
    absent: tuple[str, ...] = ()

    def __str__(self) -> str:
        variant = f" [{self.label}]" if self.label else ""
        return f"{self.key}{variant} {self.method} {self.path}"


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _path(key: str, kwargs: dict) -> str:
    name = key.split("#")[0]
    if "args" in kwargs:  # a positional (regex) pattern
        return reverse(name, args=kwargs["args"])
    if not name.startswith("admin/"):
        return reverse(name, kwargs=kwargs or None)
    # An unnamed admin pattern: fill in its route.
    route = name.replace("(?P<url>.*)$", "<url>")
    return "/" + _CONVERTER.sub(lambda m: str(kwargs[m.group(1)]), route)


def requests_for(cast: str, world: World, entries: dict[str, Entry]) -> list[Request]:
    made = []
    for key, entry in sorted(entries.items()):
        built = entry.kwargs(world)
        variants = built if isinstance(built, list) else [("", built)]
        for label, kwargs in variants:
            path = _path(key, kwargs) + (f"?{entry.query}" if entry.query else "")
            expected = entry.variant_get.get(label, entry.get)
            absent = entry.absent.get(cast, ())
            made.append(
                Request(key, label, "GET", path, expected[cast], {}, entry.token_holder, absent)
            )
            if entry.post is not None and cast in entry.post:
                made.append(
                    Request(
                        key,
                        label,
                        "POST",
                        path,
                        entry.post[cast],
                        entry.data(world),
                        entry.token_holder,
                    )
                )
    return made


_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def writes(queries: list[dict]) -> list[str]:
    """The SQL writes among ``queries`` (but the sign-in session's own row)."""
    return [
        q["sql"][:120]
        for q in queries
        if _WRITE.match(q["sql"]) and "django_session" not in q["sql"]
    ]


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_every_url_has_an_entry_in_the_matrix(authz_world, db):
    entries = all_entries(authz_world)
    missing = [f"{r.key}  ({r.route} → {r.view})" for r in all_routes() if r.key not in entries]
    assert missing == [], "URLs without an entry in tests/authz/matrix_*.py:\n" + "\n".join(missing)


def test_every_admin_model_has_an_object(authz_world, db):
    registered = {m._meta.label_lower for m in registered_models()}
    assert sorted(registered - set(ADMIN_MODELS)) == []


def test_matrix_has_no_stale_entries(authz_world, db):
    keys = {r.key for r in all_routes()}
    stale = [k for k in all_entries(authz_world) if k.split("#")[0] not in keys]
    assert stale == []


@pytest.mark.parametrize("cast", CAST)
def test_authorization_matrix(cast, authz_world, db):
    world = authz_world
    client = Client()
    if cast != ANON:
        client.force_login(world.user(cast))
    entries = all_entries(world)
    wrong: list[str] = []
    leaks: list[str] = []
    seen: set = set()
    for request in requests_for(cast, world, entries):
        try:
            if request.method == "GET":
                response = client.get(request.path)
            else:
                with CaptureQueriesContext(connection) as queries:
                    response = client.post(request.path, request.data)
                written = writes(queries.captured_queries)
                if written:
                    wrong.append(f"{request} as {cast}: a refused POST wrote {written}")
            status, content = response.status_code, body(response)
        except Exception as exc:  # a 500: report it with the others
            wrong.append(f"{request} as {cast}: expected {request.expected}, raised {exc!r}")
            continue
        expected = request.expected
        if status not in (expected if isinstance(expected, frozenset) else {expected}):
            wrong.append(f"{request} as {cast}: expected {request.expected}, got {status}")
        leaks += _leaks(request, cast, content, seen)
    unseen = sorted(m.what for m in MUST_SEE.get(cast, set()) - seen)
    problems = wrong + leaks + [f"{cast} never saw {what}" for what in unseen]
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def _leaks(request, cast: str, content: bytes, seen: set) -> list[str]:
    """What ``content`` shows that ``cast`` must not see; adds the markers it shows to
    ``seen``."""
    found = [
        f"{request} as {cast}: shows {text!r}"
        for text in request.absent
        if text.encode() in content
    ]
    viewer = MENTEE if request.token_holder else cast
    for marker in MARKERS:
        if marker.text.encode() in content:
            seen.add(marker)
            allowed = marker in EXCEPTIONS.get((request.key, cast), ())
            if viewer not in marker.readers and not allowed:
                found.append(f"{request} as {cast}: shows {marker.what} ({marker.text})")
    return found


def test_write_detection_sees_the_owners_write(authz_world, db):
    """The "refused POST wrote nothing" check can fail: the owner's POST writes."""
    client = Client()
    client.force_login(authz_world.user(MENTEE))
    url = reverse("sessions_log:expectation_add", kwargs={"pk": authz_world.rel.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"text": "Mine."})
    assert (response.status_code, bool(writes(queries.captured_queries))) == (302, True)
