"""The score of a circle (pure Python, gettext aside): the mean of its pairs' scores, with one
reason per criterion whose points are the mean of the pairs' points (so they add up to the
circle's score) and member wording that speaks to the whole group, never of a pair or of
one named member: only what all of them share ("all of you speak Welsh and Polish", "all of
you have 2 hours a week in common"), as "and" lists; staff see every factor, zero and
negative ones included, with its points and how many pairs it held for."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import reduce
from typing import Any, NamedTuple

from accounts.availability import common_minutes, minutes_total

from . import criteria
from .pairs import apportioned
from .values import Candidate, Reason, Score, common_instants, to_tenth
from .wording import message

MAX_TEXTS = 2

Said = dict[str, Any]  # a message (``wording.message``), or {} when members are told nothing


class Wording(NamedTuple):
    said: Said
    common: tuple[tuple[str, str], ...] = ()  # times in common (``Reason.common``)


def score_circle(members: list[Candidate], pair_scores: list[Score]) -> Score:
    """A circle of ``members`` whose pairs (in the order ``(0, 1), (0, 2), ... (1, 2)...``)
    scored ``pair_scores``: forbidden if any pair is, else the mean."""
    forbidden = [r for s in pair_scores if s.forbidden for r in s.reasons]
    if forbidden or not pair_scores:
        return Score(value=None, reasons=tuple(forbidden))
    n_pairs = len(pair_scores)
    value = to_tenth(sum(s.value or 0.0 for s in pair_scores) / n_pairs)
    points: dict[str, float] = defaultdict(float)
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for s in pair_scores:
        for r in s.reasons:
            points[r.criterion] += r.points / n_pairs
            found[r.criterion][_key(r)] += 1
    raw = []
    for criterion, total in points.items():
        common = found[criterion].most_common()
        findings = [[json.loads(key), n] for key, n in common[:MAX_TEXTS]]
        group = _group_wording(criterion, members) if total > 0 else Wording({})
        more = max(0, len(common) - MAX_TEXTS)
        params = {"findings": findings, "pairs": n_pairs, "more": more, "group": group.said}
        raw.append((criteria.said(criterion, 0.0, "circle", group.common, **params), total))
    return Score(value=value, reasons=apportioned(raw, value))


def _key(reason: Reason) -> str:
    """A pair's finding, as a key that counts alike findings together."""
    found = message(reason.code, **reason.params) if reason.code else {"text": reason.text}
    return json.dumps(found, sort_keys=True)


def _everyone(members: list[Candidate], items: Callable[[Candidate], frozenset[str]]) -> set[str]:
    """What every member holds (nothing when anyone holds nothing)."""
    held = [items(m) for m in members]
    return set.intersection(*map(set, held)) if held else set()


def _all_share(
    items: Callable[[Candidate], frozenset[str]], code: str, name: str
) -> Callable[[list[Candidate]], Wording]:
    """Member wording of what *every* member shares ("all of you speak Welsh"); a
    preference only some share is never claimed as a reason for the circle."""

    def wording(members: list[Candidate]) -> Wording:
        shared = _everyone(members, items)
        return Wording(message(code, **{name: sorted(shared)}) if shared else {})

    return wording


def _expertise(members: list[Candidate]) -> Wording:
    """Experience some bring that others in the circle hope to develop (said of the circle,
    never of one named member)."""
    areas = {
        area
        for giver in members
        for area in giver.offers
        if any(area in m.seeks for m in members if m is not giver)
    }
    if not areas:
        return Wording({})
    return Wording(message("circle.expertise", **criteria.areas(areas, *members)))


def _difference(members: list[Candidate]) -> Wording:
    countries: dict[str, tuple[str, str]] = {}
    for m in members:
        if m.country:  # the first spelling
            countries.setdefault(m.country.casefold(), (m.country_code, m.country))
    organisations = {m.organisation.casefold() for m in members if m.organisation}
    if len(countries) < 2 and len(organisations) < 2:
        return Wording({})
    listed = [list(c) for c in countries.values()] if len(countries) >= 2 else []
    return Wording(message("circle.difference", countries=listed, organisations=len(organisations)))


def _availability(members: list[Candidate]) -> Wording:
    """The hours *all* members are free at the same time; each member is told when in their
    own zone (``member_reasons``)."""
    if not all(m.free for m in members):
        return Wording({})
    common = reduce(common_minutes, (m.free for m in members[1:]), list(members[0].free))
    if not common:
        return Wording({})
    return Wording(
        message("circle.availability", minutes=minutes_total(common)),
        common_instants(common, members[0].week),
    )


def _modes(m: Candidate) -> frozenset[str]:
    return frozenset({m.mode} - {"either"})


_WORDING: dict[str, Callable[[list[Candidate]], Wording]] = {
    "interests": _all_share(lambda m: m.interests, "circle.interests", "interests"),
    "language": _all_share(lambda m: m.languages, "circle.language", "languages"),
    "availability": _availability,
    "mode": _all_share(_modes, "circle.mode", "modes"),
    "expertise": _expertise,
    "difference": _difference,
}


def _group_wording(criterion: str, members: list[Candidate]) -> Wording:
    """Member wording for a circle; none for experience gaps (a pair's matter)."""
    wording = _WORDING.get(criterion)
    return wording(members) if wording else Wording({})
