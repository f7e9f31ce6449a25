"""A coordinator's digest on screen and "send me now": the same email as the scheduled one,
only their own schemes, once per request."""

import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import DigestFrequency, SentNotification
from accounts.services import digest_frequency_set
from insights.digest_preview import digest_preview, digest_send_now
from schemes.models import ApplicationStatus, Role
from tests.factories import ApplicationFactory, SchemeFactory, UserFactory
from tests.reminders.factories import at, pair

URL = reverse("insights:digest")


def _stalled(scheme, mentor, mentee):
    scheme.momentum_weeks = 4
    scheme.save()
    return pair(scheme, mentor, mentee)  # started 5 Jan, no session held


def test_preview_shows_the_email_the_coordinator_would_get(
    client, scheme, coordinator, mentor, mentee
):
    _stalled(scheme, mentor, mentee)
    client.force_login(coordinator)
    with time_machine.travel(at(2026, 3, 9), tick=False):
        response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Your weekly digest for {scheme.name}: what needs attention" in html
    assert mentor.display_name in html
    assert mentee.display_name in html
    assert "Email it to me now" in html
    assert not mail.outbox
    assert not SentNotification.objects.exists()


def test_send_now_emails_the_digest_once_per_minute(
    client, scheme, coordinator, mentor, mentee, django_capture_on_commit_callbacks
):
    _stalled(scheme, mentor, mentee)
    digest_frequency_set(user=coordinator, frequency=DigestFrequency.OFF)
    client.force_login(coordinator)
    with (
        time_machine.travel(at(2026, 3, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = client.post(URL, follow=True)
        client.post(URL)  # a double click

    assert f"Your digest is on its way to {coordinator.email}" in first.content.decode()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mentee.display_name in mail.outbox[0].body


def test_nothing_to_report_sends_nothing(
    client, scheme, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, follow=True)

    assert "Nothing needs attention" in response.content.decode()
    assert not mail.outbox
    assert "no email would be sent" in client.get(URL).content.decode()


def test_preview_holds_only_the_coordinators_own_schemes(
    scheme, other_scheme, coordinator, other_coordinator, mentor, mentee
):
    _stalled(other_scheme, mentor, mentee)
    with time_machine.travel(at(2026, 3, 9), tick=False):
        mine = digest_preview(user=coordinator)
        theirs = digest_preview(user=other_coordinator)

    assert mine.is_empty
    assert mine.schemes == 1
    assert mentee.display_name in theirs.text


def test_members_and_visitors_cannot_see_or_send_a_digest(client, mentor, outsider):
    assert client.get(URL).status_code == 302  # sign in first
    for user in (mentor, outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL).status_code == 404
    assert not SentNotification.objects.exists()


def test_an_administrator_who_coordinates_nothing_is_told_so(client, admin_user):
    client.force_login(admin_user)
    assert "You coordinate no open scheme" in client.get(URL).content.decode()
    assert digest_send_now(user=admin_user) is False


def test_preview_queries_do_not_grow_with_the_schemes(
    scheme, coordinator, mentor, mentee, django_assert_max_num_queries
):
    _stalled(scheme, mentor, mentee)
    with time_machine.travel(at(2026, 3, 9), tick=False):
        with django_assert_max_num_queries(30) as few:
            digest_preview(user=coordinator)
        for _ in range(3):
            more = SchemeFactory(momentum_weeks=4)
            more.coordinators.add(coordinator)
            _stalled(more, UserFactory(), UserFactory())
            ApplicationFactory(scheme=more, role=Role.MENTEE, status=ApplicationStatus.ACCEPTED)
        assert digest_preview(user=coordinator).text.count("Pairs with no session") == 4
        with django_assert_max_num_queries(len(few.captured_queries)):
            digest_preview(user=coordinator)
