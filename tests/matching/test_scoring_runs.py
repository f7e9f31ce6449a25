"""Scoring inside real runs: stored reasons add up, members and staff see their own
wording, unmatched reasons from the array path, and a run's queries do not grow with
the pool."""

import math

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching import services
from matching.models import MatchingRun, Proposal
from matching.pool import settings_for
from matching.scoring import member_reasons
from schemes.models import Role, SchemeKind
from tests.factories import ProfileFactory, SchemeFactory
from tests.matching.factories import accepted

pytestmark = pytest.mark.django_db


def _run(scheme, by=None) -> MatchingRun:
    run = MatchingRun.objects.create(scheme=scheme, started_by=by, parameters={})
    return services.run_execute(run=run)


def _queries_of_a_run(scheme) -> int:
    run = MatchingRun.objects.create(scheme=scheme, parameters={})
    with CaptureQueriesContext(connection) as queries:
        services.run_execute(run=run)
    return len(queries)


def _mentor_and_mentee(scheme, n: int, *, offset: int = 0):
    """Realistic applicants: blank and half-filled profiles, a popular mentor, spellings."""
    for k in range(n):
        accepted(
            scheme,
            role=Role.MENTOR,
            capacity=2,
            expertise=["leadership", "research"] if k == 0 else [],
            organisation=["NHS Trust A", "nhs trust a", ""][k % 3],
            country=["GB", "KE", ""][k % 3],  # codes: spellings are resolved on input
        )
        accepted(scheme, goals=["leadership"] if k % 2 else [], preferred_mode="online")
        accepted(scheme, goals=[], languages=["Polski"], years_experience=None)


@pytest.mark.parametrize(
    "kind", [SchemeKind.SENIOR_JUNIOR, SchemeKind.RECIPROCAL, SchemeKind.GROUP]
)
def test_run_queries_do_not_grow_with_the_pool(kind):
    small = SchemeFactory(kind=kind, preparation_required=False)
    large = SchemeFactory(kind=kind, preparation_required=False)
    role = Role.MENTOR if kind == SchemeKind.SENIOR_JUNIOR else Role.PEER
    for scheme, n in ((small, 2), (large, 8)):
        if role == Role.MENTOR:
            _mentor_and_mentee(scheme, n)
        else:
            for k in range(3 * n):
                accepted(scheme, role=Role.PEER, interests=["ethics"] if k % 2 else [])
        settings_for(scheme)

    assert _queries_of_a_run(small) == _queries_of_a_run(large)
    assert (
        Proposal.objects.filter(scheme=large).count()
        > Proposal.objects.filter(scheme=small).count()
    )


def test_run_with_preparation_reads_it_in_one_query_for_any_pool():
    small = SchemeFactory(preparation_required=True)
    large = SchemeFactory(preparation_required=True)
    _mentor_and_mentee(small, 1)
    _mentor_and_mentee(large, 6)
    for scheme in (small, large):
        settings_for(scheme)

    assert _queries_of_a_run(small) == _queries_of_a_run(large)


def test_stored_reasons_add_up_and_every_factor_is_named(admin_user):
    scheme = SchemeFactory()
    _mentor_and_mentee(scheme, 4)

    run = _run(scheme, by=admin_user)

    proposals = list(run.proposals.all())
    assert proposals
    for p in proposals:
        assert math.isclose(sum(r["points"] for r in p.reasons), p.score, abs_tol=1e-9)
        assert {r["criterion"] for r in p.reasons} >= {"expertise", "mode", "language"}


def test_members_see_only_what_speaks_for_the_match_staff_see_all(
    client, admin_user, coordinator, scheme, django_capture_on_commit_callbacks
):
    mentor = accepted(
        scheme,
        role=Role.MENTOR,
        expertise=["leadership"],
        preferred_mode="in_person",
        shown_before_match=["expertise"],  # else the expertise reason is not told
    )
    mentee = accepted(scheme, goals=["leadership"], preferred_mode="online")
    run = _run(scheme, by=admin_user)
    proposal = run.proposals.get()
    client.force_login(coordinator)
    review = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk]))

    assert "one prefers online, the other in person (0.0)" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)
    client.force_login(mentee.applicant)
    page = client.get(reverse("matching:detail", args=[proposal.pk])).content.decode()

    assert "One of you has experience in leadership" in page
    assert "prefers" not in page
    told = proposal.reasons_for_members(mentee.applicant)
    assert "one of you has experience in leadership, which the other hopes to develop" in told
    assert not any("online" in r or "in person" in r for r in told)
    bodies = [m.body for m in mail.outbox] + [m.alternatives[0][0] for m in mail.outbox]
    assert len(bodies) == 4
    assert [b for b in bodies if "in person" in b or "prefers" in b] == []
    assert mentor.pk in [m.application_id for m in proposal.members.all()]


def test_member_of_another_match_cannot_read_its_reasons(client, admin_user, scheme, outsider):
    accepted(scheme, role=Role.MENTOR, expertise=["leadership"])
    accepted(scheme, goals=["leadership"])
    run = _run(scheme, by=admin_user)
    services.run_approve(run=run, by=admin_user)
    client.force_login(outsider)

    response = client.get(reverse("matching:detail", args=[run.proposals.get().pk]))

    assert response.status_code == 404


def test_messy_profile_data_scores_without_false_reasons(admin_user, scheme):
    user = ProfileFactory(
        organisation="   ",
        country="",
        languages=["", "  "],
        interests=["   ", "Ethics"],
        do_not_pair_with=["not an email", ""],
        years_experience=12,
    ).user
    accepted(scheme, role=Role.MENTOR, user=user)
    accepted(scheme, goals=[], organisation="", country="", years_experience=None, career_stage="")

    proposal = _run(scheme, by=admin_user).proposals.get()

    texts = {r["criterion"]: r["text"] for r in proposal.reasons}
    assert (texts["difference"], texts["language"]) == (
        "organisation not given",
        "languages not listed by both: counted as shared",
    )
    # nothing false even for those who see every part (partners once all accepted)
    assert not any("organisation" in r or "speak" in r for r in member_reasons(proposal.reasons))


def test_unmatched_reason_names_the_constraints_from_the_arrays(admin_user):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    a = accepted(scheme, role=Role.PEER, organisation="NHS Trust A")
    b = accepted(scheme, role=Role.PEER, organisation="nhs  trust a")
    c = accepted(scheme, role=Role.PEER, organisation="Kenya Medical Research Institute")
    settings = settings_for(scheme)
    settings.organisation_rule = "required"
    settings.save()
    b.applicant.profile.do_not_pair_with = [c.applicant.email]
    b.applicant.profile.save()

    run = _run(scheme, by=admin_user)

    reasons = {u["application"]: u["reason"] for u in run.unmatched}
    assert reasons == {
        b.pk: "no eligible partner: asked not to be paired (1 person), same organisation (1 person)"
    }
    assert sorted(m.application_id for m in run.proposals.get().members.all()) == sorted(
        [a.pk, c.pk]
    )
