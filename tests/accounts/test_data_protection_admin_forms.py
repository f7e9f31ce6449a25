"""The data-protection admin's forms: retention periods grouped by what they erase with
their defaults said, and the erasure request's person found by name or email (an
autocomplete only administrators can query)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADD_REQUEST = reverse("admin:accounts_erasurerequest_add")
AUTOCOMPLETE = reverse("admin:autocomplete")
SEARCH = {"app_label": "accounts", "model_name": "erasurerequest", "field_name": "user"}


def test_retention_settings_are_grouped_with_their_defaults(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:accounts_retentionsettings_add"))

    fieldsets = [(fs.name, fs.description) for fs in response.context["adminform"]]
    assert fieldsets == [
        (
            "Relationships and applications",
            "Defaults: 730 days for confidential content of ended relationships; 365 days for "
            "declined and withdrawn applications.",
        ),
        (
            "Emails and change history",
            "Defaults: 90 days for email bodies; 730 days for history records.",
        ),
        (
            "Accounts and erasure requests",
            "Defaults: 2190 days for inactive accounts; 30 days for erasure requests carried "
            "out automatically after.",
        ),
    ]


def test_erasure_request_finds_the_person_by_name(client, admin_user, mentee):
    mentee.first_name, mentee.last_name = "Siobhán", "O'Neill"
    mentee.save()
    client.force_login(admin_user)

    form = client.get(ADD_REQUEST).content.decode()
    found = client.get(AUTOCOMPLETE, {**SEARCH, "term": "Siob"}).json()

    assert 'class="admin-autocomplete' in form
    # the email beside the name: namesakes are common and erasure cannot be undone
    assert found["results"] == [{"id": str(mentee.pk), "text": f"Siobhán O'Neill <{mentee.email}>"}]


def test_coordinators_can_neither_add_requests_nor_search_people(client, coordinator, mentee):
    client.force_login(coordinator)

    assert client.get(ADD_REQUEST).status_code == 403
    assert client.get(AUTOCOMPLETE, {**SEARCH, "term": "mentee"}).status_code == 403


def test_an_unknown_person_is_refused_on_the_field(client, admin_user):
    client.force_login(admin_user)

    response = client.post(ADD_REQUEST, {"user": "999999", "reason": "Asked by phone."})

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["user"]
    assert response.context["adminform"].form["reason"].value() == "Asked by phone."
