"""Exact circles on instances whose feasible circles can be listed: a set-packing model.

Every feasible circle is a clique of ``size_min..size_max`` people of the *allowed* graph (no
forbidden pair inside). When there are at most ``column_limit`` of them, they are listed and
the problem becomes a set packing over those columns, solved by CP-SAT (OR-Tools) in two
lexicographic stages under a time limit:

1. maximise the number of people placed (skipped when the heuristic already placed the
   count bound of :func:`placeable_bound`, which then is the proof);
2. with that count fixed, maximise the total score (integer-scaled; the rounding slack is
   added to the reported bound, so the bound stays valid).

CP-SAT reports a proven bound for each stage even when the time limit stops it, so the caller
always gets a truthful bound on the count and on the score; "proven" means the bound met the
solution. The set-packing model has no symmetry (a circle is one column, not ``g!`` labelled
copies), which is what lets CP-SAT close small instances in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import CpModel, CpSolver

#: Default cap on listed circles: the CP-SAT model stays under a second to build.
COLUMN_LIMIT = 60_000
#: Score resolution of the integer model, relative to the largest circle value.
SCALE_STEPS = 2**24


class TooManyCircles(Exception):
    """Raised inside the enumeration when more than ``limit`` circles exist."""


def bitsets(allowed: np.ndarray) -> list[int]:
    """Row ``i`` of a boolean matrix as a Python int whose bit ``j`` is ``allowed[i, j]``."""
    packed = np.packbits(allowed, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


def list_circles(
    allowed: np.ndarray, size_min: int, size_max: int, limit: int
) -> list[tuple[int, ...]] | None:
    """Every clique of ``size_min..size_max`` people in ``allowed`` (increasing tuples), or
    ``None`` when there are more than ``limit``. Depth-first over increasing indices with
    Python-int bitsets; a branch stops when its candidates cannot reach ``size_min``."""
    n = allowed.shape[0]
    later = [nb >> (i + 1) << (i + 1) for i, nb in enumerate(bitsets(allowed))]
    found: list[tuple[int, ...]] = []

    def extend(clique: tuple[int, ...], cand: int) -> None:
        if len(clique) >= size_min:
            found.append(clique)
            if len(found) > limit:
                raise TooManyCircles
        if len(clique) == size_max or len(clique) + cand.bit_count() < size_min:
            return
        while cand:
            low = cand & -cand
            cand ^= low
            j = low.bit_length() - 1
            extend((*clique, j), cand & later[j])

    try:
        for i in range(n):
            if (1 + later[i].bit_count()) >= size_min:
                extend((i,), later[i])
    except TooManyCircles:
        return None
    return found


def representable(k: int, size_min: int, size_max: int) -> int:
    """The largest ``k' ≤ k`` that is a sum of circle sizes in ``size_min..size_max``."""
    while k > 0:
        g = -(-k // size_max)  # fewest circles that could hold k people
        if g * size_min <= k:
            return k
        k -= 1
    return 0


def placeable(allowed: np.ndarray, size_min: int, budget: int) -> np.ndarray:
    """Who may be placed at all: a person can only be placed if they belong to some clique of
    ``size_min`` people. Each person is checked by a depth-first search of at most ``budget``
    nodes (if the budget runs out they count as placeable, so the answer stays safe)."""
    nbrs = bitsets(allowed)
    ok = np.zeros(allowed.shape[0], dtype=bool)
    for i, nb in enumerate(nbrs):
        ok[i] = nb.bit_count() >= size_min - 1 and _in_clique(nbrs, nb, size_min - 1, budget)
    return ok


def _in_clique(nbrs: list[int], cand: int, need: int, budget: int) -> bool:
    """Whether ``cand`` holds a clique of ``need`` people (``True`` when the budget runs out)."""
    nodes = 0

    def search(cand: int, need: int) -> bool:
        nonlocal nodes
        if need == 0:
            return True
        nodes += 1
        if nodes > budget:
            return True
        while cand.bit_count() >= need:
            low = cand & -cand
            cand ^= low
            j = low.bit_length() - 1
            if search(cand & nbrs[j], need - 1):
                return True
        return False

    return search(cand, need)


@dataclass
class ExactOutcome:
    """Circles found by CP-SAT with proven bounds on the count placed and on the score."""

    circles: list[tuple[int, ...]]
    count_bound: int
    score_bound: float
    count_proven: bool
    score_proven: bool


def solve_listed(
    columns: list[tuple[int, ...]],
    val: np.ndarray,
    hint: list[tuple[int, ...]],
    count_bound: int,
    time_limit: float,
) -> ExactOutcome | None:
    """Two-stage CP-SAT over the listed circles; ``None`` if CP-SAT found no solution in time
    (the caller keeps its heuristic answer and bounds)."""
    from ortools.sat.python import cp_model

    weights = np.array([_circle_value(val, c) for c in columns])
    sizes = [len(c) for c in columns]
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"c{k}") for k in range(len(columns))]
    covering: list[list[int]] = [[] for _ in range(val.shape[0])]
    for k, c in enumerate(columns):
        for i in c:
            covering[i].append(k)
    for ks in covering:
        if len(ks) > 1:
            model.add_at_most_one(x[k] for k in ks)
    index = {c: k for k, c in enumerate(columns)}
    hinted = {index[c] for c in hint if c in index}
    for k in range(len(columns)):
        model.add_hint(x[k], k in hinted)
    count = cp_model.LinearExpr.weighted_sum(x, sizes)
    hint_count = sum(len(c) for c in hint)
    count_proven = hint_count >= count_bound
    if not count_proven:
        model.maximize(count)
        status, solver = _solve(model, time_limit / 2)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        best = int(round(solver.objective_value))
        count_bound = min(count_bound, int(solver.best_objective_bound))
        count_proven = status == cp_model.OPTIMAL or best >= count_bound
        model.clear_hints()
        for k in range(len(columns)):
            model.add_hint(x[k], bool(solver.value(x[k])))
    else:
        best = hint_count
    model.add(count >= best)
    scale = SCALE_STEPS / max(1.0, float(np.abs(weights).max(initial=0.0)))
    scaled = np.round(weights * scale).astype(int).tolist()
    model.maximize(cp_model.LinearExpr.weighted_sum(x, scaled))
    status, solver = _solve(model, time_limit / 2 if not count_proven else time_limit)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = [columns[k] for k in range(len(columns)) if solver.value(x[k])]
    slack = 0.5 * (val.shape[0] // max(1, min(sizes))) / scale  # rounding of each circle's value
    return ExactOutcome(
        circles=chosen,
        count_bound=count_bound,
        score_bound=solver.best_objective_bound / scale + slack,
        count_proven=count_proven or sum(map(len, chosen)) >= count_bound,
        score_proven=status == cp_model.OPTIMAL,
    )


def _solve(model: CpModel, time_limit: float) -> tuple[object, CpSolver]:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = 1  # deterministic, and polite on shared machines
    status = solver.solve(model)
    return status, solver


def _circle_value(val: np.ndarray, circle: tuple[int, ...]) -> float:
    idx = np.array(circle)
    return float(val[np.ix_(idx, idx)].sum() / 2)
