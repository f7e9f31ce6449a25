"""Scoring: each criterion and each hard constraint (pure Python, no database)."""

from matching.scoring import (
    IGNORED,
    PREFERRED,
    REQUIRED,
    Candidate,
    Reason,
    Score,
    Weights,
    score_pair,
    score_reverse,
)

# Only one criterion weighs at a time, so its points are the whole score.
ONLY = {
    c: 0.0
    for c in (
        "expertise",
        "interests",
        "career_gap",
        "difference",
        "mode",
        "availability",
        "language",
    )
}


def weights(**kwargs) -> Weights:
    return Weights(**{**ONLY, "organisation_rule": IGNORED, **kwargs})


def person(key, **values) -> Candidate:
    return Candidate.build(key=key, **values)


def test_score_expertise_counts_goals_the_giver_offers():
    mentor = person(1, offers=["leadership", "management"])
    mentee = person(2, seeks=["leadership", "research"])

    score = score_pair(mentor, mentee, weights(expertise=1), directed=True)

    assert score == Score(
        value=50.0,
        reasons=(
            Reason(
                "expertise",
                50.0,
                "offers leadership, sought by the other",
                "one of you has experience in leadership, which the other hopes to develop",
            ),
        ),
    )


def test_score_expertise_is_directed_in_two_role_schemes():
    mentor = person(1, seeks=["leadership"])
    mentee = person(2, offers=["leadership"])

    assert score_pair(mentor, mentee, weights(expertise=1), directed=True) == Score(
        0.0, (Reason("expertise", 0.0, "no development goals given"),)
    )


def test_score_expertise_counts_both_ways_for_peers():
    a = person(1, offers=["research"], seeks=["digital"])
    b = person(2, offers=["digital"], seeks=["research"])

    score = score_pair(a, b, weights(expertise=1), directed=False)

    assert (score.value, score.summary) == (
        100.0,
        "expertise sought both ways (digital and technology and research and evidence)",
    )


def test_score_interests_in_common_case_insensitive():
    a = person(1, interests=["Leadership", "  quality  improvement"])
    b = person(2, interests=["leadership", "Quality Improvement", "sport"])

    score = score_pair(a, b, weights(interests=1), directed=False)

    assert (score.value, score.summary) == (
        100.0,
        "both interested in leadership and quality improvement",
    )


def test_score_interests_one_shared_scores_half():
    score = score_pair(
        person(1, interests=["leadership"]),
        person(2, interests=["leadership", "sport"]),
        weights(interests=1),
        directed=False,
    )
    assert score.value == 50.0


def test_score_career_gap_inside_preferred_range_scores_full():
    score = score_pair(
        person(1, years=11), person(2, years=3), weights(career_gap=1), directed=True
    )
    assert (score.value, score.summary) == (100.0, "8 years' difference in experience")


def test_score_career_gap_outside_range_decays():
    w = weights(career_gap=1, gap_min_years=3, gap_max_years=10)
    too_close = score_pair(person(1, years=5), person(2, years=4), w, directed=True)
    too_far = score_pair(person(1, years=30), person(2, years=2), w, directed=True)

    assert (too_close.value, too_far.value) == (60.0, 0.0)


def test_score_career_gap_senior_less_experienced_scores_nothing():
    score = score_pair(person(1, years=2), person(2, years=9), weights(career_gap=1), directed=True)
    assert score == Score(
        0.0,
        (
            Reason("floor", 100.0, "raised to 0: a score is never negative"),
            Reason("career_gap", -100.0, "the junior partner has 7 years' more experience"),
        ),
    )


def test_score_career_gap_falls_back_to_career_stage():
    score = score_pair(person(1, stage=3), person(2, stage=1), weights(career_gap=1), directed=True)
    mixed = score_pair(
        person(1, years=12), person(2, stage=1), weights(career_gap=1), directed=True
    )

    # an estimate is named as one, and members are not told it as a fact
    assert [(s.value, s.reasons) for s in (score, mixed)] == [
        (
            100.0,
            (
                Reason(
                    "career_gap",
                    100.0,
                    "about 10 years' difference in experience (estimated from career stage)",
                ),
            ),
        ),
        (
            100.0,
            (
                Reason(
                    "career_gap",
                    100.0,
                    "about 7 years' difference in experience (estimated from career stage)",
                ),
            ),
        ),
    ]


def test_score_reverse_scheme_treats_mentee_as_the_senior():
    junior_mentor = person(1, years=2, offers=["digital"])
    senior_mentee = person(2, years=12, seeks=["digital"])

    score = score_reverse(junior_mentor, senior_mentee, weights(career_gap=1, expertise=1))

    assert (score.value, score.summary) == (
        100.0,
        "offers digital and technology, sought by the other; 10 years' difference in experience",
    )


def test_score_difference_rewards_other_country_when_wanted():
    w = weights(difference=1, country_rule=PREFERRED)
    apart = score_pair(person(1, country="Kenya"), person(2, country="Spain"), w, directed=False)
    together = score_pair(person(1, country="Kenya"), person(2, country="Kenya"), w, directed=False)

    assert (apart.value, apart.summary, together.value, together.summary) == (
        100.0,
        "Kenya and Spain",
        0.0,
        "both in Kenya",
    )


