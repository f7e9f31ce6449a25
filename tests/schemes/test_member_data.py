"""The schemes part of a member's data export: their own applications, subscriptions and
events only."""

from datetime import UTC, datetime, timedelta

import pytest

from schemes.member_data import member_data
from schemes.models import EventAttendance, EventKind, SchemeEvent, Subscription
from tests.factories import ApplicationFactory, ApplicationFormFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _attended(scheme, user, title):
    start = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
    event = SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.LAUNCH,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    EventAttendance.objects.create(event=event, user=user, attended=True)


def test_schemes_part_holds_the_members_own_records(scheme, other_scheme, mentor, outsider):
    form = ApplicationFormFactory(scheme=scheme, role="mentor")
    question = QuestionFactory(form=form, label="Why do you want to mentor?")
    ApplicationFactory(
        scheme=scheme,
        applicant=mentor,
        role="mentor",
        hopes="To give back",
        answers={str(question.pk): "Yes", "999999": "Old"},
    )
    ApplicationFactory(scheme=scheme, applicant=outsider, hopes="Outsider's hopes")
    Subscription.objects.create(scheme=scheme, email=mentor.email, user=mentor)
    Subscription.objects.create(scheme=other_scheme, email=mentor.email, name="Signed out")
    Subscription.objects.create(scheme=scheme, email=outsider.email, name="Outsider")
    _attended(scheme, mentor, "Launch")
    _attended(scheme, outsider, "Outsider's event")

    data = member_data(user=mentor)

    assert [(a["scheme"], a["role"], a["hopes"], a["answers"]) for a in data["applications"]] == [
        (
            scheme.name,
            "mentor",
            "To give back",
            [
                {"question": "Why do you want to mentor?", "answer": "Yes"},
                {"question": "Question 999999 (since removed)", "answer": "Old"},
            ],
        )
    ]
    assert [h["status"] for h in data["applications"][0]["status_history"]] == ["submitted"]
    assert [(s["scheme"], s["name"]) for s in data["subscriptions"]] == [
        (scheme.name, ""),
        (other_scheme.name, "Signed out"),
    ]
    assert [(e["title"], e["rsvp"], e["attended"]) for e in data["events"]] == [
        ("Launch", "yes", True)
    ]
    for text in ("Outsider", outsider.email):
        assert text not in repr(data)
