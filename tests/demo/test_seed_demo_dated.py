"""The demo's dated history, seeded once for this module on a fixed day (``TODAY``)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db.models import Max

from cpd.models import Reflection
from demo.evaluation import DIMENSIONS, REPORT_TITLE
from demo.flash import FLASH_SLUG
from demo.matching import LIVE_SCHEMES
from demo.schemes import PILOT_SLUG
from insights.models import EvaluationReport
from matching.models import ProposalStatus
from schemes.models import (
    Scheme,
)
from sessions_log.models import (
    ExpectationStatus,
    FeedbackResponse,
    GoalStatus,
    RatingPhase,
    Relationship,
    RelationshipStatus,
    SelfRating,
    Session,
    SessionStatus,
)

from .seeding import (
    PILOT_FEEDBACK_ROWS,
    PILOT_RATING_ROWS,
    TODAY,
    figures,
    member_emails,
    relationships_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("demo-dated")]

SEED_AT = TODAY  # read by the ``seeded`` fixture


def test_seed_demo_named_mentor_and_mentee_share_one_career_relationship(seeded):
    pair = Relationship.objects.get(
        members__user__email="mentee@demo.example", scheme__slug="career-mentoring"
    )
    assert member_emails(pair) == ["mentee@demo.example", "mentor@demo.example"]
    assert relationships_of("mentee@demo.example").count() == 1
    assert (pair.status, pair.started_on) == (
        RelationshipStatus.ACTIVE,
        date(2026, 2, 14),
    )
    sessions = list(pair.sessions.order_by("number"))
    assert [(s.number, s.status) for s in sessions] == [
        (1, SessionStatus.HELD),
        (2, SessionStatus.HELD),
        (3, SessionStatus.HELD),
        (4, SessionStatus.PLANNED),
        (5, SessionStatus.PLANNED),
        (6, SessionStatus.PLANNED),
    ]
    assert [s.held_on for s in sessions[:3]] == [
        date(2026, 2, 20),
        date(2026, 3, 19),
        date(2026, 4, 18),
    ]
    assert all(s.notes for s in sessions[:3])
    assert sessions[0].scheduled_at is not None
    assert sessions[3].scheduled_at.date() == date(2026, 5, 26)
    assert [s.target_date for s in sessions[4:]] == [
        date(2026, 6, 14),
        date(2026, 7, 24),
    ]


def test_seed_demo_named_pair_has_expectations_goals_actions_and_reflections(seeded):
    pair = relationships_of("mentee@demo.example").get()
    assert sorted(pair.expectations.values_list("status", flat=True)) == sorted(
        [ExpectationStatus.AGREED] * 3 + [ExpectationStatus.DEFERRED]
    )
    assert pair.expectations.exclude(clarification_response="").count() == 1
    goals = list(pair.goals.order_by("pk"))
    assert [(g.owner.email, g.status, g.set_in.number) for g in goals] == [
        ("mentee@demo.example", GoalStatus.IN_PROGRESS, 2),
        ("mentee@demo.example", GoalStatus.IN_PROGRESS, 2),
    ]
    assert [g.progress.get().session.number for g in goals] == [3, 3]
    actions = pair.actions.order_by("pk")
    assert [(a.agreed_in.number, a.done_in and a.done_in.number) for a in actions] == [
        (1, 2),
        (2, 3),
        (2, 3),
        (3, None),
    ]
    assert sorted(
        Reflection.objects.filter(relationship=pair).values_list(
            "author__email", "session__number", "status"
        )
    ) == [
        ("mentee@demo.example", 2, "complete"),
        ("mentor@demo.example", 3, "complete"),
    ]


def test_seed_demo_relationships_show_every_story(seeded):
    today = TODAY.date()
    assert set(Relationship.objects.values_list("status", flat=True)) == {
        RelationshipStatus.ACTIVE,
        RelationshipStatus.COMPLETED,
        RelationshipStatus.ENDED_EARLY,
    }
    completed = Relationship.objects.get(
        status=RelationshipStatus.COMPLETED, scheme__slug__in=LIVE_SCHEMES
    )
    assert completed.sessions.filter(status=SessionStatus.HELD).count() == 6
    ended = Relationship.objects.get(status=RelationshipStatus.ENDED_EARLY)
    assert (ended.ended_on, ended.sessions.filter(status=SessionStatus.PLANNED).count()) == (
        today - timedelta(days=30),
        0,
    )
    last_held = {
        r.pk: r.last
        for r in Relationship.objects.filter(status=RelationshipStatus.ACTIVE).annotate(
            last=Max("sessions__held_on")
        )
    }
    stalled = [pk for pk, last in last_held.items() if last and last < today - timedelta(weeks=10)]
    assert len(stalled) == 1
    assert Relationship.objects.filter(kind="circle").count() == 1
    held = Session.objects.filter(status=SessionStatus.HELD)
    assert held.values("relationship").distinct().count() >= 8
    assert not held.filter(held_on__gt=today).exists()
    assert set(Relationship.objects.values_list("scheme__slug", flat=True)) == {
        *LIVE_SCHEMES,
        PILOT_SLUG,
        FLASH_SLUG,  # the demo's two flash bookings: one conversation each
    }


def test_seed_demo_pilot_dashboard_shows_feedback_scores_and_self_ratings(seeded):
    with time_machine.travel(TODAY):
        tables = figures(Scheme.objects.filter(slug=PILOT_SLUG))
    assert tables["feedback-scores"].rows == PILOT_FEEDBACK_ROWS
    assert tables["self-ratings"].rows == PILOT_RATING_ROWS
    assert tables["outcomes"].rows[0] == ["Completed", 3, 100.0]


def test_seed_demo_pilot_cohort_is_its_latest_finished_one(seeded):
    # In May the pilot's own launch (March 2026) is still running: last year's cohort shows.
    pilot = Scheme.objects.get(slug=PILOT_SLUG)
    rows = list(
        Relationship.objects.filter(scheme=pilot)
        .order_by("started_on")
        .values_list("status", "started_on", "ended_on")
    )
    starts = [date(2025, 3, day) for day in (1, 3, 5)]
    assert rows == [
        (RelationshipStatus.COMPLETED, start, start + timedelta(days=84)) for start in starts
    ]
    for relationship in Relationship.objects.filter(scheme=pilot):
        held = relationship.sessions.filter(status=SessionStatus.HELD)
        assert held.count() == 6
        assert max(held.values_list("held_on", flat=True)) <= relationship.ended_on
        assert relationship.proposal.status == ProposalStatus.CONFIRMED


def test_seed_demo_pilot_ratings_come_before_and_after_and_feedback_at_the_end(seeded):
    pilot = Scheme.objects.get(slug=PILOT_SLUG)
    assert list(pilot.evaluation_dimensions.values_list("name", flat=True)) == list(DIMENSIONS)
    assert sorted(pilot.feedback_questions.values_list("type", flat=True)) == sorted(
        ["number", "number", "long_text", "long_text"]
    )
    for rating in SelfRating.objects.filter(relationship__scheme=pilot).select_related(
        "relationship"
    ):
        day = rating.created_at.date()
        if rating.phase == RatingPhase.BASELINE:
            assert rating.relationship.started_on <= day < rating.relationship.ended_on
        else:
            assert day > rating.relationship.ended_on
    responses = FeedbackResponse.objects.filter(relationship__scheme=pilot)
    assert responses.count() == 6
    assert all(r.submitted_at.date() > r.relationship.ended_on for r in responses)
    assert responses.filter(share_individually=True).count() == 4


def test_seed_demo_pilot_has_a_draft_report_quoting_consented_answers(seeded):
    report = EvaluationReport.objects.get(title=REPORT_TITLE)
    assert report.scheme.slug == PILOT_SLUG
    assert report.outcomes != ""
    assert report.handover == ""
    quotes = list(report.quotes.select_related("response", "question"))
    assert [(q.theme, q.raw_text) for q in quotes] == [
        (
            "Confidence to lead",
            "I had the difficult conversation with my manager I had put off for a year.",
        ),
        ("How the pilot could develop", "More time at the start to agree what we both wanted."),
    ]
    assert all(q.response.share_individually for q in quotes)
    for quote in quotes:
        quote.full_clean()  # the model's own consent and free-text checks pass
    # The report's cohort period selects the whole cohort: its figures are the same.
    with time_machine.travel(TODAY):
        tables = figures(
            Scheme.objects.filter(pk=report.scheme_id),
            start=report.period_start,
            end=report.period_end,
        )
    assert tables["feedback-scores"].rows == PILOT_FEEDBACK_ROWS
    assert tables["self-ratings"].rows == PILOT_RATING_ROWS


def test_seed_demo_application_dates_run_in_order_and_never_ahead(seeded):
    """Every application was submitted before it was decided and matched, and nothing is
    dated after today: the admin's "days waiting" is never negative."""
    from schemes.models import Application

    with time_machine.travel(TODAY, tick=False):
        dated = Application.objects.exclude(submitted_at=None)
        rows = list(dated.values_list("submitted_at", "decided_at", "accepted_at", "matched_at"))
        waits = [a.days_waiting() for a in dated]
    assert rows
    assert all(w is not None and w >= 0 for w in waits)
    for submitted, decided, accepted, matched in rows:
        later = [d for d in (decided, accepted, matched) if d is not None]
        assert all(submitted <= d for d in later)
        assert all(d.date() <= TODAY.date() for d in (submitted, *later))
