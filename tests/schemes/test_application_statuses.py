"""Application status groups (on ``ApplicationStatus``), the queryset that filters by them,
and the services through which other apps change an application's status."""

import pytest
from django.core.exceptions import ValidationError

from schemes import services
from schemes.models import Application, ApplicationStatus, Phase, Role
from tests.factories import ApplicationFactory, SchemeFactory, UserFactory

S = ApplicationStatus
GROUPS = ("live_states", "waiting_states", "supply_states", "accepted_states", "decision_states")


@pytest.mark.parametrize("group", GROUPS)
def test_status_groups_name_only_statuses(group):
    assert set(getattr(ApplicationStatus, group)) <= set(ApplicationStatus.values)


def test_status_groups_are_not_choices():
    assert ApplicationStatus.values == [
        "draft",
        "submitted",
        "accepted",
        "waitlisted",
        "declined",
        "withdrawn",
        "matched",
    ]


def test_live_states_are_all_but_withdrawn_and_declined():
    assert set(ApplicationStatus.values) - set(ApplicationStatus.live_states) == {
        S.WITHDRAWN,
        S.DECLINED,
    }


def test_phase_recruiting_states_name_only_phases():
    assert set(Phase.recruiting_states) <= set(Phase.values)


@pytest.fixture
def one_of_each(scheme):
    """One application in each status, each by a different member."""
    return {status: ApplicationFactory(scheme=scheme, status=status) for status in S.values}


def test_live_leaves_out_withdrawn_and_declined(one_of_each):
    assert set(Application.objects.live().values_list("status", flat=True)) == {
        S.DRAFT,
        S.SUBMITTED,
        S.ACCEPTED,
        S.WAITLISTED,
        S.MATCHED,
    }


def test_waiting_is_submitted_accepted_or_waitlisted(one_of_each):
    assert set(Application.objects.waiting().values_list("status", flat=True)) == {
        S.SUBMITTED,
        S.ACCEPTED,
        S.WAITLISTED,
    }


def test_live_and_waiting_of_nothing_are_empty(db):
    assert (list(Application.objects.live()), list(Application.objects.waiting())) == ([], [])


def test_live_chains_with_other_filters(scheme, other_scheme):
    mine = ApplicationFactory(scheme=scheme, status=S.ACCEPTED)
    ApplicationFactory(scheme=other_scheme, status=S.ACCEPTED)
    ApplicationFactory(scheme=scheme, status=S.WITHDRAWN)
    assert list(Application.objects.filter(scheme=scheme).live()) == [mine]


@pytest.mark.parametrize(
    ("status", "can_withdraw"),
    [
        (S.DRAFT, True),
        (S.SUBMITTED, True),
        (S.ACCEPTED, True),
        (S.WAITLISTED, True),
        (S.MATCHED, False),
        (S.DECLINED, False),
        (S.WITHDRAWN, False),
    ],
)
def test_can_withdraw_matches_the_service(scheme, status, can_withdraw):
    application = ApplicationFactory(scheme=scheme, status=status)
    assert application.can_withdraw is can_withdraw
    if can_withdraw:
        services.application_withdraw(application=application, by=application.applicant)
    else:
        with pytest.raises(ValidationError):
            services.application_withdraw(application=application, by=application.applicant)


# --- who decided is in the history --------------------------------------------------------


def last_history(application):
    row = application.history.order_by("-history_id").first()
    return row.status, row.history_user


def test_decide_records_who_decided(scheme, coordinator):
    application = ApplicationFactory(scheme=scheme)
    services.application_decide(application=application, status=S.ACCEPTED, by=coordinator)
    assert last_history(application) == (S.ACCEPTED, coordinator)


def test_withdraw_records_who_withdrew(scheme):
    application = ApplicationFactory(scheme=scheme)
    services.application_withdraw(application=application, by=application.applicant)
    assert last_history(application) == (S.WITHDRAWN, application.applicant)


def test_mark_matched_sets_status_date_and_history(scheme, mentee):
    application = ApplicationFactory(scheme=scheme, status=S.ACCEPTED, matched_at=None)
    services.application_mark_matched(application=application, by=mentee)
    application.refresh_from_db()
    assert (application.status, application.matched_at is not None) == (S.MATCHED, True)
    assert last_history(application) == (S.MATCHED, mentee)


def test_mark_matched_with_places_left_stays_in_pool_and_keeps_first_date(scheme, mentee):
    application = ApplicationFactory(
        scheme=scheme, role=Role.MENTOR, status=S.ACCEPTED, capacity=2, matched_at=None
    )
    services.application_mark_matched(application=application, by=mentee, places_left=True)
    application.refresh_from_db()
    first = application.matched_at
    services.application_mark_matched(application=application, by=mentee)
    application.refresh_from_db()
    assert (application.status, application.matched_at) == (S.MATCHED, first)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (S.MATCHED, S.ACCEPTED),
        (S.ACCEPTED, S.ACCEPTED),
        (S.WITHDRAWN, S.WITHDRAWN),
        (S.DECLINED, S.DECLINED),
    ],
)
def test_return_to_pool_only_from_accepted_or_matched(scheme, before, after):
    application = ApplicationFactory(scheme=scheme, status=before)
    member = UserFactory()
    services.application_return_to_pool(application=application, by=member)
    application.refresh_from_db()
    assert application.status == after
    if before in S.accepted_states:
        assert last_history(application) == (after, member)


def test_start_returns_the_draft_or_refuses_a_second_live_application(db):
    scheme = SchemeFactory(phase=Phase.RECRUITING)
    applicant = UserFactory()
    draft = services.application_start(scheme=scheme, applicant=applicant, role=Role.MENTEE)
    again = services.application_start(scheme=scheme, applicant=applicant, role=Role.MENTEE)
    Application.objects.filter(pk=draft.pk).update(status=S.WAITLISTED)
    with pytest.raises(ValidationError):
        services.application_start(scheme=scheme, applicant=applicant, role=Role.MENTEE)
    assert again == draft
