"""Circles against CP-SAT: the reference model and the circles section of the benchmark.

The reference shares nothing with the engine's exact path (which lists feasible circles and
packs them): it is the textbook *assignment* model, one boolean ``x[i, c]`` per person and
circle slot, ``z[i, j, c] = x[i, c] ∧ x[j, c]`` for the pairs that count, size limits per used
slot, forbidden pairs never in one slot, and the lexicographic objective ``M · placed +
score`` in integers. On small instances it is solved to optimality; at 600 and 2,000 people
it gets the same wall time as the engine (model building included) and keeps only each
person's best partners in the objective, the usual way to make that model fit; the circles it
returns are then scored on the full matrix.

Run ``python -m matching.bench_circles`` (``--quick`` for small sizes); ``python -m
matching.bench`` runs it as its circles section. Each run is a fresh ``spawn`` process that
regenerates the instance, so peak RSS is that solver's own.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np

FAMILIES = ("uniform", "equal", "three_valued", "blank_profiles", "popular", "attributes")


def cpsat_circles(
    score: np.ndarray,
    size_min: int,
    size_max: int,
    *,
    time_limit: float,
    neighbours: int | None = None,
) -> tuple[list[list[int]], bool]:
    """Circles from the CP-SAT assignment model and whether CP-SAT proved them optimal.

    ``neighbours`` keeps, in the objective, only each person's best ``neighbours`` partners
    (``None``: every pair, exact). The time limit covers building the model.
    """
    from ortools.sat.python import cp_model

    deadline = time.perf_counter() + time_limit
    built = _assignment_model(score, size_min, size_max, neighbours, deadline)
    if built is None:
        return [], False  # the model could not even be built in the time given
    model, x = built
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], False
    n, slots = len(x), len(x[0]) if x else 0
    circles = [[i for i in range(n) if solver.value(x[i][c])] for c in range(slots)]
    return sorted(c for c in circles if c), status == cp_model.OPTIMAL and neighbours is None


def _assignment_model(score, size_min, size_max, neighbours, deadline):
    from ortools.sat.python import cp_model

    n = score.shape[0]
    forb = np.isnan(score)
    np.fill_diagonal(forb, True)
    val = np.where(forb, 0.0, score)
    slots = n // size_min
    model = cp_model.CpModel()
    x = [[model.new_bool_var("") for _ in range(slots)] for _ in range(n)]
    used = [model.new_bool_var("") for _ in range(slots)]
    for i in range(n):
        model.add_at_most_one(x[i])
    for c in range(slots):
        members = [x[i][c] for i in range(n)]
        model.add(sum(members) >= size_min * used[c])
        model.add(sum(members) <= size_max * used[c])
        if c:
            model.add(used[c] <= used[c - 1])  # symmetry: slots are used in order
    for i, j in zip(*np.nonzero(np.triu(forb, 1)), strict=True):
        if time.perf_counter() > deadline:
            return None
        for c in range(slots):
            model.add_bool_or([x[i][c].Not(), x[j][c].Not()])
    scale = 1000 / max(1e-12, float(np.abs(val).max(initial=0.0)))
    big = int(scale * float(np.abs(val).sum())) + 1  # one more person beats any score
    terms = [big * x[i][c] for i in range(n) for c in range(slots)]
    for i, j in _pairs(val, forb, neighbours):
        if time.perf_counter() > deadline:
            return None
        w = round(val[i, j] * scale)
        for c in range(slots):
            z = model.new_bool_var("")
            model.add_implication(z, x[i][c])
            model.add_implication(z, x[j][c])
            model.add_bool_or([x[i][c].Not(), x[j][c].Not(), z])
            terms.append(w * z)
    model.maximize(sum(terms))
    return model, x


def _pairs(val: np.ndarray, forb: np.ndarray, neighbours: int | None) -> list[tuple[int, int]]:
    allowed = ~forb
    if neighbours is not None:
        ranked = np.argsort(-np.where(forb, -np.inf, val), axis=1)[:, :neighbours]
        keep = np.zeros_like(allowed)
        np.put_along_axis(keep, ranked, True, axis=1)
        allowed &= keep | keep.T
    a, b = np.nonzero(np.triu(allowed, 1))
    return list(zip(a.tolist(), b.tolist(), strict=True))


def value(score: np.ndarray, circles: list[list[int]]) -> tuple[int, float]:
    """(people placed, total score) of circles on the full matrix."""
    total = sum(float(np.nansum(score[np.ix_(c, c)][np.triu_indices(len(c), 1)])) for c in circles)
    return sum(map(len, circles)), total


# ---------------------------------------------------------------------- benchmark section


def _task(family: str, solver: str, params: dict):
    from matching import engine
    from matching.bench import _peak_mb, _rss_mb
    from matching.families import pool

    score = pool(family, params["n"], params["seed"])
    sizes, limit = params["sizes"], params["limit"]
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    if solver == "engine":
        res = engine.form_circles(score, *sizes, time_limit=limit)
        circles, proven = res.circles, res.proven_optimal
        extra = {"bound": res.upper_bound, "placed_max": res.placed_max, "gap": res.gap}
    else:
        circles, proven = cpsat_circles(score, *sizes, time_limit=limit, neighbours=2 * sizes[1])
        extra = {}
    elapsed = time.perf_counter() - t0
    placed, total = value(score, circles)
    return {
        "time": elapsed,
        "peak": _peak_mb(),
        "solve": _peak_mb() - rss0,
        "placed": placed,
        "objective": total,
        "proven": proven,
        **extra,
    }


def _run(*args):
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as ex:
        return ex.submit(_task, *args).result()


def equal_time(n: int, sizes: tuple[int, int], limit: float, seed: int = 4) -> None:
    """Engine and CP-SAT (sparse assignment model) with the same time limit, per family."""
    print(
        f"\n== circles {sizes[0]}-{sizes[1]} from a pool of {n}: engine and CP-SAT, "
        f"{limit:g} s each"
    )
    print(
        f"{'family':<15}{'solver':<8}{'time s':>8}{'peak MB':>9}{'solve MB':>10}"
        f"{'placed':>8}{'objective':>13}  notes"
    )
    for family in FAMILIES:
        for solver in ("engine", "cp-sat"):
            r = _run(family, solver, {"n": n, "seed": seed, "sizes": sizes, "limit": limit})
            if solver == "engine":
                notes = f"bound {r['bound']:.1f}, gap {r['gap']:.3f}, placed_max {r['placed_max']}"
            elif r["placed"]:
                notes = "assignment model, best 2·size_max partners in the objective"
            else:
                notes = "no solution within the time (model building included)"
            print(
                f"{family:<15}{solver:<8}{r['time']:>8.2f}{r['peak']:>9.0f}{r['solve']:>10.0f}"
                f"{r['placed']:>8}{r['objective']:>13.2f}  {notes}"
            )


def small(count: int, limit: float) -> None:
    """Small instances (8-14 people, tie-heavy and forbidden-heavy) against exact CP-SAT."""
    from matching import engine
    from matching.families import pool

    rng = np.random.default_rng(19)
    short, gaps, times = 0, [], []
    for k in range(count):
        family = FAMILIES[k % len(FAMILIES)]
        n = int(rng.integers(8, 15))
        score = pool(family, n, k)
        _forbid(score, rng, float(rng.choice([0.0, 0.3, 0.6])))
        size_min = int(rng.integers(2, 4))
        sizes = (size_min, size_min + int(rng.integers(0, 3)))
        t0 = time.perf_counter()
        res = engine.form_circles(score, *sizes, time_limit=limit)
        times.append(time.perf_counter() - t0)
        ref = value(score, cpsat_circles(score, *sizes, time_limit=60)[0])
        got = value(score, res.circles)
        short += got[0] < ref[0]
        if got[0] == ref[0]:
            gaps.append((ref[1] - got[1]) / max(1e-9, abs(ref[1])))
    print(
        f"\n== circles, {count} small instances (8-14 people, 0/30/60 % extra forbidden) "
        "against exact CP-SAT"
    )
    print(
        f"fewer placed than CP-SAT: {short}; score gap where equal: median "
        f"{statistics.median(gaps):.4f}, 90th percentile {np.percentile(gaps, 90):.4f}, "
        f"worst {max(gaps):.4f}; engine time median {statistics.median(times):.3f} s"
    )


def _forbid(score: np.ndarray, rng: np.random.Generator, share: float) -> None:
    n = score.shape[0]
    extra = np.triu(rng.random((n, n)) < share, 1)
    score[extra | extra.T] = np.nan


def section(quick: bool) -> None:
    """The circles section of ``python -m matching.bench``."""
    if quick:
        small(24, 5.0)
        equal_time(60, (4, 6), 2.0)
        return
    small(182, 10.0)
    equal_time(600, (4, 6), 20.0)
    equal_time(2000, (4, 6), 60.0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    section(parser.parse_args(argv).quick)


if __name__ == "__main__":
    main()
