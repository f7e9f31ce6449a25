"""Availability in scoring: the hours two people are free at the same time across their
time zones, the minimum overlap as a hard constraint, and the times told to each member
in their own zone."""

from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from matching.scoring import Candidate, Weights, arrays, member_reasons, score_pair

WEEK = date(2026, 3, 4)  # a week with no clock change in London or Sydney
ONLY_AVAILABILITY = Weights(
    expertise=0, interests=0, career_gap=0, difference=0, mode=0, language=0, availability=1
)


def person(key, times, zone, **values):
    return Candidate.build(key=key, availability=times, timezone=zone, week_of=WEEK, **values)


def test_overlap_across_zones_earns_its_share_and_names_the_times_in_each_zone():
    # Sydney (UTC+11) Wednesday 06:00-09:00 is London (UTC+0) Tuesday 19:00-22:00
    sydney = person(1, ["wed 06:00-09:00"], "Australia/Sydney")
    london = person(2, ["tue 19:00-21:00", "sat 10:00-12:00"], "Europe/London")

    score = score_pair(sydney, london, ONLY_AVAILABILITY, directed=False)

    # 2 of the 4 hours that earn the whole weight
    assert score.value == 50.0
    assert score.summary == "2 hours a week in common"
    stored = score.reasons_as_dicts()
    assert member_reasons(stored, ZoneInfo("Europe/London")) == [
        "2 hours a week in common: Tuesday 19:00–21:00 your time (Europe/London)"
    ]
    assert member_reasons(stored, ZoneInfo("Australia/Sydney")) == [
        "2 hours a week in common: Wednesday 06:00–08:00 your time (Australia/Sydney)"
    ]
    assert member_reasons(stored) == ["2 hours a week in common"]


def test_same_local_times_in_far_zones_are_not_in_common():
    sydney = person(1, ["tue 18:00-20:00"], "Australia/Sydney")
    london = person(2, ["tue 18:00-20:00"], "Europe/London")

    score = score_pair(sydney, london, ONLY_AVAILABILITY, directed=False)

    assert (score.value, score.summary) == (0.0, "no time in common")
    assert member_reasons(score.reasons_as_dicts(), ZoneInfo("Europe/London")) == []


def test_overlap_that_runs_over_the_end_of_the_week_counts_once():
    # Monday 00:00-02:00 in Auckland (UTC+13) is Sunday 11:00-13:00 UTC
    auckland = person(1, ["mon 00:00-02:00"], "Pacific/Auckland")
    utc = person(2, ["sun 10:00-24:00"], "UTC")

    score = score_pair(auckland, utc, ONLY_AVAILABILITY, directed=False)

    assert score.summary == "2 hours a week in common"
    assert member_reasons(score.reasons_as_dicts(), ZoneInfo("Pacific/Auckland")) == [
        "2 hours a week in common: Monday 00:00–02:00 your time (Pacific/Auckland)"
    ]


@pytest.mark.parametrize(
    ("minimum", "forbidden"),
    [(0, False), (1.5, False), (2, False), (2.5, True)],
)
def test_minimum_overlap_forbids_pairs_with_less(minimum, forbidden):
    sydney = person(1, ["wed 06:00-09:00"], "Australia/Sydney")
    london = person(2, ["tue 19:00-21:00"], "Europe/London")
    weights = Weights(min_overlap_hours=minimum)

    score = score_pair(sydney, london, weights, directed=False)
    enc_a, enc_b = arrays.encode([sydney], [london])
    codes = arrays.forbidden_block(enc_a, enc_b, weights, asked=set(), declined=set())

    assert score.forbidden is forbidden
    assert codes.tolist() == [[arrays.LOW_OVERLAP if forbidden else 0]]
    if forbidden:
        assert score.summary == "too little time in common"


def test_minimum_overlap_forbids_a_pair_whose_times_are_not_given():
    given = person(1, ["tue 19:00-21:00"], "Europe/London")
    blank = person(2, [], "")
    weights = Weights(min_overlap_hours=1)

    assert score_pair(given, blank, weights, directed=False).summary == (
        "too little time in common"
    )
    # without a minimum, blank times count as half, as before
    assert not score_pair(given, blank, Weights(), directed=False).forbidden


def test_array_overlap_at_odd_minutes_and_many_zones_equals_the_per_pair_path():
    zones = ["Asia/Kathmandu", "Asia/Kolkata", "America/St_Johns", "Europe/Warsaw", ""]
    people = [
        person(k, [f"{day} {7 + k % 5}:{(k * 7) % 60:02d}-{12 + k % 3}:15"], zones[k % 5])
        for k, day in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"] * 2)
    ]
    weights = Weights(min_overlap_hours=1.25)
    enc, _ = arrays.encode(people, people)

    values = arrays.score_block(enc, enc, weights, directed=False)
    codes = arrays.forbidden_block(enc, enc, weights, asked=set(), declined=set())

    expected = [[score_pair(a, b, weights, directed=False) for b in people] for a in people]
    assert enc.slot == 1  # 07:07 etc.: minute slots, a sparse product
    forbidden = np.array([[s.forbidden for s in row] for row in expected])
    assert 0 < forbidden.sum() < forbidden.size  # some pairs have the hour and a quarter
    np.testing.assert_array_equal(
        np.where(codes > 0, np.nan, values),
        np.array([[np.nan if s.forbidden else s.value for s in row] for row in expected]),
    )
    assert (codes == arrays.LOW_OVERLAP).tolist() == [
        [s.summary == "too little time in common" for s in row] for row in expected
    ]
