"""The supply-and-demand rule: figures, waitlisting, closing and the coordinators' alert."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.emails.links import preferences_url
from accounts.models import SentNotification
from schemes import selectors, services
from schemes.models import (
    Application,
    ApplicationStatus,
    OverThresholdAction,
    Role,
    Scheme,
)
from schemes.notes import AUTO_WAITLIST_NOTE
from schemes.selectors import SupplyDemand
from schemes.tasks import apply_supply_demand_rules
from tests.factories import ApplicationFactory, ProfileFactory, SchemeFactory

NOW = datetime(2026, 1, 12, 9, tzinfo=ZoneInfo("Europe/London"))


def sent_but_receipts() -> list:
    """The emails sent, without applicants' receipts (tests/accounts/test_notification_choices)."""
    return [m for m in mail.outbox if not m.subject.startswith("Received:")]


def submit(scheme, role=Role.MENTEE, years=None):
    """A new member applies through the real services; returns the application."""
    user = ProfileFactory(
        years_experience=years if years is not None else 1 if role == Role.MENTEE else 10
    ).user
    application = services.application_start(scheme=scheme, applicant=user, role=role)
    services.application_save_draft(application=application, data={"hopes": "To learn."})
    return services.application_submit(application=application, by=user)


@pytest.fixture
def ruled(scheme):
    """``scheme`` with a rule: waitlist once there are more than 1.5 mentees per place."""
    scheme.demand_threshold = Decimal("1.50")
    scheme.over_threshold_action = OverThresholdAction.WAITLIST
    scheme.save()
    return scheme


def test_supply_demand_counts_only_live_statuses(scheme):
    for status, capacity in [
        (ApplicationStatus.SUBMITTED, 2),
        (ApplicationStatus.ACCEPTED, 3),
        (ApplicationStatus.DRAFT, 5),
        (ApplicationStatus.WAITLISTED, 5),
        (ApplicationStatus.MATCHED, 5),
        (ApplicationStatus.WITHDRAWN, 5),
    ]:
        ApplicationFactory(scheme=scheme, role=Role.MENTOR, status=status, capacity=capacity)
    for status in [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.DRAFT,
        ApplicationStatus.MATCHED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.WITHDRAWN,
    ]:
        ApplicationFactory(scheme=scheme, role=Role.MENTEE, status=status)
    ApplicationFactory(role=Role.MENTEE)  # another scheme
    sd = selectors.supply_demand(scheme=scheme)
    assert sd == SupplyDemand(places=5, demand=3)
    assert sd.ratio == Decimal("0.60")
    annotated = selectors.supply_demand_by_scheme(Scheme.objects.filter(pk=scheme.pk)).get()
    assert (annotated.places, annotated.demand) == (5, 3)


@pytest.mark.parametrize(
    ("places", "demand", "threshold", "ratio", "exceeds"),
    [
        (0, 0, Decimal("1.00"), None, False),
        (0, 1, Decimal("1.00"), None, True),
        (3, 2, Decimal("1.00"), Decimal("0.67"), False),
        (2, 3, Decimal("1.50"), Decimal("1.50"), False),
        (2, 4, Decimal("1.50"), Decimal("2.00"), True),
        (2, 4, None, Decimal("2.00"), False),
    ],
)
def test_supply_demand_ratio_and_threshold(places, demand, threshold, ratio, exceeds):
    sd = SupplyDemand(places=places, demand=demand)
    assert sd.ratio == ratio
    assert sd.exceeds(threshold) is exceeds


