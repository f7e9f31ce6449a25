"""Sane bounds for every date a person types in, and the check models run on them.

A date far outside any plausible range is never a real record: 0001-01-01 as a session's
target date once made the scheme-health page draw 24,000 months. So every date entered on
the portal, in the admin or in an import is checked against a window, by the model's own
validation (``full_clean`` in the services, the admin's model forms, the imports), with a
message naming the window.

This module owns the generic window (``sane_window``): not before ``EARLIEST`` (1 January
1990: the body keeps no record older than that) and not more than ``YEARS_AHEAD`` (5) years
after today, or not after today for what has already happened (``past=True``). Windows that
depend on a domain object (a relationship's life) belong to the app that owns the object
and are built with ``DateWindow`` too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext

EARLIEST = date(1990, 1, 1)
YEARS_AHEAD = 5
# The longest programme a scheme or a programme template may plan (its dates follow from it).
MAX_PROGRAMME_MONTHS = 60


def _day(value: date | datetime) -> date | None:
    """The (local) day of a date or date-time; None if it cannot be placed in local time."""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return value.date()
        try:
            return timezone.localtime(value).date()
        except (OverflowError, ValueError):  # year 1 or 9999 pushed past the calendar
            return None
    return value


def _label(day: date) -> str:
    return format_date(day, "j F Y")


@dataclass(frozen=True)
class DateWindow:
    """The first and last day a date may take; ``why`` says what the window is, for the
    message (e.g. "this relationship's life")."""

    earliest: date
    latest: date
    why: str = ""
    latest_is_today: bool = False

    def contains(self, value: date | datetime) -> bool:
        day = _day(value)
        return day is not None and self.earliest <= day <= self.latest

    def message(self) -> str:
        values = {
            "earliest": _label(self.earliest),
            "latest": gettext("today") if self.latest_is_today else _label(self.latest),
            "why": self.why,
        }
        if self.why:
            return gettext("Enter a date from %(earliest)s to %(latest)s (%(why)s).") % values
        return gettext("Enter a date from %(earliest)s to %(latest)s.") % values

    def validate(self, value: date | datetime | None) -> None:
        """Raise a ValidationError naming the window if ``value`` (if any) is outside it."""
        if value is not None and not self.contains(value):
            raise ValidationError(self.message(), code="date_out_of_range")

    def narrowed(self, *, latest: date | None = None, why: str | None = None) -> DateWindow:
        """The same window ending no later than ``latest`` (today, for what has happened)."""
        today = timezone.localdate()
        end = min(self.latest, latest) if latest else self.latest
        return DateWindow(
            self.earliest,
            end,
            self.why if why is None else why,
            latest_is_today=end == today and latest == today,
        )


def sane_window(*, past: bool = False) -> DateWindow:
    """From ``EARLIEST`` to ``YEARS_AHEAD`` years after today (to today if ``past``)."""
    today = timezone.localdate()
    if past:
        return DateWindow(EARLIEST, today, latest_is_today=True)
    return DateWindow(EARLIEST, today + relativedelta(years=YEARS_AHEAD))


def validate_sane_date(value: date | datetime | None) -> None:
    """A field validator: ``value`` within ``sane_window()`` (for forms with no model)."""
    sane_window().validate(value)


def validate_sane_past_date(value: date | datetime | None) -> None:
    """A field validator: ``value`` within ``sane_window(past=True)``."""
    sane_window(past=True).validate(value)


def check_dates(
    instance: object, windows: Mapping[str, DateWindow], exclude: Collection[str] = ()
) -> dict[str, list[ValidationError]]:
    """The errors, keyed by field, of ``instance``'s dates outside their windows."""
    errors: dict[str, list[ValidationError]] = {}
    for name, window in windows.items():
        if name in exclude:
            continue
        try:
            window.validate(getattr(instance, name))
        except ValidationError as exc:
            errors[name] = exc.error_list
    return errors


class DateBoundsMixin:
    """For a model: ``clean_fields`` also checks each date field against the window that
    ``date_bounds()`` gives it (fields a form leaves out, or already in error, are skipped,
    as Django does for its own field validation)."""

    def date_bounds(self) -> dict[str, DateWindow]:
        return {}

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)  # type: ignore[misc]
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skipped = set(exclude or ()) | set(errors)
        errors.update(check_dates(self, self.date_bounds(), skipped))
        if errors:
            raise ValidationError(errors)
