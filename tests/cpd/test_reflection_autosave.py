"""Nothing typed is lost: switching a reflection's model carries the text to the new
prompts (services, the form's switch buttons, an edit under another model), and drafts
are autosaved while the author types."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cpd import services
from cpd.models import Reflection, ReflectionStatus
from cpd.prompts import carry_entries
from tests.cpd.factories import reflection

pytestmark = pytest.mark.django_db

WSW = {"what": "We met", "so_what": "It mattered", "now_what": "Try again"}


# --- carrying answers across models ----------------------------------------------------------


def test_what_so_what_to_gibbs_and_back_returns_the_same_text():
    gibbs = carry_entries(WSW, "gibbs")
    assert gibbs == {
        "description": "We met",
        "feelings": "",
        "evaluation": "",
        "analysis": "It mattered",
        "conclusion": "",
        "action_plan": "Try again",
    }
    assert carry_entries(gibbs, "what_so_what") == WSW


def test_gibbs_to_what_so_what_joins_answers_under_their_headings():
    gibbs = {
        "description": "D",
        "feelings": "F",
        "evaluation": "E",
        "analysis": "A",
        "conclusion": "C",
        "action_plan": "P",
    }
    assert carry_entries(gibbs, "what_so_what") == {
        "what": "D",
        "so_what": "Feelings\nF\n\nEvaluation\nE\n\nAnalysis\nA",
        "now_what": "Conclusion\nC\n\nAction plan\nP",
    }


def test_free_text_and_back_keeps_every_answer():
    free = carry_entries(WSW, "free")
    assert free == {"text": "What?\nWe met\n\nSo what?\nIt mattered\n\nNow what?\nTry again"}
    assert carry_entries(free, "gibbs")["description"] == free["text"]


def test_unknown_keys_and_blank_answers_are_ignored():
    assert carry_entries({"stray": "x", "what": "  "}, "free") == {"text": ""}


def test_service_saves_answers_of_another_model_under_the_new_one(mentor):
    saved = services.reflection_save(
        author=mentor, title="T", model="gibbs", entries=WSW, complete=False
    )
    saved.refresh_from_db()
    assert (saved.entries["description"], saved.entries["action_plan"]) == ("We met", "Try again")


# --- the form's switch buttons ---------------------------------------------------------------


def _post(**extra):
    return {
        "title": "Session one",
        "model": "what_so_what",
        "reflected_on": "2025-02-04",
        **{f"entry_{k}": v for k, v in WSW.items()},
        **extra,
    }


def test_switching_model_keeps_the_text_and_saves_nothing(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:reflection_create"), _post(switch_model="gibbs"))
    assert response.status_code == 200
    form = response.context["form"]
    assert (response.context["model"], form.initial["title"]) == ("gibbs", "Session one")
    assert (form.initial["entry_description"], form.initial["entry_analysis"]) == (
        "We met",
        "It mattered",
    )
    assert "Try again" in response.content.decode()
    assert not form.is_bound  # no errors shown for a form not yet submitted
    assert Reflection.objects.count() == 0


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
