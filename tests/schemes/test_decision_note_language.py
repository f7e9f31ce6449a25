"""Decision notes the platform writes are stored as written and shown (page and email) in
the reader's language; a coordinator's own note is shown exactly as typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import SentNotification
from schemes import services
from schemes.models import ApplicationStatus, Role
from schemes.notes import AUTO_WAITLIST_NOTE
from tests.factories import PASSWORD, ApplicationFactory, ProfileFactory
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.pseudo import pseudo


def submit_in(scheme, language: str):
    user = ProfileFactory(years_experience=1, language=language).user
    application = services.application_start(scheme=scheme, applicant=user, role=Role.MENTEE)
    services.application_save_draft(application=application, data={"hopes": "To learn."})
    return services.application_submit(application=application, by=user)


@pytest.fixture
def full(scheme):
    """One mentor place, taken by a mentee; a rule waitlisting past 1 mentee per place."""
    scheme.demand_threshold = Decimal("1.00")
    scheme.save()
    ApplicationFactory(scheme=scheme, role=Role.MENTOR, capacity=1)
    ApplicationFactory(scheme=scheme, role=Role.MENTEE, status=ApplicationStatus.SUBMITTED)
    return scheme


def view_as(client, application):
    assert client.login(email=application.applicant.email, password=PASSWORD)
    return client.get(reverse("schemes:application", args=[application.pk])).content.decode()


def test_the_waiting_list_note_is_stored_in_english_and_shown_in_the_readers_language(
    client,
    full,
    pseudo_locale,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        waitlisted = submit_in(full, pseudo_locale)
    waitlisted.refresh_from_db()
    assert waitlisted.status == ApplicationStatus.WAITLISTED
    assert waitlisted.decision_note == AUTO_WAITLIST_NOTE  # the record, as written

    translated = escape(pseudo(AUTO_WAITLIST_NOTE))
    page = view_as(client, waitlisted)
    assert translated in page
    assert escape(AUTO_WAITLIST_NOTE) not in page

    told = SentNotification.objects.get(key__endswith=f"application:{waitlisted.pk}:waitlisted")
    assert pseudo(AUTO_WAITLIST_NOTE) in told.body_text
    assert AUTO_WAITLIST_NOTE not in told.body_text


def test_a_coordinators_note_is_shown_as_typed_in_any_language(
    client,
    scheme,
    coordinator,
    pseudo_locale,  # noqa: F811
):
    """Only the platform's own notes are looked up; a coordinator's words, even one with a
    per cent sign or a word that is also an interface string, are never changed."""
    for note in ("Half (50%) of the places went to returning members.", "Status"):
        application = submit_in(scheme, pseudo_locale)
        services.application_decide(
            application=application, status=ApplicationStatus.DECLINED, by=coordinator, note=note
        )
        page = view_as(client, application)
        assert f'<dd class="col-sm-9">{escape(note)}</dd>' in page
        client.logout()


def test_another_member_cannot_read_the_note(client, full, pseudo_locale):  # noqa: F811
    waitlisted = submit_in(full, pseudo_locale)
    other = ProfileFactory(language=pseudo_locale).user
    client.force_login(other)
    response = client.get(reverse("schemes:application", args=[waitlisted.pk]))
    assert response.status_code == 404
    assert pseudo(AUTO_WAITLIST_NOTE) not in response.content.decode()
