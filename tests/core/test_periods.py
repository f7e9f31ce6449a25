"""core.periods: one period form for the CPD record and exports, the dashboard and reports."""

from datetime import date

from core.periods import PeriodForm


def test_period_form_dates_are_optional_and_an_unbound_form_chooses_no_period():
    assert PeriodForm().period() == (None, None)
    assert PeriodForm({"start": "2026-01-01"}).period() == (date(2026, 1, 1), None)


def test_period_form_required_needs_both_dates():
    form = PeriodForm({"start": "2026-01-01"}, required=True)
    assert (form.period(), form.errors) == ((None, None), {"end": ["This field is required."]})


def test_period_form_refuses_an_end_before_the_start_naming_the_period():
    data = {"start": "2026-02-01", "end": "2026-01-31"}
    assert PeriodForm(data, noun="cohort").errors == {
        "__all__": ["The end of the cohort is before its start."]
    }
    assert PeriodForm(data).period() == (None, None)
    same_day = {"start": "2026-02-01", "end": "2026-02-01"}
    assert PeriodForm(same_day).period() == (date(2026, 2, 1), date(2026, 2, 1))


def test_period_form_renders_iso_dates_for_the_date_input():
    form = PeriodForm(initial={"start": date(2026, 3, 4)})
    assert 'value="2026-03-04"' in str(form["start"])
