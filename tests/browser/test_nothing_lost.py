"""Nothing typed is lost (issue 20), in the browser: drafts autosave while the member types
("Saved at 10:42"), leaving with unsaved changes asks first, switching the reflection's
model keeps the text, and a failed submit puts an error summary first, with the focus on
it and a link to each field."""

from __future__ import annotations

import re

from django.urls import reverse

from cpd.models import Reflection, ReflectionStatus
from schemes.models import Role
from schemes.services import application_start
from tests.browser.seed import rich_scheme, sign_in_cookie

SAVED = re.compile(r"^Saved at \d\d:\d\d \S.*$")  # the time, then its zone


def _status(page):
    return page.locator("[data-autosave-status]")


def test_application_draft_autosaves_and_leaving_unsaved_asks_first(
    page, live_server, mentee, screenshot
):
    draft = application_start(scheme=rich_scheme(), applicant=mentee, role=Role.MENTEE)
    sign_in_cookie(page.context, mentee, live_server.url)
    page.goto(reverse("schemes:application", args=[draft.pk]))
    page.get_by_label("What do you hope to get out of the scheme?").fill("To lead a team")
    page.wait_for_function(
        "() => /^Saved at/.test(document.querySelector('[data-autosave-status]').textContent)"
    )
    assert SAVED.match(_status(page).inner_text())
    screenshot(page, "autosaved")
    draft.refresh_from_db()
    assert draft.hopes == "To lead a team"

    # Typed and not yet saved: closing the page asks first; staying keeps the text.
    asked = []

    def dialog(d) -> None:
        asked.append(d.type)
        d.dismiss()

    page.on("dialog", dialog)
    page.get_by_label("What would you like to get out of it?").fill("Not saved yet")
    page.close(run_before_unload=True)
    page.wait_for_timeout(200)  # the dialog event arrives asynchronously
    assert asked == ["beforeunload"]
    assert not page.is_closed()


def test_switching_reflection_model_keeps_the_text_and_autosaves(
    page, live_server, mentee, screenshot
):
    sign_in_cookie(page.context, mentee, live_server.url)
    page.goto(reverse("cpd:reflection_create"))
    page.get_by_label("Title", exact=False).fill("First meeting")
    page.get_by_label("What?", exact=True).fill("We met and set goals.")
    page.get_by_label("So what?").fill("I saw what I need to learn.")
    page.get_by_role("button", name="Switch to Gibbs' reflective cycle").click()
    page.get_by_label("Description").wait_for()
    assert page.get_by_label("Title").input_value() == "First meeting"
    assert page.get_by_label("Description").input_value() == "We met and set goals."
    assert page.get_by_label("Analysis").input_value() == "I saw what I need to learn."
    screenshot(page, "switched to gibbs")

    page.get_by_label("Feelings").fill("Nervous, then glad.")
    page.wait_for_function(
        "() => /^Saved at/.test(document.querySelector('[data-autosave-status]').textContent)"
    )
    saved = Reflection.objects.get(author=mentee)
    assert (saved.status, saved.model, saved.entries["feelings"]) == (
        ReflectionStatus.DRAFT,
        "gibbs",
        "Nervous, then glad.",
    )
    # The page is now the draft's: saving it does not make a second one.
    assert page.url.endswith(reverse("cpd:reflection_edit", args=[saved.pk]))
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Your draft is saved.").wait_for()
    assert Reflection.objects.filter(author=mentee).count() == 1


def test_failed_submit_focuses_an_error_summary_linked_to_the_fields(
    page, live_server, mentee, screenshot
):
    draft = application_start(scheme=rich_scheme(), applicant=mentee, role=Role.MENTEE)
    sign_in_cookie(page.context, mentee, live_server.url)
    page.goto(reverse("schemes:application", args=[draft.pk]))
    # Required questions are marked before any submit.
    assert page.get_by_text("What do you hope to get out of the scheme? (required)").count()
    page.get_by_role("button", name="Submit application").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert summary.get_by_role("heading", name="There is a problem").count() == 1
    screenshot(page, "error summary")
    link = summary.get_by_role("link", name=re.compile("What do you hope"))
    link.click()
    assert page.evaluate("() => document.activeElement.name") == "hopes"
    # The field names its error (crispy-forms' aria-describedby).
    described = page.get_by_label("What do you hope").get_attribute("aria-describedby") or ""
    assert "id_hopes_error" in described.split()
