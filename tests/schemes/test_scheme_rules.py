"""A scheme's date, kind and circle rules: every one refused with a message on the field to
fix, through the model's own validation (the admin's form and the set-up service run it)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from schemes.models import ApplicationForm, Intake, Role, Scheme, SchemeKind
from tests.factories import SchemeFactory

PILOT = {
    "mentor_recruitment_opens": date(2026, 12, 1),
    "mentor_recruitment_closes": date(2026, 12, 31),
    "mentee_recruitment_opens": date(2027, 1, 1),
    "mentee_recruitment_closes": date(2027, 2, 28),
    "launch_date": date(2027, 3, 1),
    "programme_length_months": 3,
}


def scheme(**fields) -> Scheme:
    values = {
        "name": "Occupational therapy pilot",
        "slug": "ot-pilot",
        "summary": "Three months of mentoring for new occupational therapists.",
        "kind": SchemeKind.SENIOR_JUNIOR,
        "intake": Intake.COHORT,
        **PILOT,
    }
    return Scheme(**(values | fields))


def errors_of(instance, exclude=None) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean(exclude=exclude)
    return caught.value.message_dict


@pytest.mark.django_db
def test_pilot_with_windows_and_launch_is_valid():
    scheme().full_clean()


@pytest.mark.django_db
def test_recruitment_closing_before_it_opens_is_refused_on_the_closing_date():
    assert errors_of(scheme(mentor_recruitment_closes=date(2026, 11, 30))) == {
        "mentor_recruitment_closes": [
            "Recruitment closes (30 November 2026) before it opens (1 December 2026): "
            "choose a closing date on or after the opening date."
        ]
    }


@pytest.mark.django_db
def test_launch_before_recruitment_closes_is_refused_on_the_launch_date():
    assert errors_of(scheme(launch_date=date(2027, 2, 1))) == {
        "launch_date": [
            "The launch (1 February 2027) is before junior partner (mentee) recruitment "
            "closes (28 February 2027): launch on or after the last recruitment window closes."
        ]
    }


@pytest.mark.django_db
def test_cohort_scheme_without_windows_or_launch_is_refused_field_by_field():
    empty = dict.fromkeys(PILOT)
    assert errors_of(scheme(**empty)) == {
        "mentor_recruitment_opens": [
            "A cohort scheme recruits in windows: enter when senior partner (mentor) "
            "recruitment opens."
        ],
        "mentor_recruitment_closes": ["Enter when senior partner (mentor) recruitment closes."],
        "mentee_recruitment_opens": [
            "A cohort scheme recruits in windows: enter when junior partner (mentee) "
            "recruitment opens."
        ],
        "mentee_recruitment_closes": ["Enter when junior partner (mentee) recruitment closes."],
        "launch_date": [
            "A cohort scheme starts its pairs on a launch date: enter the launch date."
        ],
    }


@pytest.mark.django_db
def test_peer_cohort_recruits_in_one_window_and_refuses_a_mentor_window():
    peers = scheme(kind=SchemeKind.RECIPROCAL)
    assert errors_of(peers) == {
        "mentor_recruitment_opens": [
            "A reciprocal peer co-mentoring scheme recruits peers in the mentee window: "
            "leave this empty."
        ],
        "mentor_recruitment_closes": [
            "A reciprocal peer co-mentoring scheme recruits peers in the mentee window: "
            "leave this empty."
        ],
    }
    scheme(
        kind=SchemeKind.RECIPROCAL, mentor_recruitment_opens=None, mentor_recruitment_closes=None
    ).full_clean()


@pytest.mark.django_db
def test_rolling_scheme_refuses_cohort_dates_and_cohort_refuses_a_target_window():
    rolling = scheme(
        intake=Intake.ROLLING, **(dict.fromkeys(PILOT) | {"launch_date": PILOT["launch_date"]})
    )
    assert errors_of(rolling) == {
        "launch_date": [
            "A rolling scheme takes applications at any time: leave this empty, or choose "
            "cohort intake."
        ]
    }
    assert errors_of(scheme(target_window_days=30)) == {
        "target_window_days": [
            "A cohort scheme pairs everyone for its launch date, not within a rolling target "
            "window: leave the default, or choose rolling intake."
        ]
    }


@pytest.mark.django_db
def test_circle_sizes_on_a_pair_scheme_are_refused():
    pair = scheme(intake=Intake.ROLLING, **dict.fromkeys(PILOT), circle_size_max=8)
    assert errors_of(pair) == {
        "circle_size_max": [
            "Circles are for group schemes; this is a senior/junior mentoring scheme."
        ]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ((1, 6), {"circle_size_min": ["A circle has at least two members."]}),
        (
            (5, 3),
            {
                "circle_size_max": [
                    "The largest circle (3) is smaller than the smallest (5): make it at least 5."
                ]
            },
        ),
    ],
)
def test_circle_sizes_get_a_message_not_a_raw_constraint(sizes, expected):
    low, high = sizes
    circles = scheme(
        kind=SchemeKind.GROUP,
        intake=Intake.ROLLING,
        **dict.fromkeys(PILOT),
        circle_size_min=low,
        circle_size_max=high,
    )
    assert errors_of(circles) == expected


@pytest.mark.django_db
def test_a_rule_on_a_field_the_form_leaves_out_names_the_field():
    messages = errors_of(scheme(launch_date=None), exclude=["launch_date"])
    assert messages == {
        "__all__": [
            "Launch date: A cohort scheme starts its pairs on a launch date: enter the launch date."
        ]
    }


@pytest.mark.django_db
def test_mentor_form_on_a_peers_only_scheme_is_refused_on_the_role():
    peers = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    form = ApplicationForm(scheme=peers, role=Role.MENTOR)
    assert errors_of(form) == {
        "role": ["A reciprocal peer co-mentoring scheme has peer applications only: choose peer."]
    }
    ApplicationForm(scheme=peers, role=Role.PEER).full_clean()
