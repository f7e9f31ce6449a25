"""The match review page at scale: a page of proposals at a time, one autocomplete field per
change form (never a list of the pool), approval of the ticked proposals or of all."""

import html
import json

import pytest
from django.core import mail
from django.urls import reverse

from matching import services
from matching.admin_review import PER_PAGE
from matching.models import ProposalKind, ProposalStatus
from schemes.models import ApplicationStatus, Role
from tests.factories import ApplicationFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


def _review(run) -> str:
    return reverse("admin:matching_matchingrun_review", args=[run.pk])


def _candidates(run) -> str:
    return reverse("admin:matching_matchingrun_candidates", args=[run.pk])


def _pairs(scheme, run, count):
    return [
        proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme)) for _ in range(count)
    ]


# --- pages and queries -----------------------------------------------------------------


def test_review_is_paginated(client, coordinator, scheme):
    run = finished_run(scheme)
    made = _pairs(scheme, run, PER_PAGE + 3)
    client.force_login(coordinator)
    first = client.get(_review(run))
    second = client.get(_review(run), {"page": 2})
    assert len(first.context["rows"]) == PER_PAGE
    assert {r["proposal"].pk for r in second.context["rows"]} | {
        r["proposal"].pk for r in first.context["rows"]
    } == {p.pk for p in made}
    assert f"{PER_PAGE + 3} proposals, {PER_PAGE + 3} awaiting approval" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()


def test_review_bad_page_number_shows_a_page(client, coordinator, scheme):
    run = finished_run(scheme)
    _pairs(scheme, run, 2)
    client.force_login(coordinator)
    for page in ("999", "x", "-1"):
        response = client.get(_review(run), {"page": page})
        assert (response.status_code, len(response.context["rows"])) == (200, 2)


@pytest.mark.parametrize("rows", [1, PER_PAGE + 5])
def test_review_query_count_is_constant(
    client, admin_user, scheme, rows, django_assert_num_queries
):
    run = finished_run(scheme)
    _pairs(scheme, run, rows)
    accepted(scheme, role=Role.MENTOR)  # someone to replace with: not listed on the page
    client.force_login(admin_user)
    # session, user, run, counts, the page's proposals, their members (with applicants and
    # profiles), the area labels of the profile cards, the scheme's requests waiting
    with django_assert_num_queries(10):
        response = client.get(_review(run))
    assert len(response.context["rows"]) == min(rows, PER_PAGE)


def test_review_lists_no_pool_in_selects(client, coordinator, scheme):
    """Each change form offers its own members to replace, and one text field (with the
    page's one datalist) for the replacement: the pool is never written into the page."""
    run = finished_run(scheme)
    _pairs(scheme, run, 3)
    spare = accepted(scheme, role=Role.MENTOR)
    client.force_login(coordinator)
    body = client.get(_review(run)).content.decode()
    assert body.count("<option") == 3 * 2  # the members of the three proposals
    assert spare.applicant.display_name not in body
    assert body.count('list="candidates"') == 3
    assert body.count('<datalist id="candidates">') == 1
    assert "matching/review.js" in body


def test_unmatched_are_paginated(client, coordinator, scheme):
    run = finished_run(scheme)
    run.unmatched = [
        {"application": i, "name": f"Person {i}", "role": "mentee", "reason": "no place"}
        for i in range(150)
    ]
    run.save()
    client.force_login(coordinator)
    body = client.get(_review(run)).content.decode()
    assert "<caption>150 left unmatched</caption>" in body
    assert (body.count("<td>no place</td>"), "Person 99<" in body, "Person 100<" in body) == (
        100,
        True,
        False,
    )
    assert "Person 149<" in client.get(_review(run), {"unmatched": 2}).content.decode()


def test_review_names_members_and_unmatched_with_their_emails(client, coordinator, scheme):
    """Namesakes are common in a large scheme: every person on the page has their email."""
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    left = accepted(scheme)
    run.unmatched = [
        {"application": left.pk, "name": "Left Over", "role": "mentee", "reason": "no place"}
    ]
    run.save()
    client.force_login(coordinator)
    body = client.get(_review(run)).content.decode()
    for member in prop.members.select_related("application__applicant"):
        assert f"&lt;{member.application.applicant.email}&gt;" in body
    assert f"<td>Left Over</td><td>{left.applicant.email}</td>" in body


# --- approval of a chosen subset -------------------------------------------------------


def test_approve_ticked_proposals_only(
    client, coordinator, scheme, django_capture_on_commit_callbacks
):
    run = finished_run(scheme)
    chosen, left = _pairs(scheme, run, 2)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _review(run), {"action": "approve_selected", "proposals": [chosen.pk]}, follow=True
        )
    chosen.refresh_from_db()
    left.refresh_from_db()
    assert (chosen.status, left.status) == (ProposalStatus.APPROVED, ProposalStatus.PROPOSED)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        m.application.applicant.email for m in chosen.members.all()
    )
    assert "1 proposals approved; members emailed." in response.content.decode()


