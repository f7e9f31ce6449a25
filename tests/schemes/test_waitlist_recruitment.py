"""Recruitment and the waiting list: interest told once when a window opens, automatic
waitlisting said on screen, places offered in order, the over-threshold action at once."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import SentNotification
from insights import digest
from schemes import selectors, services
from schemes.models import (
    ApplicationStatus,
    Intake,
    OverThresholdAction,
    Phase,
    Role,
    Scheme,
    SchemeKind,
)
from schemes.notes import AUTO_WAITLIST_NOTE
from schemes.services.recruitment import recruitment_open_notices_send
from schemes.services.waitlist import OFFER_NOTE
from tests.factories import ApplicationFactory, ProfileFactory, SchemeFactory
from tests.insights.test_scheme_admin import form_data


def submit(scheme, role=Role.MENTEE):
    user = ProfileFactory(years_experience=1 if role == Role.MENTEE else 10).user
    application = services.application_start(scheme=scheme, applicant=user, role=role)
    services.application_save_draft(application=application, data={"hopes": "To learn."})
    return services.application_submit(application=application, by=user)


@pytest.fixture
def full(scheme):
    """One mentor place, taken by a mentee; a rule waitlisting past 1 mentee per place."""
    scheme.demand_threshold = Decimal("1.00")
    scheme.save()
    ApplicationFactory(scheme=scheme, role=Role.MENTOR, capacity=1)
    ApplicationFactory(scheme=scheme, role=Role.MENTEE)
    return scheme


@pytest.fixture
def cohort(db):
    return SchemeFactory(
        kind=SchemeKind.SENIOR_JUNIOR,
        intake=Intake.COHORT,
        mentor_recruitment_opens=date(2026, 12, 1),
        mentor_recruitment_closes=date(2026, 12, 31),
        mentee_recruitment_opens=date(2027, 1, 1),
        mentee_recruitment_closes=date(2027, 2, 28),
        launch_date=date(2027, 3, 1),
        programme_length_months=3,
    )


def interest(scheme, email, role, name="Ann"):
    return services.subscription_register(
        scheme=scheme, email=email, name=name, interested_as=role, wants_news=False
    )


# --- recruitment windows -------------------------------------------------------------


def test_interested_people_hear_once_when_their_roles_window_opens(cohort):
    interest(cohort, "mentor-to-be@example.org", Role.MENTOR)
    interest(cohort, "mentee-to-be@example.org", Role.MENTEE)
    assert recruitment_open_notices_send(today=date(2026, 11, 30)) == 0
    assert recruitment_open_notices_send(today=date(2026, 12, 1)) == 1
    assert recruitment_open_notices_send(today=date(2026, 12, 2)) == 0  # once
    notice = SentNotification.objects.get()
    assert notice.email == "mentor-to-be@example.org"
    assert notice.subject == f"Applications are open: {cohort.name}"
    assert "Applications as senior partner (mentor) are now open until 31 December 2026" in (
        notice.body_text
    )
    assert "Dear Ann," in notice.body_text
    assert recruitment_open_notices_send(today=date(2027, 1, 5)) == 1
    assert SentNotification.objects.filter(email="mentee-to-be@example.org").count() == 1


@time_machine.travel(datetime(2026, 12, 3, 10, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_a_window_opened_today_in_the_admin_is_told_at_once(
    client, admin_user, django_capture_on_commit_callbacks
):
    """The administrator moves the mentors' window to open today: those interested hear
    now, not at the next daily run, and saving again sends nothing more."""
    client.force_login(admin_user)
    client.post(reverse("admin:schemes_scheme_add"), form_data(phase=Phase.RECRUITING))
    scheme = Scheme.objects.get()
    interest(scheme, "mentor-to-be@example.org", Role.MENTOR)
    change = reverse("admin:schemes_scheme_change", args=[scheme.pk])
    data = form_data(phase=Phase.RECRUITING, mentor_recruitment_opens="2026-12-03")

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(change, data)
        assert response.status_code == 302

    notice = SentNotification.objects.get()
    assert (notice.email, notice.subject) == (
        "mentor-to-be@example.org",
        f"Applications are open: {scheme.name}",
    )


def test_no_notice_while_the_scheme_is_not_recruiting(cohort):
    interest(cohort, "early@example.org", Role.MENTOR)
    cohort.phase = Phase.FOUNDATIONS
    cohort.save()
    assert recruitment_open_notices_send(today=date(2026, 12, 1)) == 0
    Scheme.objects.filter(pk=cohort.pk).update(phase=Phase.RECRUITING, accepting_applications=False)
    assert recruitment_open_notices_send(today=date(2026, 12, 1)) == 0
    assert not SentNotification.objects.exists()


def test_the_notice_goes_to_the_account_when_there_is_one(cohort, mentor):
    interest(cohort, mentor.email, Role.MENTOR)
    from schemes.models import Subscription

    Subscription.objects.filter(email=mentor.email).update(user=mentor)
    assert recruitment_open_notices_send(today=date(2026, 12, 10)) == 1
    assert SentNotification.objects.get().recipient == mentor


# --- automatic waitlisting -----------------------------------------------------------


def test_automatic_waitlisting_says_so_on_screen_and_by_email(client, full):
    user = ProfileFactory(years_experience=1).user
    application = services.application_start(scheme=full, applicant=user, role=Role.MENTEE)
    client.force_login(user)
    response = client.post(
        reverse("schemes:application", args=[application.pk]),
        {"hopes": "To learn.", "goals_areas": ["leadership"], "submit": "1"},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED
    assert "on the waiting list" in response.content.decode()
    assert "has been submitted." not in response.content.decode()
    notice = SentNotification.objects.exclude(kind="receipt").get(recipient=user)
    assert notice.subject == f"Your application to {full.name} is on the waiting list"
    assert AUTO_WAITLIST_NOTE in notice.body_text


# --- places freed: offers in order ---------------------------------------------------


def test_a_freed_place_goes_to_the_longest_waiting_mentee(full):
    first, second = submit(full), submit(full)
    assert [first.status, second.status] == [ApplicationStatus.WAITLISTED] * 2
    taken = full.applications.get(role=Role.MENTEE, status=ApplicationStatus.SUBMITTED)
    services.application_withdraw(application=taken, by=taken.applicant)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
    )
    assert first.decision_note == OFFER_NOTE
    offer = SentNotification.objects.get(key__endswith=f"application:{first.pk}:accepted")
    assert offer.recipient == first.applicant


def test_a_new_mentor_place_offers_the_waiting_list(full):
    waiting = submit(full)
    submit(full, role=Role.MENTOR)  # one more place
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.ACCEPTED


def test_with_approval_the_offer_waits_for_a_coordinator_and_the_digest_says_so(full):
    full.waitlist_offers_need_approval = True
    full.save()
    waiting = submit(full)
    taken = full.applications.get(role=Role.MENTEE, status=ApplicationStatus.SUBMITTED)
    services.application_withdraw(application=taken, by=taken.applicant)
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.WAITLISTED
    assert selectors.waitlist_offers(scheme=full) == [waiting]
    from django.utils import timezone

    built = digest.digests_build(schemes=[full], now=timezone.now())
    assert built[full.pk].waitlist_offers == 1


# --- the over-threshold action takes effect at once ----------------------------------


def test_switching_to_close_after_the_rule_fired_closes_at_once(client, admin_user, full):
    waiting = submit(full)
    assert waiting.status == ApplicationStatus.WAITLISTED
    full.refresh_from_db()
    assert full.over_threshold_since is not None
    client.force_login(admin_user)
    url = reverse("admin:schemes_scheme_change", args=[full.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "coordinators"}
    data.update(
        {
            "over_threshold_action": OverThresholdAction.CLOSE,
            "coordinators": [c.pk for c in full.coordinators.all()],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    full.refresh_from_db()
    assert full.accepting_applications is False


def test_a_mentee_submitting_after_the_switch_to_close_is_refused(full):
    submit(full)  # waitlisted: demand is over
    Scheme.objects.filter(pk=full.pk).update(over_threshold_action=OverThresholdAction.CLOSE)
    user = ProfileFactory(years_experience=1).user
    application = services.application_start(scheme=full, applicant=user, role=Role.MENTEE)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=application, by=user)
    assert "is not taking new mentee applications now" in exc.value.messages[0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT  # the draft is kept


def test_a_coordinator_cannot_change_another_schemes_action(client, coordinator, other_scheme):
    client.force_login(coordinator)
    url = reverse("admin:schemes_scheme_change", args=[other_scheme.pk])
    assert client.post(url, {"over_threshold_action": "close"}).status_code in (302, 404)
    other_scheme.refresh_from_db()
    assert other_scheme.over_threshold_action == OverThresholdAction.WAITLIST
