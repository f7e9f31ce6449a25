"""The sessions_log part of a member's data export: the shared record of their
relationships as they read it (notes, plan and messages, each with who wrote it; a
facilitator only from joining) and what is theirs alone, never a partner's private words."""

from datetime import UTC, date, datetime

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
    Message,
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


def test_sessions_log_part_holds_the_shared_record_and_the_members_own_words(
    scheme, other_scheme, mentor, mentee, outsider
):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 2, 3), minutes=60, notes="Pair notes")
    _written_by(mentee, rel, "Mentee's")
    _written_by(mentor, rel, "Mentor's")
    Message.objects.create(relationship=rel, author=mentor, body="Mentor's message")
    Ending.objects.create(relationship=rel, ended_by=mentee, reason="Mentee's reason")
    others = pair(other_scheme, outsider, ProfileFactory().user)
    held(others, 1, on=date(2025, 2, 4), minutes=45, notes="Outsider's notes")
    _written_by(outsider, others, "Outsider's")
    Message.objects.create(relationship=others, author=outsider, body="Outsider's message")

    data = member_data(user=mentee)

    [relationship] = data["relationships"]
    assert (relationship["id"], relationship["my_role"], relationship["status"]) == (
        rel.pk,
        "mentee",
        "active",
    )
    assert sorted(m["role"] for m in relationship["members"]) == ["mentee", "mentor"]
    assert {"name": "you", "role": "mentee"} in relationship["members"]
    [session] = relationship["sessions"]
    assert (session["held_on"], session["duration_minutes"], session["notes"]) == (
        date(2025, 2, 3),
        60,
        "Pair notes",
    )
    partner = mentor.get_full_name()
    # The shared record: both members' words, each with who wrote it.
    assert sorted((g["by"], g["goal"]) for g in data["goals"]) == [
        (partner, "Mentor's goal"),
        ("you", "Mentee's goal"),
    ]
    assert sorted((e["by"], e["text"]) for e in data["expectations"]) == [
        (partner, "Mentor's expect"),
        ("you", "Mentee's expect"),
    ]
    assert sorted((a["by"], a["text"]) for a in data["actions"]) == [
        (partner, "Mentor's action"),
        ("you", "Mentee's action"),
    ]
    assert [(m["by"], m["body"]) for m in data["messages"]] == [(partner, "Mentor's message")]
    # Theirs alone: only the member's own.
    assert [c["message"] for c in data["concerns"]] == ["Mentee's concern"]
    assert [e["reason"] for e in data["endings"]] == ["Mentee's reason"]
    assert [f["answers"] for f in data["feedback"]] == [
        [{"question": "Question 1 (since removed)", "answer": "Mentee's feedback"}]
    ]
    assert [(r["dimension"], r["phase"], r["score"]) for r in data["self_ratings"]] == [
        ("Confidence", "baseline", 3)
    ]
    for words in ("Mentor's concern", "Mentor's feedback", "Outsider's"):
        assert words not in repr(data)


def test_a_facilitator_gets_only_what_was_written_since_joining(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    before = held(rel, 1, on=date(2025, 2, 3), notes="Before joining notes")
    Session.objects.filter(pk=before.pk).update(logged_at=datetime(2025, 2, 3, 12, tzinfo=UTC))
    early = Goal.objects.create(relationship=rel, owner=mentee, what="Early goal")
    Goal.objects.filter(pk=early.pk).update(created_at=datetime(2025, 2, 1, tzinfo=UTC))
    Message.objects.create(relationship=rel, author=mentee, body="Early message")
    Message.objects.filter(body="Early message").update(created_at=datetime(2025, 2, 1, tzinfo=UTC))
    facilitator = ProfileFactory().user
    RelationshipMember.objects.create(
        relationship=rel,
        user=facilitator,
        role=MemberRole.FACILITATOR,
        joined_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    Goal.objects.create(relationship=rel, owner=mentee, what="Later goal")

    data = member_data(user=facilitator)

    [relationship] = data["relationships"]
    assert relationship["my_role"] == "facilitator"
    assert [(s["number"], s["notes"]) for s in relationship["sessions"]] == [(1, "")]
    assert [g["goal"] for g in data["goals"]] == ["Later goal"]
    assert data["messages"] == []
    for words in ("Before joining notes", "Early goal", "Early message"):
        assert words not in repr(data)


def test_sessions_log_part_of_an_outsider_is_empty(scheme, mentor, mentee, outsider):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1)
    _written_by(mentee, rel, "Mentee's")
    data = member_data(user=outsider)
    assert all(value in ([], None) for value in data.values())
