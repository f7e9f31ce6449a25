"""Admin (frameworks, scheme settings; no reflections anywhere) and the prompt email."""

from datetime import date

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from cpd.emails import reflection_prompt_send
from cpd.models import (
    CpdProfile,
    Evidence,
    Framework,
    ManualActivity,
    Reflection,
    SchemeCpdSetting,
)
from tests.cpd.factories import held, pair, reflection

pytestmark = pytest.mark.django_db


def test_private_models_have_no_admin():
    private = {Reflection, ManualActivity, Evidence, CpdProfile}
    assert {model for model in private if admin.site.is_registered(model)} == set()


@pytest.mark.parametrize("who", ["admin_user", "coordinator"])
def test_admin_pages_never_show_reflection_text(client, scheme, mentor, mentee, who, request):
    rel = pair(scheme, mentor, mentee)
    reflection(
        mentor, relationship=rel, entries={"what": "SECRET-TEXT", "so_what": "x", "now_what": "y"}
    )
    client.force_login(request.getfixturevalue(who))
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "SECRET-TEXT" not in index.content.decode()
    assert "Reflection" not in index.content.decode()


def test_admin_adds_a_framework_with_standards(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:cpd_framework_add"),
        {
            "name": "Body standards",
            "body": "A college",
            "description": "",
            "standards-TOTAL_FORMS": "1",
            "standards-INITIAL_FORMS": "0",
            "standards-0-number": "1",
            "standards-0-text": "Keep learning.",
        },
    )
    assert response.status_code == 302
    framework = Framework.objects.get(name="Body standards")
    assert [(s.number, s.text) for s in framework.standards.all()] == [(1, "Keep learning.")]


def test_coordinator_sees_only_own_schemes_settings(client, coordinator, scheme, other_scheme):
    mine = SchemeCpdSetting.objects.create(scheme=scheme, reflection_model="gibbs")
    theirs = SchemeCpdSetting.objects.create(scheme=other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:cpd_schemecpdsetting_changelist"))
    assert list(response.context["cl"].queryset) == [mine]
    url = reverse("admin:cpd_schemecpdsetting_change", args=[theirs.pk])
    assert client.get(url).status_code == 302  # not found: back to the admin index
    assert client.get(reverse("admin:cpd_framework_changelist")).status_code == 200
    assert client.get(reverse("admin:cpd_framework_add")).status_code == 403


def test_other_coordinator_cannot_change_scheme_setting(client, other_coordinator, scheme):
    setting = SchemeCpdSetting.objects.create(scheme=scheme)
    client.force_login(other_coordinator)
    response = client.post(
        reverse("admin:cpd_schemecpdsetting_change", args=[setting.pk]),
        {"scheme": scheme.pk, "reflection_model": "free"},
    )
    setting.refresh_from_db()
    assert (response.status_code, setting.reflection_model) == (302, "what_so_what")


def test_reflection_prompt_email(scheme, mentor, mentee, django_capture_on_commit_callbacks):
    session = held(pair(scheme, mentor, mentee), 3, on=date(2025, 2, 3), title="Turn to lead")
    with django_capture_on_commit_callbacks(execute=True):
        reflection_prompt_send(user=mentee, session=session)
        assert reflection_prompt_send(user=mentee, session=session) is None
    url = "http://testserver" + reverse("cpd:reflection_for_session", args=[session.pk])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == (
        [mentee.email],
        f"Reflect on your session 3 in {scheme.name}",
    )
    assert f"Write your reflection: {url}" in message.body
    assert "on 3 February 2025" in message.body
    html = message.alternatives[0][0]
    assert f'<a href="{url}">Write your reflection</a>' in html
