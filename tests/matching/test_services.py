"""The flow after a run: approve, override, accept/decline, confirm, shortlist choice."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from matching import services
from matching.models import ProposalKind, ProposalMember, ProposalStatus, Response
from matching.pool import build_pool
from schemes.models import ApplicationStatus, Role
from sessions_log.models import Relationship, RelationshipKind
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(scheme, mentor, mentee, admin_user):
    run = finished_run(scheme, by=admin_user)
    mentor_app = accepted(scheme, role=Role.MENTOR, user=mentor)
    mentee_app = accepted(scheme, role=Role.MENTEE, user=mentee)
    return run, proposal(run, mentor_app, mentee_app), mentor_app, mentee_app


def test_run_approve_takes_places_and_emails_both(
    pair, admin_user, django_capture_on_commit_callbacks
):
    run, prop, mentor_app, mentee_app = pair

    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)

    prop.refresh_from_db()
    assert (prop.status, prop.approved_by) == (ProposalStatus.APPROVED, admin_user)
    assert list(prop.members.values_list("holds_place", "response")) == [
        (True, Response.PENDING),
        (True, Response.PENDING),
    ]
    # The partner is named in the subject, so a mentor's several proposals do not look alike.
    mentor, mentee = mentor_app.applicant.display_name, mentee_app.applicant.display_name
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            "mentee@example.org",
            f"A proposed match with {mentor} in {run.scheme.name}: please accept or decline",
        ),
        (
            "mentor@example.org",
            f"A proposed match with {mentee} in {run.scheme.name}: please accept or decline",
        ),
    ]
    message = next(m for m in mail.outbox if m.to == ["mentee@example.org"])
    link = f"http://testserver/portal/matches/{prop.pk}/"
    assert link in message.body
    assert "- You both prefer to meet online" in message.body
    assert mentor_app.applicant.display_name in message.body
    html = message.alternatives[0][0]
    assert f'<a href="{link}">Accept or decline</a>' in html
    assert "<li>You both prefer to meet online</li>" in html


def test_run_approve_refuses_everything_when_a_place_is_gone(scheme, admin_user):
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=1)
    first, second = accepted(scheme), accepted(scheme)
    run = finished_run(scheme)
    proposal(run, mentor_app, first)
    proposal(run, mentor_app, second)

    with pytest.raises(ValidationError) as exc:
        services.run_approve(run=run, by=admin_user)

    assert exc.value.messages == [
        f"{mentor_app.applicant.display_name} has 1 place left (capacity 1), too few for "
        "every proposal chosen with them: approve fewer of theirs."
    ]
    assert set(run.proposals.values_list("status", flat=True)) == {ProposalStatus.PROPOSED}


def test_run_approve_says_when_a_mentors_places_are_all_taken(scheme, admin_user):
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=1)
    taken = finished_run(scheme)
    proposal(taken, mentor_app, accepted(scheme))
    services.run_approve(run=taken, by=admin_user)
    run = finished_run(scheme)
    proposal(run, mentor_app, accepted(scheme))

    with pytest.raises(ValidationError) as exc:
        services.run_approve(run=run, by=admin_user)

    assert exc.value.messages == [
        f"{mentor_app.applicant.display_name} has no place left (capacity 1)."
    ]


def test_run_approve_twice_is_refused(pair, admin_user):
    run = pair[0]
    services.run_approve(run=run, by=admin_user)
    with pytest.raises(ValidationError):
        services.run_approve(run=run, by=admin_user)


def test_database_refuses_a_mentee_in_two_live_proposals(scheme):
    mentee_app = accepted(scheme)
    run = finished_run(scheme)
    for _ in range(2):
        proposal(run, accepted(scheme, role=Role.MENTOR), mentee_app)
    ProposalMember.objects.filter(application=mentee_app).first()
    first, second = ProposalMember.objects.filter(application=mentee_app)
    ProposalMember.objects.filter(pk=first.pk).update(holds_place=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalMember.objects.filter(pk=second.pk).update(holds_place=True)


def test_proposal_respond_both_accept_starts_relationship(
    pair, admin_user, mentor, mentee, django_capture_on_commit_callbacks
):
    run, prop, mentor_app, mentee_app = pair
    services.run_approve(run=run, by=admin_user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_respond(proposal=prop, user=mentee, accept=True)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_respond(proposal=prop, user=mentor, accept=True)

    prop.refresh_from_db()
    relationship = Relationship.objects.get()
    assert (prop.status, prop.relationship, relationship.kind) == (
        ProposalStatus.CONFIRMED,
        relationship,
        RelationshipKind.PAIR,
    )
    assert sorted(relationship.members.values_list("user__email", "role")) == [
        ("mentee@example.org", "mentee"),
        ("mentor@example.org", "mentor"),
    ]
    mentor_app.refresh_from_db()
    mentee_app.refresh_from_db()
    assert (mentor_app.status, mentee_app.status) == (
        ApplicationStatus.MATCHED,
        ApplicationStatus.MATCHED,
    )
    assert mentee_app.matched_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]
    assert {m.subject for m in mail.outbox} == {f"Your match in {scheme_name(prop)} is confirmed"}
    # "Plan your sessions" leads to the relationship's page, where sessions are planned.
    planning = f"http://testserver/portal/relationships/{relationship.pk}/"
    assert f"Plan your sessions: {planning}\n" in mail.outbox[0].body
    assert f'<a href="{planning}">Plan your sessions</a>' in mail.outbox[0].alternatives[0][0]
    assert f"/portal/matches/{prop.pk}/" not in mail.outbox[0].body


def scheme_name(prop):
    return prop.scheme.name


def test_proposal_respond_mentor_with_places_left_stays_in_pool(scheme, admin_user):
    mentor_app = accepted(scheme, role=Role.MENTOR, capacity=2)
    mentee_app = accepted(scheme)
    run = finished_run(scheme)
    prop = proposal(run, mentor_app, mentee_app)
    services.run_approve(run=run, by=admin_user)
    for app in (mentor_app, mentee_app):
        services.proposal_respond(proposal=prop, user=app.applicant, accept=True)

    mentor_app.refresh_from_db()
    pool = build_pool(scheme)
    assert (mentor_app.status, pool.remaining, pool.mentees) == (
        ApplicationStatus.ACCEPTED,
        {mentor_app.pk: 1},
        [],
    )


def test_proposal_respond_decline_returns_both_to_pool(pair, admin_user, mentee):
    run, prop, mentor_app, mentee_app = pair
    services.run_approve(run=run, by=admin_user)
    assert build_pool(run.scheme).mentees == []

    services.proposal_respond(proposal=prop, user=mentee, accept=False, reason="  Same team  ")

    prop.refresh_from_db()
    member = prop.members.get(application=mentee_app)
    pool = build_pool(run.scheme)
    assert (prop.status, member.response, member.response_reason) == (
        ProposalStatus.DECLINED,
        Response.DECLINED,
        "Same team",
    )
    assert (pool.mentors, pool.mentees) == ([mentor_app], [mentee_app])
    assert pool.declined == {frozenset({mentor_app.pk, mentee_app.pk})}
    assert Relationship.objects.count() == 0


def test_proposal_respond_decline_tells_the_other_member_without_the_reason(
    pair, admin_user, mentee, django_capture_on_commit_callbacks
):
    run, prop, *_ = pair
    services.run_approve(run=run, by=admin_user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_respond(proposal=prop, user=mentee, accept=False, reason="Too senior")

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["mentor@example.org"], f"Your proposed match in {run.scheme.name} will not go ahead")
    ]
    text = mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert "another member has declined it" in text
    assert "another member has declined it" in html
    assert "Too senior" not in text + html
    assert "/portal/matches/" in text
    assert "the coordinators will propose a new match" in text  # not a member-led scheme


def test_proposal_respond_refuses_outsider_and_second_answer(pair, admin_user, mentee, outsider):
    run, prop, *_ = pair
    services.run_approve(run=run, by=admin_user)
    with pytest.raises(ValidationError, match="not part of this match"):
        services.proposal_respond(proposal=prop, user=outsider, accept=True)
    services.proposal_respond(proposal=prop, user=mentee, accept=True)
    with pytest.raises(ValidationError, match="already answered"):
        services.proposal_respond(proposal=prop, user=mentee, accept=False)


def test_proposal_respond_before_approval_is_refused(pair, mentee):
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.proposal_respond(proposal=pair[1], user=mentee, accept=True)


def test_proposal_reject_only_while_proposed(pair, admin_user):
    run, prop, *_ = pair
    services.proposal_reject(proposal=prop, by=admin_user)
    prop.refresh_from_db()
    assert prop.status == ProposalStatus.REJECTED
    with pytest.raises(ValidationError):
        services.proposal_reject(proposal=prop, by=admin_user)


def test_override_preview_and_swap_between_proposals(scheme, admin_user):
    strong = accepted(scheme, role=Role.MENTOR, expertise=["leadership"], interests=["leadership"])
    weak = accepted(scheme, role=Role.MENTOR, expertise=["research"], interests=["sport"])
    mentee_a = accepted(scheme, interests=["leadership"])
    mentee_b = accepted(scheme, interests=["sport"])
    run = finished_run(scheme)
    pool = build_pool(scheme)
    from matching.pool import score_applications

    a_strong = score_applications(pool, strong, mentee_a).value
    b_weak = score_applications(pool, weak, mentee_b).value
    a_weak = score_applications(pool, weak, mentee_a).value
    b_strong = score_applications(pool, strong, mentee_b).value
    p1 = proposal(run, strong, mentee_a, score=a_strong)
    p2 = proposal(run, weak, mentee_b, score=b_weak)
    member = p1.members.get(application=strong)

    changes = services.override_preview(proposal=p1, member=member, application=weak)
    assert [(c.proposal.pk, c.before, c.after, c.rule) for c in changes] == [
        (p1.pk, a_strong, a_weak, ""),
        (p2.pk, b_weak, b_strong, ""),
    ]

    services.proposal_override(proposal=p1, member=member, application=weak, by=admin_user)

    p1.refresh_from_db()
    p2.refresh_from_db()
    assert sorted(p1.members.values_list("application_id", flat=True)) == sorted(
        [weak.pk, mentee_a.pk]
    )
    assert sorted(p2.members.values_list("application_id", flat=True)) == sorted(
        [strong.pk, mentee_b.pk]
    )
    assert (p1.score, p2.score, p1.overridden_by) == (a_weak, b_strong, admin_user)


def test_override_to_someone_forbidden_is_refused(scheme, admin_user):
    mentor_app = accepted(scheme, role=Role.MENTOR)
    blocked = accepted(scheme, role=Role.MENTOR)
    mentee_app = accepted(scheme, do_not_pair_with=[blocked.applicant.email])
    run = finished_run(scheme)
    prop = proposal(run, mentor_app, mentee_app)
    member = prop.members.get(application=mentor_app)

    with pytest.raises(ValidationError, match="hard constraint forbids that match: listed as not"):
        services.proposal_override(proposal=prop, member=member, application=blocked, by=admin_user)


def test_override_with_other_role_is_refused(pair):
    _, prop, mentor_app, _ = pair
    other_mentee = accepted(prop.scheme)
    member = prop.members.get(application=mentor_app)
    with pytest.raises(ValidationError, match="same scheme and role"):
        services.override_preview(proposal=prop, member=member, application=other_mentee)


def test_shortlist_choose_makes_the_pair_and_withdraws_other_options(
    scheme, admin_user, mentee, django_capture_on_commit_callbacks
):
    scheme.mentee_choice = True
    scheme.save()
    mentee_app = accepted(scheme, user=mentee)
    first, second = accepted(scheme, role=Role.MENTOR), accepted(scheme, role=Role.MENTOR)
    run = finished_run(scheme)
    o1 = proposal(run, first, mentee_app, kind=ProposalKind.OPTION, rank=1, score=80)
    o2 = proposal(run, second, mentee_app, kind=ProposalKind.OPTION, rank=2, score=60)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["mentee@example.org"], f"Choose your match in {scheme.name}")
    ]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.shortlist_choose(option=o2, user=mentee)

    o1.refresh_from_db()
    o2.refresh_from_db()
    assert (o1.status, o2.status, o2.kind) == (
        ProposalStatus.SUPERSEDED,
        ProposalStatus.APPROVED,
        ProposalKind.PAIR,
    )
    assert o2.members.get(application=mentee_app).response == Response.ACCEPTED
    assert [m.to for m in mail.outbox] == [[second.applicant.email]]
    services.proposal_respond(proposal=o2, user=second.applicant, accept=True)
    o2.refresh_from_db()
    assert o2.status == ProposalStatus.CONFIRMED


def test_shortlist_choose_by_the_mentor_is_refused(scheme, admin_user):
    mentor_app, mentee_app = accepted(scheme, role=Role.MENTOR), accepted(scheme)
    run = finished_run(scheme)
    option = proposal(run, mentor_app, mentee_app, kind=ProposalKind.OPTION)
    services.run_approve(run=run, by=admin_user)
    with pytest.raises(ValidationError, match="Only the mentee"):
        services.shortlist_choose(option=option, user=mentor_app.applicant)
