"""A cohort scheme's pairs start on its launch date: matched in December for a launch on
1 March, the pair starts on 1 March, its sessions' targets and planned end count from then,
and nothing (momentum, the digest, waiting lists) counts from December."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from insights.digest import digests_build
from insights.services import scheme_create
from matching import services
from matching.selectors import WaitState, waiting_applicants
from schemes.models import Application, Intake, Role, Scheme, SchemeKind
from sessions_log.models import Relationship
from tests.factories import ProgrammeTemplateFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
LAUNCH = date(2027, 3, 1)


def pilot(admin_user) -> Scheme:
    return scheme_create(
        scheme=Scheme(
            name="Occupational therapy leadership pilot",
            slug="ot-pilot",
            summary="Three months of mentoring, then evaluated for benefit and impact.",
            kind=SchemeKind.SENIOR_JUNIOR,
            intake=Intake.COHORT,
            mentor_recruitment_opens=date(2026, 12, 1),
            mentor_recruitment_closes=date(2026, 12, 31),
            mentee_recruitment_opens=date(2027, 1, 1),
            mentee_recruitment_closes=date(2027, 2, 28),
            launch_date=LAUNCH,
            programme_length_months=3,
            programme_template=ProgrammeTemplateFactory(steps=4, duration_months=3),
        ),
        by=admin_user,
    )


def confirm(scheme, admin_user, mentor, mentee) -> Relationship:
    run = finished_run(scheme, by=admin_user)
    prop = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee)
    )
    services.run_approve(run=run, by=admin_user)
    services.proposal_respond(proposal=prop, user=mentee, accept=True)
    services.proposal_respond(proposal=prop, user=mentor, accept=True)
    return Relationship.objects.get(scheme=scheme)


@time_machine.travel(datetime(2026, 12, 10, 11, tzinfo=LONDON), tick=False)
def test_pair_matched_in_december_starts_on_the_launch_date(admin_user, mentor, mentee):
    relationship = confirm(pilot(admin_user), admin_user, mentor, mentee)

    assert (relationship.started_on, relationship.planned_end_on) == (
        LAUNCH,
        LAUNCH + timedelta(days=91),
    )
    targets = list(relationship.sessions.order_by("number").values_list("target_date", flat=True))
    assert targets == [LAUNCH + timedelta(days=30 * i) for i in range(4)]
    activity = Relationship.objects.with_last_activity().get(pk=relationship.pk)
    assert activity.last_activity == LAUNCH


@time_machine.travel(datetime(2026, 12, 10, 11, tzinfo=LONDON), tick=False)
def test_a_pair_waiting_for_the_launch_is_not_stalled(admin_user, mentor, mentee):
    """Five weeks after the launch the pair is not past six weeks without a session, though
    they were matched seventeen weeks before; seven weeks after it, they are."""
    scheme = pilot(admin_user)
    confirm(scheme, admin_user, mentor, mentee)

    in_april = datetime(2027, 4, 5, 9, tzinfo=LONDON)
    assert digests_build(schemes=[scheme], now=in_april)[scheme.pk].stalled == []
    late_april = datetime(2027, 4, 20, 9, tzinfo=LONDON)
    stalled = digests_build(schemes=[scheme], now=late_april)[scheme.pk].stalled
    assert [r.started_on for r in stalled] == [LAUNCH]


@time_machine.travel(datetime(2027, 3, 15, 11, tzinfo=LONDON), tick=False)
def test_pair_accepting_after_the_launch_starts_on_acceptance(admin_user, mentor, mentee):
    relationship = confirm(pilot(admin_user), admin_user, mentor, mentee)

    assert relationship.started_on == date(2027, 3, 15)


@time_machine.travel(datetime(2026, 12, 10, 11, tzinfo=LONDON), tick=False)
def test_rolling_pair_starts_when_both_accept(scheme, admin_user, mentor, mentee):
    relationship = confirm(scheme, admin_user, mentor, mentee)

    assert relationship.started_on == date(2026, 12, 10)


def test_cohort_applicant_waits_against_the_launch_not_a_rolling_window(admin_user):
    """Applied on 1 December for a launch on 1 March (90 days): at day 30 fine, at day 70
    at risk, after the launch in breach; the 90-day rolling default plays no part."""
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=LONDON), tick=False):
        scheme = pilot(admin_user)
        accepted(scheme, role=Role.MENTOR)
        Application.objects.filter(scheme=scheme).update(
            submitted_at=datetime(2026, 12, 1, 10, tzinfo=LONDON)
        )
    states = [
        (w.days, w.window, w.state)
        for day in (date(2026, 12, 31), date(2027, 2, 9), date(2027, 3, 3))
        for w in waiting_applicants(
            schemes=Scheme.objects.filter(pk=scheme.pk),
            now=datetime(day.year, day.month, day.day, 12, tzinfo=LONDON),
        )
    ]
    assert states == [
        (30, 90, WaitState.OK),
        (70, 90, WaitState.AT_RISK),
        (92, 90, WaitState.BREACH),
    ]


@time_machine.travel(datetime(2026, 12, 10, 11, tzinfo=LONDON), tick=False)
def test_member_sees_when_their_pilot_pair_starts(client, admin_user, mentor, mentee):
    relationship = confirm(pilot(admin_user), admin_user, mentor, mentee)
    client.force_login(mentee)

    page = client.get(relationship.get_absolute_url()).content.decode()

    assert (
        '<dt class="col-sm-3">Starts</dt><dd class="col-sm-9">1 March 2027; '
        "planned to end 31 May 2027</dd>"
    ) in page
