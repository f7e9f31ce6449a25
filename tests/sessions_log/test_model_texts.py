"""The names staff read for the records of a relationship and of matching (the admin's
titles, its history and delete confirmations) translate, their dates in the active
language; English reads as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from matching.models import MatchingSettings, MentorRequest, Proposal, ProposalMember
from schemes.models import Application, Scheme
from sessions_log.models import (
    CalendarFeed,
    Concern,
    Ending,
    Expectation,
    FacilitatorConsent,
    FlashSlot,
    GoalProgress,
    Message,
    MessageReport,
)
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated

SENT = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _person(first: str, last: str):
    return get_user_model()(first_name=first, last_name=last, email="x@example.org")


def _records() -> list:
    """One unsaved record of each model, its people and scheme named in Greek."""
    helen, nikos = _person("Ελένη", "Γεωργίου"), _person("Νίκος", "Παππάς")
    scheme = Scheme(pk=5, name="Σχήμα")
    message = Message(pk=9, relationship_id=2, created_at=SENT)
    proposal = Proposal(pk=4, kind="pair", score=73.4)
    return [
        FacilitatorConsent(member=helen, facilitator=nikos, relationship_id=2),
        FlashSlot(pk=8, scheme_id=5),
        message,
        MessageReport(message=message, created_at=SENT),
        Expectation(pk=6, status="agreed"),
        GoalProgress(pk=1, goal_id=3),
        Concern(relationship_id=2),
        Ending(relationship_id=2),
        CalendarFeed(user=helen),
        MatchingSettings(scheme=scheme),
        MentorRequest(pk=7, status="pending"),
        proposal,
        ProposalMember(proposal=proposal, application=Application(applicant=helen)),
    ]


def test_names_in_english():
    with translation.override("en"):
        assert [str(record) for record in _records()] == [
            "Ελένη Γεωργίου on Νίκος Παππάς facilitating 2",
            "Flash slot #8 in scheme 5",
            "Message of 04 Dec 2026",
            "Report of a message (04 Dec 2026)",
            "Expectation 6 (Agreed)",
            "Progress on goal 3",
            "Concern about relationship 2",
            "Early ending of relationship 2",
            "Calendar feed of Ελένη Γεωργίου",
            "Matching settings of Σχήμα",
            "Request #7 (Waiting for the mentor)",
            "Pair #4 (73)",
            "Ελένη Γεωργίου in proposal 4",
        ]


@pytest.mark.django_db
def test_names_translate(pseudo_locale):  # noqa: F811
    with translation.override(pseudo_locale):
        names = [str(record) for record in _records()]
    assert [(name, untranslated(name)) for name in names if untranslated(name)] == []
