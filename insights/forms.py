"""The date ranges staff choose on the dashboard (a cohort) and for the funder exports (a
period): either end may be left open, and the end may not come before the start."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))

    range_name = "period"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise ValidationError(f"The end of the {self.range_name} is before its start.")
        return data


class CohortForm(PeriodForm):
    """The dashboard's cohort: the figures are about people who joined in the range."""

    range_name = "cohort"
