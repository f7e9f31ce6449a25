"""The minimum overlap in real runs: an international peer scheme whose partners must be
from different countries and free at the same time for two hours a week (checked against
``accounts.availability.overlap``, not the scoring path), circles and mentoring schemes that
enforce it, and members told the times in their own zone."""

import random
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.availability import codes_of, overlap, overlap_hours, parse_lines, windows_of
from accounts.countries import country_code
from accounts.models import NotificationKind, SentNotification
from accounts.zones import zone_or_default
from demo.people import COUNTRY_SPELLINGS
from matching import services
from matching.models import DifferenceRule, MatchingSettings, ProposalKind, ProposalStatus
from matching.pool import settings_for
from schemes.models import Role, SchemeKind
from tests.factories import SchemeFactory
from tests.matching.factories import accepted

NOW = datetime(2026, 3, 4, 9, tzinfo=UTC)  # a week without clock changes
# 20 countries in 20 zones (more than 10 offsets), as members type them: the demo's
# spelling variants where it has them ("UK", "Polska", "日本"...).
ZONE_OF = {
    "GB": "Europe/London", "KE": "Africa/Nairobi", "BR": "America/Sao_Paulo",
    "CA": "America/Toronto", "PL": "Europe/Warsaw", "AU": "Australia/Sydney",
    "ES": "Europe/Madrid", "IN": "Asia/Kolkata", "NG": "Africa/Lagos", "JP": "Asia/Tokyo",
    "GR": "Europe/Athens", "UA": "Europe/Kyiv", "MX": "America/Mexico_City",
    "EG": "Africa/Cairo", "PH": "Asia/Manila", "NZ": "Pacific/Auckland", "IE": "Europe/Dublin",
    "ZA": "Africa/Johannesburg", "NL": "Europe/Amsterdam", "CN": "Asia/Shanghai",
}  # fmt: skip
TYPED = {country_code(name): (name, *variants) for name, variants in COUNTRY_SPELLINGS.items()}
WINDOWS = [
    "weekdays 18:00-20:00",
    "tue 07:00-09:00",
    "sat 09:00-12:00",
    "sun 19:00-22:00",
    "wed 12:00-14:30",
    "thu 20:00-23:00",
]
COUNTRIES = ["GB"] * 48 + [c for c in ZONE_OF if c != "GB" for _ in range(8)]


def _hours_in_common(*apps) -> float:
    people = [
        (
            windows_of(a.applicant.profile.availability),
            zone_or_default(a.applicant.profile.timezone),
        )
        for a in apps
    ]
    return overlap_hours(overlap(people, week_of=NOW.date()))


@pytest.mark.django_db
def test_international_scheme_pairs_only_across_countries_with_two_hours_in_common(
    admin_user, django_capture_on_commit_callbacks
):
    rng = random.Random(19)
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    settings = settings_for(scheme)
    settings.country_rule = DifferenceRule.REQUIRED
    settings.organisation_rule = DifferenceRule.IGNORED
    settings.min_overlap_hours = Decimal("2")
    settings.save()
    apps = {}
    for i, code in enumerate(COUNTRIES):
        blank = i % 9 == 0  # blank profiles: no times, so nobody can be sure of the overlap
        typed = rng.choice(TYPED.get(code, (code,)))
        app = accepted(
            scheme,
            role=Role.PEER,
            goals=() if blank else rng.sample(["research", "digital", "education"], 1),
            country=country_code(typed),
            timezone="" if blank else ZONE_OF[code],
            availability=[] if blank else codes_of(parse_lines(rng.sample(WINDOWS, 2))),
            years_experience=None if blank else rng.randint(0, 30),
        )
        apps[app.pk] = app
    countries = Counter(a.applicant.profile.country.code for a in apps.values())
    zones = {a.applicant.profile.timezone for a in apps.values()} - {""}
    assert (len(apps), len(countries), len(zones) >= 10) == (200, 20, True)

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    run.refresh_from_db()
    pairs = [
        (p, [apps[m.application_id] for m in p.members.all()])
        for p in run.proposals.exclude(status=ProposalStatus.SUPERSEDED).prefetch_related("members")
    ]

    same_country = [
        p.pk for p, (a, b) in pairs if a.applicant.profile.country == b.applicant.profile.country
    ]
    too_little = [p.pk for p, members in pairs if _hours_in_common(*members) < 2]
    assert (same_country, too_little) == ([], [])
    # the constraint binds: many people abroad have less than two hours with each other
    some = [a for a in apps.values() if a.applicant.profile.availability][:25]
    assert any(_hours_in_common(a, b) < 2 for a in some for b in some if a is not b)
    assert len(pairs) >= 60  # not vacuous: most people with times have a partner
    for proposal, _ in pairs:
        (reason,) = [r for r in proposal.reasons if r["criterion"] == "availability"]
        assert reason["text"].endswith("a week in common")
        assert reason["common"]
    blank = {pk for pk, a in apps.items() if not a.applicant.profile.availability}
    told = {u["application"]: u["reason"] for u in run.unmatched}
    assert blank <= set(told)
    assert all(
        told[pk].startswith("no eligible partner:") and "too little time in common" in told[pk]
        for pk in blank
    )


