"""Nothing typed is lost (issue 20), in the browser: drafts autosave while the member types
("Saved at 10:42"), leaving with unsaved changes asks first, switching the reflection's
model saves the draft under the new one with the text (and back returns each answer to its
prompt), a refused completion saves the draft, and a failed submit puts an error summary
first, with the focus on it and a link to each field."""

from __future__ import annotations

import re
import time

from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from cpd.models import Reflection, ReflectionStatus
from schemes.models import Role
from schemes.services import application_start
from tests.browser.seed import rich_scheme, sign_in_cookie
from tests.cpd.factories import reflection

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
    autosave = reverse("schemes:application_autosave", args=[draft.pk])
    # The page stays, so its autosave then saves the text: waited for, so that no request
    # is still writing when the test's database is reset (a deadlock on PostgreSQL).
    with page.expect_response(lambda r: r.url.endswith(autosave) and r.request.method == "POST"):
        page.get_by_label("What would you like to get out of it?").fill("Not saved yet")
        page.close(run_before_unload=True)
        page.wait_for_timeout(200)  # the dialog event arrives asynchronously
        assert asked == ["beforeunload"]
        assert not page.is_closed()
    page.wait_for_function(
        "() => /^Saved at/.test(document.querySelector('[data-autosave-status]').textContent)"
    )


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
    # The switch saved the new draft under Gibbs, and says so.
    assert SAVED.match(_status(page).inner_text())
    saved = Reflection.objects.get(author=mentee)
    assert (saved.status, saved.model) == (ReflectionStatus.DRAFT, "gibbs")
    screenshot(page, "switched to gibbs")

    page.get_by_label("Feelings").fill("Nervous, then glad.")
    _until(lambda: _saved(saved).entries.get("feelings") == "Nervous, then glad.")
    assert SAVED.match(_status(page).inner_text())
    # The page is now the draft's: saving it does not make a second one.
    assert page.url.endswith(reverse("cpd:reflection_edit", args=[saved.pk]))
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Your draft is saved.").wait_for()
    assert Reflection.objects.filter(author=mentee).count() == 1


def _saved(reflection: Reflection) -> Reflection:
    reflection.refresh_from_db()
    return reflection


def _until(condition, seconds: float = 10) -> None:
    """Wait for the server to have saved (autosave posts a moment after typing stops)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not saved in time"
        time.sleep(0.1)


def _asks_before_leaving(page) -> bool:
    # The page's scripts mark what is unsaved once it has loaded; on a busy machine the text
    # waited for can show before they have run.
    page.wait_for_load_state("load")
    asked: list[str] = []

    def dialog(d) -> None:
        asked.append(d.type)
        d.dismiss()

    page.on("dialog", dialog)
    page.close(run_before_unload=True)
    try:
        for _ in range(50):  # the dialog event arrives asynchronously: up to 5 s
            if asked:
                break
            page.wait_for_timeout(100)
    except PlaywrightError:  # not asked: the page closed
        return False
    return asked == ["beforeunload"] and not page.is_closed()


def test_switching_at_once_and_a_refused_completion_lose_nothing(
    page, live_server, mentee, screenshot
):
    """Typed in an existing draft and switched at once: saved under the new model; a
    refused "Save as complete" saves the draft too; Gibbs → What? So what? Now what? →
    Gibbs gives each prompt its own text back."""
    draft = reflection(
        mentee,
        status=ReflectionStatus.DRAFT,
        entries={"what": "We met.", "so_what": "It mattered.", "now_what": "Read more."},
    )
    sign_in_cookie(page.context, mentee, live_server.url)
    page.goto(reverse("cpd:reflection_edit", args=[draft.pk]))
    page.get_by_label("Now what?").fill("Read more. ADDED-A")
    page.get_by_role("button", name="Switch to Gibbs' reflective cycle").click()
    page.get_by_label("Feelings").wait_for()
    assert page.get_by_label("Action plan").input_value() == "Read more. ADDED-A"
    assert SAVED.match(_status(page).inner_text())
    assert (_saved(draft).model, draft.entries["action_plan"]) == ("gibbs", "Read more. ADDED-A")

    page.get_by_label("Feelings").fill("FEEL-B")
    page.get_by_role("button", name="Save as complete").click()
    page.get_by_text("Answer every prompt to complete it").wait_for()
    assert page.get_by_text("Your draft is saved with what you typed").count() == 1
    assert SAVED.match(_status(page).inner_text())
    assert (_saved(draft).status, draft.entries["feelings"]) == ("draft", "FEEL-B")
    screenshot(page, "completion refused, draft saved")

    page.get_by_label("Evaluation").fill("Went well.")
    page.get_by_role("button", name="Switch to What? So what? Now what?").click()
    page.get_by_label("So what?").wait_for()
    page.get_by_role("button", name="Switch to Gibbs' reflective cycle").click()
    page.get_by_label("Feelings").wait_for()
    answers = {
        label: page.get_by_label(label, exact=True).input_value()
        for label in ("Description", "Feelings", "Evaluation", "Analysis", "Action plan")
    }
    assert answers == {
        "Description": "We met.",
        "Feelings": "FEEL-B",
        "Evaluation": "Went well.",
        "Analysis": "It mattered.",
        "Action plan": "Read more. ADDED-A",
    }
    assert _saved(draft).entries["evaluation"] == "Went well."
    assert not _asks_before_leaving(page)  # all saved: nothing to warn about


def test_a_refused_completion_of_a_complete_reflection_asks_before_leaving(
    page, live_server, mentee
):
    done = reflection(mentee, entries={"what": "W", "so_what": "S", "now_what": "N"})
    sign_in_cookie(page.context, mentee, live_server.url)
    page.goto(reverse("cpd:reflection_edit", args=[done.pk]))
    page.get_by_label("So what?").fill("")
    page.get_by_role("button", name="Save as complete").click()
    page.get_by_text("Answer every prompt to complete it").wait_for()
    assert _asks_before_leaving(page)
    assert _saved(done).status == ReflectionStatus.COMPLETE


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
