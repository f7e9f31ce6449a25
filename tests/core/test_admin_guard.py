"""core.admin's guard: the changelist takes lookups only on what an admin shows, filters on
or searches; every registered admin carries it; a delete confirmation names only what was
chosen; the "view on site" shortcut does not tell out-of-scope objects from missing ones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.admin import AdminGuardMixin, GuardedAdminSite, guarded, split_lookup
from cpd import services as cpd_services
from schemes.models import Application
from sessions_log import services as rel_services
from sessions_log.models import Session, SessionMode
from tests.factories import ApplicationFactory
from tests.sessions_log.factories import start_pair

SESSIONS = "admin:sessions_log_session_changelist"


@pytest.fixture
def held(scheme, mentor, mentee):
    relationship = start_pair(scheme, mentor, mentee)
    session = relationship.sessions.get(number=1)
    return rel_services.session_log(
        session=session,
        by=mentee,
        held_on=date(2026, 1, 6),
        duration_minutes=60,
        mode=SessionMode.ONLINE,
        notes="secret plans",
    )


def test_every_registered_admin_carries_the_guard():
    assert isinstance(admin.site, GuardedAdminSite)
    registered = [
        admin.site.get_model_admin(m) for m in apps.get_models() if admin.site.is_registered(m)
    ]
    unguarded = [
        f"{model_admin.model._meta.label}: {type(model_admin).__qualname__}"
        for model_admin in registered
        if not isinstance(model_admin, AdminGuardMixin)
    ]
    assert len(registered) > 30
    assert unguarded == []


def test_a_library_admin_registered_later_is_guarded_too():
    site = GuardedAdminSite(name="probe")
    site.register(Session)  # no admin class: Django's plain ModelAdmin
    model_admin = site.get_model_admin(Session)
    assert isinstance(model_admin, AdminGuardMixin)
    assert guarded(type(model_admin)) is type(model_admin)


@pytest.mark.parametrize("user", ["admin_user", "coordinator"])
def test_a_hidden_field_lookup_is_refused_whether_the_guess_is_right_or_wrong(
    client, request, held, user
):
    """The reproduction: ``?notes__startswith=`` answered by the count of rows."""
    client.force_login(request.getfixturevalue(user))
    right = client.get(reverse(SESSIONS), {"notes__startswith": "secret"})
    wrong = client.get(reverse(SESSIONS), {"notes__startswith": "public"})
    assert (right.status_code, wrong.status_code) == (400, 400)
    assert right.content == wrong.content


@pytest.mark.parametrize(
    "query",
    [
        {"location__contains": "meet"},
        {"notes__isnull": "False"},
        {"relationship__feedback__isnull": "True"},
        {"relationship__scheme__need__contains": "x"},
        {"status__exact": "held", "mode": "online"},
        {"no_such_field": "1"},
    ],
)
def test_other_hidden_lookups_are_refused(client, coordinator, held, query):
    client.force_login(coordinator)
    assert client.get(reverse(SESSIONS), query).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status__exact": "held"},
        {"relationship__scheme__id__exact": "1"},
        {"relationship__id__exact": "1"},
        {"held_on__gte": "2026-01-01"},
        {"q": "1"},
        {"o": "2"},
        {"p": "1"},
    ],
)
def test_what_the_list_shows_filters_or_searches_still_works(client, coordinator, held, query):
    client.force_login(coordinator)
    assert client.get(reverse(SESSIONS), query).status_code == 200


def test_custom_filters_and_date_hierarchy_keep_working(client, admin_user):
    ApplicationFactory()
    client.force_login(admin_user)
    url = reverse("admin:schemes_application_changelist")
    for query in ({"waiting": "lt30"}, {"submitted_at__year": "2026"}, {"scheme__isnull": "True"}):
        assert client.get(url, query).status_code == 200, query
    assert client.get(url, {"hopes__contains": "x"}).status_code == 400


@pytest.mark.parametrize("model", ["schemes_application", "sessions_log_feedbackresponse"])
def test_a_lookup_into_json_answers_is_a_400_not_a_500(client, admin_user, model):
    """``?answers__contains=`` raised NotSupportedError on SQLite (a 500)."""
    client.force_login(admin_user)
    url = reverse(f"admin:{model}_changelist")
    assert client.get(url, {"answers__contains": "x"}).status_code == 400
    assert client.get(url, {"answers__q1__startswith": "x"}).status_code == 400


def test_split_lookup_follows_relations_and_stops_at_transforms():
    fields, rest = split_lookup(Session, "relationship__scheme__id__exact")
    assert ([f.name for f in fields], rest) == (["relationship", "scheme", "id"], ["exact"])
    fields, rest = split_lookup(Application, "answers__q1__contains")
    assert ([f.name for f in fields], rest) == (["answers"], ["q1", "contains"])


def test_the_user_delete_page_counts_cpd_activities_without_their_titles(
    client, admin_user, mentee
):
    cpd_services.manual_activity_create(
        user=mentee,
        title="Course on my burnout",
        activity_type="course",
        role="participant",
        date=date(2026, 1, 10),
        hours=Decimal(2),
        description="",
        standards=[],
    )
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_delete", args=[mentee.pk]))
    assert response.status_code == 200
    assert b"Course on my burnout" not in response.content
    page = response.content.decode()
    assert f"User: {mentee}" in page
    assert "activities</a>: 1" in page or "activities: 1" in page


@pytest.fixture
def shortcut(held):
    relationship = held.relationship
    content_type = ContentType.objects.get_for_model(relationship)
    return lambda pk: reverse(
        "admin:view_on_site", kwargs={"content_type_id": content_type.pk, "object_id": pk}
    )


def test_view_on_site_does_not_tell_out_of_scope_from_missing(
    client, other_coordinator, held, shortcut
):
    client.force_login(other_coordinator)
    out_of_scope = client.get(shortcut(held.relationship_id))
    missing = client.get(shortcut(held.relationship_id + 1000))
    assert (out_of_scope.status_code, missing.status_code) == (404, 404)
    assert out_of_scope.content == missing.content


def test_view_on_site_still_takes_the_coordinator_to_their_object(
    client, coordinator, held, shortcut
):
    client.force_login(coordinator)
    assert client.get(shortcut(held.relationship_id)).status_code == 302


def test_view_on_site_of_an_unregistered_model_is_the_same_404(client, admin_user, held):
    """Session notes have no admin page of their own to lead to: no probing through them."""
    content_type = ContentType.objects.get_for_model(held.relationship.reflections.model)
    client.force_login(admin_user)
    url = reverse(
        "admin:view_on_site", kwargs={"content_type_id": content_type.pk, "object_id": "1"}
    )
    assert client.get(url).status_code == 404


def test_view_on_site_redirects_to_the_page_on_this_site(client, admin_user, held, shortcut):
    """Not to the Sites framework's domain (it was example.com): to the object's path."""
    client.force_login(admin_user)
    response = client.get(shortcut(held.relationship_id))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "sessions_log:relationship", kwargs={"pk": held.relationship_id}
    )
