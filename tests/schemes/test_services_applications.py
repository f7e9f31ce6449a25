"""Application services: eligibility, recruitment windows, withdrawing, one live application,
interest registration and event replies."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schemes import services
from schemes.models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Intake,
    Phase,
    Role,
    SchemeEvent,
    SchemeKind,
    Subscription,
)
from tests.factories import ApplicationFactory, ProfileFactory, SchemeFactory

LONDON = ZoneInfo("Europe/London")


def member(years):
    return ProfileFactory(years_experience=years)


# --- eligibility ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "years", "roles"),
    [
        (SchemeKind.SENIOR_JUNIOR, 0, [Role.MENTEE]),
        (SchemeKind.SENIOR_JUNIOR, 1, [Role.MENTEE]),
        (SchemeKind.SENIOR_JUNIOR, 2, [Role.MENTOR, Role.MENTEE]),
        (SchemeKind.SENIOR_JUNIOR, 20, [Role.MENTOR, Role.MENTEE]),
        # Reverse mentoring: the junior partner is the mentor.
        (SchemeKind.REVERSE, 1, [Role.MENTOR]),
        (SchemeKind.REVERSE, 2, [Role.MENTOR, Role.MENTEE]),
        (SchemeKind.RECIPROCAL, 0, [Role.PEER]),
        (SchemeKind.GROUP, 30, [Role.PEER]),
        (SchemeKind.BUDDY, 1, [Role.PEER]),
    ],
)
def test_eligible_roles_by_kind_and_years(db, kind, years, roles):
    scheme = SchemeFactory(kind=kind)
    assert services.eligible_roles(scheme=scheme, profile=member(years)) == roles


def test_eligible_roles_without_rule_offers_both(db):
    scheme = SchemeFactory(senior_min_years=None)
    assert services.eligible_roles(scheme=scheme, profile=member(0)) == [Role.MENTOR, Role.MENTEE]


def test_eligible_roles_without_profile_is_junior_only(scheme):
    assert services.eligible_roles(scheme=scheme, profile=None) == [Role.MENTEE]


def test_eligible_roles_custom_threshold(db):
    scheme = SchemeFactory(senior_min_years=5)
    assert services.eligible_roles(scheme=scheme, profile=member(4)) == [Role.MENTEE]
    assert services.eligible_roles(scheme=scheme, profile=member(5)) == [Role.MENTOR, Role.MENTEE]


def test_application_start_ineligible_role_refused_with_message(scheme, mentee):
    with pytest.raises(ValidationError) as exc:
        services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTOR)
    assert exc.value.messages == [
        f"With under 2 years' experience you can apply to {scheme.name} only as the "
        "junior partner (mentee)."
    ]
    assert Application.objects.count() == 0


def test_application_start_reverse_senior_role_refused_for_junior(db):
    scheme = SchemeFactory(kind=SchemeKind.REVERSE)
    junior = member(1).user
    with pytest.raises(ValidationError) as exc:
        services.application_start(scheme=scheme, applicant=junior, role=Role.MENTEE)
    assert exc.value.messages == [
        f"With under 2 years' experience you can apply to {scheme.name} only as the "
        "reverse mentor (junior colleague)."
    ]
    application = services.application_start(scheme=scheme, applicant=junior, role=Role.MENTOR)
    assert application.role == Role.MENTOR


def test_application_start_peer_scheme_refuses_mentor_role(db, mentor):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    with pytest.raises(ValidationError) as exc:
        services.application_start(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    assert exc.value.messages == [f"{scheme.name} does not take applications as mentor."]


def test_application_submit_rechecks_eligibility(scheme, mentor):
    """Experience edited down after starting as a mentor: the submit is refused."""
    application = services.application_start(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    services.application_save_draft(application=application, data={"hopes": "Give back."})
    mentor.profile.years_experience = 1
    mentor.profile.save()
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=application, by=mentor)
    assert exc.value.messages == [
        f"With under 2 years' experience you can apply to {scheme.name} only as the "
        "junior partner (mentee)."
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


# --- recruitment windows and phases -----------------------------------------------------


@pytest.fixture
def cohort(db):
    """A pilot: mentors recruited in December, mentees in January and February."""
    return SchemeFactory(
        intake=Intake.COHORT,
        mentor_recruitment_opens=date(2025, 12, 1),
        mentor_recruitment_closes=date(2025, 12, 31),
        mentee_recruitment_opens=date(2026, 1, 1),
        mentee_recruitment_closes=date(2026, 2, 28),
        launch_date=date(2026, 3, 16),
        programme_length_months=3,
    )


@pytest.mark.parametrize(
    ("day", "mentor_open", "mentee_open"),
    [
        (date(2025, 11, 30), False, False),
        (date(2025, 12, 1), True, False),
        (date(2025, 12, 31), True, False),
        (date(2026, 1, 1), False, True),
        (date(2026, 2, 28), False, True),
        (date(2026, 3, 1), False, False),
    ],
)
def test_recruitment_open_for_cohort_windows(cohort, day, mentor_open, mentee_open):
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=LONDON)):
        assert cohort.recruitment_open_for(Role.MENTOR) is mentor_open
        assert cohort.recruitment_open_for(Role.MENTEE) is mentee_open
        assert cohort.is_open is (mentor_open or mentee_open)


def test_recruitment_window_uses_local_date(cohort):
    """23:30 on 31 December in London is still the mentor window (UTC would agree; a
    timezone ahead of UTC must not close it early)."""
    with time_machine.travel(datetime(2025, 12, 31, 23, 30, tzinfo=LONDON)):
        assert cohort.recruitment_open_for(Role.MENTOR) is True
    with time_machine.travel(datetime(2026, 1, 1, 0, 5, tzinfo=LONDON)):
        assert cohort.recruitment_open_for(Role.MENTOR) is False


def test_recruitment_cohort_without_dates_is_closed(db):
    scheme = SchemeFactory(intake=Intake.COHORT)
    assert scheme.recruitment_open_for(Role.MENTOR) is False
    assert scheme.is_open is False


def test_application_start_outside_window_refused(cohort, mentor):
    with time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=LONDON)):
        with pytest.raises(ValidationError) as exc:
            services.application_start(scheme=cohort, applicant=mentor, role=Role.MENTOR)
        assert exc.value.messages == [
            f"{cohort.name} is not taking applications for this role now."
        ]
        application = services.application_start(scheme=cohort, applicant=mentor, role=Role.MENTEE)
    assert application.role == Role.MENTEE


def test_application_submit_after_window_closed_refused(cohort, mentor):
    with time_machine.travel(datetime(2025, 12, 20, 9, tzinfo=LONDON)):
        application = services.application_start(scheme=cohort, applicant=mentor, role=Role.MENTOR)
        services.application_save_draft(application=application, data={"hopes": "Help."})
    with (
        time_machine.travel(datetime(2026, 1, 2, 9, tzinfo=LONDON)),
        pytest.raises(ValidationError) as exc,
    ):
        services.application_submit(application=application, by=mentor)
    assert exc.value.messages == [f"{cohort.name} is not taking applications for this role now."]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(
    ("phase", "is_open"),
    [
        (Phase.FOUNDATIONS, False),
        (Phase.RECRUITING, True),
        (Phase.MATCHING, True),
        (Phase.RUNNING, True),
        (Phase.REVIEW, False),
        (Phase.CLOSED, False),
    ],
)
def test_recruitment_open_by_phase(db, phase, is_open):
    scheme = SchemeFactory(phase=phase)
    assert scheme.recruitment_open_for(Role.MENTEE) is is_open


def test_application_start_not_accepting_refused(mentee):
    scheme = SchemeFactory(accepting_applications=False)
    with pytest.raises(ValidationError) as exc:
        services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    assert exc.value.messages == [f"{scheme.name} is not taking applications for this role now."]
    assert scheme.is_open is False


# --- withdraw and one live application --------------------------------------------------


def test_application_withdraw_submitted(scheme, mentee):
    application = ApplicationFactory(scheme=scheme, applicant=mentee)
    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=LONDON), tick=False):
        services.application_withdraw(application=application, by=mentee)
    application.refresh_from_db()
    assert (application.status, application.decided_at) == (
        ApplicationStatus.WITHDRAWN,
        datetime(2026, 2, 1, 9, tzinfo=LONDON),
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ApplicationStatus.WITHDRAWN, "This application is already closed."),
        (ApplicationStatus.DECLINED, "This application is already closed."),
        (
            ApplicationStatus.MATCHED,
            "You are already matched; end the relationship from its page instead.",
        ),
    ],
)
def test_application_withdraw_refused(scheme, mentee, status, message):
    application = ApplicationFactory(scheme=scheme, applicant=mentee, status=status)
    with pytest.raises(ValidationError) as exc:
        services.application_withdraw(application=application, by=mentee)
    assert exc.value.messages == [message]
    application.refresh_from_db()
    assert application.status == status


def test_application_withdrawn_allows_a_new_application(scheme, mentee):
    old = ApplicationFactory(scheme=scheme, applicant=mentee, status=ApplicationStatus.WITHDRAWN)
    new = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    assert new.pk != old.pk
    assert new.status == ApplicationStatus.DRAFT


def test_application_one_live_per_scheme_database_refuses(scheme, mentee):
    ApplicationFactory(scheme=scheme, applicant=mentee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(scheme=scheme, applicant=mentee, role=Role.MENTEE)


def test_application_start_live_application_refused_with_message(scheme, mentee):
    ApplicationFactory(scheme=scheme, applicant=mentee, status=ApplicationStatus.WAITLISTED)
    with pytest.raises(ValidationError) as exc:
        services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    assert exc.value.messages == ["You already have an application to this scheme."]


def test_application_start_returns_existing_draft(scheme, mentee):
    first = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    again = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    assert again == first
    assert Application.objects.count() == 1


def test_application_save_draft_refused_after_submit(scheme, mentee):
    application = ApplicationFactory(scheme=scheme, applicant=mentee)
    with pytest.raises(ValidationError) as exc:
        services.application_save_draft(application=application, data={"hopes": "x"})
    assert exc.value.messages == ["This application has been submitted and can no longer change."]


def test_application_decide_not_a_decision_refused(scheme, mentee, admin_user):
    application = ApplicationFactory(scheme=scheme, applicant=mentee)
    with pytest.raises(ValidationError) as exc:
        services.application_decide(
            application=application, status=ApplicationStatus.MATCHED, by=admin_user
        )
    assert exc.value.messages == ["'matched' is not a decision."]


def test_applications_decide_reports_problems(
    scheme, mentee, mentor, admin_user, django_capture_on_commit_callbacks
):
    ok = ApplicationFactory(scheme=scheme, applicant=mentee)
    draft = ApplicationFactory(scheme=scheme, applicant=mentor, status=ApplicationStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        done, problems = services.applications_decide(
            applications=[ok, draft], status=ApplicationStatus.DECLINED, by=admin_user
        )
    assert (done, problems) == (
        1,
        [f"{draft}: Cannot mark a draft application as declined."],
    )


# --- interest, news and events ----------------------------------------------------------


def test_subscription_register_idempotent_and_lowercased(scheme, mentee):
    first = services.subscription_register(
        scheme=scheme, email="  Ann.Lee@Example.ORG ", name="Ann", interested_as=Role.MENTEE
    )
    again = services.subscription_register(
        scheme=scheme, email="ann.lee@example.org", name="Ann Lee", wants_news=False, user=mentee
    )
    assert again.pk == first.pk
    assert list(
        Subscription.objects.values_list("email", "name", "interested_as", "wants_news", "user")
    ) == [("ann.lee@example.org", "Ann Lee", "", False, mentee.pk)]


def test_event_rsvp_updates_single_reply(scheme, mentee):
    starts = datetime(2026, 3, 16, 18, tzinfo=LONDON)
    event = SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.LAUNCH,
        title="Launch",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    services.event_rsvp(event=event, user=mentee, rsvp=EventAttendance.Rsvp.MAYBE)
    services.event_rsvp(event=event, user=mentee, rsvp=EventAttendance.Rsvp.YES)
    assert list(EventAttendance.objects.values_list("user", "rsvp", "attended")) == [
        (mentee.pk, "yes", False)
    ]
    assert services.event_record_attendance(event=event, users=[mentee]) == 1
    assert list(EventAttendance.objects.values_list("user", "rsvp", "attended")) == [
        (mentee.pk, "yes", True)
    ]


def test_blank_years_are_asked_for_not_called_under_the_threshold(scheme):
    """Found by a fresh-eyes run: a blank profile was told it had "under 2 years"."""
    blank = member(None).user
    with pytest.raises(ValidationError) as exc:
        services.application_start(scheme=scheme, applicant=blank, role=Role.MENTOR)
    assert exc.value.messages == [
        f"Add your years of experience to your profile to apply to {scheme.name} as the "
        "senior partner (mentor): it takes 2 years or more."
    ]
    assert Application.objects.count() == 0


def test_an_accepted_application_with_blank_years_stays_eligible(scheme):
    profile = member(None)
    assert services.eligibility_error(scheme=scheme, profile=profile, role=Role.MENTOR)
    assert (
        services.eligibility_error(scheme=scheme, profile=profile, role=Role.MENTOR, accepted=True)
        is None
    )
    known_junior = member(1)
    assert services.eligibility_error(
        scheme=scheme, profile=known_junior, role=Role.MENTOR, accepted=True
    )
