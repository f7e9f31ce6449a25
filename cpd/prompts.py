"""The prompts of each reflection model, in order: (key, heading, help, stage)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from django.utils import translation
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
_MODEL_OF = {p.key: model for model, prompts in PROMPTS.items() for p in prompts}


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


def _comes_back(source: Prompt, target: Prompt) -> bool:
    """Whether an answer to ``source`` carried alone to ``target`` returns to ``source`` when
    switched back to the source's model (What? → Description → What?); if not (Feelings →
    So what? → Analysis), it is carried under its heading, to be split off again."""
    if _MODEL_OF[target.key] == _MODEL_OF[source.key]:
        return target == source
    return _target(target, PROMPTS[_MODEL_OF[source.key]]) == source


def _headings() -> dict[str, Prompt]:
    """Every prompt by its heading, in the active language and as written in the code (a
    draft carried under one language and switched back under another)."""
    known = {str(p.heading).strip(): p for p in _BY_KEY.values()}
    with translation.override(None):
        known.update({str(p.heading).strip(): p for p in _BY_KEY.values()})
    return known


def _split(source: Prompt, text: str) -> list[tuple[Prompt, str]]:
    """A carried answer given back to the prompts it came from: a paragraph whose first line
    is the heading of a prompt (as ``carry_entries`` writes it) starts that prompt's part,
    up to the next such paragraph; text before the first belongs to ``source``."""
    known = _headings()
    parts: list[tuple[Prompt, str]] = []
    prompt, begin = source, 0
    for match in _PARAGRAPH.finditer(text):
        heading = known.get(match.group("heading").strip())
        if heading is not None:
            parts.append((prompt, text[begin : match.start()]))
            prompt, begin = heading, match.end()
    parts.append((prompt, text[begin:]))
    return [(p, part.strip()) for p, part in parts if part.strip()]


# A paragraph's first line followed by more text: at the start or after a blank line.
_PARAGRAPH = re.compile(r"(?:\A|\n[ \t]*\n\s*)(?P<heading>[^\n]+)\n(?=[ \t]*\S)")


def carry_entries(entries: dict, model: str) -> dict[str, str]:
    """The answers of ``entries`` (whatever model they were written under) as answers to the
    prompts of ``model``, so that switching model never drops text.

    Answers already under the model's own keys stay; an answer to another model's prompt
    moves to the prompt covering the same stage of reflecting. Where several answers meet
    in one prompt they are joined in order, each after its heading, and an answer that
    would not find its way back on its own (Feelings alone → So what?) keeps its heading
    too; an answer carried to a prompt of another model is split again by those headings.
    So a round trip (Gibbs → What? So what? Now what? → Gibbs) returns each prompt's own
    text. Keys of no model are ignored.
    """
    targets = PROMPTS[model]
    gathered: dict[str, list[tuple[Prompt, str]]] = {p.key: [] for p in targets}
    for key, value in entries.items():
        text = str(value or "").replace("\r\n", "\n").strip()  # as a browser posts it
        source = _BY_KEY.get(key)
        if not text or source is None:
            continue
        pieces = [(source, text)] if source.key in gathered else _split(source, text)
        for prompt, piece in pieces:
            target = prompt if prompt.key in gathered else _target(prompt, targets)
            gathered[target.key].append((prompt, piece))
    carried = {}
    for key, parts in gathered.items():
        if len(parts) == 1 and _comes_back(parts[0][0], _BY_KEY[key]):
            carried[key] = parts[0][1]
        else:
            carried[key] = "\n\n".join(f"{p.heading}\n{text}" for p, text in parts)
    return carried
