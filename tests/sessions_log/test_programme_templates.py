"""Coordinators' own programme templates: they add and change their own, use the body's
and see those their schemes use; administrators keep the body's."""

import pytest
from django.urls import reverse

from sessions_log.models import ProgrammeTemplate
from sessions_log.rules import programme_template_editable_by, programme_templates_usable_by

ADD = reverse("admin:sessions_log_programmetemplate_add")
LIST = reverse("admin:sessions_log_programmetemplate_changelist")


def _change(template):
    return reverse("admin:sessions_log_programmetemplate_change", args=[template.pk])


def _post(client, url, name="Six sessions, six months", **more):
    data = {
        "name": name,
        "description": "",
        "min_sessions": 6,
        "duration_months": 6,
        "steps-TOTAL_FORMS": 0,
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        **more,
    }
    return client.post(url, data)


@pytest.fixture
def body_template(db):
    return ProgrammeTemplate.objects.create(name="Body six months", duration_months=6)


def test_a_coordinator_adds_a_template_of_their_own(client, coordinator):
    client.force_login(coordinator)
    response = _post(client, ADD)

    assert response.status_code == 302, response.content
    template = ProgrammeTemplate.objects.get(name="Six sessions, six months")
    assert template.owner == coordinator
    assert _post(client, _change(template), name="Renamed").status_code == 302
    template.refresh_from_db()
    assert template.name == "Renamed"


def test_coordinators_use_but_never_change_the_bodys_or_each_others(
    client, coordinator, other_coordinator, body_template
):
    theirs = ProgrammeTemplate.objects.create(
        name="Theirs", duration_months=3, owner=other_coordinator
    )
    client.force_login(coordinator)

    listing = client.get(LIST)
    assert body_template.name in listing.text
    assert "Theirs" not in listing.text
    assert _post(client, _change(body_template), name="Hijacked").status_code == 403
    assert client.get(_change(theirs)).status_code == 302  # not in their list: "doesn't exist"
    body_template.refresh_from_db()
    assert body_template.name == "Body six months"
    assert not programme_template_editable_by(user=coordinator, template=body_template)


def test_a_template_their_scheme_uses_is_visible_to_its_coordinators(
    coordinator, other_coordinator, scheme
):
    theirs = ProgrammeTemplate.objects.create(
        name="Theirs", duration_months=3, owner=other_coordinator
    )
    assert theirs not in programme_templates_usable_by(user=coordinator)
    scheme.programme_template = theirs
    scheme.save()

    assert theirs in programme_templates_usable_by(user=coordinator)
    assert not programme_template_editable_by(user=coordinator, template=theirs)


def test_the_scheme_page_offers_only_usable_templates(
    client, coordinator, other_coordinator, scheme, body_template
):
    theirs = ProgrammeTemplate.objects.create(
        name="Theirs", duration_months=3, owner=other_coordinator
    )
    mine = ProgrammeTemplate.objects.create(name="Mine", duration_months=3, owner=coordinator)
    client.force_login(coordinator)

    form = (
        client.get(reverse("admin:schemes_scheme_change", args=[scheme.pk]))
        .context["adminform"]
        .form
    )
    offered = set(form.fields["programme_template"].queryset)
    assert {body_template, mine} <= offered
    assert theirs not in offered
    assert all(t.owner_id in (None, coordinator.pk) for t in offered)


def test_administrators_keep_the_bodys_templates(client, admin_user, coordinator):
    client.force_login(admin_user)
    assert _post(client, ADD, name="Body-wide").status_code == 302
    assert ProgrammeTemplate.objects.get(name="Body-wide").owner is None
    mine = ProgrammeTemplate.objects.create(name="Mine", duration_months=3, owner=coordinator)
    assert programme_template_editable_by(user=admin_user, template=mine)


def test_members_see_no_template_and_a_duplicate_name_is_refused_clearly(
    client, mentor, coordinator
):
    assert not programme_templates_usable_by(user=mentor).exists()
    client.force_login(coordinator)
    assert _post(client, ADD, name="Mine").status_code == 302
    response = _post(client, ADD, name="Mine")
    assert response.status_code == 200
    assert ProgrammeTemplate.objects.filter(name="Mine").count() == 1
    assert "already exists" in response.text


def test_a_coordinator_is_not_shown_an_owner_select(client, coordinator):
    client.force_login(coordinator)

    response = client.get(ADD)

    assert "owner" not in response.context["adminform"].form.fields
    assert 'name="owner"' not in response.text


def test_administrators_see_the_owner_select_with_shared_for_empty(client, admin_user):
    client.force_login(admin_user)

    owner = client.get(ADD).context["adminform"].form.fields["owner"]

    assert list(owner.choices)[0] == ("", "Shared with every coordinator")


def test_a_coordinator_cannot_give_their_template_to_someone_else(
    client, coordinator, other_coordinator
):
    client.force_login(coordinator)

    assert _post(client, ADD, name="Mine", owner=other_coordinator.pk).status_code == 302

    assert ProgrammeTemplate.objects.get(name="Mine").owner == coordinator


def test_two_coordinators_may_each_have_a_template_of_the_same_name(
    client, coordinator, other_coordinator
):
    ProgrammeTemplate.objects.create(name="Mine", duration_months=3, owner=other_coordinator)
    client.force_login(coordinator)

    assert _post(client, ADD, name="Mine").status_code == 302

    assert ProgrammeTemplate.objects.filter(name="Mine").count() == 2
