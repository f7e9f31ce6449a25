"""Days waiting against the target window, at-risk list and time-to-match figures."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from matching.models import ProposalMember, ProposalStatus, Response
from matching.selectors import WaitState, time_to_match, waiting_applicants, with_open_proposals
from schemes.models import Application, ApplicationStatus, Role, Scheme
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def _waiting(scheme, days):
    app = accepted(scheme)
    Application.objects.filter(pk=app.pk).update(submitted_at=NOW - timedelta(days=days))
    return app


def test_waiting_applicants_states_against_window(scheme):
    scheme.target_window_days = 90
    scheme.save()
    ok, at_risk, breach = _waiting(scheme, 10), _waiting(scheme, 61), _waiting(scheme, 91)

    rows = waiting_applicants(schemes=Scheme.objects.all(), now=NOW)

    assert [(r.application, r.days, r.state, r.days_left) for r in rows] == [
        (breach, 91, WaitState.BREACH, -1),
        (at_risk, 61, WaitState.AT_RISK, 29),
        (ok, 10, WaitState.OK, 80),
    ]
    assert [
        r.application
        for r in waiting_applicants(schemes=Scheme.objects.all(), now=NOW, only_late=True)
    ] == [
        breach,
        at_risk,
    ]


def test_waiting_applicants_at_risk_fraction_is_configurable(scheme):
    scheme.at_risk_fraction = "0.50"
    scheme.save()
    app = _waiting(scheme, 46)
    assert [
        r.state
        for r in waiting_applicants(schemes=Scheme.objects.all(), now=NOW)
        if r.application == app
    ] == [WaitState.AT_RISK]


def test_waiting_applicants_skips_matched(scheme):
    app = _waiting(scheme, 100)
    Application.objects.filter(pk=app.pk).update(status=ApplicationStatus.MATCHED, matched_at=NOW)
    assert waiting_applicants(schemes=Scheme.objects.all(), now=NOW) == []


def test_time_to_match_per_scheme(scheme, other_scheme):
    for days in (10, 30, 100):
        app = accepted(scheme)
        Application.objects.filter(pk=app.pk).update(
            submitted_at=NOW - timedelta(days=days),
            matched_at=NOW,
            status=ApplicationStatus.MATCHED,
        )
    figures = time_to_match(schemes=Scheme.objects.filter(pk__in=[scheme.pk, other_scheme.pk]))
    assert [
        (f.scheme, f.matched, f.median_days, f.mean_days, f.within_window) for f in figures
    ] == sorted(
        [(scheme, 3, 30.0, 46.7, 2), (other_scheme, 0, None, None, 0)], key=lambda row: row[0].name
    )


@pytest.mark.parametrize("rows", [1, 6])
def test_admin_waiting_page_query_count(
    client, coordinator, scheme, other_scheme, rows, django_assert_num_queries
):
    with time_machine.travel(NOW, tick=False):
        mine = [_waiting(scheme, 80) for _ in range(rows)]
        _waiting(other_scheme, 95)
        client.force_login(coordinator)
        with django_assert_num_queries(8):
            response = client.get(reverse("admin:matching_matchingrun_waiting"))
    assert [r.application for r in response.context["rows"]] == mine
    assert "at risk" in response.content.decode()


def test_admin_waiting_page_refused_to_members(client, mentee):
    client.force_login(mentee)
    assert client.get(reverse("admin:matching_matchingrun_waiting")).status_code == 302


def test_admin_waiting_page_is_paginated(client, coordinator, scheme):
    with time_machine.travel(NOW, tick=False):
        for _ in range(103):
            _waiting(scheme, 80)
        client.force_login(coordinator)
        first = client.get(reverse("admin:matching_matchingrun_waiting"))
        last = client.get(reverse("admin:matching_matchingrun_waiting"), {"page": 2})
        everyone = client.get(reverse("admin:matching_matchingrun_waiting"), {"all": 1})
    assert (len(first.context["rows"]), len(last.context["rows"])) == (100, 3)
    assert "103 applicants waiting; 1 to 100 shown" in first.content.decode()
    assert 'href="?all=1&page=2"' in everyone.content.decode()


def test_waiting_rows_say_where_an_open_proposal_stands(scheme):
    """A waiting applicant whose match awaits approval or an answer is marked, so a
    coordinator does not chase them as if nobody had been found."""
    alone, proposed, asked, answered = (_waiting(scheme, 5) for _ in range(4))
    mentors = [accepted(scheme, role=Role.MENTOR) for _ in range(3)]
    run = finished_run(scheme)
    proposal(run, proposed, mentors[0])
    proposal(run, asked, mentors[1], status=ProposalStatus.APPROVED)
    approved = proposal(run, answered, mentors[2], status=ProposalStatus.APPROVED)
    ProposalMember.objects.filter(proposal=approved, application=answered).update(
        response=Response.ACCEPTED
    )
    proposal(run, alone, mentors[0], status=ProposalStatus.REJECTED)

    rows = waiting_applicants(schemes=Scheme.objects.all(), now=NOW)
    states = {row.application: state for row, state in with_open_proposals(rows)}

    assert states[alone] is None
    assert str(states[proposed]) == "a proposal awaits staff approval"
    assert str(states[asked]) == "a match waits for their answer"
    assert str(states[answered]) == "they accepted; the partner has not answered"
    assert str(states[mentors[2]]) == "a match waits for their answer"


def test_admin_waiting_page_shows_the_open_proposal(client, coordinator, scheme):
    with time_machine.travel(NOW, tick=False):
        app = _waiting(scheme, 5)
        proposal(finished_run(scheme), app, accepted(scheme, role=Role.MENTOR))
        client.force_login(coordinator)
        page = client.get(reverse("admin:matching_matchingrun_waiting"), {"all": 1})
    assert "a proposal awaits staff approval" in page.content.decode()
