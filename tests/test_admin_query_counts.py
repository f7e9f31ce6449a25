"""Every admin changelist asks the same number of queries for a few rows and for many.

One world (``tests/authz/world.py``: one object of every registered model, built with the
factories and services) is built for the module; for each model the administrator's
changelist is counted with the world's rows (one or a few), then again after ``MORE`` more
rows, copied from the world's object of that model (``ADMIN_MODELS``) with their unique
fields made unique and, where a row is one per scheme, user or relationship, a fresh one
of those. A changelist whose queries grow with its rows fails here, naming the model.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.authz.admin_matrix import ADMIN_MODELS, registered_models
from tests.authz.world import ADMIN, World, rolled_back_world
from tests.factories import SchemeFactory, UserFactory
from tests.matching.factories import accepted

pytestmark = pytest.mark.django_db

MORE = 6


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module, rolled back at the end."""
    with rolled_back_world(django_db_blocker) as world:
        yield world


def _copy(obj: models.Model, i: int, **changes: Any) -> models.Model:
    """A saved copy of ``obj``: unique text fields suffixed with ``i``, then ``changes``."""
    clone = copy.copy(obj)
    clone._state = ModelState()  # noqa: SLF001 (Django documents copying a row this way)
    clone.pk = None
    in_constraints = {
        name
        for c in obj._meta.constraints
        if isinstance(c, models.UniqueConstraint)
        for name in c.fields
    }
    for f in obj._meta.concrete_fields:
        unique = (f.unique and not f.primary_key) or f.name in in_constraints
        if unique and isinstance(f, models.CharField):
            value = f"c{i}-{getattr(obj, f.attname)}"
            setattr(clone, f.attname, value[: f.max_length])
    for name, value in changes.items():
        setattr(clone, name, value)
    clone.save()
    return clone


def _user(i: int, **kwargs: Any):
    return UserFactory(email=f"more-{i}@example.org", **kwargs)


def _scheme(w: World, i: int):
    return SchemeFactory(coordinators=list(w.scheme_a.coordinators.all()))


# Rows that are one per scheme, user, relationship or (event, user): a fresh one each.
FRESH: dict[str, Callable[[World, int], dict[str, Any]]] = {
    "schemes.scheme": lambda w, i: {"slug": f"more-{i}", "name": f"More {i}"},
    "schemes.application": lambda w, i: {"applicant": _user(i)},
    "schemes.eventattendance": lambda w, i: {"user": _user(i)},
    "schemes.subscription": lambda w, i: {"email": f"more-{i}@example.org"},
    "schemes.applicationform": lambda w, i: {"scheme": _scheme(w, i)},
    "matching.matchingsettings": lambda w, i: {"scheme": _scheme(w, i)},
    "cpd.schemecpdsetting": lambda w, i: {"scheme": _scheme(w, i)},
    "accounts.emailpreference": lambda w, i: {"user": _user(i)},
    "accounts.erasurerequest": lambda w, i: {"user": _user(i)},
    # one row in use; copies take explicit ids (PostgreSQL's sequence never saw id 1)
    "accounts.retentionsettings": lambda w, i: {"id": 100 + i},
    "accounts.expertisearea": lambda w, i: {"label": f"More {i}"},  # unique ignoring case
    "sessions_log.session": lambda w, i: {"number": 100 + i},
    "sessions_log.ending": lambda w, i: {"relationship": _copy(w.rel, i)},
    "sessions_log.messagereport": lambda w, i: {"message": _copy(w.objects["message"], i)},
    "sessions_log.feedbackresponse": lambda w, i: {"relationship": _copy(w.rel_done, i)},
    "account.emailaddress": lambda w, i: {
        "user": (u := _user(i, verified=False)),
        "email": u.email,
    },
    "matching.proposal": lambda w, i: {"relationship": None},
    "sessions_log.flashslot": lambda w, i: {"relationship": None, "mentor": _user(i)},
    # One waiting request per pair: a fresh mentee each.
    "matching.mentorrequest": lambda w, i: {
        "mentee_application": accepted(w.objects["scheme_directory"], user=_user(i)),
        "proposal": None,
    },
    "sessions_log.evaluationdimension": lambda w, i: {"name": f"Dimension {i}"},
    "mfa.authenticator": lambda w, i: {"user": _user(i)},
    "django_celery_beat.solarschedule": lambda w, i: {"latitude": i},
}


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.context["cl"].result_count


@pytest.mark.parametrize("label", sorted(m._meta.label_lower for m in registered_models()))
def test_changelist_queries_do_not_grow_with_rows(client, world, label):
    model = next(m for m in registered_models() if m._meta.label_lower == label)
    assert admin.site.is_registered(model)
    client.force_login(world.user(ADMIN))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with transaction.atomic():
        few_queries, few = _count(client, url)
        template = ADMIN_MODELS[label].obj(world)
        for i in range(MORE):
            _copy(template, i, **FRESH.get(label, lambda w, i: {})(world, i))
        many_queries, many = _count(client, url)
        transaction.set_rollback(True)
    assert few >= 1
    assert many == few + MORE
    assert many_queries == few_queries, (
        f"{label}: {few_queries} queries for {few} rows, {many_queries} for {many}"
    )