def test_supply_demand_waitlist_tips_on_the_mentee_that_passes(
    ruled, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(ruled, Role.MENTOR)  # capacity 1
        ApplicationFactory(scheme=ruled, role=Role.MENTOR, capacity=1)
        first_three = [submit(ruled) for _ in range(3)]
    assert [a.status for a in first_three] == [ApplicationStatus.SUBMITTED] * 3
    assert selectors.supply_demand(scheme=ruled) == SupplyDemand(places=2, demand=3)
    assert sent_but_receipts() == []

    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            tipping = submit(ruled)
        prefs = preferences_url(coordinator)
    tipping.refresh_from_db()
    assert (tipping.status, tipping.decided_at, tipping.decision_note) == (
        ApplicationStatus.WAITLISTED,
        NOW,
        AUTO_WAITLIST_NOTE,
    )
    ruled.refresh_from_db()
    assert (ruled.over_threshold_since, ruled.accepting_applications) == (NOW, True)
    assert selectors.supply_demand(scheme=ruled) == SupplyDemand(places=2, demand=4)

    told = [m for m in sent_but_receipts() if m.to == [tipping.applicant.email]]
    assert [m.subject for m in told] == [f"Your application to {ruled.name} is on the waiting list"]
    assert AUTO_WAITLIST_NOTE in told[0].body
    alerts = [m for m in sent_but_receipts() if m.to != [tipping.applicant.email]]
    assert len(alerts) == 1
    message = alerts[0]
    assert message.to == [coordinator.email]
    assert message.subject == f"{ruled.name}: mentee demand has passed the threshold"
    admin_link = f"http://testserver/admin/schemes/scheme/{ruled.pk}/change/"
    assert message.body == (
        f"Dear {coordinator.display_name},\n\n"
        f"Mentee demand in {ruled.name} has passed the threshold of 1.50 mentees per mentor "
        "place: 4 mentees waiting for 2 mentor places.\n\n"
        "New mentee applications are now waitlisted. Recruiting more mentors would help.\n\n"
        f"Review the scheme: {admin_link}\n\n"
        f"--\nMentoring schemes · {ruled.name}\nChange your email preferences: {prefs}\n\n"
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{admin_link}">Review the scheme</a>' in html

    # Still over: later mentees are waitlisted too, but nobody is emailed again, whether by
    # the next application, the service or the periodic task.
    with django_capture_on_commit_callbacks(execute=True):
        later = submit(ruled)
        assert services.scheme_apply_supply_demand_rule(scheme=ruled) is True
        assert apply_supply_demand_rules.delay().get() == 1
    assert later.status == ApplicationStatus.WAITLISTED
    assert [m.to for m in sent_but_receipts()].count([coordinator.email]) == 1
    assert [m.to for m in sent_but_receipts()][-1] == [later.applicant.email]  # its own notice
    assert SentNotification.objects.exclude(kind="receipt").count() == 3


def test_supply_demand_close_action_closes_scheme(
    ruled, coordinator, django_capture_on_commit_callbacks
):
    ruled.over_threshold_action = OverThresholdAction.CLOSE
    ruled.save()
    ApplicationFactory(scheme=ruled, role=Role.MENTOR, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(ruled)
        tipping = submit(ruled)
    assert (submitted.status, tipping.status) == (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SUBMITTED,
    )
    ruled.refresh_from_db()
    assert ruled.accepting_applications is False
    assert ruled.is_open is False
    assert [m.to for m in sent_but_receipts()] == [[coordinator.email]]
    assert "The scheme is now closed to new applicants." in sent_but_receipts()[0].body

    late = ProfileFactory(years_experience=1).user
    with pytest.raises(ValidationError) as exc:
        services.application_start(scheme=ruled, applicant=late, role=Role.MENTEE)
    assert exc.value.messages == [f"{ruled.name} is not taking applications for this role now."]


def test_supply_demand_mentor_applications_do_not_waitlist(ruled):
    for _ in range(3):
        ApplicationFactory(scheme=ruled, role=Role.MENTEE)
    mentor_application = submit(ruled, Role.MENTOR)
    assert mentor_application.status == ApplicationStatus.SUBMITTED


def test_supply_demand_falling_below_resets_and_next_crossing_alerts_again(
    ruled, coordinator, django_capture_on_commit_callbacks
):
    ApplicationFactory(scheme=ruled, role=Role.MENTOR, capacity=1)
    mentees = [ApplicationFactory(scheme=ruled, role=Role.MENTEE) for _ in range(2)]
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert apply_supply_demand_rules.delay().get() == 1
    ruled.refresh_from_db()
    assert ruled.over_threshold_since == NOW
    assert len(sent_but_receipts()) == 1

    # A mentee withdraws: 1 per place, under the threshold; the record is cleared.
    services.application_withdraw(application=mentees[0], by=mentees[0].applicant)
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_supply_demand_rules.delay().get() == 0
    ruled.refresh_from_db()
    assert ruled.over_threshold_since is None
    assert len(sent_but_receipts()) == 1

    # Demand passes the threshold again: a new crossing, a new alert.
    ApplicationFactory(scheme=ruled, role=Role.MENTEE)
    later = NOW + timedelta(hours=2)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.scheme_apply_supply_demand_rule(scheme=ruled) is True
    ruled.refresh_from_db()
    assert ruled.over_threshold_since == later
    assert [m.to for m in sent_but_receipts()] == [[coordinator.email], [coordinator.email]]


def test_supply_demand_recrossing_within_the_same_second_alerts_again(
    ruled, coordinator, django_capture_on_commit_callbacks
):
    ApplicationFactory(scheme=ruled, role=Role.MENTOR, capacity=1)
    mentees = [ApplicationFactory(scheme=ruled, role=Role.MENTEE) for _ in range(2)]
    with time_machine.travel(NOW) as traveller, django_capture_on_commit_callbacks(execute=True):
        services.scheme_apply_supply_demand_rule(scheme=ruled)
        Application.objects.filter(pk=mentees[0].pk).update(status=ApplicationStatus.WITHDRAWN)
        services.scheme_apply_supply_demand_rule(scheme=ruled)
        Application.objects.filter(pk=mentees[0].pk).update(status=ApplicationStatus.SUBMITTED)
        traveller.shift(timedelta(milliseconds=5))
        services.scheme_apply_supply_demand_rule(scheme=ruled)
    assert len(sent_but_receipts()) == 2


def test_supply_demand_without_threshold_never_trips(scheme, coordinator):
    ApplicationFactory(scheme=scheme, role=Role.MENTEE)
    assert services.scheme_apply_supply_demand_rule(scheme=scheme) is False
    assert submit(scheme).status == ApplicationStatus.SUBMITTED
    scheme.refresh_from_db()
    assert scheme.over_threshold_since is None
    assert apply_supply_demand_rules.delay().get() == 0
    assert sent_but_receipts() == []


def test_supply_demand_alert_respects_coordinator_opt_out(
    ruled, coordinator, django_capture_on_commit_callbacks
):
    from accounts.models import EmailPreference, NotificationKind

    EmailPreference.objects.create(user=coordinator, kind=NotificationKind.SUPPLY_DEMAND)
    ApplicationFactory(scheme=ruled, role=Role.MENTEE)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.scheme_apply_supply_demand_rule(scheme=ruled) is True
    assert sent_but_receipts() == []


def test_supply_demand_task_checks_only_ruled_schemes(ruled, django_capture_on_commit_callbacks):
    other = SchemeFactory(demand_threshold=Decimal("1.00"))
    ApplicationFactory(scheme=other, role=Role.MENTEE)
    ApplicationFactory(scheme=SchemeFactory(), role=Role.MENTEE)
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_supply_demand_rules.delay().get() == 1
    other.refresh_from_db()
    ruled.refresh_from_db()
    assert other.over_threshold_since is not None
    assert ruled.over_threshold_since is None
