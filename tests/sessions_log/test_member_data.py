"""The sessions_log part of a member's data export: their relationships with session dates
(never the pair's notes) and what they wrote themselves, nobody else's words."""

from datetime import date

import pytest

from sessions_log.member_data import member_data
from sessions_log.models import (
    Action,
    Concern,
    Ending,
    EvaluationDimension,
    Expectation,
    FeedbackResponse,
    Goal,
    MemberRole,
    RatingPhase,
    Relationship,
    RelationshipMember,
    SelfRating,
    Session,
    SessionStatus,
)
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def pair(scheme, mentor, mentee):
    relationship = Relationship.objects.create(scheme=scheme, started_on=date(2025, 1, 6))
    RelationshipMember.objects.create(
        relationship=relationship, user=mentor, role=MemberRole.MENTOR
    )
    RelationshipMember.objects.create(
        relationship=relationship, user=mentee, role=MemberRole.MENTEE
    )
    return relationship


def held(relationship, number, *, on=date(2025, 2, 3), minutes=90, notes=""):
    return Session.objects.create(
        relationship=relationship,
        number=number,
        status=SessionStatus.HELD,
        held_on=on,
        duration_minutes=minutes,
        notes=notes,
    )


def _written_by(user, relationship, words):
    Expectation.objects.create(relationship=relationship, author=user, text=f"{words} expect")
    Goal.objects.create(relationship=relationship, owner=user, what=f"{words} goal")
    Action.objects.create(relationship=relationship, owner=user, text=f"{words} action")
    Concern.objects.create(relationship=relationship, raised_by=user, message=f"{words} concern")
    FeedbackResponse.objects.create(
        relationship=relationship, user=user, answers={"1": f"{words} feedback"}
    )
    dimension, _ = EvaluationDimension.objects.get_or_create(
        scheme=relationship.scheme, name="Confidence"
    )
    SelfRating.objects.create(
        relationship=relationship,
        user=user,
        dimension=dimension,
        phase=RatingPhase.BASELINE,
        score=3,
    )


def test_sessions_log_part_holds_only_the_members_own_words(
    scheme, other_scheme, mentor, mentee, outsider
):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 2, 3), minutes=60, notes="Private pair notes")
    _written_by(mentee, rel, "Mentee's")
    _written_by(mentor, rel, "Mentor's")
    Ending.objects.create(relationship=rel, ended_by=mentee, reason="Mentee's reason")
    others = pair(other_scheme, outsider, ProfileFactory().user)
    held(others, 1, on=date(2025, 2, 4), minutes=45)
    _written_by(outsider, others, "Outsider's")

    data = member_data(user=mentee)

    assert data["relationships"] == [
        {
            "id": rel.pk,
            "scheme": scheme.name,
            "kind": "pair",
            "status": "active",
            "my_role": "mentee",
            "started_on": date(2025, 1, 6),
            "ended_on": None,
            "sessions": [
                {
                    "number": 1,
                    "title": "",
                    "status": "held",
                    "target_date": None,
                    "held_on": date(2025, 2, 3),
                    "duration_minutes": 60,
                }
            ],
        }
    ]
    assert [g["goal"] for g in data["goals"]] == ["Mentee's goal"]
    assert [e["text"] for e in data["expectations"]] == ["Mentee's expect"]
    assert [a["text"] for a in data["actions"]] == ["Mentee's action"]
    assert [c["message"] for c in data["concerns"]] == ["Mentee's concern"]
    assert [e["reason"] for e in data["endings"]] == ["Mentee's reason"]
    assert [f["answers"] for f in data["feedback"]] == [{"1": "Mentee's feedback"}]
    assert [(r["dimension"], r["phase"], r["score"]) for r in data["self_ratings"]] == [
        ("Confidence", "baseline", 3)
    ]
    for words in ("Mentor's", "Outsider's", "Private pair notes"):
        assert words not in repr(data)


def test_sessions_log_part_of_an_outsider_is_empty(scheme, mentor, mentee, outsider):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1)
    _written_by(mentee, rel, "Mentee's")
    data = member_data(user=outsider)
    assert all(value == [] for value in data.values())
