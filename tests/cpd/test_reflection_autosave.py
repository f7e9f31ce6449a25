"""Nothing typed is lost in the reflection form: its switch buttons save what was typed
under the new model, a refused "Save as complete" still saves the draft, and drafts are
autosaved while the author types (carrying text across models: test_reflection_carry)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cpd.models import Reflection, ReflectionStatus
from tests.cpd.factories import reflection

pytestmark = pytest.mark.django_db

WSW = {"what": "We met", "so_what": "It mattered", "now_what": "Try again"}


# --- the form's switch buttons ---------------------------------------------------------------


def _post(**extra):
    return {
        "title": "Session one",
        "model": "what_so_what",
        "reflected_on": "2025-02-04",
        **{f"entry_{k}": v for k, v in WSW.items()},
        **extra,
    }


@time_machine.travel("2026-03-02 10:42:30+00:00", tick=False)
def test_switching_a_new_reflection_saves_it_as_a_draft_under_the_new_model(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:reflection_create"), _post(title="", switch_model="gibbs"))
    saved = Reflection.objects.get()
    assert response.url == reverse("cpd:reflection_edit", args=[saved.pk])
    assert (saved.title, saved.model, saved.status) == ("Untitled reflection", "gibbs", "draft")
    assert (saved.entries["description"], saved.entries["action_plan"]) == ("We met", "Try again")
    page = client.get(response.url)
    html = page.content.decode()
    assert "Saved at 10:42" in html
    assert "Your draft is saved under Gibbs" in html
    assert page.context["model"] == "gibbs"
    assert page.context["form"].initial["entry_analysis"] == "It mattered"
    assert "Saved at" not in client.get(response.url).content.decode()  # said once


def test_switching_an_existing_draft_saves_what_was_typed(client, mentor):
    """Typed "ADDED-A" in Now what? and switched at once: saved under Gibbs with it."""
    draft = reflection(mentor, entries=WSW, status=ReflectionStatus.DRAFT)
    client.force_login(mentor)
    url = reverse("cpd:reflection_edit", args=[draft.pk])
    response = client.post(url, _post(entry_now_what="Try again ADDED-A", switch_model="gibbs"))
    assert response.url == url
    draft.refresh_from_db()
    assert (Reflection.objects.count(), draft.model, draft.status) == (1, "gibbs", "draft")
    assert draft.entries["action_plan"] == "Try again ADDED-A"
    # and back: each answer in its own prompt again
    back = {k: v for k, v in _post(model="gibbs").items() if not k.startswith("entry_")}
    client.post(url, {**back, **_gibbs_post(draft), "switch_model": "what_so_what"})
    draft.refresh_from_db()
    assert (draft.model, draft.entries) == (
        "what_so_what",
        {**WSW, "now_what": "Try again ADDED-A"},
    )


def _gibbs_post(saved):
    return {f"entry_{k}": v for k, v in saved.entries.items()}


def test_switching_a_complete_reflection_shows_it_switched_and_saves_nothing(client, mentor):
    done = reflection(mentor, entries=WSW)
    client.force_login(mentor)
    url = reverse("cpd:reflection_edit", args=[done.pk])
    response = client.post(url, _post(switch_model="gibbs"))
    assert response.status_code == 200
    assert response.context["form"].initial["entry_description"] == "We met"
    assert not response.context["form"].is_bound  # no errors for a form not yet submitted
    assert "data-unsaved" in response.content.decode()  # leaving it asks first
    done.refresh_from_db()
    assert (done.model, done.status, done.entries) == ("what_so_what", "complete", WSW)


def test_a_switch_that_cannot_be_saved_says_why_and_keeps_the_text(client, mentor):
    draft = reflection(mentor, entries=WSW, status=ReflectionStatus.DRAFT)
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:reflection_edit", args=[draft.pk]),
        _post(title="", reflected_on="not a date", switch_model="gibbs"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["reflected_on"]
    assert (form["title"].value(), form["entry_description"].value()) == ("", "We met")
    assert "data-unsaved" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.model, draft.entries) == ("what_so_what", WSW)


@pytest.mark.parametrize("who", ["mentee", "outsider", "coordinator"])
def test_switching_someone_elses_draft_is_404(client, mentor, who, request):
    draft = reflection(mentor, entries=WSW, status=ReflectionStatus.DRAFT)
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("cpd:reflection_edit", args=[draft.pk]), _post(switch_model="gibbs")
    )
    draft.refresh_from_db()
    assert (response.status_code, draft.model, Reflection.objects.count()) == (
        404,
        "what_so_what",
        1,
    )


# --- a refused "Save as complete" -------------------------------------------------------------


@time_machine.travel("2026-03-02 10:42:30+00:00", tick=False)
def test_a_refused_completion_still_saves_the_draft_and_says_so(client, mentor):
    draft = reflection(
        mentor, model="gibbs", entries={"description": "D"}, status=ReflectionStatus.DRAFT
    )
    client.force_login(mentor)
    url = reverse("cpd:reflection_edit", args=[draft.pk])
    data = {**_post(model="gibbs"), "entry_description": "D", "entry_feelings": "FEEL-B"}
    response = client.post(url, {**data, "complete": "1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Answer every prompt to complete it: Evaluation, Analysis, Conclusion, Action plan."
    ]
    html = response.content.decode()
    assert "Your draft is saved with what you typed" in html
    assert "Saved at 10:42" in html
    assert "data-unsaved" not in html
    draft.refresh_from_db()
    assert (draft.status, draft.entries["feelings"]) == ("draft", "FEEL-B")


def test_a_refused_completion_of_a_new_reflection_makes_one_draft(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:reflection_create"), _post(entry_now_what="", complete="1"))
    saved = Reflection.objects.get()
    assert (saved.status, saved.entries["so_what"]) == ("draft", "It mattered")
    edit_url = reverse("cpd:reflection_edit", args=[saved.pk])
    html = response.content.decode()
    assert f'action="{edit_url}"' in html  # saving again updates it, not a second one
    assert f'data-edit-url="{edit_url}"' in html
    client.post(edit_url, _post(entry_now_what="Later", draft="1"))
    assert Reflection.objects.get().entries["now_what"] == "Later"


def test_a_refused_completion_never_turns_a_complete_reflection_into_a_draft(client, mentor):
    done = reflection(mentor, entries=WSW)
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:reflection_edit", args=[done.pk]), _post(entry_so_what="", complete="1")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Answer every prompt to complete it: So what?." in html
    assert "data-unsaved" in html  # leaving asks first
    assert "data-warn-unsaved" in html
    done.refresh_from_db()
    assert (done.status, done.entries) == ("complete", WSW)


def test_a_completion_refused_for_bad_input_saves_nothing(client, mentor):
    draft = reflection(mentor, entries=WSW, status=ReflectionStatus.DRAFT)
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:reflection_edit", args=[draft.pk]),
        _post(reflected_on="not a date", entry_what="New", complete="1"),
    )
    assert "data-unsaved" in response.content.decode()  # autosave tries, leaving asks
    draft.refresh_from_db()
    assert draft.entries == WSW


def test_an_unknown_model_is_not_a_switch(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:reflection_create"), _post(switch_model="x", draft="1"))
    assert response.status_code == 302
    assert Reflection.objects.get().entries == WSW


def test_editing_under_another_model_shows_the_saved_text(client, mentor):
    mine = reflection(mentor, entries=WSW, status=ReflectionStatus.DRAFT)
    client.force_login(mentor)
    response = client.get(reverse("cpd:reflection_edit", args=[mine.pk]) + "?model=free")
    assert "We met" in response.context["form"].initial["entry_text"]
    assert "Try again" in response.context["form"].initial["entry_text"]


# --- autosave --------------------------------------------------------------------------------


@time_machine.travel("2026-03-02 10:42:30+00:00", tick=False)
def test_autosave_creates_an_untitled_draft_then_updates_it(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:reflection_autosave_new"), _post(title=""))
    saved = Reflection.objects.get()
    assert response.json() == {
        "saved": True,
        "saved_at": "10:42 GMT",
        "edit_url": reverse("cpd:reflection_edit", args=[saved.pk]),
        "autosave_url": reverse("cpd:reflection_autosave", args=[saved.pk]),
    }
    assert (saved.title, saved.status, saved.entries) == (
        "Untitled reflection",
        ReflectionStatus.DRAFT,
        WSW,
    )
    client.post(response.json()["autosave_url"], _post(entry_now_what="Later"))
    saved.refresh_from_db()
    assert (Reflection.objects.count(), saved.title, saved.entries["now_what"]) == (
        1,
        "Session one",
        "Later",
    )


def test_autosave_page_shows_the_endpoint(client, mentor):
    draft = reflection(mentor, status=ReflectionStatus.DRAFT)
    client.force_login(mentor)
    response = client.get(reverse("cpd:reflection_edit", args=[draft.pk]))
    url = reverse("cpd:reflection_autosave", args=[draft.pk])
    assert f'data-autosave-url="{url}"' in response.content.decode()


def test_a_complete_reflection_is_not_autosaved_but_warns(client, mentor):
    done = reflection(mentor, entries=WSW)
    client.force_login(mentor)
    page = client.get(reverse("cpd:reflection_edit", args=[done.pk])).content.decode()
    assert "data-autosave-url" not in page
    assert "data-warn-unsaved" in page
    response = client.post(
        reverse("cpd:reflection_autosave", args=[done.pk]), _post(entry_what="Changed")
    )
    done.refresh_from_db()
    assert (response.status_code, done.status, done.entries) == (409, "complete", WSW)


def test_bad_input_is_not_saved_and_says_why(client, mentor):
    draft = reflection(mentor, status=ReflectionStatus.DRAFT, entries=WSW)
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:reflection_autosave", args=[draft.pk]),
        _post(reflected_on="not a date", entry_what="New"),
    )
    draft.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert "Date: Enter a valid date." in response.json()["message"]
    assert draft.entries == WSW


@pytest.mark.parametrize("who", ["mentee", "outsider", "coordinator", "admin_user"])
def test_someone_elses_draft_is_404_and_unchanged(client, mentor, who, request):
    draft = reflection(mentor, status=ReflectionStatus.DRAFT, entries=WSW, on=date(2025, 2, 4))
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("cpd:reflection_autosave", args=[draft.pk]), _post())
    draft.refresh_from_db()
    assert (response.status_code, draft.title, draft.entries) == (404, "After session one", WSW)


def test_autosave_needs_sign_in_and_post(client, mentor):
    url = reverse("cpd:reflection_autosave_new")
    assert client.post(url, _post()).status_code == 302
    client.force_login(mentor)
    assert client.get(url).status_code == 405
    assert Reflection.objects.count() == 0


def test_enter_in_a_field_saves_a_draft_rather_than_switching(client, mentor):
    """Implicit submission uses the form's first submit button."""
    client.force_login(mentor)
    html = client.get(reverse("cpd:reflection_create")).content.decode()
    form = html[html.index('<form method="post"') :]
    assert form.index('name="draft"') < form.index('name="switch_model"')


def test_every_option_of_the_reflection_form_says_what_it_means(client, mentor):
    client.force_login(mentor)
    html = client.get(reverse("cpd:reflection_create")).content.decode()
    assert "---------" not in html
    assert ">No session</option>" in html
