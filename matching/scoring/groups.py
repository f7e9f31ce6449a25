"""The score of a circle (pure Python, no Django): the mean of its pairs' scores, with one
reason per criterion whose points are the mean of the pairs' points (so they add up to the
circle's score) and member wording that speaks of the group, never of a pair: an "and"
list of who shares what ("Ana, Bo and Chen speak Welsh")."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from . import criteria
from .criteria import Part
from .pairs import apportioned
from .values import Candidate, Score, to_tenth

MAX_TEXTS = 2


def score_circle(members: list[Candidate], pair_scores: list[Score]) -> Score:
    """A circle of ``members`` whose pairs (in the order ``(0, 1), (0, 2), ... (1, 2)...``)
    scored ``pair_scores``: forbidden if any pair is, else the mean."""
    forbidden = [r for s in pair_scores if s.forbidden for r in s.reasons]
    if forbidden or not pair_scores:
        return Score(value=None, reasons=tuple(forbidden))
    n_pairs = len(pair_scores)
    value = to_tenth(sum(s.value or 0.0 for s in pair_scores) / n_pairs)
    points: dict[str, float] = defaultdict(float)
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    for s in pair_scores:
        for r in s.reasons:
            points[r.criterion] += r.points / n_pairs
            texts[r.criterion][r.text] += 1
    raw = []
    for criterion, total in points.items():
        common = texts[criterion].most_common()
        text = "; ".join(f"{t} ({n} of {n_pairs} pairs)" for t, n in common[:MAX_TEXTS])
        if len(common) > MAX_TEXTS:
            more = len(common) - MAX_TEXTS
            text += f"; {more} other finding{'s' if more > 1 else ''}"
        plain = _group_wording(criterion, members) if total > 0 else ""
        raw.append((Part(criterion, 0.0, text, plain), total))
    return Score(value=value, reasons=apportioned(raw, value))


def _names(members: Iterable[Candidate], everyone: int) -> str:
    chosen = list(members)
    if len(chosen) == everyone:
        return "you all"
    return criteria.join(m.name or "one member" for m in chosen)


def _shared(
    members: list[Candidate],
    items: Callable[[Candidate], frozenset[str]],
    verb: str,
    label: Callable[[Iterable[str]], str],
) -> str:
    """Who shares what: each group of two or more members holding the same items."""
    holders: dict[str, list[Candidate]] = defaultdict(list)
    for m in members:
        for item in items(m):
            holders[item].append(m)
    by_group: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for item, group in holders.items():
        if len(group) >= 2:
            by_group[tuple(m.key for m in group)].append(item)
    phrases = []
    for keys, shared in sorted(by_group.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        who = _names([m for m in members if m.key in keys], len(members))
        phrases.append(f"{who} {verb} {label(shared)}")
    return "; ".join(phrases)


def _expertise(members: list[Candidate]) -> str:
    phrases = []
    for giver in members:
        for area in sorted(giver.offers):
            receivers = [m for m in members if m is not giver and area in m.seeks]
            if receivers:
                who = criteria.join(m.name or "one member" for m in receivers)
                hope = "hopes" if len(receivers) == 1 else "hope"
                phrases.append(
                    f"{giver.name or 'one member'} has experience in "
                    f"{criteria.areas([area])}, which {who} {hope} to develop"
                )
    return "; ".join(phrases)


def _difference(members: list[Candidate]) -> str:
    parts = []
    for attr, plural in (("country", "countries"), ("organisation", "organisations")):
        given = {getattr(m, attr).lower() for m in members if getattr(m, attr)}
        if len(given) >= 2:
            parts.append(f"{len(given)} {plural}")
    return "between you, you come from " + " and ".join(parts) if parts else ""


def _modes(m: Candidate) -> frozenset[str]:
    return frozenset({m.mode} - {"either"})


def _mode_labels(modes: Iterable[str]) -> str:
    return criteria.join(criteria.MODE_LABELS.get(x, x) for x in modes)


_WORDING: dict[str, Callable[[list[Candidate]], str]] = {
    "interests": lambda ms: _shared(
        ms, lambda m: m.interests, "share an interest in", criteria.join
    ),
    "language": lambda ms: _shared(ms, lambda m: m.languages, "speak", criteria.languages),
    "availability": lambda ms: _shared(ms, lambda m: m.availability, "are free", criteria.times),
    "mode": lambda ms: _shared(ms, _modes, "prefer to meet", _mode_labels),
    "expertise": _expertise,
    "difference": _difference,
}


def _group_wording(criterion: str, members: list[Candidate]) -> str:
    """Member wording for a circle; none for experience gaps (a pair's matter)."""
    wording = _WORDING.get(criterion)
    return wording(members) if wording else ""