def test_approve_nothing_ticked_is_refused(client, coordinator, scheme):
    run = finished_run(scheme)
    (prop,) = _pairs(scheme, run, 1)
    client.force_login(coordinator)
    for ticked in ([], ["x", "99999999999999999999"]):
        response = client.post(
            _review(run), {"action": "approve_selected", "proposals": ticked}, follow=True
        )
        assert "Tick the proposals to approve" in response.content.decode()
    prop.refresh_from_db()
    assert (prop.status, len(mail.outbox)) == (ProposalStatus.PROPOSED, 0)


def test_approve_ticked_ignores_another_runs_proposals(client, coordinator, scheme):
    run, other_run = finished_run(scheme), finished_run(scheme)
    (other,) = _pairs(scheme, other_run, 1)
    _pairs(scheme, run, 1)
    client.force_login(coordinator)
    response = client.post(
        _review(run), {"action": "approve_selected", "proposals": [other.pk]}, follow=True
    )
    other.refresh_from_db()
    assert other.status == ProposalStatus.PROPOSED
    assert "no proposals awaiting approval" in response.content.decode()


def test_approve_ticked_keeps_the_mentors_places(client, coordinator, scheme):
    """A mentor with one place in two proposals: ticking both is refused (nothing approved),
    ticking one approves it."""
    run = finished_run(scheme)
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=1)
    first = proposal(run, mentor_app, accepted(scheme))
    second = proposal(run, mentor_app, accepted(scheme))
    client.force_login(coordinator)
    response = client.post(
        _review(run),
        {"action": "approve_selected", "proposals": [first.pk, second.pk]},
        follow=True,
    )
    assert (
        "has 1 place left (capacity 1), too few for every proposal chosen with them: "
        "approve fewer of theirs."
    ) in html.unescape(response.content.decode())
    assert set(run.proposals.values_list("status", flat=True)) == {ProposalStatus.PROPOSED}
    client.post(_review(run), {"action": "approve_selected", "proposals": [second.pk]})
    assert dict(run.proposals.values_list("pk", "status")) == {
        first.pk: ProposalStatus.PROPOSED,
        second.pk: ProposalStatus.APPROVED,
    }


def test_approve_ticked_by_other_coordinator_is_404(client, other_coordinator, scheme):
    run = finished_run(scheme)
    (prop,) = _pairs(scheme, run, 1)
    client.force_login(other_coordinator)
    response = client.post(_review(run), {"action": "approve_selected", "proposals": [prop.pk]})
    prop.refresh_from_db()
    assert (response.status_code, prop.status) == (404, ProposalStatus.PROPOSED)


def test_run_approve_subset_brings_the_whole_shortlist(scheme, admin_user):
    run = finished_run(scheme)
    mentee_app = accepted(scheme)
    options = [
        proposal(
            run, accepted(scheme, role=Role.MENTOR), mentee_app, kind=ProposalKind.OPTION, rank=r
        )
        for r in (1, 2)
    ]
    (pair,) = _pairs(scheme, run, 1)
    approved = services.run_approve(run=run, by=admin_user, proposal_ids=[options[1].pk])
    assert sorted(p.pk for p in approved) == sorted(o.pk for o in options)
    pair.refresh_from_db()
    assert pair.status == ProposalStatus.PROPOSED


# --- the autocomplete ------------------------------------------------------------------


def test_candidates_are_the_schemes_accepted_applicants_in_the_members_role(
    client, coordinator, scheme, other_scheme
):
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    mentee = prop.members.get(role=Role.MENTEE)
    wanted, mentor_named, elsewhere, declined = (
        accepted(scheme),
        accepted(scheme, role=Role.MENTOR),
        accepted(other_scheme),
        ApplicationFactory(scheme=scheme, status=ApplicationStatus.DECLINED),
    )
    for app in (wanted, mentor_named, elsewhere, declined):
        app.applicant.first_name = "Zelda"
        app.applicant.save()
    client.force_login(coordinator)
    response = client.get(_candidates(run), {"q": "zel", "member": mentee.pk})
    assert response.status_code == 200
    assert [c["value"] for c in json.loads(response.content)["results"]] == [wanted.applicant.email]
    anyone = json.loads(client.get(_candidates(run), {"q": "zel"}).content)["results"]
    assert {c["value"] for c in anyone} == {wanted.applicant.email, mentor_named.applicant.email}


def test_candidates_say_who_is_already_in_another_proposal(client, coordinator, scheme):
    run = finished_run(scheme)
    taken = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    other = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    in_taken = taken.members.get(role=Role.MENTEE).application
    free = accepted(scheme)
    for app in (in_taken, free):
        app.applicant.first_name = "Zelda"
        app.applicant.save()
    member = other.members.get(role=Role.MENTEE)
    client.force_login(coordinator)
    results = json.loads(client.get(_candidates(run), {"q": "zel", "member": member.pk}).content)[
        "results"
    ]
    labels = {c["value"]: c["label"] for c in results}
    assert labels[in_taken.applicant.email].endswith(f", now in proposal #{taken.pk}")
    assert f"<{free.applicant.email}>" in labels[free.applicant.email]
    assert "now in proposal" not in labels[free.applicant.email]


