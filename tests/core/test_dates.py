"""The sane window every date a person types must fall in: from 1 January 1990 to five
years after today (to today for what has already happened), named in the message."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.dates import EARLIEST, DateWindow, sane_window
from cpd import services as cpd_services
from insights.models import EvaluationReport
from schemes.models import Intake
from tests.factories import SchemeFactory

NOW = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/London"))
TODAY = date(2026, 3, 2)


@time_machine.travel(NOW, tick=False)
def test_sane_window_bounds_and_message():
    window = sane_window()
    assert (window.earliest, window.latest) == (EARLIEST, date(2031, 3, 2))
    assert window.message() == "Enter a date from 1 January 1990 to 2 March 2031."
    assert sane_window(past=True).message() == "Enter a date from 1 January 1990 to today."
    for inside in (EARLIEST, TODAY, date(2031, 3, 2)):
        window.validate(inside)
    for outside in (date(1, 1, 1), date(1989, 12, 31), date(2031, 3, 3), date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            window.validate(outside)


def test_date_times_at_the_ends_of_the_calendar_are_outside_not_errors():
    window = DateWindow(EARLIEST, date(2030, 1, 1))
    for moment in (
        datetime(1, 1, 1, tzinfo=ZoneInfo("UTC")),
        datetime(9999, 12, 31, 23, 59, tzinfo=ZoneInfo("UTC")),
    ):
        assert not window.contains(moment)
    assert window.contains(datetime(2026, 1, 1, 0, 30, tzinfo=ZoneInfo("UTC")))


@time_machine.travel(NOW, tick=False)
def test_cpd_activity_from_1990_to_today(mentor):
    def add(day):
        return cpd_services.manual_activity_create(
            user=mentor,
            title="Course",
            activity_type="course",
            role="participant",
            date=day,
            hours=Decimal("1.5"),
        )

    assert [add(EARLIEST).date, add(TODAY).date] == [EARLIEST, TODAY]
    for day in (date(1989, 12, 31), date(2026, 3, 3), date(1, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            add(day)
        assert list(exc.value.message_dict) == ["date"]
    assert mentor.cpd_activities.count() == 2


@time_machine.travel(NOW, tick=False)
def test_scheme_dates_and_length_are_bounded(db):
    scheme = SchemeFactory(
        intake=Intake.COHORT,
        mentor_recruitment_opens=date(2031, 1, 1),
        mentor_recruitment_closes=date(2031, 1, 31),
        mentee_recruitment_opens=date(2031, 2, 1),
        mentee_recruitment_closes=date(2031, 2, 28),
        launch_date=date(2031, 3, 2),
        programme_length_months=60,
    )
    scheme.refresh_from_db()
    scheme.full_clean()
    scheme.launch_date, scheme.programme_length_months = date(2031, 3, 3), 61
    scheme.mentor_recruitment_opens = date(1900, 1, 1)
    with pytest.raises(ValidationError) as exc:
        scheme.full_clean()
    assert sorted(exc.value.message_dict) == [
        "launch_date",
        "mentor_recruitment_opens",
        "programme_length_months",
    ]


@time_machine.travel(NOW, tick=False)
def test_report_period_is_bounded(scheme):
    report = EvaluationReport(scheme=scheme, title="R", period_start=EARLIEST, period_end=TODAY)
    report.full_clean()
    report.period_start = date(1, 1, 1)
    with pytest.raises(ValidationError) as exc:
        report.full_clean()
    assert exc.value.message_dict == {"period_start": [sane_window().message()]}
