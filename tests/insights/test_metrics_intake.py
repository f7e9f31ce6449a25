"""Scheme-health figures of the way in (funnel, supply and demand, time to match), computed
from factory-built data with a known answer."""

from datetime import date, timedelta
from decimal import Decimal

from insights.metrics import (
    funnel,
    supply_demand,
    time_to_match,
)
from matching.selectors import time_to_match as matching_time_to_match
from schemes.models import (
    ApplicationStatus,
    OverThresholdAction,
    Role,
    Scheme,
    SchemeKind,
    Subscription,
)
from sessions_log.models import (
    RelationshipStatus,
)
from tests.factories import ApplicationFactory, SchemeFactory
from tests.insights.factories import (
    at,
    dashboard_application,
    dashboard_relationship,
    scope_of,
)


def test_funnel_counts_each_stage_by_role(scheme):
    for role, n in ((Role.MENTOR, 2), (Role.MENTEE, 3), ("", 1)):
        for i in range(n):
            Subscription.objects.create(
                scheme=scheme, email=f"{role or 'x'}{i}@example.org", interested_as=role
            )
    day = at(date(2026, 1, 10))
    for role, accepted, matched in (
        (Role.MENTOR, None, None),
        (Role.MENTOR, day, None),
        (Role.MENTOR, day, day),
        (Role.MENTEE, None, None),
        (Role.MENTEE, day, None),
        (Role.MENTEE, day, day),
        (Role.MENTEE, day, day),
    ):
        dashboard_application(scheme, role, submitted=day, accepted=accepted, matched=matched)
    ApplicationFactory(scheme=scheme, role=Role.MENTOR, status="draft", submitted_at=None)
    dashboard_relationship(scheme, started_on=date(2026, 2, 1), held_on=[date(2026, 2, 8)])
    dashboard_relationship(
        scheme,
        started_on=date(2026, 2, 1),
        status=RelationshipStatus.COMPLETED,
        held_on=[date(2026, 2, 8), date(2026, 3, 8)],
    )
    dashboard_relationship(scheme, started_on=date(2026, 2, 1))

    table = funnel(scope_of(scheme))

    assert table.columns == ["Stage", "Mentors", "Mentees"]
    assert table.rows == [
        ["Registered interest", 2, 3],
        ["Applied", 3, 4],
        ["Accepted", 2, 3],
        ["Matched", 1, 2],
        ["Active", 2, 2],
        ["Completed", 1, 1],
    ]


def test_funnel_of_a_peer_scheme_has_one_role(db):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    dashboard_application(scheme, Role.PEER, submitted=at(date(2026, 1, 10)))
    dashboard_relationship(scheme, started_on=date(2026, 2, 1), roles=("peer", "peer"))

    table = funnel(scope_of(scheme))

    assert table.columns == ["Stage", "Peers"]
    assert [row[1] for row in table.rows] == [0, 1, 0, 0, 0, 0]


def test_funnel_cohort_selects_by_submission_and_start_dates(scheme):
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 31)))
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 2, 1)))
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 3, 1)))
    dashboard_relationship(scheme, started_on=date(2026, 2, 28), held_on=[date(2026, 3, 2)])
    dashboard_relationship(scheme, started_on=date(2026, 3, 1), held_on=[date(2026, 3, 2)])

    table = funnel(scope_of(scheme, start=date(2026, 2, 1), end=date(2026, 2, 28)))

    assert [row[2] for row in table.rows] == [0, 1, 0, 0, 1, 0]


