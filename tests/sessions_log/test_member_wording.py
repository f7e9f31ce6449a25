"""Wording members read about their own relationship: the member who plans or cancels a
session is told "You planned…", not their own name; times in a zone without a lettered
abbreviation name the place and offset; a peer scheme's page lists no mentors' learning
sets."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from schemes.models import EventKind, SchemeEvent
from sessions_log import services
from sessions_log.models import MemberRole, SessionMode
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 1, 10, 9, tzinfo=LONDON)
WHEN = datetime(2026, 1, 12, 19, 0, tzinfo=LONDON)


@pytest.fixture
def pair(scheme, mentor, mentee):
    mentor.first_name, mentor.last_name = "Aoife", "Brennan"
    mentor.save()
    return start_pair(scheme, mentor, mentee)


def _bodies(address: str) -> str:
    return "\n".join(m.body + m.alternatives[0][0] for m in mail.outbox if m.to == [address])


def _plan(pair, by, capture):
    session = pair.sessions.get(number=1)
    with capture(execute=True):
        services.session_plan(
            session=session,
            by=by,
            scheduled_at=WHEN,
            mode=SessionMode.ONLINE,
            location="https://meet.example.org/x",
        )
    return session


@time_machine.travel(NOW, tick=False)
def test_the_planner_is_addressed_as_you(pair, mentor, django_capture_on_commit_callbacks):
    _plan(pair, mentor, django_capture_on_commit_callbacks)

    to_planner, to_partner = _bodies("mentor@example.org"), _bodies("mentee@example.org")
    assert "You planned session 1 (Session 1):" in to_planner
    assert "Aoife Brennan planned" not in to_planner
    assert "Aoife Brennan planned session 1 (Session 1):" in to_partner


@time_machine.travel(NOW, tick=False)
def test_the_canceller_is_addressed_as_you(pair, mentor, django_capture_on_commit_callbacks):
    session = _plan(pair, mentor, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=mentor)

    assert "You cancelled session 1 (Session 1)," in _bodies("mentor@example.org")
    assert "Aoife Brennan cancelled session 1 (Session 1)," in _bodies("mentee@example.org")


@time_machine.travel(NOW, tick=False)
def test_a_time_in_a_zone_without_letters_names_the_place(
    pair, mentor, mentee, django_capture_on_commit_callbacks
):
    mentee.profile.timezone = "America/Sao_Paulo"
    mentee.profile.save()
    _plan(pair, mentor, django_capture_on_commit_callbacks)

    to_mentee = _bodies("mentee@example.org")
    assert "16:00 (Sao Paulo time, UTC\u22123)" in to_mentee
    assert "UTC-03" not in to_mentee


@time_machine.travel(NOW, tick=False)
def test_planner_wording_translates(
    pair,
    mentor,
    mentee,
    pseudo_locale,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    mentor.profile.language = pseudo_locale
    mentor.profile.save()
    mentee.first_name, mentee.last_name = "Ελένη", "Γεωργίου"
    mentee.save()
    _plan(pair, mentor, django_capture_on_commit_callbacks)

    [email] = [m for m in mail.outbox if m.to == ["mentor@example.org"]]
    # the names are member data: the planner's, the session's title, the scheme's
    names = ("Aoife", "Brennan", "Session 1", pair.scheme.name)
    assert untranslated(email.body, allow=names) == []


def test_a_peer_schemes_page_lists_no_learning_sets(client, scheme, mentor, mentee):
    pair = start_pair(scheme, mentor, mentee, roles=(MemberRole.PEER, MemberRole.PEER))
    SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.LEARNING_SET,
        title="Mentors' learning set",
        starts_at=datetime(2099, 1, 1, 10, tzinfo=LONDON),
        ends_at=datetime(2099, 1, 1, 12, tzinfo=LONDON),
    )
    client.force_login(mentor)

    text = client.get(pair.get_absolute_url()).text

    assert "learning set" not in text.lower()
