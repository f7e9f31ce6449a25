"""Events for members: bulk invitations by scheme and role, replies and calendar files in
the portal, attendance only once an event has started, CPD hours only for attended past
events."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import SentNotification
from cpd.selectors import cpd_activities_for_user
from schemes import services
from schemes.models import EventAttendance, EventKind, Role, SchemeEvent
from schemes.services.events import event_invite
from tests.factories import ApplicationFactory


def event(scheme, *, days=7, kind=EventKind.LAUNCH, title="Launch"):
    starts = timezone.now() + timedelta(days=days)
    return SchemeEvent.objects.create(
        scheme=scheme, kind=kind, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )


@pytest.fixture
def members(scheme, mentor, mentee):
    ApplicationFactory(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    ApplicationFactory(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    return mentor, mentee


# --- bulk invitations ------------------------------------------------------------------


def test_invite_by_role_emails_those_members_once_with_the_calendar(scheme, members, coordinator):
    mentor, mentee = members
    launch = event(scheme)
    assert event_invite(event=launch, roles=[Role.MENTEE], by=coordinator) == 1
    assert event_invite(event=launch, roles=[Role.MENTEE, Role.MENTOR], by=coordinator) == 1
    assert event_invite(event=launch, roles=[Role.MENTOR], by=coordinator) == 0  # once
    sent = SentNotification.objects.order_by("pk")
    assert [n.recipient for n in sent] == [mentee, mentor]
    assert sent[0].subject == f"Invitation: Launch ({scheme.name})"
    assert "BEGIN:VEVENT" in sent[0].calendar
    assert f"/portal/events/{launch.pk}/rsvp/" in sent[0].body_text


def test_a_learning_set_invitation_goes_to_mentors_only(scheme, members, coordinator):
    mentor, _ = members
    learning_set = event(scheme, kind=EventKind.LEARNING_SET, title="Learning set")
    assert event_invite(event=learning_set, roles=[Role.MENTOR, Role.MENTEE], by=coordinator) == 1
    assert SentNotification.objects.get().recipient == mentor


def test_the_admin_invite_action_asks_for_roles_then_invites(client, coordinator, scheme, members):
    launch = event(scheme)
    client.force_login(coordinator)
    url = reverse("admin:schemes_schemeevent_changelist")
    ask = client.post(url, {"action": "invite_members", "_selected_action": [launch.pk]})
    assert ask.status_code == 200
    assert "Invite members who applied as" in ask.content.decode()
    done = client.post(
        url,
        {
            "action": "invite_members",
            "_selected_action": [launch.pk],
            "roles_chosen": "1",
            "roles": [Role.MENTOR, Role.MENTEE],
        },
        follow=True,
    )
    assert "Launch: 2 invited." in done.content.decode()
    assert SentNotification.objects.count() == 2


def test_a_coordinator_cannot_invite_to_another_schemes_event(
    client, coordinator, other_scheme, members
):
    theirs = event(other_scheme)
    ApplicationFactory(scheme=other_scheme, role=Role.MENTEE)
    client.force_login(coordinator)
    client.post(
        reverse("admin:schemes_schemeevent_changelist"),
        {
            "action": "invite_members",
            "_selected_action": [theirs.pk],
            "roles_chosen": "1",
            "roles": [Role.MENTEE],
        },
    )
    assert not SentNotification.objects.exists()


def test_invitations_refuse_no_role_and_a_past_event(scheme, members, coordinator):
    with pytest.raises(ValidationError) as exc:
        event_invite(event=event(scheme), roles=[], by=coordinator)
    assert exc.value.messages == ["Choose at least one role to invite."]
    with pytest.raises(ValidationError):
        event_invite(event=event(scheme, days=-2), roles=[Role.MENTEE], by=coordinator)
    assert not SentNotification.objects.exists()


# --- the member's events --------------------------------------------------------------


def test_my_events_lists_upcoming_events_with_replies(
    client, scheme, members, django_assert_num_queries
):
    _, mentee = members
    client.force_login(mentee)
    first = event(scheme, title="Launch")
    services.event_rsvp(event=first, user=mentee, rsvp=EventAttendance.Rsvp.YES)
    client.get(reverse("schemes:my_events"))  # warm the session and the site caches
    with django_assert_num_queries(4):
        page = client.get(reverse("schemes:my_events")).content.decode()
    assert "Launch" in page
    assert "Yes" in page
    for n in range(3):
        event(scheme, days=10 + n, title=f"Briefing {n}")
    with django_assert_num_queries(4):
        page = client.get(reverse("schemes:my_events")).content.decode()
    assert page.count("Calendar file") == 4
    event(scheme, days=-1, title="Yesterday")
    assert "Yesterday" not in client.get(reverse("schemes:my_events")).content.decode()


def test_the_reply_page_offers_the_calendar_and_returns_to_my_events(
    client, scheme, members, outsider
):
    _, mentee = members
    launch = event(scheme)
    client.force_login(mentee)
    url = reverse("schemes:event_rsvp", args=[launch.pk])
    assert reverse("schemes:event_ics", args=[launch.pk]) in client.get(url).content.decode()
    response = client.post(url, {"rsvp": "no"})
    assert response.url == reverse("schemes:my_events")
    assert EventAttendance.objects.get(event=launch, user=mentee).rsvp == "no"
    client.force_login(outsider)  # no application: back to the scheme's page
    assert client.post(url, {"rsvp": "yes"}).url == scheme.get_absolute_url()


# --- attendance and CPD ---------------------------------------------------------------


def test_attendance_is_refused_before_the_event_starts(scheme, members):
    _, mentee = members
    future = event(scheme, days=3)
    with pytest.raises(ValidationError) as exc:
        services.event_record_attendance(event=future, users=[mentee])
    assert "has not started yet" in exc.value.messages[0]
    assert not EventAttendance.objects.filter(attended=True).exists()
    past = event(scheme, days=-3)
    assert services.event_record_attendance(event=past, users=[mentee]) == 1


def test_the_admin_refuses_attendance_at_a_future_event(client, coordinator, scheme, members):
    _, mentee = members
    future = event(scheme, days=3)
    attendance = EventAttendance.objects.create(event=future, user=mentee)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:schemes_eventattendance_change", args=[attendance.pk]),
        {"event": future.pk, "user": mentee.pk, "rsvp": "yes", "attended": "on"},
    )
    assert response.status_code == 200
    assert "has not started yet" in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.attended is False
    changelist = client.post(
        reverse("admin:schemes_eventattendance_changelist"),
        {"action": "mark_attended", "_selected_action": [attendance.pk]},
        follow=True,
    )
    assert "has not started yet" in changelist.content.decode()
    attendance.refresh_from_db()
    assert attendance.attended is False


def test_event_cpd_hours_count_only_attended_past_events(scheme, members):
    _, mentee = members
    past = event(scheme, days=-3, title="Held")
    future = event(scheme, days=3, title="Not yet")
    EventAttendance.objects.create(event=past, user=mentee, attended=True)
    # an attended flag on a future event (written before this rule) earns nothing
    EventAttendance.objects.create(event=future, user=mentee, attended=True)
    titles = [a.title for a in cpd_activities_for_user(user=mentee)]
    assert titles == ["Held"]
