"""Journey: an administrator sets up a cohort pilot from scratch through the admin. The
index puts the technical sections out of the way; a bad launch date is refused beside its
field; the saved scheme opens with its checklist (matching rules and feedback questions
already there), whose links lead to the pages that put the rest right."""

from __future__ import annotations

from django.urls import reverse

from schemes.models import ApplicationForm, Scheme
from tests.browser.test_journey_matching import staff_sign_in

DATES = {
    "mentor_recruitment_opens": "2026-12-01",
    "mentor_recruitment_closes": "2026-12-31",
    "mentee_recruitment_opens": "2027-01-01",
    "mentee_recruitment_closes": "2027-02-28",
    "launch_date": "2027-02-01",  # before mentee recruitment closes: refused
    "programme_length_months": "3",
}


def test_administrator_sets_up_a_pilot_with_the_checklist(page, screenshot, admin_user, password):
    staff_sign_in(page, admin_user.email, password)
    technical = page.locator("details.technical-sections")
    assert not page.get_by_role("link", name="Periodic tasks", exact=True).is_visible()
    technical.locator("summary").click()
    assert page.get_by_role("link", name="Periodic tasks", exact=True).is_visible()
    screenshot(page, "admin index")

    page.goto(reverse("admin:schemes_scheme_add"))
    page.fill("#id_name", "Occupational therapy leadership pilot")
    page.fill("#id_summary", "Three months of mentoring, then evaluated for benefit and impact.")
    page.select_option("#id_kind", "senior_junior")
    page.select_option("#id_intake", "cohort")
    for name, value in DATES.items():
        page.fill(f"#id_{name}", value)
    page.get_by_role("button", name="Save and continue editing").click()

    error = page.locator(".field-launch_date .errorlist")
    error.wait_for()
    assert error.inner_text().startswith("The launch (1 February 2027) is before junior partner")
    assert page.input_value("#id_name") == "Occupational therapy leadership pilot"
    screenshot(page, "launch refused")

    page.fill("#id_launch_date", "2027-03-01")
    page.get_by_role("button", name="Save and continue editing").click()
    checklist = page.locator(".setup-checklist")
    checklist.wait_for()
    assert "6 of 9 still to do before recruitment can open." in checklist.inner_text()
    done = checklist.locator(".setup-item-done").all_inner_texts()
    assert [text.split(".")[0] for text in done] == [
        "Done: Recruitment windows and launch",
        "Done: Matching rules",
        "Done: Feedback questions",
    ]
    screenshot(page, "checklist")

    scheme = Scheme.objects.get()
    checklist.get_by_role("link", name="Application form: senior partner (mentor)").click()
    page.wait_for_url("**/admin/schemes/applicationform/add/**")
    assert page.input_value("#id_role") == "mentor"
    assert page.input_value("#id_scheme") == str(scheme.pk)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/schemes/applicationform/")
    assert ApplicationForm.objects.filter(scheme=scheme, role="mentor").count() == 1

    page.goto(reverse("admin:schemes_scheme_change", args=[scheme.pk]))
    item = page.locator('.setup-checklist [data-item="form-mentor"]')
    assert item.inner_text() == (
        "To do: Application form: senior partner (mentor). The form has no question."
    )
    page.locator('.setup-checklist [data-item="matching"] a').click()
    page.wait_for_url("**/admin/matching/matchingsettings/*/change/")
    page.get_by_role("heading", name="Change matching settings").wait_for()


def test_add_form_shows_only_the_fields_of_the_chosen_kind(page, screenshot, admin_user, password):
    staff_sign_in(page, admin_user.email, password)
    page.goto(reverse("admin:schemes_scheme_add"))

    page.select_option("#id_kind", "senior_junior")
    page.select_option("#id_intake", "rolling")
    assert page.is_visible("#id_target_window_days")
    assert not page.is_visible("#id_circle_size_min")
    assert not page.is_visible("#id_launch_date")

    page.select_option("#id_intake", "cohort")
    assert not page.is_visible("#id_target_window_days")
    assert page.is_visible("#id_at_risk_fraction")
    assert page.is_visible("#id_launch_date")

    page.select_option("#id_kind", "group")
    assert page.is_visible("#id_circle_size_min")
    assert not page.is_visible("#id_mentor_recruitment_opens")
    screenshot(page, "group cohort fields")
