"""The run review as staff check an international peer scheme: which hours a pair has in
common (in the reviewer's own zone, named), each member's zone, and the rule that refuses
a change by hand, named as the scheme applies it."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from matching.admin_review import _staff_reasons, _zone_label
from matching.scoring import REQUIRED, Candidate, Weights, forbidding_rules, score_pair
from schemes.models import Role
from tests.factories import ProfileFactory
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db

WEEK = date(2026, 3, 2)
# Tuesday 3 March 2026, 19:00–21:00 UTC: 14:00–16:00 in Toronto (before its clock change).
COMMON = [["2026-03-03T19:00:00+00:00", "2026-03-03T21:00:00+00:00"]]
TIME_REASON = {
    "criterion": "availability",
    "points": 15.4,
    "code": "availability.common",
    "params": {"minutes": 120},
    "text": "2 hours a week in common",
    "common": COMMON,
}


def _review(run) -> str:
    return reverse("admin:matching_matchingrun_review", args=[run.pk])


@pytest.fixture
def timed(scheme):
    """A proposal whose time reason stores the hours in common; a Sydney mentor and a
    mentee who chose no zone."""
    run = finished_run(scheme)
    mentor = accepted(scheme, role=Role.MENTOR, timezone="Australia/Sydney")
    mentee = accepted(scheme, timezone="")
    made = proposal(run, mentor, mentee)
    made.reasons = [TIME_REASON]
    made.save(update_fields=["reasons"])
    return run, made


def test_review_names_the_hours_in_common_in_the_reviewers_zone(client, coordinator, timed):
    run, made = timed
    ProfileFactory(user=coordinator, timezone="America/Toronto")
    client.force_login(coordinator)

    page = client.get(_review(run))

    row = next(r for r in page.context["rows"] if r["proposal"] == made)
    assert [r["text"] for r in row["reasons"]] == [
        "2 hours a week in common: Tuesday 14:00–16:00 your time (America/Toronto)"
    ]
    assert "Tuesday 14:00–16:00 your time (America/Toronto) (15.4)" in page.text
    assert {c["member"].role: c["zone"] for c in row["cards"]} == {
        Role.MENTOR: "Australia/Sydney",
        Role.MENTEE: f"not chosen (the site's: {settings.TIME_ZONE})",
    }
    assert "Time zone: Australia/Sydney" in page.text


def test_review_of_another_coordinators_run_shows_nothing(client, other_coordinator, timed):
    run, _ = timed
    client.force_login(other_coordinator)
    response = client.get(_review(run))
    assert response.status_code in (302, 403, 404)
    assert "Australia/Sydney" not in response.content.decode()


@pytest.mark.parametrize("common", [None, [], [["tuesday", "later"]], [["2026-03-03T19:00"] * 2]])
def test_unreadable_times_leave_the_reason_as_it_is(timed, common):
    _, made = timed
    made.reasons = [{**TIME_REASON, "common": common}]
    assert [r["text"] for r in _staff_reasons(made, ZoneInfo("Europe/Paris"))] == [
        "2 hours a week in common"
    ]


def test_refused_change_names_the_rule(client, coordinator, scheme):
    run = finished_run(scheme)
    mentor = accepted(scheme, role=Role.MENTOR)
    blocked = accepted(scheme, role=Role.MENTOR)
    mentee = accepted(scheme, do_not_pair_with=[blocked.applicant.email])
    made = proposal(run, mentor, mentee)
    member = made.members.get(application=mentor)
    data = {
        "proposal": made.pk,
        f"p{made.pk}-member": member.pk,
        f"p{made.pk}-application": blocked.applicant.email,
    }
    rule = "listed as not to be paired: one of them asked not to be paired with the other"
    client.force_login(coordinator)

    preview = client.post(_review(run), {**data, "action": "preview"})
    assert f"forbidden: {rule}" in preview.text
    assert "forbidden (hard constraint)" not in preview.text

    refused = client.post(_review(run), {**data, "action": "override"}, follow=True)
    said = [str(m) for m in refused.context["messages"]]
    assert said == [f"A hard constraint forbids that match: {rule}."]
    assert made.members.get(pk=member.pk).application == mentor


def _person(key: int, **values) -> Candidate:
    return Candidate.build(key=key, email=f"p{key}@example.org", week_of=WEEK, **values)


def test_each_rule_is_named_as_the_scheme_applies_it():
    kenya = {"country": "Kenya", "timezone": "Africa/Nairobi"}
    a = _person(1, availability=["tue 18:00-20:00"], organisation="trust", **kenya)
    b = _person(2, availability=["wed 09:00-10:00"], organisation="trust", **kenya)
    c = _person(3, availability=["tue 18:00-19:00"], country="Japan", timezone="Africa/Nairobi")
    country = Weights(country_rule=REQUIRED)
    overlap = Weights(min_overlap_hours=2.0)
    both = Weights(organisation_rule=REQUIRED, country_rule=REQUIRED, min_overlap_hours=1.5)

    def rule(x, y, weights):
        return forbidding_rules(score_pair(x, y, weights, directed=False), weights)

    assert rule(a, b, country) == (
        "same country: the scheme requires partners from different countries"
    )
    assert rule(a, c, overlap) == "less than the 2 hours a week in common the scheme requires"
    assert rule(a, b, both) == (
        "same organisation: the scheme requires partners from different organisations"
    )  # the first rule broken, as the run checks them
    assert rule(a, c, country) == ""  # allowed
    assert rule(a, c, Weights(min_overlap_hours=1.5)) == (
        "less than the 1.5 hours a week in common the scheme requires"
    )


def test_rules_times_and_zones_translate(timed, pseudo_locale):  # noqa: F811
    _, made = timed
    a = _person(1, country="Kenya")
    weights = Weights(country_rule=REQUIRED, min_overlap_hours=1)
    with translation.override(pseudo_locale):
        texts = [
            forbidding_rules(score_pair(a, a, weights, directed=False), weights),
            forbidding_rules(score_pair(a, _person(2), weights, directed=False), weights),
            *(r["text"] for r in _staff_reasons(made, ZoneInfo("America/Toronto"))),
            _zone_label(made.members.get(role=Role.MENTEE)),
        ]
    assert all(texts)
    assert [t for t in texts if untranslated(t)] == []
