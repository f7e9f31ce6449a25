"""Funder CSV exports: known answers row by row, the period, bad input, constant queries, and
no confidential content."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cpd.models import SourceType
from cpd.selectors import cpd_activities_for_user
from insights.exports import (
    APPLICATION_HEADER,
    CPD_HEADER,
    EXPORTS,
    RELATIONSHIP_HEADER,
    SESSION_HEADER,
    pseudonym,
    relationship_pseudonym,
)
from schemes.models import ApplicationStatus, Role
from tests.cpd.factories import held, manual, pair
from tests.factories import ApplicationFactory, ProfileFactory
from tests.insights.factories import CONFIDENTIAL, report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(scheme, mentor, mentee):
    return report_world(scheme, mentor, mentee)


def get_csv(client, scheme, kind, **params):
    url = reverse("insights:export", kwargs={"slug": scheme.slug, "kind": kind})
    return client.get(url, params)


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_applications_csv_has_status_role_dates_and_eligibility(
    client, admin_user, scheme, world, mentor, mentee
):
    junior = ProfileFactory(years_experience=1).user
    ApplicationFactory(scheme=scheme, applicant=junior, role=Role.MENTOR, submitted_at=None)
    ApplicationFactory(scheme=scheme, role=Role.MENTEE, status=ApplicationStatus.DRAFT)
    client.force_login(admin_user)
    response = get_csv(client, scheme, "applications")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{scheme.slug}-applications.csv"'
    )
    assert rows_of(response) == [
        APPLICATION_HEADER,
        [
            pseudonym(scheme.pk, mentor.pk),
            "mentor",
            "matched",
            "eligible",
            "2025-12-01",
            "2025-12-03",
            "2025-12-03",
            "2025-12-20",
            "19",
        ],
        [
            pseudonym(scheme.pk, mentee.pk),
            "mentee",
            "matched",
            "eligible",
            "2025-12-01",
            "2025-12-03",
            "2025-12-03",
            "2025-12-20",
            "19",
        ],
        [pseudonym(scheme.pk, junior.pk), "mentor", "submitted", "not eligible"] + [""] * 5,
    ]


def test_relationships_csv_has_kind_status_dates_and_pseudonyms(
    client, coordinator, scheme, world, mentor, mentee
):
    client.force_login(coordinator)
    rel = world["relationship"]
    assert rows_of(get_csv(client, scheme, "relationships")) == [
        RELATIONSHIP_HEADER,
        [
            relationship_pseudonym(rel.pk),
            "pair",
            "completed",
            "2026-01-05",
            "2026-07-05",
            "2026-06-30",
            "2",
            pseudonym(scheme.pk, mentor.pk),
            pseudonym(scheme.pk, mentee.pk),
            "",
            "",
        ],
    ]


def test_sessions_csv_counts_and_hours_per_relationship(client, coordinator, scheme, world):
    client.force_login(coordinator)
    rel = world["relationship"]
    assert rows_of(get_csv(client, scheme, "sessions")) == [
        SESSION_HEADER,
        [relationship_pseudonym(rel.pk), "3", "2", "1", "0", "2.33", "2026-01-12", "2026-02-09"],
    ]


def test_cpd_hours_csv_per_member(client, coordinator, scheme, world, mentor, mentee):
    manual(mentor, on=date(2026, 2, 1), hours="7.5")  # private: never counted for the scheme
    client.force_login(coordinator)
    expected = sorted(
        [
            [pseudonym(scheme.pk, mentor.pk), "mentor", "2", "2.33", "1", "2.00", "4.33"],
            [pseudonym(scheme.pk, mentee.pk), "mentee", "2", "2.33", "0", "0.00", "2.33"],
        ]
    )
    assert rows_of(get_csv(client, scheme, "cpd-hours")) == [CPD_HEADER, *expected]


def test_cpd_hours_agree_with_the_members_own_cpd_record(scheme, world, mentor, mentee):
    from insights.exports import cpd_rows

    manual(mentor, on=date(2026, 2, 1), hours="7.5")
    by_member = {row[0]: row[6] for row in cpd_rows(scheme=scheme)}
    for user in (mentor, mentee):
        own = sum(
            (
                a.hours
                for a in cpd_activities_for_user(user=user)
                if a.scheme_name == scheme.name and a.source_type != SourceType.MANUAL
            ),
            Decimal("0.00"),
        )
        assert by_member[pseudonym(scheme.pk, user.pk)] == f"{own:.2f}"


def test_period_selects_relationships_by_start_and_cpd_by_date(
    client, admin_user, scheme, world, mentor, mentee
):
    client.force_login(admin_user)
    period = {"start": "2026-02-01", "end": "2026-12-31"}
    response = get_csv(client, scheme, "relationships", **period)
    assert response["Content-Disposition"] == (
        f'attachment; filename="{scheme.slug}-relationships-2026-02-01-2026-12-31.csv"'
    )
    assert rows_of(response) == [RELATIONSHIP_HEADER]
    assert rows_of(get_csv(client, scheme, "sessions", **period)) == [SESSION_HEADER]
    assert rows_of(get_csv(client, scheme, "applications", **period)) == [APPLICATION_HEADER]
    assert rows_of(get_csv(client, scheme, "cpd-hours", **period)) == [
        CPD_HEADER,
        *sorted(
            [
                [pseudonym(scheme.pk, mentor.pk), "mentor", "1", "1.50", "1", "2.00", "3.50"],
                [pseudonym(scheme.pk, mentee.pk), "mentee", "1", "1.50", "0", "0.00", "1.50"],
            ]
        ),
    ]
    assert rows_of(get_csv(client, scheme, "relationships", start="2026-01-05")) != [
        RELATIONSHIP_HEADER
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-13-01"}, "Bad period: Enter a valid date."),
        ({"end": "yesterday"}, "Bad period: Enter a valid date."),
        (
            {"start": "2026-06-01", "end": "2026-01-01"},
            "Bad period: The end of the period is before its start.",
        ),
    ],
)
def test_export_with_a_bad_period_is_refused(client, admin_user, scheme, params, message):
    client.force_login(admin_user)
    response = get_csv(client, scheme, "applications", **params)
    assert response.status_code == 400
    assert response.content.decode() == message


def test_unknown_export_is_404(client, admin_user, scheme):
    client.force_login(admin_user)
    assert get_csv(client, scheme, "notes").status_code == 404


def test_pseudonyms_are_stable_per_scheme_and_reveal_nothing(scheme, other_scheme, mentor):
    mine = pseudonym(scheme.pk, mentor.pk)
    assert mine == pseudonym(scheme.pk, mentor.pk)
    assert mine != pseudonym(other_scheme.pk, mentor.pk)
    assert re.fullmatch(r"M-[0-9a-f]{10}", mine)


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_exports_hold_no_confidential_content_or_names(
    client, admin_user, scheme, world, mentor, mentee, kind
):
    client.force_login(admin_user)
    text = get_csv(client, scheme, kind).content.decode()
    for marker in (*CONFIDENTIAL, "What did you value most", "Olusegun", "Kowalska"):
        assert marker not in text
    for user in (mentor, mentee):
        assert user.email not in text


def _many(scheme, n):
    for i in range(n):
        mentor = ProfileFactory().user
        mentee = ProfileFactory().user
        ApplicationFactory(scheme=scheme, applicant=mentor, role=Role.MENTOR)
        ApplicationFactory(scheme=scheme, applicant=mentee, role=Role.MENTEE)
        rel = pair(scheme, mentor, mentee, started_on=date(2026, 1, 1 + i))
        held(rel, 1, on=date(2026, 2, 1 + i), minutes=60)


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_export_queries_are_constant(
    client, admin_user, scheme, kind, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(admin_user)
    _many(scheme, 1)
    get_csv(client, scheme, kind)  # warm up the session
    with django_assert_max_num_queries(12) as one:
        assert len(rows_of(get_csv(client, scheme, kind))) > 1
    _many(scheme, 12)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(rows_of(get_csv(client, scheme, kind))) > 12


def test_a_relationships_pseudonym_is_not_its_number_and_joins_the_files(
    client, coordinator, scheme, world
):
    """The funder's files name a relationship the same way in each, never by the number
    the admin shows beside the members' names."""
    client.force_login(coordinator)
    rel = world["relationship"]
    [[listed, *_]] = rows_of(get_csv(client, scheme, "relationships"))[1:]
    [[counted, *_]] = rows_of(get_csv(client, scheme, "sessions"))[1:]

    assert listed == counted
    assert listed != f"R-{rel.pk}"
    assert len(listed) == len("R-") + 10
