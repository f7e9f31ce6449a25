"""The admin is no oracle on what it does not show.

For every registered changelist and every confidential field path of its model
(``admin_lookups.probes``), the administrator and the scheme's coordinator request the list
with a lookup whose value is a right guess (a real piece of the field's content, or "it
exists") and with a wrong one: the two answers must not differ, in status or body (apart
from the query echoed back). The same for a search (``?q=``) with each confidential marker
the viewer may not read. No admin searches confidential text, and no list, filter or facet
names a scheme to a coordinator who does not coordinate it.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, quote_plus, urlencode

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

from core.admin import split_lookup

from . import test_matrix
from .admin_lookups import SEARCHABLE_TEXT, is_confidential, probes
from .admin_matrix import registered_models
from .world import ADMIN, COORD, MARKERS, OTHER_COORD

authz_world = test_matrix.authz_world  # the same world, built once for this module

WRONG = "zq-no-such-9"
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _normalised(content: bytes, echoed: list[str]) -> bytes:
    """The page with the queries' values blanked out."""
    for text in sorted(echoed, key=len, reverse=True):
        for form in {text, html.escape(text), quote(text), quote_plus(text)}:
            content = content.replace(form.encode(), b"GUESS")
    return content


def _answer(client: Client, url: str, query: dict[str, str]) -> tuple[object, bytes]:
    try:
        response = client.get(url, query)
    except Exception as exc:  # a 500 is an answer too, and a different one
        return type(exc).__name__, b""
    return response.status_code, _CSRF.sub(b"", response.content)


def _differ(client: Client, url: str, right: dict[str, str], wrong: dict[str, str]) -> bool:
    """Whether the two answers differ, apart from either query echoed back."""
    echoed = [*right.values(), *wrong.values(), urlencode(right), urlencode(wrong)]
    echoed += ["True", "False"]
    (status_r, body_r), (status_w, body_w) = (
        _answer(client, url, right),
        _answer(client, url, wrong),
    )
    return (status_r, _normalised(body_r, echoed)) != (status_w, _normalised(body_w, echoed))


def _request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _guess_pairs(probe) -> list[tuple[dict[str, str], dict[str, str]]]:
    pairs = [({f"{probe.path}__isnull": "False"}, {f"{probe.path}__isnull": "True"})]
    right = probe.value()
    if right is not None:
        pairs.append(({f"{probe.path}__icontains": right}, {f"{probe.path}__icontains": WRONG}))
    return pairs


@pytest.mark.parametrize("cast", [ADMIN, COORD])
def test_no_changelist_answers_a_lookup_on_a_confidential_field(cast, authz_world, db):
    client = Client()
    user = authz_world.user(cast)
    client.force_login(user)
    differ: list[str] = []
    probed = 0
    for model in registered_models():
        url = _changelist(model)
        if client.get(url).status_code != 200:
            continue  # not this cast member's list at all
        model_admin = admin.site.get_model_admin(model)
        for probe in probes(model_admin, _request_as(user)):
            for right, wrong in _guess_pairs(probe):
                probed += 1
                if _differ(client, url, right, wrong):
                    differ.append(f"{url}?{urlencode(right)} (vs {WRONG!r} / isnull)")
    assert probed > 50  # the probes reach the confidential fields at all
    assert differ == [], f"{len(differ)} lookups answer as {cast}:\n" + "\n".join(differ)


@pytest.mark.parametrize("cast", [ADMIN, COORD])
def test_no_changelist_search_finds_a_marker_the_viewer_may_not_read(cast, authz_world, db):
    client = Client()
    client.force_login(authz_world.user(cast))
    differ = []
    for model in registered_models():
        model_admin = admin.site.get_model_admin(model)
        url = _changelist(model)
        if not model_admin.search_fields or client.get(url).status_code != 200:
            continue
        for marker in MARKERS:
            if cast in marker.readers:
                continue
            wrong = "CONF-" + WRONG
            if _differ(client, url, {"q": marker.text}, {"q": wrong}):
                differ.append(f"{url}?q={marker.text} ({marker.what})")
    assert differ == [], "\n".join(differ)


def test_the_lookup_check_can_fail(authz_world, db):
    """Without the guard, Django answers ``?notes__icontains=`` by the count of rows."""
    from core.admin import AdminGuardMixin

    session_admin = admin.site.get_model_admin(authz_world.objects["session_held"].__class__)
    client = Client()
    client.force_login(authz_world.user(ADMIN))
    url = _changelist(session_admin.model)
    guard = AdminGuardMixin.lookup_allowed
    try:
        AdminGuardMixin.lookup_allowed = lambda self, lookup, value, request=None: True  # type: ignore[method-assign]
        statuses = [
            _answer(client, url, {"notes__icontains": guess})[0] for guess in ("CONF-NOTE", WRONG)
        ]
        differ = _differ(
            client, url, {"notes__icontains": "CONF-NOTE"}, {"notes__icontains": WRONG}
        )
    finally:
        AdminGuardMixin.lookup_allowed = guard  # type: ignore[method-assign]
    assert statuses == [200, 200]
    assert differ


def test_no_admin_searches_confidential_text(db):
    found = []
    for model in registered_models():
        model_admin = admin.site.get_model_admin(model)
        for name in model_admin.search_fields:
            fields, _ = split_lookup(model, str(name).lstrip("^=@"))
            field = fields[-1] if fields else None
            if field is None:
                found.append(f"{model._meta.label}: {name} is not a field")
                continue
            label = f"{field.model._meta.label_lower}.{field.name}"
            free_text = isinstance(field, (models.TextField, models.JSONField))
            if is_confidential(field) or (free_text and label not in SEARCHABLE_TEXT):
                found.append(f"{model._meta.label}: {name} ({label})")
    assert found == []


def test_no_list_or_filter_names_another_coordinators_scheme(authz_world, db):
    """Scheme filters, related-object filters (a relationship or an event names its
    scheme) and their facet counts, as the coordinator of scheme B."""
    objects = authz_world.objects
    names = [
        authz_world.scheme_a.name,
        objects["scheme_draft"].name,
        objects["draft_event"].title,  # an event filter names events, not their scheme
        objects["report"].title,
    ]
    client = Client()
    client.force_login(authz_world.user(OTHER_COORD))
    shown = []
    for model in registered_models():
        url = _changelist(model)
        for query in ({}, {"_facets": "1"}):
            response = client.get(url, query)
            shown += [f"{url}?{urlencode(query)}: {n}" for n in names if n in response.text]
    assert shown == []
