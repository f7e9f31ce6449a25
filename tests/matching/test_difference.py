"""Difference of country and organisation as a rule per scheme: required (a hard
constraint), preferred (a weight) or ignored; reasons that name the countries and claim
nothing for a blank; the rule holding across spellings and in a real run."""

import importlib
import random
from collections import Counter

import pytest

from accounts.countries import country_name
from accounts.models import Organisation
from accounts.services import organisation_merge, profile_update
from matching import services
from matching.models import DifferenceRule, ProposalStatus
from matching.pool import candidate_for, settings_for
from matching.scoring import IGNORED, PREFERRED, REQUIRED, Candidate, Reason, Score, Weights
from matching.scoring import score_pair as score
from schemes.models import Application, Role, SchemeKind
from tests.factories import SchemeFactory
from tests.matching.factories import accepted

# Only the difference criterion weighs, so its points are the whole score.
ONLY = {
    "expertise": 0.0,
    "interests": 0.0,
    "career_gap": 0.0,
    "mode": 0.0,
    "availability": 0.0,
    "language": 0.0,
}


def weights(country=IGNORED, organisation=IGNORED) -> Weights:
    return Weights(**ONLY, difference=1.0, country_rule=country, organisation_rule=organisation)


def person(key, country="", organisation="") -> Candidate:
    return Candidate.build(key=key, country=country, organisation=organisation)


def test_reason_names_both_countries():
    s = score(person(1, "Spain"), person(2, "Kenya"), weights(country=PREFERRED), directed=False)
    assert s == Score(
        100.0,
        (
            Reason(
                "difference",
                100.0,
                "Spain and Kenya",
                "you are based in different countries (Spain and Kenya)",
            ),
        ),
    )


def test_one_country_is_never_called_different():
    s = score(person(1, "Kenya"), person(2, "Kenya"), weights(country=PREFERRED), directed=False)
    assert s == Score(0.0, (Reason("difference", 0.0, "both in Kenya", ""),))


@pytest.mark.parametrize("rule", [PREFERRED, REQUIRED])
def test_blank_country_earns_nothing_and_claims_nothing(rule):
    s = score(person(1, "Kenya"), person(2, ""), weights(country=rule), directed=False)
    assert s == Score(0.0, (Reason("difference", 0.0, "country not given", ""),))


def test_both_rules_average_what_is_known():
    s = score(
        person(1, "", "Riverside NHS Trust"),
        person(2, "Poland", "University of Kraków"),
        weights(country=PREFERRED, organisation=PREFERRED),
        directed=False,
    )
    assert s == Score(
        50.0,
        (
            Reason(
                "difference",
                50.0,
                "country not given; different organisations",
                "you work for different organisations",
            ),
        ),
    )


def test_required_country_forbids_one_country_only():
    w = weights(country=REQUIRED)
    same = score(person(1, "Brazil"), person(2, "Brazil"), w, directed=False)
    apart = score(person(1, "Brazil"), person(2, "Canada"), w, directed=False)
    unknown = score(person(1, "Brazil"), person(2, ""), w, directed=False)
    assert (same, apart.value, unknown.forbidden) == (
        Score(None, (Reason("constraint", 0.0, "same country", ""),)),
        100.0,
        False,
    )


def test_ignored_rules_do_not_apply_the_criterion():
    s = score(
        person(1, "Kenya", "A"),
        Candidate.build(key=2, country="Kenya", organisation="A", interests=["x"]),
        Weights(
            **{**ONLY, "interests": 1.0},
            difference=5.0,
            country_rule=IGNORED,
            organisation_rule=IGNORED,
        ),
        directed=False,
    )
    assert s.value == 0.0
    assert [r.criterion for r in s.reasons] == ["interests"]  # no difference reason at all


def test_migration_maps_switches_to_rules():
    migration = importlib.import_module("matching.migrations.0005_difference_rules")
    rule = migration.rule_from_flags
    assert [
        rule(preferred=False, required=False),
        rule(preferred=True, required=False),
        rule(preferred=True, required=True),
        rule(preferred=False, required=True),
    ] == [IGNORED, PREFERRED, REQUIRED, REQUIRED]


