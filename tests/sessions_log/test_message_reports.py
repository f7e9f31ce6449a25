"""Reports of a message: no report form on one's own message, the coordinator's report page
(dates as the admin shows them), marking a report handled (who and when; the list filters
open and handled) and the digest's count of open reports, never the message."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import DigestFrequency
from insights import digest
from sessions_log import services
from sessions_log.models import MessageReport
from tests.sessions_log.factories import start_pair

WRITTEN = datetime(2026, 12, 4, 11, 41, 8, 136506, tzinfo=UTC)
UNKIND = "Something unkind, CONF-REPORTED-text"
CHANGELIST = "/admin/sessions_log/messagereport/"


@pytest.fixture
def pair(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee)


@pytest.fixture
def report(pair, mentor, mentee):
    with time_machine.travel(WRITTEN, tick=False):
        message = services.message_send(relationship=pair, by=mentor, body=UNKIND)
        return services.message_report(message=message, by=mentee, reason="Rude")


def _report_url(pair, message) -> str:
    return reverse("sessions_log:message_report", kwargs={"pk": pair.pk, "message_pk": message.pk})


def _act(client, action: str, report: MessageReport, **more):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [report.pk], **more}, follow=False
    )


# --- a member's own message has no report form ------------------------------------------


def test_own_message_has_no_report_form_a_partner_s_has(client, pair, mentor, mentee):
    own = services.message_send(relationship=pair, by=mentee, body="My own words")
    theirs = services.message_send(relationship=pair, by=mentor, body="Their words")
    client.force_login(mentee)
    conversation = reverse("sessions_log:messages", kwargs={"pk": pair.pk})
    page = client.get(conversation).text
    assert _report_url(pair, theirs) in page
    assert _report_url(pair, own) not in page

    for method in (client.get, lambda url: client.post(url, {"reason": "x"})):
        response = method(_report_url(pair, own))
        assert response.status_code == 302
        assert response["Location"] == conversation
    followed = client.get(_report_url(pair, own), follow=True)
    assert "You cannot report your own message." in followed.text
    assert 'name="reason"' not in followed.text
    assert MessageReport.objects.count() == 0
    assert client.get(_report_url(pair, theirs)).status_code == 200  # the form


def test_reported_message_has_no_second_form(client, pair, mentee, report):
    client.force_login(mentee)
    followed = client.get(_report_url(pair, report.message), follow=True)
    assert "already been reported to the coordinator" in followed.text
    assert 'name="reason"' not in followed.text
    assert MessageReport.objects.count() == 1


# --- the coordinator's report page ------------------------------------------------------


def test_report_page_shows_the_written_date_like_the_others(client, coordinator, report):
    client.force_login(coordinator)
    page = client.get(f"{CHANGELIST}{report.pk}/change/")
    assert page.status_code == 200
    assert "+00:00" not in page.text
    assert "2026-12-04" not in page.text
    # Written and reported in the same second: the same words, in the admin's format.
    assert page.text.count("4 Dec 2026, 11:41 a.m.") == 2
    assert "Open" in page.text
    assert "Mark this report handled" in page.text


def test_coordinator_marks_a_report_handled_from_its_page_and_opens_it_again(
    client, coordinator, report
):
    client.force_login(coordinator)
    handled_at = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    with time_machine.travel(handled_at, tick=False):
        response = _act(client, "mark_handled", report, _from_report="1")
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}{report.pk}/change/"
    report.refresh_from_db()
    assert (report.handled_by, report.handled_at) == (coordinator, handled_at)
    page = client.get(response["Location"]).text
    assert f"Handled by {coordinator.display_name}, 5 Dec 2026, 9:30 a.m." in page
    assert "Open this report again" in page

    assert client.get(CHANGELIST, {"status": "open"}).context["cl"].result_count == 0
    assert client.get(CHANGELIST, {"status": "handled"}).context["cl"].result_count == 1

    response = _act(client, "mark_open", report)  # from the list: back to the list
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.handled_by, report.handled_at) == (None, None)
    assert client.get(CHANGELIST, {"status": "open"}).context["cl"].result_count == 1


def _reports(pair, mentor, mentee, count: int) -> list[int]:
    return [
        services.message_report(
            message=services.message_send(relationship=pair, by=mentor, body=f"{UNKIND} {n}"),
            by=mentee,
        ).pk
        for n in range(count)
    ]


def test_marking_reports_handled_takes_as_many_queries_for_one_as_for_many(
    client, coordinator, pair, mentor, mentee
):
    client.force_login(coordinator)
    used = []
    for count in (1, 6):
        chosen = _reports(pair, mentor, mentee, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                CHANGELIST, {"action": "mark_handled", "_selected_action": chosen}
            )
        assert response.status_code == 302
        assert MessageReport.objects.filter(pk__in=chosen, handled_by=coordinator).count() == count
        used.append(len(queries))
    assert used[0] == used[1], used


def test_a_second_handler_does_not_replace_the_first(client, coordinator, admin_user, report):
    services.message_reports_handle(reports=MessageReport.objects.all(), by=coordinator)
    first = MessageReport.objects.get().handled_at
    client.force_login(admin_user)
    _act(client, "mark_handled", report)
    report.refresh_from_db()
    assert (report.handled_by, report.handled_at) == (coordinator, first)


def test_nobody_outside_the_scheme_marks_it_handled(
    client, report, other_coordinator, other_scheme, mentee, outsider
):
    for person in (other_coordinator, mentee, outsider):
        client.force_login(person)
        _act(client, "mark_handled", report)
        assert services.message_reports_handle(reports=MessageReport.objects.all(), by=person) == 0
    report.refresh_from_db()
    assert (report.handled_by, report.handled_at) == (None, None)
    client.force_login(other_coordinator)
    assert client.get(f"{CHANGELIST}{report.pk}/change/").status_code == 302  # not theirs


@pytest.mark.parametrize(
    ("params", "count"),
    [({"status": "bogus"}, 1), ({"status": ""}, 1), ({"status": "open"}, 1)],
)
def test_list_filter_takes_any_value_without_an_error(client, coordinator, report, params, count):
    client.force_login(coordinator)
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    assert response.context["cl"].result_count == count


def test_unknown_action_changes_nothing(client, coordinator, report):
    client.force_login(coordinator)
    response = _act(client, "delete_everything", report)
    assert response.status_code in (200, 302)
    report.refresh_from_db()
    assert report.handled_at is None
    assert MessageReport.objects.count() == 1


# --- the coordinators' digest -----------------------------------------------------------


def test_digest_counts_open_reports_with_a_link_never_the_message(
    scheme, coordinator, report, django_capture_on_commit_callbacks
):
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert digest.digests_build(schemes=[scheme], now=now)[scheme.pk].open_reports == 1
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert digest.coordinator_digests_send(frequency=DigestFrequency.WEEKLY, now=now) == 1
    [email] = [m for m in mail.outbox if m.to == [coordinator.email]]
    html = email.alternatives[0][0]
    link = (
        f"http://testserver{CHANGELIST}?message__relationship__scheme__id__exact={scheme.pk}"
        "&status=open"
    )
    assert f"1 reported message is not yet marked handled.\nSee the open reports: {link}" in (
        email.body
    )
    assert link.replace("&", "&amp;") in html
    for text in (email.body, html):
        assert UNKIND not in text
        assert "Rude" not in text

    services.message_reports_handle(reports=MessageReport.objects.all(), by=coordinator)
    assert digest.digests_build(schemes=[scheme], now=now)[scheme.pk].open_reports == 0


def test_digest_link_opens_the_scheme_s_open_reports(client, scheme, coordinator, report):
    client.force_login(coordinator)
    response = client.get(
        CHANGELIST, {"message__relationship__scheme__id__exact": scheme.pk, "status": "open"}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [report]
