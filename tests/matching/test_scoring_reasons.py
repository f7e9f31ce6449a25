"""Reasons: every point of a score belongs to a named factor, no reason claims what the data
does not say, members see only what speaks for the match (in group wording for circles),
staff see every factor with its points."""

import math
from datetime import date
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.scoring import (
    Candidate,
    Reason,
    Score,
    Weights,
    member_reasons,
    score_circle,
    score_pair,
    score_reverse,
)
from tests.matching.strategies import group, person, weights_strategy

PAIR_WORDS = ("you both", "one of you", "the other", "each of you", "your experience")


def _adds_up(score: Score) -> bool:
    return math.isclose(sum(r.points for r in score.reasons), score.value, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    a=person(1, popular=False),
    b=person(2, popular=True),
    weights=weights_strategy,
    kind=st.sampled_from(["directed", "peer", "reverse"]),
)
def test_reasons_add_up_to_the_score(a, b, weights, kind):
    if kind == "reverse":
        score = score_reverse(a, b, weights)
    else:
        score = score_pair(a, b, weights, directed=kind == "directed")

    if score.value is None:
        assert [r.criterion for r in score.reasons] == ["constraint"]
        return
    assert _adds_up(score), score
    assert all(r.text for r in score.reasons)  # every factor is named
    assert all(r.points * 10 == round(r.points * 10) for r in score.reasons)
    assert all(r.points > 0 for r in score.reasons if r.for_members)


@settings(max_examples=60, deadline=None)
@given(members=group(0, max_size=5), weights=weights_strategy)
def test_circle_reasons_add_up_and_speak_of_the_group(members, weights):
    if len(members) < 3:
        return
    pairs = [
        score_pair(x, y, weights, directed=False)
        for i, x in enumerate(members)
        for y in members[i + 1 :]
    ]
    score = score_circle(members, pairs)

    if score.value is None:
        return
    assert math.isclose(sum(r.points for r in score.reasons), score.value, abs_tol=1e-9)
    names = {m.name for m in members if m.name}
    for words in member_reasons(score.reasons_as_dicts(), ZoneInfo("Asia/Tokyo")):
        assert not any(pair in words for pair in PAIR_WORDS), words
        assert not any(name in words for name in names), words  # spoken to, not of
        assert "you all" not in words


def test_default_weights_every_point_explained_with_either_mode_and_no_languages():
    mentor = Candidate.build(key=1, offers=["leadership"], years=11, mode="either")
    mentee = Candidate.build(key=2, seeks=["leadership"], years=3, mode="online")

    score = score_pair(mentor, mentee, Weights(), directed=True)

    assert score == Score(
        69.2,
        (
            Reason(
                "expertise",
                30.7,
                "offers leadership, sought by the other",
                "one of you has experience in leadership, which the other hopes to develop",
            ),
            Reason(
                "career_gap",
                15.4,
                "8 years' difference in experience",
                "there are 8 years' difference in your experience",
            ),
            Reason("mode", 7.7, "ways of meeting compatible (either suits one or both)"),
            Reason("availability", 7.7, "availability not given by both: counted as half"),
            Reason("language", 7.7, "languages not listed by both: counted as shared"),
            Reason("interests", 0.0, "interests not given"),
            Reason("difference", 0.0, "organisation not given"),
        ),
    )
    assert member_reasons(score.reasons_as_dicts()) == [
        "one of you has experience in leadership, which the other hopes to develop",
        "there are 8 years' difference in your experience",
    ]


def test_blank_profile_claims_no_same_country_or_organisation():
    blank = Candidate.build(key=1)
    filled = Candidate.build(key=2, country="Kenya", organisation="NHS Trust A")
    weights = Weights(country_rule="preferred", organisation_rule="preferred")

    score = score_pair(blank, filled, weights, directed=False)

    difference = next(r for r in score.reasons if r.criterion == "difference")
    assert difference == Reason("difference", 0.0, "country not given; organisation not given")
    assert member_reasons(score.reasons_as_dicts()) == []


def test_blank_profiles_tie_and_members_are_told_nothing():
    scores = [
        score_pair(Candidate.build(key=k), Candidate.build(key=k + 1), Weights(), directed=True)
        for k in (1, 3, 5)
    ]

    assert {s.value for s in scores} == {23.1}
    assert all(_adds_up(s) and member_reasons(s.reasons_as_dicts()) == [] for s in scores)


def test_mismatches_are_for_staff_only():
    a = Candidate.build(key=1, mode="online", years=30, availability=["weekend"], languages=["fr"])
    b = Candidate.build(
        key=2, mode="in_person", years=2, availability=["weekend"], languages=["de"]
    )

    score = score_pair(a, b, Weights(), directed=False)

    texts = {r.criterion: (r.text, r.points) for r in score.reasons}
    assert texts["mode"] == ("one prefers online, the other in person", 0.0)
    assert texts["career_gap"] == ("28 years' difference in experience", 0.0)
    assert texts["language"] == ("no language in common", 0.0)
    assert member_reasons(score.reasons_as_dicts()) == ["14 hours a week in common"]


def test_negative_factor_is_shown_to_staff_with_its_points_not_to_members():
    mentor = Candidate.build(key=1, years=2, offers=["digital"])
    mentee = Candidate.build(key=2, years=9, seeks=["digital"])

    score = score_pair(mentor, mentee, Weights(), directed=True)

    gap = next(r for r in score.reasons if r.criterion == "career_gap")
    assert (gap.points, gap.text, gap.plain) == (
        -15.4,
        "the junior partner has 7 years' more experience",
        "",
    )
    assert _adds_up(score)
    assert "the partner expected to be more experienced" not in " ".join(
        member_reasons(score.reasons_as_dicts())
    )


