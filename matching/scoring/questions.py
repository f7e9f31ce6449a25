"""Application questions as scoring factors (pure Python, no Django).

An administrator may let a question feed the score with a weight and a rule: the same
answer (single choice, yes/no, short text compared after normalising case and spaces),
the overlap of choices (multiple choice: the share of the options either chose that both
chose) or numbers within a range (the two answers at most ``width`` apart). In a
mentor/mentee scheme the mentee's question is paired with the mentor's question it
compares with; both answers are filed under the mentee question's factor key. A blank
answer on either side earns nothing and claims nothing.

An answer may be private: members read a question's reason ("you both answered …") only
when the administrator marked the question as shared (``QuestionFactor.shared``, carried in
the reason's values; ``matching.reason_visibility`` decides). Staff always read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SAME = "same_answer"
OVERLAP = "overlap"
WITHIN = "within_range"
RULES = (SAME, OVERLAP, WITHIN)

#: A scored question's factor key (the criterion of its reasons) is this and its id.
KEY_PREFIX = "question:"


def factor_key(question_id: int) -> str:
    """The factor key of the scored question ``question_id``."""
    return f"{KEY_PREFIX}{question_id}"


def is_question(criterion: str) -> bool:
    """Whether ``criterion`` is a scored question's factor key."""
    return criterion.startswith(KEY_PREFIX)


@dataclass(frozen=True)
class QuestionFactor:
    """One scored question of a scheme: its factor key (the criterion of its reasons),
    the label members read, its rule, weight, for ``WITHIN`` the range's width, and
    whether members may read its reasons (``shared``)."""

    key: str
    label: str
    rule: str
    weight: float
    width: float = 0.0
    shared: bool = False


@dataclass(frozen=True)
class Answer:
    """A candidate's answer to a scored question: normalised items (``SAME``: one item;
    ``OVERLAP``: the options chosen) with the words as typed or offered, or a number."""

    key: str
    items: frozenset[str] = frozenset()
    shown: tuple[tuple[str, str], ...] = ()  # (normalised item, as written)
    number: float | None = None

    @property
    def given(self) -> bool:
        return bool(self.items) or self.number is not None

    def words(self, items: Iterable[str]) -> list[str]:
        shown = dict(self.shown)
        return sorted(shown.get(i, i) for i in items)


def normalise(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def answer_from(key: str, rule: str, raw: object) -> Answer:
    """The answer ``raw`` (as stored on the application: text, a list of options or a
    number as text) read for ``rule``; an unreadable or blank answer is not given."""
    if rule == WITHIN:
        try:
            number = Decimal(str(raw).strip()) if raw not in (None, "") else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            return Answer(key)
        return Answer(key, number=float(number))
    values = raw if isinstance(raw, list | tuple) else [raw] if raw not in (None, "") else []
    if rule == SAME:
        values = values[:1]
    pairs = {normalise(v): " ".join(str(v).split()) for v in values if str(v).strip()}
    return Answer(key, items=frozenset(pairs), shown=tuple(sorted(pairs.items())))


def answer_of(answers: tuple[Answer, ...], key: str) -> Answer | None:
    return next((a for a in answers if a.key == key), None)
