"""The member's dashboard leads: what needs them now, each with one button, and their next
session in their own zone (``mentoring_site.next_steps``), in a constant number of queries."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from mentoring_site.next_steps import next_steps_for
from schemes import services as schemes_services
from schemes.models import Role
from sessions_log import services
from sessions_log.models import SessionMode
from sessions_log.selectors import relationships_for_user
from tests.browser.seed import approved_proposal
from tests.factories import ProfileFactory, SchemeFactory, UserFactory
from tests.sessions_log.factories import start_pair

START = date(2026, 3, 2)
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def plan(relationship, number, at, by):
    session = relationship.sessions.get(number=number)
    return services.session_plan(session=session, by=by, scheduled_at=at, mode=SessionMode.PHONE)


def steps_of(user):
    rels = list(relationships_for_user(user=user))
    return next_steps_for(user=user, relationships=rels)


def test_next_session_in_the_members_zone_and_plan_the_one_without_a_date(
    clock, client, scheme, mentor, mentee
):
    pair = start_pair(scheme, mentor, mentee, steps=3, started_on=START)
    plan(pair, 1, NOW + timedelta(days=2, hours=1), mentor)
    Profile.objects.update_or_create(user=mentee, defaults={"timezone": "Australia/Sydney"})
    client.force_login(mentee)

    page = client.get(reverse("dashboard")).content.decode()

    # 10:00 in London is 21:00 in Sydney: the member's zone, with its name.
    assert "Fri 6 Mar 2026, 21:00 AEDT" in page
    assert f'href="{reverse("sessions_log:session_plan", args=[pair.pk, 2])}"' in page
    assert "Plan session 2" in page
    assert "Plan session 3" not in page  # one plan step per relationship


def test_a_passed_session_is_to_log_and_a_held_one_to_reflect_on(clock, scheme, mentor, mentee):
    pair = start_pair(scheme, mentor, mentee, steps=3, started_on=START)
    with time_machine.travel(NOW - timedelta(days=1, hours=1), tick=False):
        plan(pair, 2, NOW - timedelta(days=1), mentor)
    held = pair.sessions.get(number=1)
    services.session_log(
        session=held, by=mentor, held_on=START, duration_minutes=60, mode=SessionMode.ONLINE
    )

    kinds = {(s.kind, s.action) for s in steps_of(mentee).steps}

    assert ("log", "Log session 2") in kinds
    assert ("reflect", f"Reflect on session 1 with {mentor.display_name}") in kinds
    assert ("plan", "Plan session 3") in kinds


def test_a_match_waiting_and_unread_messages_come_first(clock, scheme, admin_user, mentor, mentee):
    other_mentor, other_mentee = UserFactory(), UserFactory()
    pair = start_pair(scheme, other_mentor, mentee, steps=1, started_on=START)
    services.message_send(relationship=pair, by=other_mentor, body="Hello there")
    proposal = approved_proposal(scheme, mentor, other_mentee, by=admin_user)

    mentor_steps = steps_of(mentor).steps
    mentee_steps = steps_of(mentee).steps

    assert [(s.kind, s.url) for s in mentor_steps] == [
        ("answer", reverse("matching:detail", args=[proposal.pk]))
    ]
    assert mentee_steps[0].kind == "messages"
    assert mentee_steps[0].text == f"1 unread message in {scheme.name}."


def test_feedback_due_once_completed(clock, scheme, mentor, mentee):
    pair = start_pair(scheme, mentor, mentee, steps=0, started_on=START)
    services.session_log(
        session=services.session_add(relationship=pair, by=mentor),
        by=mentor,
        held_on=START,
        duration_minutes=60,
        mode=SessionMode.ONLINE,
    )
    services.relationship_complete(relationship=pair, by=mentor)

    feedback = [s for s in steps_of(mentee).steps if s.kind == "feedback"]

    assert [s.url for s in feedback] == [reverse("sessions_log:feedback", args=[pair.pk])]


def test_nothing_of_others_relationships(clock, client, scheme, mentor, mentee, outsider):
    pair = start_pair(scheme, mentor, mentee, steps=2, started_on=START)
    plan(pair, 1, NOW + timedelta(days=1), mentor)
    client.force_login(outsider)

    page = client.get(reverse("dashboard")).content.decode()

    assert steps_of(outsider).steps == []
    assert steps_of(outsider).upcoming is None
    # a new account is led to its first steps, never to the pair's relationship or sessions
    assert 'id="first-steps"' in page
    assert pair.get_absolute_url() not in page
    assert "Session 1" not in page
    # Its own members see it, begun, as active since the day it started.
    client.force_login(mentee)
    own = client.get(reverse("dashboard")).text
    assert '<span class="badge text-bg-secondary ms-1">Active</span>' in own
    assert f"Since {START:%-d %b %Y}." in own


def test_cancelled_and_paused_leave_the_steps(clock, scheme, mentor, mentee):
    pair = start_pair(scheme, mentor, mentee, steps=2, started_on=START)
    services.session_cancel(session=pair.sessions.get(number=1), by=mentor)
    assert [s.action for s in steps_of(mentee).steps] == ["Plan session 2"]

    services.relationship_set_paused(relationship=pair, by=mentor, paused=True)
    assert steps_of(mentee).steps == []


def test_the_dashboard_needs_a_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(ctx.captured_queries)


def test_constant_queries_with_one_and_many_relationships(clock, client, admin_user):
    one, many = UserFactory(), UserFactory()
    for member, count in ((one, 1), (many, 4)):
        for _ in range(count):
            pair = start_pair(SchemeFactory(), UserFactory(), member, steps=3, started_on=START)
            plan(pair, 1, NOW + timedelta(days=3), member)
            services.session_log(
                session=pair.sessions.get(number=2),
                by=member,
                held_on=START,
                duration_minutes=30,
                mode=SessionMode.PHONE,
            )
            services.message_send(relationship=pair, by=pair.members.first().user, body="Hi")
        approved_proposal(SchemeFactory(), UserFactory(), member, by=admin_user)

    assert len(steps_of(many).steps) > len(steps_of(one).steps)
    assert _queries_for(client, one) == _queries_for(client, many)


def test_a_mentor_of_two_tells_their_sessions_apart_by_the_partners_name(
    clock, scheme, mentor, mentee
):
    second, other = UserFactory(), SchemeFactory()
    start_pair(scheme, mentor, mentee, steps=3, started_on=START)
    start_pair(other, mentor, second, steps=3, started_on=START)

    texts = [s.text for s in steps_of(mentor).steps if s.kind == "plan"]

    assert sorted(texts) == sorted(
        f"Session 2 with {who.display_name} in {where.name} has no date and time yet."
        for who, where in ((mentee, scheme), (second, other))
    )


def test_a_pair_matched_months_before_its_launch_is_not_nudged_yet(
    clock, client, scheme, mentor, mentee
):
    """A cohort pair starts on the launch date: no plan or log step months before it, and
    its page says when it starts and offers no "Log"."""
    launch = NOW.date() + timedelta(days=90)
    pair = start_pair(scheme, mentor, mentee, steps=3, started_on=launch)

    assert [s for s in steps_of(mentee).steps if s.kind in ("plan", "log")] == []
    client.force_login(mentee)
    page = client.get(pair.get_absolute_url()).text
    assert f"Starts on {launch:%-d %b %Y}" in page
    assert reverse("sessions_log:session_log", args=[pair.pk, 1]) not in page
    # The dashboard's badge says when it starts too, not "Active" months before it does.
    dashboard = client.get(reverse("dashboard")).text
    assert f'<span class="badge text-bg-secondary ms-1">Starts on {launch:%-d %b %Y}</span>' in (
        dashboard
    )
    assert ">Active</span>" not in dashboard


def test_a_mentor_of_two_tells_their_reflections_apart_by_the_partners_name(
    clock, client, mentor, mentee
):
    """Two mentees in schemes of one name, session 2 held the same day with each: two items
    and two buttons, each naming its mentee (the button's text is its accessible name)."""
    second = UserFactory()
    for partner in (mentee, second):
        scheme = SchemeFactory(name="Career Mentoring Scheme")
        pair = start_pair(scheme, mentor, partner, steps=3, started_on=START)
        services.session_log(
            session=pair.sessions.get(number=2),
            by=mentor,
            held_on=START,
            duration_minutes=60,
            mode=SessionMode.ONLINE,
        )

    reflect = [s for s in steps_of(mentor).steps if s.kind == "reflect"]

    assert sorted((s.text, s.action) for s in reflect) == sorted(
        (
            f"Session 2 with {who.display_name} in Career Mentoring Scheme was held on "
            "2 Mar 2026: a reflection counts towards your CPD.",
            f"Reflect on session 2 with {who.display_name}",
        )
        for who in (mentee, second)
    )
    client.force_login(mentor)
    page = client.get(reverse("dashboard")).text
    for step in reflect:
        assert f'href="{step.url}">{step.action}</a>' in page


def test_a_reflection_without_known_partners_still_reads_well(clock, scheme, mentor, mentee):
    """Partners unknown (the relationships not passed in): the scheme alone is named."""
    pair = start_pair(scheme, mentor, mentee, steps=1, started_on=START)
    services.session_log(
        session=pair.sessions.get(number=1),
        by=mentor,
        held_on=START,
        duration_minutes=60,
        mode=SessionMode.ONLINE,
    )

    [step] = [s for s in next_steps_for(user=mentee, relationships=[]).steps if s.kind == "reflect"]

    assert step.action == "Reflect on session 1"
    assert step.text.startswith(f"Session 1 in {scheme.name} was held on 2 Mar 2026")


def _first_steps_list(page: str) -> str:
    """The opening tag of the first-steps list."""
    [tag] = re.findall(r'<[ou]l [^>]*id="first-steps"[^>]*>', page)
    return tag


def test_first_steps_are_numbered_only_when_there_are_several(db, client):
    several = UserFactory()  # profile to complete, then a scheme to apply to
    SchemeFactory()
    client.force_login(several)
    assert _first_steps_list(client.get(reverse("dashboard")).text).startswith(
        '<ol class="list-group list-group-numbered"'
    )

    one = ProfileFactory().user  # profile done: only "apply" remains
    client.force_login(one)
    page = client.get(reverse("dashboard")).text
    assert _first_steps_list(page).startswith('<ul class="list-group"')
    assert "list-group-numbered" not in page


def test_your_applications_beside_a_relationship_are_not_numbered(client, scheme, mentor, mentee):
    start_pair(scheme, mentor, mentee, steps=1, started_on=START)
    other = SchemeFactory()
    schemes_services.application_start(scheme=other, applicant=mentee, role=Role.MENTEE)
    client.force_login(mentee)

    page = client.get(reverse("dashboard")).text

    assert "Your applications" in page
    assert _first_steps_list(page).startswith('<ul class="list-group"')
    assert "list-group-numbered" not in page
