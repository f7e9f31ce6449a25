"""Weekly availability windows and their overlap across zones (``accounts.availability``)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.availability import (
    AvailabilityError,
    Window,
    codes_of,
    lines_of,
    overlap,
    overlap_hours,
    overlap_text,
    parse_lines,
    windows_of,
)

SYDNEY = ZoneInfo("Australia/Sydney")
LONDON = ZoneInfo("Europe/London")
NAIROBI = ZoneInfo("Africa/Nairobi")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
TORONTO = ZoneInfo("America/Toronto")


def test_parse_lines_reads_what_members_type():
    windows = parse_lines(
        ["Tuesday 18:00-20:00", "weekdays 7:30 to 8:30", "", "Sat 10:00–11:00", "tue 19:00-21:00"]
    )
    assert codes_of(windows) == [
        "mon 07:30-08:30",
        "tue 07:30-08:30",
        "tue 18:00-21:00",  # 18:00-20:00 and 19:00-21:00 merged
        "wed 07:30-08:30",
        "thu 07:30-08:30",
        "fri 07:30-08:30",
        "sat 10:00-11:00",
    ]
    assert windows_of(codes_of(windows)) == windows
    assert Window(1, 18 * 60, 20 * 60).label == "Tuesdays 18:00–20:00"


def test_parse_lines_names_every_bad_line():
    with pytest.raises(AvailabilityError) as caught:
        parse_lines(["Tuesday 18:00-20:00", "Funday 10:00-11:00", "Friday 22:00-01:00", "evenings"])
    assert str(caught.value) == (
        "“Funday 10:00-11:00”: “funday” is not a day; use Monday to Sunday, weekdays or "
        "weekends. “Friday 22:00-01:00” ends before it starts: write a window past midnight "
        "as two, e.g. Friday 22:00-24:00 and Saturday 00:00-01:00. “evenings” is not a weekly "
        "time: write a day and two times, e.g. Tuesday 18:00-20:00 or weekdays 07:30-08:30."
    )


def test_old_bucket_codes_are_left_out_when_read_as_windows():
    assert windows_of(["weekday_evening", "mon 18:00-19:00"]) == [Window(0, 1080, 1140)]


def test_overlap_sydney_evening_is_london_morning():
    sydney = parse_lines(["Tuesday 18:00-21:00", "Wednesday 18:00-21:00"])
    london = parse_lines(["weekdays 08:00-09:00"])
    # A March week when both are on winter/summer time: Sydney is 11 hours ahead.
    common = overlap([(sydney, SYDNEY), (london, LONDON)], week_of=date(2026, 3, 4))
    assert common == [
        (datetime(2026, 3, 3, 8, tzinfo=UTC), datetime(2026, 3, 3, 9, tzinfo=UTC)),
        (datetime(2026, 3, 4, 8, tzinfo=UTC), datetime(2026, 3, 4, 9, tzinfo=UTC)),
    ]
    assert overlap_text(common, LONDON) == (
        "2 hours a week in common: Tuesday 08:00–09:00 and Wednesday 08:00–09:00 your time "
        "(Europe/London)"
    )
    assert overlap_text(common, SYDNEY) == (
        "2 hours a week in common: Tuesday 19:00–20:00 and Wednesday 19:00–20:00 your time "
        "(Australia/Sydney)"
    )


def test_overlap_changes_with_daylight_saving():
    sydney = parse_lines(["Tuesday 18:00-19:00"])
    london = parse_lines(["Tuesday 08:00-09:00"])
    before = overlap([(sydney, SYDNEY), (london, LONDON)], week_of=date(2026, 3, 16))
    between = overlap([(sydney, SYDNEY), (london, LONDON)], week_of=date(2026, 3, 30))
    after = overlap([(sydney, SYDNEY), (london, LONDON)], week_of=date(2026, 4, 6))
    # 11 hours apart, then 10 (London on BST), then 9 (Sydney back on AEST): the same
    # local windows meet only in the fortnight between the two clock changes.
    assert [overlap_hours(x) for x in (before, between, after)] == [0.0, 1.0, 0.0]
    assert overlap_text(between, LONDON) == (
        "1 hour a week in common: Tuesday 08:00–09:00 your time (Europe/London)"
    )
    assert overlap_text(after, LONDON) == "no time in common"


def test_overlap_across_the_week_boundary():
    # Monday 07:00-09:00 in Sydney is Sunday 20:00-22:00 in London (in March).
    sydney = parse_lines(["Monday 07:00-09:00"])
    london = parse_lines(["Sunday 21:00-23:00"])
    common = overlap([(sydney, SYDNEY), (london, LONDON)], week_of=date(2026, 3, 4))
    assert overlap_text(common, LONDON) == (
        "1 hour a week in common: Sunday 21:00–22:00 your time (Europe/London)"
    )
    assert overlap_text(common, SYDNEY) == (
        "1 hour a week in common: Monday 08:00–09:00 your time (Australia/Sydney)"
    )


def test_overlap_of_a_circle_and_of_nobody():
    evening = parse_lines(["weekdays 17:00-22:00"])
    people = [
        (evening, NAIROBI),
        (evening, SAO_PAULO),
        (parse_lines(["weekdays 09:00-17:00"]), TORONTO),
    ]
    common = overlap(people, week_of=date(2026, 2, 2))
    # Nairobi 17-22 = 14-19 UTC; São Paulo 17-22 = 20-01 UTC: no common instant.
    assert common == []
    assert overlap([], week_of=date(2026, 2, 2)) == []
    two = overlap(people[1:], week_of=date(2026, 2, 2))
    # São Paulo 17-22 is 20-01 UTC; Toronto 09-17 is 14-22 UTC: 20-22 UTC each weekday.
    assert overlap_text(two, TORONTO) == (
        "10 hours a week in common: Monday 15:00–17:00, Tuesday 15:00–17:00, Wednesday "
        "15:00–17:00, Thursday 15:00–17:00 and Friday 15:00–17:00 your time (America/Toronto)"
    )


def test_profile_form_bad_window_is_an_error_on_the_field_and_keeps_the_text(client, db):
    from django.urls import reverse

    from accounts.models import Profile
    from tests.accounts.test_profile_and_preferences import PROFILE
    from tests.factories import ProfileFactory

    profile = ProfileFactory(availability=["tue 18:00-20:00"])
    client.force_login(profile.user)
    typed = "Tuesday 18:00-20:00\nFunday 10:00-11:00"
    response = client.post(reverse("accounts:profile"), {**PROFILE, "availability": typed})
    form = response.context["form"]
    assert form.errors == {
        "availability": [
            "“Funday 10:00-11:00”: “funday” is not a day; use Monday to Sunday, weekdays or "
            "weekends."
        ]
    }
    assert form["availability"].value() == typed
    assert Profile.objects.get(pk=profile.pk).availability == ["tue 18:00-20:00"]
    shown = client.get(reverse("accounts:profile")).context["form"]["availability"].value()
    assert shown == "Tuesday 18:00-20:00"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (
            [f"{d} 07:00-08:00" for d in ("mon", "tue", "wed", "thu", "fri")],
            ["weekdays 07:00-08:00"],
        ),
        (
            ["sat 10:00-12:00", "sun 10:00-12:00", "tue 18:00-20:00", "mon 07:00-08:00"],
            ["Monday 07:00-08:00", "Tuesday 18:00-20:00", "weekends 10:00-12:00"],
        ),
        (
            [f"{d} 09:00-10:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")],
            ["every day 09:00-10:00"],
        ),
        (
            [f"{d} 08:00-09:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat")],
            ["weekdays 08:00-09:00", "Saturday 08:00-09:00"],
        ),
    ],
)
def test_windows_are_shown_back_as_a_member_types_them(stored, shown):
    assert lines_of(windows_of(stored)) == shown


_WINDOWS = st.lists(
    st.builds(
        lambda day, start, length: Window(day, start * 30, min(1440, start * 30 + length * 30)),
        st.integers(0, 6),
        st.integers(0, 47),
        st.integers(1, 8),
    ),
    max_size=12,
)


@given(_WINDOWS)
def test_the_lines_shown_read_back_to_the_same_windows(windows):
    assert codes_of(parse_lines(lines_of(windows))) == codes_of(windows)


def test_the_profile_form_shows_weekdays_as_one_line(client, db):
    from django.urls import reverse

    from tests.factories import ProfileFactory

    profile = ProfileFactory(
        availability=[f"{d} 07:00-08:00" for d in ("mon", "tue", "wed", "thu", "fri")]
    )
    client.force_login(profile.user)
    shown = client.get(reverse("accounts:profile")).context["form"]["availability"].value()
    assert shown == "weekdays 07:00-08:00"
