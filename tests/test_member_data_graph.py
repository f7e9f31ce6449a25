"""Every model that leads to a member is in their data export, or left out with a reason.

The walk starts from the user and from the records that are the member's through
membership (their relationships and applications), and adds every model with a foreign
key, one-to-one or many-to-many field to a model already found, until nothing changes.
A scheme is found (through its coordinators) but is not walked through: it is the body's
record, and everything in it would otherwise count as the coordinator's.

Each app's ``member_data`` module declares the models it exports (``EXPORTED``) and those
it leaves out with the reason (``NOT_EXPORTED``). A new model that references a member
fails here until its app's part exports it or says why not.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from mentoring_site.member_data import PART_MODULES, member_data
from schemes.models import Application, Scheme
from sessions_log.models import Relationship
from tests.member_data_world import full_record

#: The records that are a member's through membership (the walk starts from them too).
ANCHORS: tuple[type[Model], ...] = (User, Relationship, Application)
#: Found, but not walked through (see the module's docstring).
NOT_WALKED: tuple[type[Model], ...] = (Scheme,)


def _related(model: type[Model]) -> set[type[Model]]:
    return {
        f.related_model
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete and isinstance(f.related_model, type)
    }


def models_leading_to_a_member() -> set[type[Model]]:
    found: set[type[Model]] = set(ANCHORS)
    walked = set(ANCHORS)
    while True:
        new = {m for m in apps.get_models() if m not in found and _related(m) & walked}
        if not new:
            return found
        found |= new
        walked |= new - set(NOT_WALKED)


def _declared(modules=PART_MODULES) -> tuple[set[type[Model]], dict[type[Model], str]]:
    exported: set[type[Model]] = set()
    excluded: dict[type[Model], str] = {}
    for module in modules:
        exported |= set(module.EXPORTED)
        excluded |= module.NOT_EXPORTED
    return exported, excluded


def missing(modules=PART_MODULES) -> set[str]:
    exported, excluded = _declared(modules)
    return {m._meta.label for m in models_leading_to_a_member() - exported - set(excluded)}


def test_every_model_leading_to_a_member_is_exported_or_excluded_with_a_reason():
    assert missing() == set()
    exported, excluded = _declared()
    assert not exported & set(excluded)
    assert all(len(reason) > 40 for reason in excluded.values())


def test_the_walk_finds_records_reached_only_through_others():
    found = {m._meta.label for m in models_leading_to_a_member()}
    # through a goal, a message, an address, an activity, feedback, an application
    for label in (
        "sessions_log.GoalProgress",
        "sessions_log.MessageReport",
        "account.EmailConfirmation",
        "cpd.Evidence",
        "insights.ReportQuote",
        "matching.ProposalMember",
        "schemes.HistoricalApplication",
    ):
        assert label in found
    # the body's records are not the member's
    for label in ("schemes.NewsItem", "schemes.SchemeEvent", "cpd.Framework"):
        assert label not in found


def test_a_part_left_out_is_noticed():
    without_cpd = tuple(m for m in PART_MODULES if m.__name__ != "cpd.member_data")
    assert {"cpd.Reflection", "cpd.Evidence", "cpd.CpdProfile"} <= missing(without_cpd)


@pytest.mark.django_db
def test_the_export_reads_every_model_it_declares(scheme, mentor, mentee, outsider):
    full_record(scheme, mentee, mentor, outsider)
    exported, _ = _declared()
    with CaptureQueriesContext(connection) as queries:
        member_data(user=mentee)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    unread = {
        m._meta.label for m in exported if connection.ops.quote_name(m._meta.db_table) not in sql
    }
    assert unread == set()
