"""A pool's pairs read from the double cover's assignment: optimal when the degree LP is.

The assignment on the bipartite double cover (each allowed pair ``{a, b}`` as arcs
``a → b'`` and ``b → a'``, see :mod:`.pool_lp`) maps each person to at most one other. Its
arcs form paths and cycles in the pool; each cycle of three or more is an optimal
*fractional* matching (one half on each of its edges). Turning every path and cycle into the
best matching of its own edges (a small dynamic programme) loses nothing on paths and even
cycles, and at most one person per odd cycle; those left over are then paired among
themselves where allowed (an exact solve on a handful of people). When the LP bound then
equals the weight, the pairs are proven optimal with no blossom solve on the whole candidate
graph, which on tie-heavy pools of thousands of people takes minutes; otherwise the caller
falls back to that solve.
"""

from __future__ import annotations

import numpy as np

from .pool_lp import blossom

#: Most people left over by odd cycles that are paired among themselves (an exact solve).
LEFTOVER_LIMIT = 2000


def _components(mate: np.ndarray) -> list[tuple[list[int], bool]]:
    """The arcs ``i → mate[i]`` as vertex sequences: ``(path, False)`` or ``(cycle, True)``;
    two people who chose each other are a path of two."""
    n = len(mate)
    chosen_by = np.full(n, -1)
    has = mate >= 0
    chosen_by[mate[has]] = np.nonzero(has)[0]
    seen = np.zeros(n, dtype=bool)
    out: list[tuple[list[int], bool]] = []
    starts = [int(i) for i in np.nonzero(chosen_by < 0)[0]]  # path heads first, then cycles
    for s in starts + list(range(n)):
        if seen[s]:
            continue
        seq, x = [], s
        while x >= 0 and not seen[x]:
            seen[x] = True
            seq.append(x)
            x = int(mate[x])
        mutual = len(seq) == 2 and mate[seq[1]] == seq[0]
        out.append((seq, x == s and len(seq) > 2 and not mutual))
    return out


def _path_best(weights: list[float]) -> tuple[float, list[int]]:
    """Best matching of a path whose edge ``t`` weighs ``weights[t]``: (weight, edges used)."""
    best = [0.0] * (len(weights) + 2)
    for t, wt in enumerate(weights):  # best[t + 2]: edges 0..t
        best[t + 2] = max(best[t + 1], best[t] + wt)
    used, t = [], len(weights) - 1
    while t >= 0:
        if best[t + 2] != best[t + 1]:
            used.append(t)
            t -= 2
        else:
            t -= 1
    return best[-1], used


def _component_pairs(seq: list[int], cycle: bool, weight) -> list[tuple[int, int]]:
    edges = list(zip(seq, seq[1:], strict=False))
    ws = [weight(i, j) for i, j in edges]
    value, used = _path_best(ws)
    if cycle:  # or use the closing edge, with its two ends out of the rest
        close = weight(seq[-1], seq[0])
        inner, inner_used = _path_best(ws[1:-1])
        if inner + close > value:
            return [(seq[-1], seq[0])] + [edges[t + 1] for t in inner_used]
    return [edges[t] for t in used]


def _leftovers(n: int, pairs: list[tuple[int, int]], among) -> list[tuple[int, int]]:
    """The best pairs among the people ``pairs`` leaves out, if they are few (``among(idx)``:
    the normalised scores between the people ``idx``, nan where forbidden)."""
    left = np.ones(n, dtype=bool)
    left[[p for pair in pairs for p in pair]] = False
    people = np.nonzero(left)[0]
    if not 1 < len(people) <= LEFTOVER_LIMIT:
        return []
    sub = among(people)
    a, b = np.nonzero(np.triu(~np.isnan(sub), 1))
    if not len(a):
        return []
    return [(int(people[i]), int(people[j])) for i, j in blossom(len(people), a, b, sub[a, b])]


def cover_pairs(mate: np.ndarray, weight, among) -> list[tuple[int, int]]:
    """The best matching inside each path and cycle of ``mate`` (``weight(i, j)``: a pair's
    weight with the cardinality premium, so more pairs always win), then the people left
    over paired among themselves (``among``: see :func:`_leftovers`)."""
    pairs = []
    for seq, cycle in _components(mate):
        if len(seq) > 1:
            pairs.extend(_component_pairs(seq, cycle, weight))
    pairs += _leftovers(len(mate), pairs, among)
    return sorted((min(i, j), max(i, j)) for i, j in pairs)
