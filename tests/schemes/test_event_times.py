"""Event times in the viewer's own zone with the zone named, for members (their events and
the reply page) and for staff (the events list); "My events" in the member navigation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from schemes.models import EventKind, Role, SchemeEvent
from tests.factories import ApplicationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def _event(scheme) -> SchemeEvent:
    next_year = timezone.now().year + 1
    starts = datetime(next_year, 1, 15, 9, 30, tzinfo=UTC)
    return SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.LAUNCH,
        title="Launch",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )


def _in(zone: str, event: SchemeEvent, fmt: str) -> str:
    return f"{event.starts_at.astimezone(ZoneInfo(zone)):{fmt}}"


def test_member_sees_event_times_in_their_zone_named(client, scheme, mentee):
    ApplicationFactory(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    mentee.profile.timezone = "Asia/Tokyo"
    mentee.profile.save()
    launch = _event(scheme)
    client.force_login(mentee)

    listed = client.get(reverse("schemes:my_events")).content.decode()
    reply = client.get(reverse("schemes:event_rsvp", args=[launch.pk])).content.decode()

    assert f"{_in('Asia/Tokyo', launch, '%a %-d %b %Y, %H:%M')} JST" in listed
    assert f"{_in('Asia/Tokyo', launch, '%H:%M')} JST (Asia/Tokyo)" in reply


def test_staff_see_event_times_in_their_zone_named(client, coordinator, scheme):
    ProfileFactory(user=coordinator, timezone="America/New_York")
    launch = _event(scheme)
    client.force_login(coordinator)

    page = client.get(reverse("admin:schemes_schemeevent_changelist")).content.decode()
    by_year = client.get(
        reverse("admin:schemes_schemeevent_changelist"),
        {"starts_at__year": launch.starts_at.year},
    )

    assert f"{_in('America/New_York', launch, '%a %-d %b %Y, %H:%M')} EST" in page
    assert by_year.status_code == 200


def test_another_schemes_coordinator_does_not_see_the_event(client, other_coordinator, scheme):
    _event(scheme)
    client.force_login(other_coordinator)

    page = client.get(reverse("admin:schemes_schemeevent_changelist"))

    assert list(page.context["cl"].result_list) == []


def test_member_navigation_links_to_my_events(client, mentee, outsider):
    client.force_login(mentee)

    page = client.get(reverse("dashboard")).content.decode()

    link = f'<a class="nav-link" href="{reverse("schemes:my_events")}">My events</a>'
    assert link in page
    client.logout()
    assert link not in client.get(reverse("schemes:home")).content.decode()
