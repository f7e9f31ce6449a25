"""The prompts of each reflection model, in order: (key, heading, help)."""

from __future__ import annotations

from typing import NamedTuple


class Prompt(NamedTuple):
    key: str
    heading: str
    help: str


PROMPTS: dict[str, tuple[Prompt, ...]] = {
    "what_so_what": (
        Prompt("what", "What?", "What happened? Describe the situation or conversation."),
        Prompt("so_what", "So what?", "Why does it matter? What did you learn from it?"),
        Prompt("now_what", "Now what?", "What will you do differently or next as a result?"),
    ),
    "gibbs": (
        Prompt("description", "Description", "What happened?"),
        Prompt("feelings", "Feelings", "What were you thinking and feeling?"),
        Prompt("evaluation", "Evaluation", "What was good and bad about the experience?"),
        Prompt("analysis", "Analysis", "What sense can you make of the situation?"),
        Prompt("conclusion", "Conclusion", "What else could you have done?"),
        Prompt("action_plan", "Action plan", "If it arose again, what would you do?"),
    ),
    "free": (Prompt("text", "Reflection", "Write freely."),),
}


def prompts_for(model: str) -> tuple[Prompt, ...]:
    return PROMPTS[model]


def sections(model: str, entries: dict) -> list[tuple[str, str]]:
    """(heading, text) pairs of a reflection, in the model's order, skipping empty ones."""
    return [
        (p.heading, str(entries.get(p.key, "")).strip())
        for p in PROMPTS[model]
        if str(entries.get(p.key, "")).strip()
    ]
