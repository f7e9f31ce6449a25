"""Compatibility scores between two applicants, each with the reasons for it.

Pure Python apart from gettext. Callers turn applications and profiles into ``Candidate`` values
and a scheme's matching settings into ``Weights``; ``score_pair`` returns a ``Score``
whose ``value`` is 0-100 (``None`` when a hard constraint forbids the pair) and whose
``reasons`` say why, both for the administrator (short phrases with points) and for the
members (plain words).

Criteria (each scores 0..1, multiplied by its weight; the total is scaled to 0-100 over the
weights of the criteria that apply):

- expertise: what the giver offers against what the receiver hopes to develop (both ways
  in peer schemes);
- interests in common;
- career-stage gap: the difference in years' experience inside a preferred range;
- difference: different organisation and/or country, where the scheme wants it;
- mode: compatible preferred modes (online, in person, either);
- availability overlap;
- language in common.

Hard constraints: either person asked not to be paired with the other; same organisation
or same country when the scheme requires a difference; a pairing declined before.
Eligibility, preparation and capacity are decided on the pool, not the pair (see
``matching.services``).

Reasons: one per criterion that weighs (and one for the clamp at 0), whose points add up to
the score; staff see them all, members only those that speak for the match
(``member_reasons``). A reason is stored as a message code and its values and worded when it
is read, in the reader's language (``wording``; ``staff_reasons``, ``member_reasons``).

Layout: ``values`` (candidate, weights, score and reason), ``criteria`` (one function per
criterion), ``pairs`` (constraints, the weighed total, reasons), ``groups`` (circles),
``arrays`` (the same scores for many pairs at once, as numpy arrays, without reasons).
"""

from .groups import score_circle
from .pairs import forbidden_reason, forbidding_rules, score_pair, score_reverse
from .questions import is_question
from .values import (
    IGNORED,
    PREFERRED,
    REQUIRED,
    Candidate,
    Reason,
    Score,
    Weights,
    member_reasons,
    staff_reasons,
)

__all__ = [
    "IGNORED",
    "PREFERRED",
    "REQUIRED",
    "Candidate",
    "Reason",
    "Score",
    "Weights",
    "forbidden_reason",
    "forbidding_rules",
    "is_question",
    "member_reasons",
    "score_circle",
    "score_pair",
    "score_reverse",
    "staff_reasons",
]
