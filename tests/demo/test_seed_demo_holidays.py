"""Demo events keep to working days and future events have nobody attending yet: seeded
once on a December day, when the learning set three weeks ahead would fall on Christmas
and the pilot's next cohort prepares in March."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
import time_machine

from demo.events import HOLIDAYS, _event_specs, working_day
from schemes.models import EventAttendance, SchemeEvent

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("demo-december")]

SEED_AT = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)  # read by the ``seeded`` fixture


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 24)),  # Christmas Eve is a working day
        (date(2026, 12, 25), date(2026, 12, 27)),  # past Christmas and Boxing Day
        (date(2026, 12, 26), date(2026, 12, 27)),
        (date(2027, 1, 1), date(2027, 1, 2)),
        (date(2027, 3, 6), date(2027, 3, 6)),
    ],
)
def test_working_day_skips_public_holidays(day, expected):
    assert working_day(day) == expected


def test_no_event_is_planned_on_a_holiday_whatever_the_launch():
    for launch in (date(2026, 12, 25), date(2026, 12, 18), None):
        scheme = SimpleNamespace(name="S", launch_date=launch, is_one_pool=False)
        days = [spec[2] for spec in _event_specs(scheme, date(2026, 12, 4))]
        assert not [d for d in days if (d.month, d.day) in HOLIDAYS]


def test_seeded_events_avoid_holidays_and_the_future_has_no_attendance(seeded):
    with time_machine.travel(SEED_AT, tick=False):
        days = [e.starts_at.date() for e in SchemeEvent.objects.all()]
        attended_ahead = EventAttendance.objects.filter(
            attended=True, event__ends_at__gt=SEED_AT
        ).count()
    assert days
    assert not [d for d in days if (d.month, d.day) in HOLIDAYS]
    assert attended_ahead == 0
    # Events already held still have their attendance.
    assert EventAttendance.objects.filter(attended=True, event__ends_at__lte=SEED_AT).exists()