def test_score_difference_ignored_when_scheme_does_not_want_it():
    score = score_pair(
        person(1, organisation="A", years=1),
        person(2, organisation="B", years=1),
        weights(difference=5, interests=1),
        directed=False,
    )
    assert score == Score(0.0, (Reason("interests", 0.0, "interests not given"),))


def test_score_mode_incompatible_scores_nothing_with_a_reason():
    w = weights(mode=1)
    clash = score_pair(person(1, mode="online"), person(2, mode="in_person"), w, directed=False)
    either = score_pair(person(1, mode="online"), person(2, mode="either"), w, directed=False)

    assert (clash.value, clash.summary, either.value) == (
        0.0,
        "one prefers online, the other in person",
        100.0,
    )


def test_score_availability_overlap():
    w = weights(availability=1)
    shared = score_pair(
        person(1, availability=["weekend", "weekday_evening"]),
        person(2, availability=["weekday_evening"]),
        w,
        directed=False,
    )
    apart = score_pair(
        person(1, availability=["weekend"]),
        person(2, availability=["weekday_morning"]),
        w,
        directed=False,
    )
    unknown = score_pair(person(1), person(2, availability=["weekend"]), w, directed=False)

    # old buckets are read as windows: five evenings 18:00-21:00 in common
    assert [(s.value, s.summary) for s in (shared, apart, unknown)] == [
        (100.0, "15 hours a week in common"),
        (0.0, "no time in common"),
        (50.0, "availability not given by both: counted as half"),
    ]


def test_score_language_in_common():
    w = weights(language=1)
    shared = score_pair(
        person(1, languages=["English", "Welsh"]), person(2, languages=["welsh"]), w, directed=False
    )
    none = score_pair(
        person(1, languages=["French"]), person(2, languages=["Welsh"]), w, directed=False
    )

    assert [(s.value, s.summary) for s in (shared, none)] == [
        (100.0, "both speak Welsh"),
        (0.0, "no language in common"),
    ]


def test_score_do_not_pair_with_is_forbidden_either_way():
    a = person(1, email="Line.Manager@example.org")
    b = person(2, email="report@example.org", do_not_pair_with=["line.manager@example.org"])

    assert [score_pair(x, y, Weights(), directed=True) for x, y in ((a, b), (b, a))] == [
        Score(None, (Reason("constraint", 0.0, "asked not to be paired"),))
    ] * 2


def test_score_same_organisation_forbidden_only_when_scheme_says_so():
    a, b = person(1, organisation="NHS Trust A"), person(2, organisation="nhs trust a")

    forbidding = score_pair(a, b, Weights(organisation_rule=REQUIRED), directed=True)
    allowing = score_pair(a, b, Weights(organisation_rule=PREFERRED), directed=True)

    assert (forbidding.value, forbidding.summary, allowing.forbidden) == (
        None,
        "same organisation",
        False,
    )


def test_score_declined_pair_is_forbidden():
    score = score_pair(person(1), person(2), Weights(), directed=True, declined=True)
    assert (score.value, score.summary) == (None, "declined this match before")


def test_score_default_weights_combine_and_sort_reasons():
    mentor = person(
        1,
        offers=["leadership"],
        interests=["leadership"],
        years=11,
        organisation="A",
        mode="online",
        availability=["weekend"],
    )
    mentee = person(
        2,
        seeks=["leadership"],
        interests=["leadership"],
        years=3,
        organisation="B",
        mode="online",
        availability=["weekend"],
    )

    score = score_pair(mentor, mentee, Weights(), directed=True)

    # default weights: 4 + 2 + 2 + 1 + 1 + 2 + 1 = 13, so one weight unit is 100/13 points
    # every point is a reason's: rounded by largest remainder, they add up to the score
    assert [(r.criterion, r.points) for r in score.reasons] == [
        ("expertise", 30.7),
        ("career_gap", 15.4),
        ("availability", 15.4),
        ("interests", 7.7),
        ("difference", 7.7),
        ("mode", 7.7),
        ("language", 7.7),
    ]
    assert score.value == 92.3


def test_score_all_weights_zero_is_zero():
    assert score_pair(person(1), person(2), weights(), directed=False) == Score(0.0, ())


def test_score_reversed_experience_is_penalised_in_directed_schemes():
    mentor = person(1, offers=["leadership"], seeks=["leadership"], years=3, organisation="A")
    mentee = person(2, offers=["leadership"], seeks=["leadership"], years=10, organisation="B")
    reversed_pair = score_pair(mentor, mentee, Weights(), directed=True)
    right_way = score_pair(mentee, mentor, Weights(), directed=True)
    gap = next(r for r in reversed_pair.reasons if r.criterion == "career_gap")
    assert (gap.points, gap.text) == (-15.4, "the junior partner has 7 years' more experience")
    assert reversed_pair.value < right_way.value