def _minimum(scheme, hours="2"):
    settings = settings_for(scheme)
    settings.min_overlap_hours = Decimal(hours)
    settings.save()


def _run(scheme, by, capture):
    with time_machine.travel(NOW, tick=False), capture(execute=True):
        run = services.run_start(scheme=scheme, by=by)
    run.refresh_from_db()
    return run


def _groups(run) -> list[set[int]]:
    return [{m.application_id for m in p.members.all()} for p in run.proposals.all()]


# Sydney Wednesday 06:00-09:00 (UTC+11) is London Tuesday 19:00-22:00 (UTC+0)
SYDNEY = {"timezone": "Australia/Sydney", "availability": ["wed 06:00-09:00"]}
LONDON = {"timezone": "Europe/London", "availability": ["tue 19:00-21:00"]}
LONDON_MORNING = {"timezone": "Europe/London", "availability": ["tue 06:00-09:00"]}


@pytest.mark.django_db
def test_one_to_many_never_pairs_without_the_overlap(
    admin_user, django_capture_on_commit_callbacks
):
    scheme = SchemeFactory()
    _minimum(scheme)
    mentor = accepted(scheme, role=Role.MENTOR, capacity=3, **SYDNEY)
    evening = accepted(scheme, role=Role.MENTEE, **LONDON)
    morning = accepted(scheme, role=Role.MENTEE, **LONDON_MORNING)

    run = _run(scheme, admin_user, django_capture_on_commit_callbacks)

    assert _groups(run) == [{mentor.pk, evening.pk}]
    assert {u["application"]: u["reason"] for u in run.unmatched} == {
        morning.pk: "no eligible partner: too little time in common (1 person)"
    }


@pytest.mark.django_db
def test_circles_never_hold_a_pair_without_the_overlap(
    admin_user, django_capture_on_commit_callbacks
):
    scheme = SchemeFactory(kind=SchemeKind.GROUP, circle_size_min=3, circle_size_max=3)
    _minimum(scheme, "1")
    MatchingSettings.objects.filter(scheme=scheme).update(weight_availability=0)
    # Sydney has the research the morning people seek: without the minimum it would join
    # two of them, though they are never free at the same time
    evening = [accepted(scheme, role=Role.PEER, **LONDON) for _ in range(2)] + [
        accepted(scheme, role=Role.PEER, expertise=["research"], **SYDNEY)
    ]
    morning = [
        accepted(scheme, role=Role.PEER, goals=("research",), **LONDON_MORNING) for _ in range(3)
    ]

    run = _run(scheme, admin_user, django_capture_on_commit_callbacks)

    assert sorted(_groups(run), key=min) == sorted(
        [{a.pk for a in evening}, {a.pk for a in morning}], key=min
    )
    assert {p.kind for p in run.proposals.all()} == {ProposalKind.CIRCLE}


@pytest.mark.django_db
def test_members_see_the_times_in_common_in_their_own_zone(
    client, admin_user, django_capture_on_commit_callbacks
):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    _minimum(scheme)
    sydney = accepted(scheme, role=Role.PEER, **SYDNEY)
    london = accepted(scheme, role=Role.PEER, **LONDON)
    run = _run(scheme, admin_user, django_capture_on_commit_callbacks)
    (proposal,) = run.proposals.all()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)

    seen = {}
    for app in (sydney, london):
        client.force_login(app.applicant)
        seen[app.applicant.profile.timezone] = client.get(
            reverse("matching:detail", args=[proposal.pk])
        ).content.decode()
    assert "2 hours a week in common: Wednesday 06:00–08:00 your time" in seen["Australia/Sydney"]
    assert "2 hours a week in common: Tuesday 19:00–21:00 your time" in seen["Europe/London"]
    # and so does the email proposing the match, in the recipient's zone
    emails = {
        n.recipient_id: n.body_text
        for n in SentNotification.objects.filter(kind=NotificationKind.MATCH_PROPOSED)
    }
    assert "Wednesday 06:00–08:00 your time" in emails[sydney.applicant_id]
    assert "Tuesday 19:00–21:00 your time" in emails[london.applicant_id]
