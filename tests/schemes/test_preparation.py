"""Preparation members can complete: the online module, the preparation page, the calendar
file of the next event, the email to a blocked applicant (once), the dashboard and the
coordinators' digest."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import SentNotification
from insights import digest
from matching.pool import build_pool
from schemes import selectors, services
from schemes.models import (
    ApplicationStatus,
    EventAttendance,
    EventKind,
    PreparationCompletion,
    PreparationModule,
    Role,
    SchemeEvent,
)
from schemes.services.preparation import NOT_ACCEPTED, preparation_reminders_send
from schemes.tasks import send_lifecycle_notices
from tests.factories import ApplicationFactory


@pytest.fixture
def prepared_scheme(scheme):
    scheme.preparation_required = True
    scheme.save()
    PreparationModule.objects.create(
        scheme=scheme,
        text="Mentoring is a partnership: read our guide before you start.",
        code_of_conduct="Keep what your partner tells you confidential.",
    )
    return scheme


def accept(scheme, user, role=Role.MENTEE, by=None):
    """An application submitted, then accepted by staff through the real service."""
    application = ApplicationFactory(scheme=scheme, applicant=user, role=role)
    return services.application_decide(
        application=application, status=ApplicationStatus.ACCEPTED, by=by
    )


def briefing(scheme, *, days=10, role=Role.MENTEE):
    starts = timezone.now() + timedelta(days=days)
    return SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.BRIEFING,
        title="Mentee briefing",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        satisfies_preparation_for=role,
    )


# --- happy path ---------------------------------------------------------------------


def test_accepting_a_blocked_applicant_tells_them_once(prepared_scheme, mentee, coordinator):
    application = accept(prepared_scheme, mentee, by=coordinator)
    keys = set(SentNotification.objects.values_list("key", flat=True))
    assert f"application_decision:{mentee.email}:preparation:{application.pk}" in keys
    notice = SentNotification.objects.get(key__endswith=f"preparation:{application.pk}")
    assert notice.subject == f"Complete your preparation for {prepared_scheme.name}"
    assert f"/portal/applications/{application.pk}/preparation/" in notice.body_text
    # The daily sweep and a second call send nothing more.
    assert preparation_reminders_send() == 0
    assert services.preparation_blocked_notify(application=application) is None
    assert SentNotification.objects.filter(key__contains=":preparation:").count() == 1


def test_the_sweep_tells_applicants_blocked_after_the_scheme_starts_requiring_it(scheme, mentee):
    application = accept(scheme, mentee)  # no preparation required yet: no notice
    assert not SentNotification.objects.filter(key__contains=":preparation:").exists()
    scheme.preparation_required = True
    scheme.save()
    assert send_lifecycle_notices.delay().get() == 1
    assert send_lifecycle_notices.delay().get() == 0
    assert SentNotification.objects.filter(key__endswith=f"preparation:{application.pk}").exists()


def test_completing_the_online_module_satisfies_the_gate(client, prepared_scheme, mentee, mentor):
    application = accept(prepared_scheme, mentee)
    accept(prepared_scheme, mentor, role=Role.MENTOR)
    excluded = {e["application"] for e in build_pool(prepared_scheme).excluded}
    assert application.pk in excluded
    client.force_login(mentee)
    url = reverse("schemes:preparation", args=[application.pk])
    page = client.get(url).content.decode()
    assert "read our guide before you start" in page
    assert "Keep what your partner tells you confidential." in page
    response = client.post(url, {"code_of_conduct_accepted": "on"})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    completion = PreparationCompletion.objects.get(user=mentee)
    assert (completion.role, completion.code_of_conduct_accepted) == (Role.MENTEE, True)
    assert selectors.preparation_complete(scheme=prepared_scheme, user=mentee, role=Role.MENTEE)
    assert selectors.preparation_due_for(user=mentee) == []
    assert application.pk not in {e["application"] for e in build_pool(prepared_scheme).excluded}
    assert (
        "Your preparation as junior partner (mentee) is complete"
        in client.get(url).content.decode()
    )


def test_the_dashboard_and_page_show_the_next_event_with_reply_and_calendar(
    client, prepared_scheme, mentee
):
    application = accept(prepared_scheme, mentee)
    briefing(prepared_scheme, days=40)
    event = briefing(prepared_scheme, days=10)
    briefing(prepared_scheme, days=5, role=Role.MENTOR)  # another role's
    services.event_rsvp(event=event, user=mentee, rsvp=EventAttendance.Rsvp.MAYBE)
    (due,) = selectors.preparation_due_for(user=mentee)
    assert (due.application, due.next_event, due.rsvp, due.blocked) == (
        application,
        event,
        "maybe",
        True,
    )
    client.force_login(mentee)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f"Preparation for {prepared_scheme.name}" in dashboard
    assert "we cannot match you until you complete the scheme's preparation" in dashboard
    assert reverse("schemes:event_ics", args=[event.pk]) in dashboard
    assert reverse("schemes:preparation", args=[application.pk]) in dashboard
    ics = client.get(reverse("schemes:event_ics", args=[event.pk]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode()
    assert "BEGIN:VEVENT" in body
    assert f"SUMMARY:Mentee briefing ({prepared_scheme.name})" in body
    assert f"UID:scheme-event-{event.pk}@testserver" in body


def test_attending_the_event_also_satisfies_the_gate(prepared_scheme, mentee):
    accept(prepared_scheme, mentee)
    event = briefing(prepared_scheme, days=-1)
    services.event_record_attendance(event=event, users=[mentee])
    assert selectors.preparation_due_for(user=mentee) == []
    assert not selectors.preparation_blocked(prepared_scheme.__class__.objects.all()).exists()


def test_the_digest_lists_applicants_blocked_by_preparation(
    prepared_scheme, mentee, mentor, django_assert_num_queries
):
    blocked = accept(prepared_scheme, mentee)
    prepared = accept(prepared_scheme, mentor, role=Role.MENTOR)
    PreparationCompletion.objects.create(scheme=prepared_scheme, user=mentor, role=Role.MENTOR)
    built = digest.digests_build(schemes=[prepared_scheme], now=timezone.now())
    assert built[prepared_scheme.pk].preparation_blocked == [blocked]
    assert prepared not in built[prepared_scheme.pk].preparation_blocked
    assert not built[prepared_scheme.pk].is_empty


def test_the_digest_email_names_the_blocked_applicant(
    prepared_scheme, coordinator, mentee, django_capture_on_commit_callbacks
):
    accept(prepared_scheme, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.coordinator_digests_send() == 1
    sent = SentNotification.objects.get(recipient=coordinator)
    assert "Accepted but not yet prepared, so not matched (1)" in sent.body_text
    assert f"- {mentee.display_name} (Mentee)" in sent.body_text


# --- permission boundary ------------------------------------------------------------


def test_another_member_cannot_see_or_complete_someone_elses_preparation(
    client, prepared_scheme, mentee, outsider
):
    application = accept(prepared_scheme, mentee)
    client.force_login(outsider)
    url = reverse("schemes:preparation", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"code_of_conduct_accepted": "on"}).status_code == 404
    with pytest.raises(ValidationError):
        services.preparation_module_complete(
            application=application, code_of_conduct_accepted=True, by=outsider
        )
    assert not PreparationCompletion.objects.exists()


def test_the_preparation_page_needs_a_sign_in(client, prepared_scheme, mentee):
    application = accept(prepared_scheme, mentee)
    response = client.get(reverse("schemes:preparation", args=[application.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_learning_set_and_its_calendar_file_are_for_mentors_only(client, scheme, mentee, mentor):
    ApplicationFactory(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    ApplicationFactory(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    starts = timezone.now() + timedelta(days=3)
    learning_set = SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.LEARNING_SET,
        title="Learning set",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    assert list(selectors.member_events(user=mentor)) == [learning_set]
    assert list(selectors.member_events(user=mentee)) == []
    client.force_login(mentee)
    assert client.get(reverse("schemes:event_ics", args=[learning_set.pk])).status_code == 404
    assert client.get(reverse("schemes:event_rsvp", args=[learning_set.pk])).status_code == 404
    client.force_login(mentor)
    assert client.get(reverse("schemes:event_ics", args=[learning_set.pk])).status_code == 200
    assert "Learning set" in client.get(reverse("schemes:my_events")).content.decode()


# --- bad input ----------------------------------------------------------------------


def test_completing_without_accepting_the_code_is_refused_with_a_message(
    client, prepared_scheme, mentee
):
    application = accept(prepared_scheme, mentee)
    client.force_login(mentee)
    response = client.post(reverse("schemes:preparation", args=[application.pk]), {})
    assert response.status_code == 200
    assert NOT_ACCEPTED in response.content.decode()
    assert not PreparationCompletion.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.preparation_module_complete(
            application=application, code_of_conduct_accepted=False, by=mentee
        )
    assert exc.value.messages == [NOT_ACCEPTED]


def test_a_scheme_without_online_preparation_cannot_be_completed_online(client, scheme, mentee):
    scheme.preparation_required = True
    scheme.save()
    application = accept(scheme, mentee)
    client.force_login(mentee)
    url = reverse("schemes:preparation", args=[application.pk])
    page = client.get(url).content.decode()
    assert "No preparation event is planned yet for your role" in page
    with pytest.raises(ValidationError) as exc:
        services.preparation_module_complete(
            application=application, code_of_conduct_accepted=True, by=mentee
        )
    assert exc.value.messages == [f"{scheme.name} has no online preparation to complete."]


def test_a_scheme_that_asks_for_no_preparation_has_no_preparation_page(client, scheme, mentee):
    application = accept(scheme, mentee)
    client.force_login(mentee)
    assert client.get(reverse("schemes:preparation", args=[application.pk])).status_code == 404


def test_the_members_data_export_holds_their_completed_preparation(prepared_scheme, mentee):
    from schemes.member_data import member_data

    application = accept(prepared_scheme, mentee)
    services.preparation_module_complete(
        application=application, code_of_conduct_accepted=True, by=mentee
    )
    (row,) = member_data(user=mentee)["preparation"]
    assert (row["scheme"], row["role"], row["code_of_conduct_accepted"]) == (
        prepared_scheme.name,
        Role.MENTEE,
        True,
    )


def test_with_online_preparation_and_no_event_the_dashboard_says_the_module_is_enough(
    client, prepared_scheme, mentee
):
    """No event is planned, but the online preparation satisfies the gate on its own: the
    dashboard says so, with the link, rather than "no preparation event is planned yet"."""
    application = accept(prepared_scheme, mentee)
    client.force_login(mentee)

    for url in (reverse("dashboard"), reverse("schemes:preparation", args=[application.pk])):
        page = client.get(url).content.decode()
        assert "No preparation event is planned yet" not in page
        assert "is enough on its own, and you can complete it now." in page
        link = f'<a href="{reverse("schemes:preparation", args=[application.pk])}#module-h">'
        assert link in page


def test_the_online_preparation_is_not_offered_to_someone_elses_application(
    client, prepared_scheme, mentee, mentor
):
    application = accept(prepared_scheme, mentee)
    client.force_login(mentor)

    dashboard = client.get(reverse("dashboard")).content.decode()

    assert "is enough on its own" not in dashboard
    assert client.get(reverse("schemes:preparation", args=[application.pk])).status_code == 404
