"""Runs end to end with the engine: start, propose, unmatched reasons, rematch, schedule."""

import pytest
from django.core import mail
from django.urls import reverse

from matching import services
from matching.models import MatchingRun, ProposalKind, ProposalStatus, RunStatus
from matching.pool import settings_for
from schemes.models import Role, SchemeKind
from tests.factories import SchemeFactory
from tests.matching.factories import accepted

pytest.importorskip("matching.engine")
pytestmark = pytest.mark.django_db


def _members(run):
    return sorted(
        sorted(m.application_id for m in p.members.all())
        for p in run.proposals.exclude(status=ProposalStatus.SUPERSEDED)
    )


def test_admin_start_runs_task_and_proposes_best_pairs(
    client, coordinator, scheme, django_capture_on_commit_callbacks
):
    mentor = accepted(scheme, role=Role.MENTOR, expertise=["leadership"], interests=["leadership"])
    good = accepted(scheme, goals=["leadership"], interests=["leadership"])
    poor = accepted(scheme, goals=["research"], interests=["sport"])
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:matching_matchingrun_start"), {"scheme": scheme.pk})

    run = MatchingRun.objects.get()
    assert response.url == reverse("admin:matching_matchingrun_review", args=[run.pk])
    assert (run.status, run.progress, run.started_by) == (RunStatus.FINISHED, 100, coordinator)
    assert _members(run) == [sorted([mentor.pk, good.pk])]
    assert run.objective == run.proposals.get().score
    assert run.unmatched == [
        {
            "application": poor.pk,
            "name": poor.applicant.display_name,
            "role": "mentee",
            "reason": "capacity exhausted: every eligible mentor's places were taken",
        }
    ]
    assert mail.outbox == []  # nobody is told before approval


def test_run_reports_no_eligible_partner_and_preparation(
    scheme, admin_user, django_capture_on_commit_callbacks
):
    scheme.preparation_required = True
    scheme.save()
    mentor = accepted(scheme, role=Role.MENTOR)
    blocked = accepted(scheme, do_not_pair_with=[mentor.applicant.email])
    from datetime import timedelta

    from django.utils import timezone

    from schemes.models import EventAttendance, EventKind, SchemeEvent

    for role in (Role.MENTOR, Role.MENTEE):
        event = SchemeEvent.objects.create(
            scheme=scheme,
            kind=EventKind.BRIEFING,
            title=f"Preparation {role}",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
            satisfies_preparation_for=role,
        )
        for app in (mentor, blocked):
            if app.role == role:
                EventAttendance.objects.create(event=event, user=app.applicant, attended=True)
    unprepared = accepted(scheme)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    run.refresh_from_db()

    assert _members(run) == []
    assert sorted((u["application"], u["reason"]) for u in run.unmatched) == sorted(
        [
            (unprepared.pk, "preparation not complete"),
            (blocked.pk, "no eligible partner: asked not to be paired (1 person)"),
            (mentor.pk, "no eligible partner: asked not to be paired (1 person)"),
        ]
    )


def test_decline_then_rematch_never_proposes_the_same_pair(
    scheme, admin_user, django_capture_on_commit_callbacks
):
    mentors = [accepted(scheme, role=Role.MENTOR) for _ in range(2)]
    mentee = accepted(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    first = run.proposals.get()
    services.run_approve(run=run, by=admin_user)
    services.proposal_respond(proposal=first, user=mentee.applicant, accept=False)
    first_mentor = first.members.get(role=Role.MENTOR).application

    with django_capture_on_commit_callbacks(execute=True):
        rerun = services.run_start(scheme=scheme, by=admin_user)

    other = next(m for m in mentors if m != first_mentor)
    assert _members(rerun) == [sorted([other.pk, mentee.pk])]


def test_new_run_supersedes_unapproved_proposals(
    scheme, admin_user, django_capture_on_commit_callbacks
):
    accepted(scheme, role=Role.MENTOR)
    accepted(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        old = services.run_start(scheme=scheme, by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_start(scheme=scheme, by=admin_user)
    assert list(old.proposals.values_list("status", flat=True)) == [ProposalStatus.SUPERSEDED]


def test_reciprocal_scheme_pairs_within_pool(admin_user, django_capture_on_commit_callbacks):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    peers = [accepted(scheme, role=Role.PEER) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    run.refresh_from_db()
    paired = [a for group in _members(run) for a in group]
    assert (len(_members(run)), len(run.unmatched)) == (1, 1)
    assert sorted(paired + [run.unmatched[0]["application"]]) == sorted(p.pk for p in peers)
    assert run.unmatched[0]["reason"] == (
        "odd one out: every eligible partner was paired with someone else"
    )
    assert set(run.proposals.get().members.values_list("role", flat=True)) == {"peer"}


def test_group_scheme_forms_circles(admin_user, django_capture_on_commit_callbacks):
    scheme = SchemeFactory(kind=SchemeKind.GROUP, circle_size_min=3, circle_size_max=4)
    peers = [accepted(scheme, role=Role.PEER) for _ in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    proposals = list(run.proposals.all())
    assert {p.kind for p in proposals} == {ProposalKind.CIRCLE}
    assert sorted(a for group in _members(run) for a in group) == sorted(p.pk for p in peers)


def test_mentee_choice_scheme_gets_ranked_shortlist(admin_user, django_capture_on_commit_callbacks):
    scheme = SchemeFactory(mentee_choice=True, shortlist_size=2)
    for _ in range(3):
        accepted(scheme, role=Role.MENTOR)
    mentee = accepted(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    options = list(run.proposals.order_by("rank"))
    assert [(p.kind, p.rank) for p in options] == [
        (ProposalKind.OPTION, 1),
        (ProposalKind.OPTION, 2),
    ]
    assert all(mentee.pk in [m.application_id for m in p.members.all()] for p in options)


def test_scheduled_run_auto_approves_only_when_opted_out(
    scheme, django_capture_on_commit_callbacks
):
    from matching.tasks import propose_for_rolling_schemes

    settings = settings_for(scheme)
    settings.scheduled_runs = True
    settings.save()
    accepted(scheme, role=Role.MENTOR)
    accepted(scheme)

    assert propose_for_rolling_schemes() == 1
    assert list(scheme.proposals.values_list("status", flat=True)) == [ProposalStatus.PROPOSED]

    settings.approve_automatically = True
    settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert propose_for_rolling_schemes() == 1
    assert sorted(scheme.proposals.values_list("status", flat=True)) == [
        ProposalStatus.APPROVED,
        ProposalStatus.SUPERSEDED,
    ]
    assert len(mail.outbox) == 2


def test_scheduled_run_skips_schemes_not_opted_in(scheme):
    accepted(scheme, role=Role.MENTOR)
    accepted(scheme)
    assert services.propose_for_rolling_schemes() == []


def test_accepted_mentor_with_blank_years_is_matched_not_excluded(
    admin_user, django_capture_on_commit_callbacks
):
    """Found by a fresh-eyes run: five imported mentors with blank years were left out as
    "under 2 years' experience", and nine mentees went without a mentor."""
    scheme = SchemeFactory()
    mentor = accepted(scheme, role=Role.MENTOR, years_experience=None, capacity=2)
    mentees = [accepted(scheme) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    run.refresh_from_db()
    assert run.unmatched == []
    assert {m.application for p in run.proposals.all() for m in p.members.all()} == {
        mentor,
        *mentees,
    }