@pytest.mark.django_db
def test_required_organisation_holds_across_spellings(
    admin_user, django_capture_on_commit_callbacks
):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    settings = settings_for(scheme)
    settings.organisation_rule = DifferenceRule.REQUIRED
    settings.save()
    peers = [accepted(scheme, role=Role.PEER) for _ in range(2)]
    for peer, spelling in zip(peers, ["N.H.S. Trust A", "The NHS Trust A Ltd"], strict=True):
        profile_update(user=peer.applicant, data={"organisation": spelling})
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    run.refresh_from_db()
    assert (run.proposals.count(), sorted(u["reason"] for u in run.unmatched)) == (
        0,
        ["no eligible partner: same organisation (1 person)"] * 2,
    )


# 20 countries, one of them holding 45% of the members: every other member can still have
# a partner abroad, and nobody may be paired at home.
COUNTRIES = ["GB"] * 90 + [
    code
    for code in ("KE", "BR", "CA", "PL", "AU", "ES", "IN", "NG", "JP", "GR", "UA", "MX", "EG", "PH")
    + ("NZ", "IE", "ZA", "NL", "CN")
    for _ in range(6)
][:110]


@pytest.mark.django_db
def test_international_scheme_of_200_pairs_only_across_countries(
    admin_user, django_capture_on_commit_callbacks
):
    rng = random.Random(15)
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    settings = settings_for(scheme)
    settings.country_rule = DifferenceRule.REQUIRED
    settings.organisation_rule = DifferenceRule.IGNORED
    settings.save()
    areas = ["management", "leadership", "research", "digital", "education", "clinical"]
    country_of = {}
    for i, code in enumerate(COUNTRIES):
        blank = i % 9 == 0  # half-filled profiles: tied scores among them
        app = accepted(
            scheme,
            role=Role.PEER,
            goals=() if blank else rng.sample(areas, 2),
            country=code,
            expertise=[] if blank else rng.sample(areas, 2),
            interests=[] if blank else rng.sample(["dementia care", "research", "housing"], 1),
            years_experience=None if blank else rng.randint(0, 30),
        )
        country_of[app.pk] = code
    assert (len(country_of), len(set(country_of.values()))) == (200, 20)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=admin_user)
    pairs = [
        (p, sorted(m.application_id for m in p.members.all()))
        for p in run.proposals.exclude(status=ProposalStatus.SUPERSEDED).prefetch_related("members")
    ]
    same_country = [ids for _, ids in pairs if country_of[ids[0]] == country_of[ids[1]]]
    uk_partners = Counter(country_of[a] for _, ids in pairs for a in ids)["GB"]
    assert (same_country, len(pairs), uk_partners) == ([], 100, 90)
    for proposal, ids in pairs:
        a, b = (country_name(country_of[x]) for x in ids)
        texts = [r["text"] for r in proposal.reasons if r["criterion"] == "difference"]
        assert texts in ([f"{a} and {b}"], [f"{b} and {a}"])


@pytest.mark.django_db
def test_pool_compares_organisations_by_the_list_or_by_key(scheme):
    linked = accepted(scheme, organisation="")
    profile_update(user=linked.applicant, data={"organisation": "Riverside Hospitals"})
    merged_into = accepted(scheme, organisation="")
    profile_update(user=merged_into.applicant, data={"organisation": "Riverside NHS Trust"})
    keep, other = (
        Organisation.objects.get(name=n) for n in ("Riverside NHS Trust", "Riverside Hospitals")
    )
    organisation_merge(keep=keep, others=[other])
    unlinked = [accepted(scheme, organisation=n) for n in ("N.H.S. Trust A", "NHS Trust A Ltd")]
    apps = (linked, merged_into, *unlinked)
    fresh = Application.objects.in_bulk([a.pk for a in apps])
    assert [candidate_for(fresh[a.pk]).organisation for a in apps] == [
        "riverside nhs trust",
        "riverside nhs trust",
        "nhs trust a",
        "nhs trust a",
    ]
