"""The period form (a start and an end date, the end not before the start) and the date
input every date field of the site uses.

One form for every page that narrows figures or records to a period: the CPD record, the
CPD exports (where both dates are required), the scheme-health dashboard (a cohort) and the
evaluation reports and funder exports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .dates import validate_sane_date

# <input type="date"> only accepts ISO dates: without the format, en-GB renders 04/03/2026
# and the browser shows the field empty.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """``start`` and ``end``, both optional unless ``required``; ``noun`` names the period
    in the error message ("period", "cohort")."""

    start = forms.DateField(
        label=_("From"), required=False, widget=DATE_INPUT, validators=[validate_sane_date]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DATE_INPUT, validators=[validate_sane_date]
    )

    def __init__(self, *args, required: bool = False, noun: str = "period", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.noun = noun
        for name in ("start", "end"):
            self.fields[name].required = required

    def clean(self) -> dict[str, Any]:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(
                gettext("The end of the %(noun)s is before its start.") % {"noun": self.noun}
            )
        return self.cleaned_data

    def period(self) -> tuple[date | None, date | None]:
        """The chosen start and end; neither when the form is unbound or invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return None, None