def test_circle_members_are_told_only_what_all_of_them_share():
    people = [
        Candidate.build(key=1, name="Zofia Wójcik", languages=["English", "Polish"]),
        Candidate.build(key=2, name="王芳", languages=["english"], interests=["ethics"]),
        Candidate.build(key=3, name="Ama Mensah", languages=["English"], interests=["Ethics"]),
    ]
    weights = Weights(expertise=0, career_gap=0, mode=0, availability=0, difference=0)
    pairs = [
        score_pair(people[x], people[y], weights, directed=False)
        for x, y in ((0, 1), (0, 2), (1, 2))
    ]

    circle = score_circle(people, pairs)

    # ethics is shared by two of the three: staff see it, members are not told it
    assert member_reasons(circle.reasons_as_dicts()) == ["all of you speak English"]
    # pairs 33.3, 33.3 and 66.7: the circle's 44.4 is the mean, and so are its reasons
    assert circle == Score(
        44.4,
        (
            Reason(
                "language",
                33.3,
                "both speak English (3 of 3 pairs)",
                "all of you speak English",
            ),
            Reason(
                "interests",
                11.1,
                "interests not given (2 of 3 pairs); both interested in ethics (1 of 3 pairs)",
                "",
            ),
        ),
    )


def test_circle_wording_is_an_and_list_to_the_group_with_times_in_each_zone():
    week = date(2026, 3, 4)
    people = [
        Candidate.build(
            key=k,
            name=name,
            languages=["English", "Polish"],
            interests=["ethics", "archives"],
            offers=offers,
            seeks=seeks,
            country=country,
            mode="online",
            availability=[times],
            timezone=zone,
            week_of=week,
        )
        for k, (name, offers, seeks, country, times, zone) in enumerate(
            [
                ("Zofia", ["digital"], ["research"], "Poland", "tue 20:00-23:00", "Europe/Warsaw"),
                ("Ama", ["research"], ["digital"], "Ghana", "tue 19:00-21:00", "Africa/Accra"),
                ("Siân", [], ["digital"], "United Kingdom", "tue 18:00-22:00", "Europe/London"),
                ("Bo", [], [], "United Kingdom", "tue 19:00-22:00", "Europe/London"),
            ]
        )
    ]
    weights = Weights(country_rule="preferred")
    pairs = [
        score_pair(x, y, weights, directed=False)
        for i, x in enumerate(people)
        for y in people[i + 1 :]
    ]

    circle = score_circle(people, pairs)
    told = member_reasons(circle.reasons_as_dicts(), ZoneInfo("Europe/Warsaw"))

    assert sorted(told) == sorted(
        [
            "between you, you bring experience in digital and technology and research and "
            "evidence that others in the circle hope to develop",
            "all of you are interested in archives and ethics",
            "between you, you come from 3 countries (Ghana, Poland and United Kingdom)",
            "all of you prefer to meet online",
            # Warsaw (UTC+1 in March) 20:00-22:00 is 19:00-21:00 in Accra and London
            "all of you have 2 hours a week in common: Tuesday 20:00–22:00 your time "
            "(Europe/Warsaw)",
            "all of you speak English and Polish",
        ]
    )
    assert (
        "all of you have 2 hours a week in common: Tuesday 19:00–21:00 your time (Europe/London)"
    ) in (member_reasons(circle.reasons_as_dicts(), ZoneInfo("Europe/London")))
    for words in told:
        assert not any(p in words for p in (*PAIR_WORDS, "you all", "Zofia", "Ama", "Bo"))
    # staff see every factor, the zero career gap too, with points adding up to the score
    staff = {r.criterion: r.points for r in circle.reasons}
    assert set(staff) == {
        "expertise",
        "interests",
        "career_gap",
        "difference",
        "mode",
        "availability",
        "language",
    }
    assert staff["career_gap"] == 0.0
    assert _adds_up(circle)


def test_circle_staff_see_a_negative_factor_members_do_not():
    people = [Candidate.build(key=k, years=y) for k, y in ((1, 1), (2, 30), (3, 15))]
    weights = Weights(expertise=0, interests=0, difference=0, mode=0, availability=0, language=0)
    pairs = [
        score_pair(x, y, weights, directed=True)
        for i, x in enumerate(people)
        for y in people[i + 1 :]
    ]

    circle = score_circle(people, pairs)

    gap = next(r for r in circle.reasons if r.criterion == "career_gap")
    assert gap.points < 0
    assert any(r.criterion == "floor" and r.points > 0 for r in circle.reasons)
    assert _adds_up(circle)
    assert member_reasons(circle.reasons_as_dicts()) == []


def test_circle_with_a_forbidden_pair_is_forbidden_with_its_reason():
    a, b, c = (Candidate.build(key=k) for k in (1, 2, 3))
    forbidden = Score(None, (Reason("constraint", 0.0, "asked not to be paired"),))
    fine = score_pair(a, b, Weights(), directed=False)

    assert score_circle([a, b, c], [fine, forbidden, fine]) == forbidden


def test_circle_counts_a_country_spelt_two_ways_once():
    people = [
        Candidate.build(key=k, country=country)
        for k, country in enumerate(["Kenya", "kenya", "Spain"])
    ]
    weights = Weights(country_rule="preferred")
    pairs = [
        score_pair(x, y, weights, directed=False)
        for i, x in enumerate(people)
        for y in people[i + 1 :]
    ]

    told = member_reasons(score_circle(people, pairs).reasons_as_dicts())

    assert "between you, you come from 2 countries (Kenya and Spain)" in told
