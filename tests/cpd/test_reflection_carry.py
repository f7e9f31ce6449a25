"""Switching a reflection's model carries the text to the new prompts: each answer goes to
the prompt that covers the same stage, and a round trip gives each prompt its own text back
(``cpd.prompts.carry_entries`` and the service that saves under the new model)."""

import pytest

from cpd import services
from cpd.prompts import carry_entries

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
    assert carry_entries(free, "what_so_what") == WSW
    assert carry_entries(free, "gibbs") == carry_entries(WSW, "gibbs")


GIBBS = {
    "description": "D",
    "feelings": "F",
    "evaluation": "E",
    "analysis": "A",
    "conclusion": "C",
    "action_plan": "P",
}


@pytest.mark.parametrize("via", ["what_so_what", "free"])
def test_gibbs_and_back_returns_each_prompts_own_text(via):
    """Gibbs → another model → Gibbs: each answer back in its own prompt, not all in
    Analysis under headings typed in as text."""
    assert carry_entries(carry_entries(GIBBS, via), "gibbs") == GIBBS


def test_text_added_under_the_other_model_comes_back_with_its_answer():
    there = carry_entries(GIBBS, "what_so_what")
    there["now_what"] += " ADDED-A"
    there["so_what"] = there["so_what"].replace("\nF", "\nF, then FEEL-B")
    back = carry_entries(there, "gibbs")
    assert (back["feelings"], back["action_plan"], back["conclusion"]) == (
        "F, then FEEL-B",
        "P ADDED-A",
        "C",
    )


def test_text_posted_by_a_browser_splits_back_too():
    """A textarea posts its lines ended by CR LF."""
    there = carry_entries(GIBBS, "what_so_what")
    posted = {k: v.replace("\n", "\r\n") for k, v in there.items()}
    assert carry_entries(posted, "gibbs") == GIBBS


def test_a_lone_answer_that_would_not_find_its_way_back_keeps_its_heading():
    """Feelings alone → So what? (which goes back to Analysis): carried under its heading,
    and split off again; What? → Description → What? needs none."""
    there = carry_entries({"feelings": "Nervous"}, "what_so_what")
    assert there["so_what"] == "Feelings\nNervous"
    assert carry_entries(there, "gibbs")["feelings"] == "Nervous"
    assert carry_entries({"what": "We met"}, "gibbs")["description"] == "We met"


def test_text_before_the_headings_stays_with_its_prompt():
    there = carry_entries(GIBBS, "what_so_what")
    there["so_what"] = "Written first.\n\n" + there["so_what"]
    back = carry_entries(there, "gibbs")
    assert (back["feelings"], back["evaluation"]) == ("F", "E")
    assert back["analysis"] == "So what?\nWritten first.\n\nAnalysis\nA"  # nothing lost


@pytest.mark.parametrize(
    "text",
    [
        "Feelings",  # a heading with nothing under it is text
        "I had feelings\nabout it",  # not a heading line
        "First paragraph\n\nsecond\nthird",
        "Feelings\n\nnothing on the next line",
    ],
)
def test_text_that_only_looks_like_headings_stays_whole(text):
    assert carry_entries({"so_what": text}, "gibbs")["analysis"] == text


def test_answers_under_the_models_own_prompts_are_never_split():
    own = {"what": "W", "so_what": "Feelings\nF\n\nAnalysis\nA", "now_what": "N"}
    assert carry_entries(own, "what_so_what") == own


def test_unknown_keys_and_blank_answers_are_ignored():
    assert carry_entries({"stray": "x", "what": "  "}, "free") == {"text": ""}


def test_service_saves_answers_of_another_model_under_the_new_one(mentor):
    saved = services.reflection_save(
        author=mentor, title="T", model="gibbs", entries=WSW, complete=False
    )
    saved.refresh_from_db()
    assert (saved.entries["description"], saved.entries["action_plan"]) == ("We met", "Try again")