def test_supply_demand_accumulates_by_month_with_the_rule_limit(scheme):
    scheme.demand_threshold = Decimal("1.50")
    scheme.over_threshold_action = OverThresholdAction.WAITLIST
    scheme.save()
    dashboard_application(scheme, Role.MENTOR, submitted=at(date(2026, 1, 10)), capacity=2)
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 15)))
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 16)))
    dashboard_application(
        scheme, Role.MENTEE, submitted=at(date(2026, 2, 3)), status=ApplicationStatus.WITHDRAWN
    )
    dashboard_application(
        scheme, Role.MENTOR, submitted=at(date(2026, 2, 3)), status=ApplicationStatus.DECLINED
    )
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 3, 3)))
    dashboard_application(scheme, Role.MENTOR, submitted=at(date(2026, 3, 5)))

    table = supply_demand(scope_of(scheme))

    assert table.columns == ["Month", "Mentor places offered", "Mentee demand", "Rule limit"]
    assert table.rows == [
        ["Jan 2026", 2, 2, 3.0],
        ["Feb 2026", 2, 2, 3.0],
        ["Mar 2026", 3, 3, 4.5],
    ]
    assert "Rule: above 1.50 mentees per mentor place, waitlist new mentee applications." in (
        table.note
    )


def test_supply_demand_without_a_rule_has_no_limit(scheme, other_scheme):
    dashboard_application(scheme, Role.MENTEE, submitted=at(date(2026, 1, 15)))

    table = supply_demand(scope_of(scheme, other_scheme))

    assert table.columns == ["Month", "Mentor places offered", "Mentee demand"]
    assert table.rows == [["Jan 2026", 0, 1]]
    assert "No supply-and-demand rule is set." in table.note


def test_time_to_match_buckets_against_the_target_window(scheme):
    scheme.target_window_days = 90
    scheme.save()
    start = date(2026, 1, 5)
    for days in (10, 30, 31, 90, 91, 200):
        dashboard_application(
            scheme,
            Role.MENTEE,
            submitted=at(start),
            accepted=at(start),
            matched=at(start + timedelta(days=days), hour=15),
        )
    dashboard_application(scheme, Role.MENTEE, submitted=at(start), accepted=at(start))

    table = time_to_match(scope_of(scheme))

    assert table.rows == [
        ["0–30 days", 2, "yes"],
        ["31–60 days", 1, "yes"],
        ["61–90 days", 1, "yes"],
        ["91–135 days", 1, "no"],
        ["136–180 days", 0, "no"],
        ["Over 180 days", 1, "no"],
    ]
    assert table.note == (
        "Target window: 90 days. 4 of 6 matched applicants (66.7%) were paired within the window."
    )
    [figure] = matching_time_to_match(schemes=Scheme.objects.filter(pk=scheme.pk))
    assert (figure.matched, figure.within_window) == (6, 4)


def test_time_to_match_with_different_windows_is_relative(scheme, other_scheme):
    Scheme.objects.filter(pk=other_scheme.pk).update(target_window_days=30)
    start = date(2026, 1, 5)
    for s, days in ((scheme, 10), (other_scheme, 40)):
        dashboard_application(
            s, Role.MENTEE, submitted=at(start), matched=at(start + timedelta(days=days))
        )

    table = time_to_match(scope_of(scheme, other_scheme))

    assert table.rows == [
        ["First third of the window", 1, "yes"],
        ["Second third", 0, "yes"],
        ["Last third", 0, "yes"],
        ["Up to half a window late", 1, "no"],
        ["Up to a window late", 0, "no"],
        ["More than a window late", 0, "no"],
    ]


def test_funnel_counts_people_not_memberships(scheme):
    from sessions_log.models import RelationshipMember

    first = dashboard_relationship(scheme, started_on=date(2026, 1, 5), held_on=[date(2026, 2, 2)])
    second = dashboard_relationship(scheme, started_on=date(2026, 1, 5), held_on=[date(2026, 2, 9)])
    mentor = first.members.get(role="mentor").user
    RelationshipMember.objects.filter(relationship=second, role="mentor").update(user=mentor)

    rows = {row[0]: row for row in funnel(scope_of(scheme)).rows}

    assert rows["Active"][1:] == [1, 2]  # one mentor in two active pairs; two mentees
