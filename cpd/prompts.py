"""The prompts of each reflection model, in order: (key, heading, help, stage)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The stages of reflecting, in order; a prompt covers one or more of them. Switching model
# carries each answer to the prompt of the new model that covers its stage.
DESCRIBE, FEEL, EVALUATE, ANALYSE, CONCLUDE, ACT = range(6)


class Prompt(NamedTuple):
    key: str
    heading: StrOrPromise
    help: StrOrPromise
    stage: int = DESCRIBE


PROMPTS: dict[str, tuple[Prompt, ...]] = {
    "what_so_what": (
        Prompt("what", _("What?"), _("What happened? Describe the situation or conversation.")),
        Prompt(
            "so_what", _("So what?"), _("Why does it matter? What did you learn from it?"), ANALYSE
        ),
        Prompt(
            "now_what", _("Now what?"), _("What will you do differently or next as a result?"), ACT
        ),
    ),
    "gibbs": (
        Prompt("description", _("Description"), _("What happened?")),
        Prompt("feelings", _("Feelings"), _("What were you thinking and feeling?"), FEEL),
        Prompt(
            "evaluation",
            _("Evaluation"),
            _("What was good and bad about the experience?"),
            EVALUATE,
        ),
        Prompt("analysis", _("Analysis"), _("What sense can you make of the situation?"), ANALYSE),
        Prompt("conclusion", _("Conclusion"), _("What else could you have done?"), CONCLUDE),
        Prompt("action_plan", _("Action plan"), _("If it arose again, what would you do?"), ACT),
    ),
    "free": (Prompt("text", _("Reflection"), _("Write freely.")),),
}
_BY_KEY = {p.key: p for prompts in PROMPTS.values() for p in prompts}


def prompts_for(model: str) -> tuple[Prompt, ...]:
    return PROMPTS[model]


def sections(model: str, entries: dict) -> list[tuple[str, str]]:
    """(heading, text) pairs of a reflection, in the model's order, skipping empty ones."""
    return [
        (str(p.heading), str(entries.get(p.key, "")).strip())
        for p in PROMPTS[model]
        if str(entries.get(p.key, "")).strip()
    ]


def _target(source: Prompt, targets: tuple[Prompt, ...]) -> Prompt:
    """The prompt of ``targets`` that takes an answer to ``source``: the first whose stage
    is at or after the source's (So what? takes Feelings, Evaluation and Analysis), else
    the last. Free text goes to the first prompt."""
    if source.key == "text":
        return targets[0]
    for prompt in targets:
        if prompt.stage >= source.stage:
            return prompt
    return targets[-1]


def carry_entries(entries: dict, model: str) -> dict[str, str]:
    """The answers of ``entries`` (whatever model they were written under) as answers to the
    prompts of ``model``, so that switching model never drops text.

    Answers already under the model's own keys stay; an answer to another model's prompt
    moves to the prompt covering the same stage of reflecting. Where several answers meet
    in one prompt they are joined in order, each after its heading; a lone answer moves as
    it is, so What? So what? Now what? → Gibbs → back returns the same text. Keys of no
    model are ignored.
    """
    targets = PROMPTS[model]
    gathered: dict[str, list[tuple[str, str]]] = {p.key: [] for p in targets}
    for key, value in entries.items():
        text = str(value or "").strip()
        source = _BY_KEY.get(key)
        if not text or source is None:
            continue
        target = source if source.key in gathered else _target(source, targets)
        gathered[target.key].append((str(source.heading), text))
    carried = {}
    for key, parts in gathered.items():
        if len(parts) > 1:
            carried[key] = "\n\n".join(f"{heading}\n{text}" for heading, text in parts)
        else:
            carried[key] = parts[0][1] if parts else ""
    return carried
