"""A circle's facilitator joins only once every member accepts them, and reads only what
the circle wrote after their joining (``sessions_log.rules.filter_readable``,
``sessions_readable``)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cpd.selectors import reflections_shared_with
from cpd.services import reflection_save
from schemes.models import ApplicationStatus, SchemeKind
from sessions_log import services
from sessions_log.models import ConsentResponse, MemberRole, RelationshipKind
from sessions_log.rules import may_see_contact
from sessions_log.selectors import sessions_for_feed, unread_counts
from tests.factories import ApplicationFactory, ProfileFactory, ProgrammeTemplateFactory

pytestmark = pytest.mark.django_db

BEFORE = datetime(2026, 2, 1, 10, tzinfo=UTC)
JOINED = datetime(2026, 3, 1, 10, tzinfo=UTC)
AFTER = datetime(2026, 3, 15, 10, tzinfo=UTC)


@pytest.fixture
def circle(scheme, mentor, mentee):
    scheme.kind = SchemeKind.GROUP
    scheme.circles_have_facilitator = True
    scheme.save()
    peers = [mentor, mentee, ProfileFactory(user__email="third@example.org").user]
    with time_machine.travel(BEFORE - timedelta(days=20), tick=False):
        return services.relationship_start(
            scheme=scheme,
            members=[(user, MemberRole.PEER, None) for user in peers],
            kind=RelationshipKind.CIRCLE,
            template=ProgrammeTemplateFactory(steps=4),
            accepted_on=date(2026, 1, 10),
        )


@pytest.fixture
def facilitator(circle):
    user = ProfileFactory(user__email="facilitator@example.org").user
    ApplicationFactory(scheme=circle.scheme, applicant=user, status=ApplicationStatus.ACCEPTED)
    return user


def _peers(circle):
    return [m.user for m in circle.members.filter(role=MemberRole.PEER).order_by("pk")]


def _is_member(circle, user) -> bool:
    return circle.members.filter(user=user).exists()


# -- acceptance -----------------------------------------------------------------------------


def test_facilitator_joins_only_when_every_member_accepts(
    client, circle, facilitator, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consents = services.circle_facilitator_set(
            relationship=circle, user=facilitator, by=coordinator
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in _peers(circle))
    asked = mail.outbox[0]
    answer_url = reverse("sessions_log:facilitator_answer", args=[circle.pk])
    assert "Do you accept" in asked.subject
    assert answer_url in asked.body
    assert answer_url in asked.alternatives[0][0]

    client.force_login(facilitator)
    page = reverse("sessions_log:relationship", args=[circle.pk])
    first, *rest = consents
    for consent in consents[:-1]:
        assert services.facilitator_answer(
            relationship=circle, by=consent.member, accept=True
        ) is None  # fmt: skip
        assert not _is_member(circle, facilitator)
        assert client.get(page).status_code == 404  # not a reader before all accept

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        joined = services.facilitator_answer(
            relationship=circle, by=consents[-1].member, accept=True
        )

    assert joined is not None
    assert (joined.user, joined.role) == (facilitator, MemberRole.FACILITATOR)
    assert joined.joined_at is not None
    assert client.get(page).status_code == 200
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [facilitator.email, *(p.email for p in _peers(circle))]
    )


def test_one_decline_ends_the_proposal(circle, facilitator, coordinator, mentor, mentee):
    services.circle_facilitator_set(relationship=circle, user=facilitator, by=coordinator)

    assert services.facilitator_answer(relationship=circle, by=mentor, accept=False) is None

    assert not _is_member(circle, facilitator)
    assert list(circle.facilitator_consents.values_list("member", "response")) == [
        (mentor.pk, ConsentResponse.DECLINED)
    ]
    with pytest.raises(ValidationError, match="no facilitator waiting"):
        services.facilitator_answer(relationship=circle, by=mentee, accept=True)


def test_member_answers_on_the_portal(client, circle, facilitator, coordinator, mentee):
    services.circle_facilitator_set(relationship=circle, user=facilitator, by=coordinator)
    client.force_login(mentee)
    relationship_page = client.get(reverse("sessions_log:relationship", args=[circle.pk]))
    url = reverse("sessions_log:facilitator_answer", args=[circle.pk])
    assert url in relationship_page.content.decode()
    assert facilitator.display_name in client.get(url).content.decode()

    response = client.post(url, {"decision": "accept"})

    assert response.status_code == 302
    assert circle.facilitator_consents.get(member=mentee).response == ConsentResponse.ACCEPTED
    assert client.get(url).status_code == 404  # answered: nothing waits any more


@pytest.mark.parametrize("who", ["facilitator", "outsider", "coordinator", "other_mentor"])
def test_only_the_circles_members_answer(client, circle, facilitator, coordinator, who, request):
    services.circle_facilitator_set(relationship=circle, user=facilitator, by=coordinator)
    user = facilitator if who == "facilitator" else None
    if who == "other_mentor":
        user = ProfileFactory().user
    user = user or request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("sessions_log:facilitator_answer", args=[circle.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "accept"}).status_code == 404
    with pytest.raises(ValidationError):
        services.facilitator_answer(relationship=circle, by=user, accept=True)
    assert not circle.facilitator_consents.exclude(response=ConsentResponse.PENDING).exists()


@pytest.mark.parametrize("decision", ["", "maybe", "ACCEPT"])
def test_bad_answer_changes_nothing(client, circle, facilitator, coordinator, mentee, decision):
    services.circle_facilitator_set(relationship=circle, user=facilitator, by=coordinator)
    client.force_login(mentee)
    url = reverse("sessions_log:facilitator_answer", args=[circle.pk])
    response = client.post(url, {"decision": decision})
    assert response.status_code == 400
    assert circle.facilitator_consents.get(member=mentee).response == ConsentResponse.PENDING


def test_a_coordinator_cannot_propose_themselves(circle, coordinator):
    ApplicationFactory(
        scheme=circle.scheme, applicant=coordinator, status=ApplicationStatus.ACCEPTED
    )
    with pytest.raises(ValidationError, match="Nobody can appoint themselves"):
        services.circle_facilitator_set(relationship=circle, user=coordinator, by=coordinator)
    assert not circle.facilitator_consents.exists()


# -- reading only what was written after joining --------------------------------------------


def _join(circle, facilitator, coordinator):
    with time_machine.travel(JOINED, tick=False):
        for consent in services.circle_facilitator_set(
            relationship=circle, user=facilitator, by=coordinator
        ):
            services.facilitator_answer(relationship=circle, by=consent.member, accept=True)


def _write(circle, author, tag: str, number: int, held_on: date):
    """A held session with notes and an action, an expectation, a goal and a reflection
    shared with the circle, each text carrying ``tag``."""
    session = services.session_log(
        session=circle.sessions.get(number=number),
        by=author,
        held_on=held_on,
        duration_minutes=60,
        mode="online",
        notes=f"notes {tag}",
        new_actions=[f"action {tag}"],
    )
    expectation = services.expectation_add(relationship=circle, by=author, text=f"expect {tag}")
    goal = services.goal_set(
        relationship=circle, by=author, owner=author, what=f"goal {tag}", why="x",
        success_looks_like="y",
    )  # fmt: skip
    reflection_save(
        author=author, title=f"reflection {tag}", model="what_so_what",
        entries={"what": tag, "so_what": "x", "now_what": "y"}, complete=True,
        session=session, relationship=circle, shared_with_partner=True,
    )  # fmt: skip
    return {"session": session, "expectation": expectation, "goal": goal,
            "action": circle.actions.get(text=f"action {tag}")}  # fmt: skip


def test_facilitator_reads_only_what_was_written_after_joining(
    client, circle, facilitator, coordinator, mentor
):
    with time_machine.travel(BEFORE, tick=False):
        earlier = _write(circle, mentor, "EARLIER-1a2b", 1, date(2026, 1, 30))
    _join(circle, facilitator, coordinator)
    with time_machine.travel(AFTER, tick=False):
        later = _write(circle, mentor, "LATER-3c4d", 2, date(2026, 3, 14))
        services.session_plan(
            session=circle.sessions.get(number=3), by=mentor,
            scheduled_at=AFTER + timedelta(days=7), mode="online",
            location="https://meet.example.org/next",
        )  # fmt: skip

    client.force_login(facilitator)
    page = client.get(reverse("sessions_log:relationship", args=[circle.pk])).content.decode()
    assert "LATER-3c4d" in page
    assert "https://meet.example.org/next" in page  # the place of the next session
    assert "EARLIER-1a2b" not in page
    assert 'Sessions held</dt><dd class="col-sm-9">2 of 4' in page  # dates and counts stay

    def url(name, **kw):
        return reverse(f"sessions_log:{name}", kwargs={"pk": circle.pk, **kw})

    for name, kwargs in (
        ("session_log", {"number": earlier["session"].number}),
        ("expectation_ask", {"expectation_pk": earlier["expectation"].pk}),
        ("goal_review", {"goal_pk": earlier["goal"].pk}),
    ):
        assert client.get(url(name, **kwargs)).status_code == 404, name
    assert client.post(url("action_done", action_pk=earlier["action"].pk)).status_code == 404
    assert client.get(url("session_log", number=later["session"].number)).status_code == 200
    shared = [r.title for r in reflections_shared_with(user=facilitator)]
    assert shared == ["reflection LATER-3c4d"]

    # The members from the start still read everything.
    client.force_login(mentor)
    assert "EARLIER-1a2b" in client.get(url("relationship")).content.decode()


def test_session_held_before_joining_but_logged_after_stays_hidden(
    client, circle, facilitator, coordinator, mentor
):
    _join(circle, facilitator, coordinator)
    with time_machine.travel(AFTER, tick=False):
        _write(circle, mentor, "LATE-LOG-5e6f", 1, date(2026, 2, 20))  # held before joining
    client.force_login(facilitator)
    page = client.get(reverse("sessions_log:relationship", args=[circle.pk])).content.decode()
    assert "notes LATE-LOG-5e6f" not in page
    assert "expect LATE-LOG-5e6f" in page  # the expectation itself was written after


def test_a_log_corrected_after_joining_stays_hidden(
    client, circle, facilitator, coordinator, mentor
):
    """Held and logged on the joining day, an hour before the facilitator joined: correcting
    the log later does not make it "logged since they joined" (``logged_at`` is the first
    log's moment)."""
    for at, tag in ((JOINED - timedelta(hours=1), "SAME-DAY-7a8b"), (AFTER, "CORRECTED-9c0d")):
        if at == AFTER:
            _join(circle, facilitator, coordinator)
        with time_machine.travel(at, tick=False):
            services.session_log(
                session=circle.sessions.get(number=1), by=mentor, held_on=JOINED.date(),
                duration_minutes=60, mode="online", notes=f"notes {tag}",
            )  # fmt: skip
    client.force_login(facilitator)
    page = client.get(reverse("sessions_log:relationship", args=[circle.pk])).content.decode()
    assert "CORRECTED-9c0d" not in page
    assert "SAME-DAY-7a8b" not in page
    client.force_login(mentor)
    assert (
        "notes CORRECTED-9c0d"
        in client.get(reverse("sessions_log:relationship", args=[circle.pk])).content.decode()
    )


def test_calendar_feed_keeps_earlier_meeting_places_from_a_facilitator(
    circle, facilitator, coordinator, mentor
):
    with time_machine.travel(BEFORE, tick=False):
        services.session_plan(
            session=circle.sessions.get(number=1), by=mentor,
            scheduled_at=BEFORE + timedelta(days=1), mode="online",
            location="https://meet.example.org/EARLIER",
        )  # fmt: skip
    with time_machine.travel(BEFORE + timedelta(days=2), tick=False):
        _write(circle, mentor, "EARLIER-7a8b", 1, date(2026, 2, 2))
    _join(circle, facilitator, coordinator)
    feed = services.calendar_feed_for(user=facilitator)
    _, sessions = sessions_for_feed(token=feed.token)
    assert [s.location for s in sessions] == []
    _, member_sessions = sessions_for_feed(token=services.calendar_feed_for(user=mentor).token)
    assert [s.location for s in member_sessions] == ["https://meet.example.org/EARLIER"]


def test_facilitator_reads_messages_from_joining_and_sees_contacts_once_accepted(
    client, circle, facilitator, coordinator
):
    peers = _peers(circle)
    with time_machine.travel(BEFORE, tick=False):
        services.message_send(relationship=circle, by=peers[0], body="Before: CONF-EARLY")
        consents = services.circle_facilitator_set(
            relationship=circle, user=facilitator, by=coordinator
        )
    assert not may_see_contact(viewer=facilitator, owner=peers[0], relationship=circle)
    with time_machine.travel(JOINED, tick=False):
        for consent in consents:
            services.facilitator_answer(relationship=circle, by=consent.member, accept=True)
    with time_machine.travel(AFTER, tick=False):
        services.message_send(relationship=circle, by=peers[1], body="After: CONF-LATE")
    circle.refresh_from_db()
    assert may_see_contact(viewer=facilitator, owner=peers[0], relationship=circle)
    assert unread_counts(user=facilitator) == {circle.pk: 1}
    client.force_login(facilitator)
    page = client.get(reverse("sessions_log:messages", args=[circle.pk])).text
    assert "CONF-LATE" in page
    assert "CONF-EARLY" not in page
    early = circle.messages.get(body__contains="CONF-EARLY")
    report_url = reverse("sessions_log:message_report", args=[circle.pk, early.pk])
    assert client.get(report_url).status_code == 404
