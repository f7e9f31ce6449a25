"""Bad input through the sign-up, sign-in and password-reset forms (allauth), a member's
answer to a match, and the matching run pages of the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from matching.models import MatchingRun, Proposal, ProposalMember, ProposalStatus
from schemes.models import Role
from tests.factories import PASSWORD
from tests.matching.factories import accepted, finished_run, proposal

from .harness import (
    BAD_INPUT,
    FormCase,
    changed_tables,
    check_form_post,
    choice_or,
    form_data,
    rolled_back,
    table_counts,
    text_or,
)

AUTH_FORMS = {
    "account_signup": (
        {
            "email": text_or("new.member@example.org", "New.Member@Example.org"),
            "password1": text_or("a-long-and-good-passphrase", "short"),
            "password2": text_or("a-long-and-good-passphrase", "different"),
        },
        ("email",),
        "accounts_user",
    ),
    "account_login": (
        {
            "login": text_or("mentee@example.org", "MENTEE@example.org"),
            "password": text_or(PASSWORD, "wrong"),
            "remember": text_or("on"),
        },
        ("login",),
        None,
    ),
    "account_reset_password": (
        {"email": text_or("mentee@example.org", "nobody@example.org")},
        ("email",),
        None,
    ),
}


@pytest.mark.parametrize("name", list(AUTH_FORMS))
@BAD_INPUT
@given(data=st.data())
def test_allauth_form_bad_input(client, mentee, name, data):
    fields, kept, creates = AUTH_FORMS[name]
    client.logout()
    case = FormCase(reverse(name), fields, kept=kept, creates=creates)
    with rolled_back():
        check_form_post(client, case, data.draw(form_data(fields)), crispy=False)


@BAD_INPUT
@given(data=form_data({"decision": choice_or(["accept", "decline"]), "reason": text_or("Busy")}))
def test_match_response_bad_input(client, scheme, mentor, mentee, data):
    client.force_login(mentee)
    with rolled_back():
        run = finished_run(scheme)
        made = proposal(
            run,
            accepted(scheme, role=Role.MENTOR, user=mentor),
            accepted(scheme, role=Role.MENTEE, user=mentee),
            status=ProposalStatus.APPROVED,
        )

        def state():
            return list(ProposalMember.objects.filter(proposal=made).values())

        url = reverse("matching:detail", kwargs={"pk": made.pk})
        case = FormCase(url, {}, kept=("reason",), state=state)
        response = client.post(url, data)
        if response.status_code == 302:
            return
        # not redirected: the answer was refused; re-check the page and that nothing moved
        check_form_post(client, case, data)


@BAD_INPUT
@given(data=form_data({"scheme": choice_or(["1", "2", "999999"])}))
def test_admin_start_run_bad_input(client, coordinator, scheme, other_scheme, data):
    """A coordinator starts runs only for their schemes; anything else is a form error."""
    client.force_login(coordinator)
    data = {
        k: (str(scheme.pk) if v == "1" else str(other_scheme.pk) if v == "2" else v)
        for k, v in data.items()
    }
    case = FormCase(reverse("admin:matching_matchingrun_start"), {}, creates="matching_matchingrun")
    with rolled_back():
        response = check_form_post(client, case, data, crispy=False)
        if response.status_code == 302:
            assert MatchingRun.objects.get().scheme == scheme


@BAD_INPUT
@given(data=st.data())
def test_admin_override_bad_input(client, admin_user, scheme, data):
    client.force_login(admin_user)
    with rolled_back():
        run = finished_run(scheme)
        pair = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
        spare = accepted(scheme)
        member = pair.members.get(role=Role.MENTEE)
        prefix = f"p{pair.pk}"
        fields = {
            f"{prefix}-member": choice_or([str(member.pk), "999999"]),
            f"{prefix}-application": choice_or([spare.applicant.email, "nobody@example.org"]),
            "action": choice_or(["preview", "override"]),
            "proposal": choice_or([str(pair.pk)]),
        }
        posted = data.draw(form_data(fields))
        url = reverse("admin:matching_matchingrun_review", kwargs={"pk": run.pk})

        def state():
            return (
                list(Proposal.objects.filter(run=run).values("pk", "status")),
                list(ProposalMember.objects.filter(proposal__run=run).values()),
            )

        before, state_before = table_counts(), state()
        response = client.post(url, posted)
        if response.status_code == 404:  # no such proposal in this run: nothing to act on
            assert posted.get("proposal") != str(pair.pk)
        elif response.status_code == 302:
            return
        else:
            assert response.status_code == 200
            html = response.content.decode()
            form = next(r["form"] for r in response.context["rows"] if r["proposal"] == pair)
            for message in [m for ms in form.errors.values() for m in ms]:
                assert escape(message) in html
        changed = changed_tables(before, table_counts())
        # a preview scores the pool, which creates the scheme's default matching settings
        assert {t: n for t, n in changed.items() if t != "matching_matchingsettings"} == {}
        if posted.get("action") != "preview":
            assert state() == state_before
