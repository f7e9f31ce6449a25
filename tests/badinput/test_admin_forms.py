"""Bad input through the admin's add and change pages of the main models (administrator),
and the matching run pages (start a run, override a proposal)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from schemes.models import Scheme

from .admin_harness import bad_post, check_admin_post, field_strategies, page_data
from .harness import BAD_INPUT, rolled_back

ADD_PAGES = [
    ("schemes", "scheme"),
    ("schemes", "applicationform"),
    ("schemes", "schemeevent"),
    ("schemes", "newsitem"),
    ("matching", "matchingsettings"),
    ("sessions_log", "programmetemplate"),
    ("sessions_log", "evaluationdimension"),
    ("sessions_log", "feedbackquestion"),
    ("cpd", "framework"),
    ("cpd", "schemecpdsetting"),
    ("accounts", "user"),
    ("accounts", "organisation"),
]


@pytest.mark.parametrize(("app", "model"), ADD_PAGES, ids=[m for _, m in ADD_PAGES])
@BAD_INPUT
@given(data=st.data())
def test_admin_add_page_bad_input(client, admin_user, scheme, app, model, data):
    client.force_login(admin_user)
    url = reverse(f"admin:{app}_{model}_add")
    page = client.get(url)
    assert page.status_code == 200
    strategies, kept = field_strategies(page)
    with rolled_back():
        post = bad_post(data, page_data(page), strategies)
        check_admin_post(client, url, post, creates=f"{app}_{model}", kept=kept)


def _scheme_state(pk):
    return lambda: list(Scheme.objects.filter(pk=pk).values())


def _user_state(pk):
    return lambda: (
        list(User.objects.filter(pk=pk).values()),
        list(User.objects.get(pk=pk).profile.__class__.objects.filter(user_id=pk).values()),
    )


@pytest.mark.parametrize("who", ["admin", "coordinator"])
@BAD_INPUT
@given(data=st.data())
def test_admin_scheme_change_bad_input(client, admin_user, coordinator, scheme, who, data):
    """Administrators and the scheme's coordinator edit a scheme; bad input changes none of it."""
    client.force_login(admin_user if who == "admin" else coordinator)
    url = reverse("admin:schemes_scheme_change", args=[scheme.pk])
    page = client.get(url)
    assert page.status_code == 200
    strategies, kept = field_strategies(page)
    with rolled_back():
        post = bad_post(data, page_data(page), strategies)
        response = client.get(url)  # noqa: F841  (the page renders before and after)
        check_admin_post(client, url, post, creates=None, kept=kept, state=_scheme_state(scheme.pk))


@BAD_INPUT
@given(data=st.data())
def test_admin_user_change_with_profile_bad_input(client, admin_user, mentee, data):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[mentee.pk])
    page = client.get(url)
    assert page.status_code == 200
    strategies, kept = field_strategies(page)
    with rolled_back():
        post = bad_post(data, page_data(page), strategies)
        check_admin_post(client, url, post, creates=None, kept=kept, state=_user_state(mentee.pk))