def test_candidates_query_count_is_constant(client, coordinator, scheme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    member = prop.members.get(role=Role.MENTEE)
    client.force_login(coordinator)
    counts = []
    for more in (1, 14):
        for app in [accepted(scheme) for _ in range(more)]:
            app.applicant.first_name = "Zelda"
            app.applicant.save()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(_candidates(run), {"q": "zel", "member": member.pk})
        counts.append((len(json.loads(response.content)["results"]), len(captured)))
    assert [found for found, _ in counts] == [1, 15]
    assert counts[0][1] == counts[1][1]


def test_candidates_of_another_schemes_run_are_404(client, other_coordinator, scheme):
    run = finished_run(scheme)
    client.force_login(other_coordinator)
    assert client.get(_candidates(run), {"q": "a"}).status_code == 404


@pytest.mark.parametrize("member", ["", "abc", "-1", "99999999999999999999", "1" * 200])
def test_candidates_bad_input_answers_json(client, coordinator, scheme, member):
    run = finished_run(scheme)
    accepted(scheme)
    client.force_login(coordinator)
    response = client.get(_candidates(run), {"q": "<script>" * 50, "member": member})
    assert (response.status_code, json.loads(response.content)) == (200, {"results": []})


def test_override_with_an_email_from_another_scheme_is_a_form_error(
    client, coordinator, scheme, other_scheme
):
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    member = prop.members.get(role=Role.MENTEE)
    elsewhere = accepted(other_scheme)
    client.force_login(coordinator)
    response = client.post(
        _review(run),
        {
            "action": "override",
            "proposal": prop.pk,
            f"p{prop.pk}-member": member.pk,
            f"p{prop.pk}-application": elsewhere.applicant.email,
        },
    )
    assert response.status_code == 200
    form = next(r["form"] for r in response.context["rows"] if r["proposal"] == prop)
    assert "Choose an accepted applicant of this scheme" in form.errors["application"][0]
    assert prop.members.get(pk=member.pk).application == member.application


def test_override_by_email_swaps_the_member(client, coordinator, scheme):
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    member = prop.members.get(role=Role.MENTEE)
    spare = accepted(scheme)
    before, replaced = prop.score, member.application.applicant.display_name
    client.force_login(coordinator)
    response = client.post(
        _review(run),
        {
            "action": "override",
            "proposal": prop.pk,
            f"p{prop.pk}-member": member.pk,
            f"p{prop.pk}-application": spare.applicant.email.upper(),
        },
    )
    assert response.status_code == 302
    assert prop.members.get(pk=member.pk).application == spare
    prop.refresh_from_db()
    said = [str(m) for m in client.get(response.url).context["messages"]]
    assert said == [
        f"Proposal #{prop.pk} changed: {spare.applicant.display_name} replaces "
        f"{replaced}; its score is now {prop.score} (was {before})."
    ]


# --- at the size of a large body -------------------------------------------------------


@pytest.mark.slow
def test_review_of_2000_proposals_among_5000_applicants(
    client, coordinator, scheme, django_assert_num_queries
):
    from tests.load.review_seed import seed_review

    world = seed_review(scheme, applicants=5000, proposals=2000)
    client.force_login(coordinator)
    # as for an administrator (test_review_query_count_is_constant), the coordinator's
    # permissions and schemes, and the emails of the page of people left unmatched
    with django_assert_num_queries(12):  # with the area labels and the requests waiting
        response = client.get(_review(world.run))
    body = response.content
    assert response.status_code == 200
    assert len(body) < 300 * 1024
    assert body.count(b"<option") == PER_PAGE * 2
    assert b"2000 proposals, 2000 awaiting approval; 1 to 50 shown" in body
    last = client.get(_review(world.run), {"page": 40, "unmatched": 30})
    assert len(last.context["rows"]) == PER_PAGE
    assert len(last.context["unmatched"].object_list) == 3000 - 29 * 100
    ticked = [row["proposal"].pk for row in last.context["rows"][:3]]
    client.post(_review(world.run), {"action": "approve_selected", "proposals": ticked})
    assert world.run.proposals.filter(status=ProposalStatus.APPROVED).count() == 3


def test_a_superseded_runs_review_says_which_run_superseded_it(client, coordinator, scheme):
    old = finished_run(scheme)
    kept = finished_run(scheme)
    _pairs(scheme, old, 2)
    old.proposals.update(status=ProposalStatus.SUPERSEDED)
    type(kept).objects.filter(pk=kept.pk).update(finished_at=kept.created_at)
    client.force_login(coordinator)

    body = client.get(_review(old)).content.decode()
    later = client.get(_review(kept)).content.decode()

    assert "2 proposals of this run were superseded by" in body
    assert f'href="{_review(kept)}">run #{kept.pk}</a>' in body
    assert "data-superseded" not in later  # boundary: nothing superseded, nothing said
