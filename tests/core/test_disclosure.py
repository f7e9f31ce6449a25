"""The disclosure rule on its own: fixed blocks of at least five protected respondents, and a
cohort answered only with the blocks wholly inside it."""

from datetime import date

import pytest

from core.disclosure import MIN_GROUP, Group, blocks, month_span, released


def month(m: int, people: int, protected: int | None = None, total: float = 0.0) -> Group:
    first, last = month_span(date(2026, m, 1))
    return Group(first, last, people, people if protected is None else protected, (total,))


def test_periods_merge_into_blocks_of_at_least_five_protected():
    periods = [month(1, 3), month(2, 4), month(3, 1), month(4, 6), month(5, 2)]

    found = blocks(periods)

    assert [(b.first, b.last, b.people) for b in found] == [
        (date(2026, 1, 1), date(2026, 2, 28), 7),
        (date(2026, 3, 1), date(2026, 5, 31), 9),  # the trailing 2 join the block before
    ]
    assert all(b.protected >= MIN_GROUP for b in found)


def test_blocks_do_not_depend_on_the_order_periods_come_in():
    periods = [month(4, 6), month(1, 3), month(3, 1), month(2, 4)]

    assert blocks(periods) == blocks(sorted(periods, key=lambda g: g.first))


def test_consented_respondents_do_not_count_towards_a_block():
    """Staff read consented answers one by one: a block of five with four consented would
    give away the fifth."""
    periods = [month(1, 5, protected=1), month(2, 5, protected=4)]

    assert blocks(periods) == [month(1, 5, 1) + month(2, 5, 4)]
    assert blocks([month(1, 9, protected=4)]) == []


@pytest.mark.parametrize("people", [0, 1, 4])
def test_fewer_than_five_in_all_releases_nothing(people):
    assert released([month(1, people, total=3.0 * people)] if people else []) is None


def test_a_cohort_gets_only_the_blocks_wholly_inside_it():
    periods = [month(1, 5, total=20), month(2, 1, total=1), month(3, 5, total=10)]
    # blocks: January (5), February–March (6)

    assert released(periods) == Group(date(2026, 1, 1), date(2026, 3, 31), 11, 11, (31.0,))
    january, later = (
        released(periods, end=date(2026, 2, 28)),
        released(periods, start=date(2026, 1, 2)),
    )
    assert january is not None
    assert january.people == 5
    assert later is not None
    assert later.people == 6
    assert released(periods, start=date(2026, 1, 2), end=date(2026, 3, 30)) is None
    assert released(periods, start=date(2026, 2, 1), end=date(2026, 2, 28)) is None


def test_averages_round_each_sum():
    group = Group(date(2026, 1, 1), date(2026, 1, 31), 3, 3, (10.0, 2.0))

    assert group.averages() == [3.33, 0.67]


def test_month_span_handles_december_and_leap_years():
    assert month_span(date(2026, 12, 17)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_span(date(2028, 2, 3)) == (date(2028, 2, 1), date(2028, 2, 29))
