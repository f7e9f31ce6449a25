"""Staff see labels, not codes: proposals by their members' names, a run's progress as a
percentage, the unmatched table's role by the scheme's label; and the lists stay in a
constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import MatchingRun
from schemes.models import Application, Role
from tests.factories import UserFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db

PROPOSALS = reverse("admin:matching_proposal_changelist")
RUNS = reverse("admin:matching_matchingrun_changelist")


def _pair(scheme, run, mentor_name, mentee_name):
    mentor = accepted(scheme, role=Role.MENTOR, user=UserFactory(first_name=mentor_name))
    mentee = accepted(scheme, user=UserFactory(first_name=mentee_name))
    return proposal(run, mentor, mentee)


def test_proposals_are_listed_by_their_members_names(client, coordinator, scheme):
    run = finished_run(scheme)
    made = _pair(scheme, run, "Amara", "Wei")
    client.force_login(coordinator)

    response = client.get(PROPOSALS)

    names = [
        f"{m.application.applicant.get_full_name()} ({m.application.applicant.email})"
        for m in made.members.all()
    ]
    assert "members" in [str(h["text"]) for h in response.context["result_headers"]]
    assert any(f">{a}, {b}</a>" in response.text for a, b in (names, names[::-1]))


def _listed(response):
    return set(response.context["cl"].result_list)


def test_proposals_are_searched_by_a_members_name_or_email(
    client, coordinator, scheme, other_scheme
):
    run = finished_run(scheme)
    amara = _pair(scheme, run, "Amara", "Wei")
    other = _pair(scheme, run, "Amara", "Tom")  # a namesake
    lone = _pair(scheme, run, "Ben", "Cy")
    theirs = _pair(other_scheme, finished_run(other_scheme), "Amara", "Zed")
    wei = amara.members.get(application__applicant__first_name="Wei").application.applicant
    client.force_login(coordinator)

    assert _listed(client.get(PROPOSALS, {"q": "amara"})) == {amara, other}
    assert _listed(client.get(PROPOSALS, {"q": wei.email.upper()})) == {amara}
    assert _listed(client.get(PROPOSALS, {"q": "nobody-here"})) == set()
    assert _listed(client.get(PROPOSALS)) == {amara, other, lone}
    assert theirs.pk not in {p.pk for p in _listed(client.get(PROPOSALS, {"q": "Zed"}))}


def test_proposals_are_not_searched_by_what_members_wrote(client, coordinator, scheme):
    run = finished_run(scheme)
    made = _pair(scheme, run, "Amara", "Wei")
    made.members.update(response_reason="secretword")
    Application.objects.update(hopes="secretword", decision_note="secretword")
    client.force_login(coordinator)

    assert _listed(client.get(PROPOSALS, {"q": "secretword"})) == set()


def test_proposal_search_queries_do_not_grow(client, coordinator, scheme):
    run = finished_run(scheme)
    _pair(scheme, run, "Amara", "Wei")
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as one:
        client.get(PROPOSALS, {"q": "a"})
    for n in range(5):
        _pair(scheme, run, f"Amara {n}", f"Mentee {n}")

    with CaptureQueriesContext(connection) as many:
        response = client.get(PROPOSALS, {"q": "a"})

    assert len(response.context["cl"].result_list) == 6
    assert len(many) == len(one)


def test_proposal_list_queries_do_not_grow(client, coordinator, scheme):
    run = finished_run(scheme)
    _pair(scheme, run, "Amara", "Wei")
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as one:
        client.get(PROPOSALS)
    for n in range(5):
        _pair(scheme, run, f"Mentor {n}", f"Mentee {n}")

    with CaptureQueriesContext(connection) as many:
        client.get(PROPOSALS)

    assert len(many) == len(one)


def test_run_progress_reads_as_a_percentage(client, coordinator, scheme):
    run = finished_run(scheme)
    client.force_login(coordinator)

    listed = client.get(RUNS).text
    page = client.get(reverse("admin:matching_matchingrun_change", args=[run.pk])).text

    assert ('<td class="field-progress_display">100 %</td>' in listed, "100 %" in page) == (
        True,
        True,
    )
    assert str(run) in listed


def test_unmatched_role_is_the_schemes_label(client, coordinator, scheme):
    run = finished_run(scheme)
    left = accepted(scheme)
    run.unmatched = [
        {"application": left.pk, "name": "Left Over", "role": "mentee", "reason": "no place"},
        {"application": None, "name": "Odd", "role": "unknown", "reason": "no place"},
    ]
    run.save()
    client.force_login(coordinator)

    body = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk])).text

    assert f"<td>{left.applicant.email}</td><td>Junior partner (mentee)</td>" in body
    assert "<td>Odd</td><td></td><td>unknown</td>" in body


def test_another_schemes_coordinator_sees_no_run(client, other_coordinator, scheme):
    finished_run(scheme)
    client.force_login(other_coordinator)

    response = client.get(RUNS)

    assert list(response.context["cl"].result_list) == []
    assert MatchingRun.objects.count() == 1
