"""Every chart's range is the scheme's life and the cohort, whatever dates are stored: a
session planned for year 1 once made the scheme-health page draw 24,000 months (over ten
minutes and 1.4 GB a request). The dates are written straight into the database here: the
forms that take them are bounded too, but the charts must not rely on it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights.metrics import Scope, sessions_per_month, supply_demand
from insights.metrics.base import MAX_CHART_MONTHS
from schemes.models import Role, Scheme
from sessions_log.models import Session, SessionStatus
from tests.insights.factories import dashboard_application, dashboard_relationship

TODAY = date(2026, 6, 1)
EXTREMES = (date(1, 1, 1), date(1990, 1, 1), date(9999, 12, 31))


@pytest.fixture
def world(scheme):
    """A pair started in March 2026 with two held sessions and one planned, and two
    applications."""
    dashboard_application(scheme, Role.MENTOR, submitted=datetime(2026, 2, 3, tzinfo=UTC))
    dashboard_application(scheme, Role.MENTEE, submitted=datetime(2026, 2, 5, tzinfo=UTC))
    relationship = dashboard_relationship(
        scheme,
        started_on=date(2026, 3, 2),
        held_on=[date(2026, 3, 9), date(2026, 4, 6)],
        planned_for=[date(2026, 5, 4)],
    )
    return scheme, relationship


def _extreme_sessions(relationship) -> None:
    """Sessions planned and held on the most extreme dates a database column can hold."""
    for number, day in enumerate(EXTREMES, start=10):
        planned = Session.objects.create(relationship=relationship, number=number)
        Session.objects.filter(pk=planned.pk).update(target_date=day)
        held = Session.objects.create(relationship=relationship, number=number + 10)
        Session.objects.filter(pk=held.pk).update(
            status=SessionStatus.HELD, held_on=day, target_date=day
        )


def _months(table) -> list[str]:
    return [row[0] for row in table.rows]


def test_sessions_per_month_keeps_to_the_schemes_life(world):
    scheme, relationship = world
    scope = Scope.build(schemes=Scheme.objects.filter(pk=scheme.pk), today=TODAY)
    normal = sessions_per_month(scope)
    _extreme_sessions(relationship)

    table = sessions_per_month(scope)

    assert _months(table) == ["Mar 2026", "Apr 2026", "May 2026"] == _months(normal)
    assert table.rows == normal.rows


@pytest.mark.parametrize("start", [None, date(1, 1, 1), date(2026, 4, 1)])
def test_a_cohort_start_never_widens_the_range(world, start):
    scheme, relationship = world
    _extreme_sessions(relationship)
    scope = Scope.build(
        schemes=Scheme.objects.filter(pk=scheme.pk),
        start=start,
        end=date(9999, 12, 31),
        today=TODAY,
    )

    months = _months(sessions_per_month(scope)) + _months(supply_demand(scope))

    as_dates = [datetime.strptime(m, "%b %Y").date() for m in months]  # noqa: DTZ007
    assert all(date(2026, 2, 1) <= m <= date(2026, 5, 1) for m in as_dates)


def test_the_range_is_bounded_even_for_a_scheme_with_ancient_records(world):
    """Even the system's own dates (an application submitted in year 1, written here by
    hand) give at most MAX_CHART_MONTHS months."""
    scheme, relationship = world
    first = scheme.applications.order_by("pk").first()
    type(first).objects.filter(pk=first.pk).update(submitted_at=datetime(1, 1, 2, tzinfo=UTC))
    _extreme_sessions(relationship)
    scope = Scope.build(schemes=Scheme.objects.filter(pk=scheme.pk), today=TODAY)

    table = supply_demand(scope)

    assert 0 < len(table.rows) <= MAX_CHART_MONTHS
    assert table.rows[-1][1:3] == [1, 1]  # the early application still counts in the total


def test_the_page_renders_with_constant_queries_whatever_dates_are_stored(
    client, coordinator, world
):
    """Dates stored in years 1 and 9999 (written straight into the database, past every
    form) once made this page run for over ten minutes; the chart's range is clamped."""
    scheme, relationship = world
    client.force_login(coordinator)
    url = reverse("insights:dashboard_scheme", kwargs={"slug": scheme.slug})
    with CaptureQueriesContext(connection) as normal:
        assert client.get(url).status_code == 200
    _extreme_sessions(relationship)

    with CaptureQueriesContext(connection) as extreme:
        response = client.get(url)

    assert response.status_code == 200
    assert len(extreme) == len(normal)
    month_labels = re.findall(r"\b[A-Z][a-z]{2} (\d{4})\b", response.content.decode())
    assert set(month_labels) == {"2026"}


def test_an_absurd_period_is_refused_with_the_allowed_range(client, coordinator, world):
    scheme, _ = world
    client.force_login(coordinator)
    url = reverse("insights:dashboard_scheme", kwargs={"slug": scheme.slug})
    response = client.get(url, {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 400
    assert "Enter a date from 1 January 1990" in response.content.decode()
