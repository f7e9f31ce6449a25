"""Benchmark the matching engine against reference solvers and greedy baselines.

Run ``python -m matching.bench`` (full sizes, a quarter of an hour) or ``python -m
matching.bench --quick`` (small sizes; used as a smoke test). No Django is needed.
``--families-only`` prints just the tables of every score family (``matching.families``)
for one-to-many and shortlists, each beside its exact reference (``bench_families.py``).

With ``--quick`` the family tables run in this process (fast; their peak memory is then
not the solver's own). Otherwise every (instance, solver) run happens in a fresh ``spawn``
subprocess which regenerates the
instance from a fixed seed, so the reported peak RSS (``ru_maxrss``) is that solver's alone.
Instances are generated in place, block by block, so generation does not inflate the peak;
``RSS after instance`` is reported too, and ``solve peak`` is the difference.

References (``matching.references``): scipy's dense ``linear_sum_assignment`` on the
slot-expanded matrix and OR-Tools min-cost flow for the one-to-many problem; rustworkx's
(optional) blossom ``max_weight_matching`` on the *full* pool graph for pools (``--slow``
adds the 5,000-person full-graph run, which takes many minutes).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np

from matching import bench_families
from matching.bench_circles import section as circles_section

BLOCK = 500


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_one_to_many(n: int, m: int, seed: int, forbidden: float = 0.05):
    """Uniform scores in [0, 1), ``forbidden`` share of nan, capacities uniform in 1..3."""
    rng = np.random.default_rng(seed)
    score = np.empty((n, m))
    for r0 in range(0, n, BLOCK):
        blk = score[r0 : r0 + BLOCK]
        rng.random(out=blk)
        blk[rng.random(blk.shape) < forbidden] = np.nan
    return score, rng.integers(1, 4, size=m)


def make_pool(n: int, seed: int, forbidden: float = 0.05) -> np.ndarray:
    """Symmetric uniform scores in [0, 1) with a ``forbidden`` share of nan pairs."""
    rng = np.random.default_rng(seed)
    score = np.empty((n, n))
    for r0 in range(0, n, BLOCK):
        blk = score[r0 : r0 + BLOCK]
        rng.random(out=blk)
        blk[rng.random(blk.shape) < forbidden] = np.nan
    for r0 in range(0, n, BLOCK):
        r1 = min(n, r0 + BLOCK)
        score[r0:r1, :r0] = score[:r0, r0:r1].T
        sub = score[r0:r1, r0:r1]
        score[r0:r1, r0:r1] = np.triu(sub, 1) + np.triu(sub, 1).T
    np.fill_diagonal(score, np.nan)
    return score


def _rustworkx_full(score):
    import rustworkx as rx

    n = score.shape[0]
    a, b = np.nonzero(np.triu(~np.isnan(score), 1))
    lo = np.nanmin(score)
    w = np.round((score[a, b] - lo) * 2**40).astype(np.int64) + 1
    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    g.extend_from_weighted_edge_list(list(zip(a.tolist(), b.tolist(), w.tolist(), strict=True)))
    mate = rx.max_weight_matching(g, max_cardinality=True, weight_fn=lambda x: x)
    return sorted((min(i, j), max(i, j)) for i, j in mate)


def _task(kind: str, solver: str, params: dict) -> dict:
    """Run one solver on one instance inside a fresh process and measure it."""
    from matching import engine, references

    if kind.startswith("family-"):
        return bench_families.task(kind, solver, params, _rss_mb, _peak_mb)
    if kind == "assign":
        score, cap = make_one_to_many(params["n"], params["m"], params["seed"])
    else:
        score = make_pool(params["n"], params["seed"])
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    info: dict = {}
    if kind == "assign":
        if solver == "engine":
            sol = engine.solve_assignment(score, cap)
            pairs = sol.pairs
            info = {
                "status": sol.optimality,
                "rounds": sol.rounds,
                "edges": sol.candidate_edges,
            }
        elif solver == "scipy-dense":
            pairs = references.scipy_dense_assignment(score, cap)
        else:
            pairs = engine.greedy_one_to_many(score, cap)
    elif kind == "pool":
        if solver == "engine":
            pool_sol = engine.solve_pool(score, exact_limit=params.get("exact_limit", 2000))
            pairs = pool_sol.pairs
            info = {
                "proven": pool_sol.proven_optimal,
                "bound": pool_sol.upper_bound,
                "gap": pool_sol.gap,
            }
        elif solver == "rustworkx-full":
            pairs = _rustworkx_full(score)
        else:
            pairs = engine.greedy_pairs(score)
    elapsed = time.perf_counter() - t0
    idx = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    objective = float(score[idx[:, 0], idx[:, 1]].sum())
    return {
        "time": elapsed,
        "peak": _peak_mb(),
        "rss0": rss0,
        "count": len(pairs),
        "objective": objective,
        "info": info,
    }


def _run(kind: str, solver: str, params: dict) -> dict:
    if params.get("in_process"):
        return _task(kind, solver, params)
    ctx = get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as ex:
        return ex.submit(_task, kind, solver, params).result()


def _available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _report(title: str, kind: str, params: dict, solvers: list[str], reference: str | None):
    print(f"\n== {title}")
    print(
        f"{'solver':<16}{'time s':>9}{'peak RSS MB':>13}{'RSS after instance':>20}"
        f"{'solve peak MB':>15}{'matched':>9}{'objective':>14}  notes"
    )
    results = {}
    for solver in solvers:
        r = _run(kind, solver, params)
        results[solver] = r
        notes = ", ".join(
            f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in r["info"].items()
        )
        print(
            f"{solver:<16}{r['time']:>9.2f}{r['peak']:>13.0f}{r['rss0']:>20.0f}"
            f"{r['peak'] - r['rss0']:>15.0f}{r['count']:>9}{r['objective']:>14.4f}  {notes}"
        )
    eng = results["engine"]
    if reference and reference in results:
        ref = results[reference]
        same = ref["count"] == eng["count"] and math.isclose(
            ref["objective"], eng["objective"], rel_tol=1e-9, abs_tol=1e-6
        )
        print(
            f"engine time / {reference} time = {eng['time'] / ref['time']:.3f}; "
            f"same optimum: {same} (objective diff {eng['objective'] - ref['objective']:.2e})"
        )
    if "greedy" in results:
        g = results["greedy"]
        print(
            f"engine vs greedy: matched {eng['count']} vs {g['count']}, objective "
            f"{eng['objective']:.4f} vs {g['objective']:.4f} "
            f"({100 * (eng['objective'] - g['objective']) / max(1e-12, abs(g['objective'])):+.2f}%)"
        )
    return results


# ---------------------------------------------------------------- pool families
# Pools on score families shaped like real schemes (matching.families), each size against an
# exact full-graph blossom reference where it fits, with time and peak memory of each.

POOL_SIZES = {"quick": [120, 400], "full": [1_000, 2_000, 5_000, 10_000]}
#: Largest pool whose full graph the reference blossom solves in this run.
POOL_REFERENCE_LIMIT = {"quick": 400, "full": 1_000, "slow": 2_000}


def _pool_family_task(solver: str, family: str, n: int, seed: int, exact_limit: int) -> dict:
    """One pool-family solve inside a fresh process: time, peak RSS, pairs and objective."""
    from matching import engine, families

    score = families.pool(family, n, seed)
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    info: dict = {}
    if solver == "engine":
        sol = engine.solve_pool(score, exact_limit=exact_limit)
        pairs = sol.pairs
        info = {"proven": sol.proven_optimal, "gap": sol.gap, "rounds": sol.rounds}
    else:
        pairs = _rustworkx_full(score)
    elapsed = time.perf_counter() - t0
    idx = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    objective = float(score[idx[:, 0], idx[:, 1]].sum())
    return {
        "time": elapsed,
        "peak": _peak_mb(),
        "rss0": rss0,
        "count": len(pairs),
        "objective": objective,
        "info": info,
    }


def _run_pool_family(*args) -> dict:
    ctx = get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as ex:
        return ex.submit(_pool_family_task, *args).result()


def pool_families(mode: str) -> None:
    """Every family at every size: the engine beside the full-graph reference where it fits."""
    from matching.families import FAMILIES

    sizes = POOL_SIZES["quick" if mode == "quick" else "full"]
    ref_limit = POOL_REFERENCE_LIMIT[mode]
    exact_limit = 200 if mode == "quick" else 2_000
    print(f"\n== pool families (exact up to {exact_limit:,}; reference up to {ref_limit:,})")
    print(f"load average {os.getloadavg()[0]:.1f} at start (2 cores)")
    head = f"{'family':<16}{'n':>7}{'solver':>16}{'time s':>9}{'solve MB':>10}{'pairs':>7}"
    print(f"{head}{'objective':>14}  notes")
    for n in sizes:
        for family in FAMILIES:
            solvers = ["engine"] + (["rustworkx-full"] if n <= ref_limit else [])
            res = {s: _run_pool_family(s, family, n, 1, exact_limit) for s in solvers}
            for solver, r in res.items():
                notes = ", ".join(
                    f"{k}={v:.2g}" if isinstance(v, float) else f"{k}={v}"
                    for k, v in r["info"].items()
                )
                print(
                    f"{family:<16}{n:>7}{solver:>16}{r['time']:>9.2f}"
                    f"{r['peak'] - r['rss0']:>10.0f}{r['count']:>7}{r['objective']:>14.2f}  {notes}"
                )
            if "rustworkx-full" in res:
                e, ref = res["engine"], res["rustworkx-full"]
                same = e["count"] == ref["count"] and math.isclose(
                    e["objective"], ref["objective"], rel_tol=1e-9, abs_tol=1e-6
                )
                print(f"{'':<23}same optimum as the reference: {same}", flush=True)
            else:
                print(
                    f"{'':<23}reference: full graph too large here; gap is to a proven bound",
                    flush=True,
                )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument(
        "--slow",
        action="store_true",
        help="add the 5,000 full-graph pool reference and OR-Tools at full one-to-many size",
    )
    parser.add_argument("--families-only", action="store_true", help="only the score-family tables")
    parser.add_argument(
        "--pool-families", action="store_true", help="only the pool score families section"
    )
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else ("slow" if args.slow else "full")
    if args.pool_families:
        pool_families(mode)
        return
    rx = _available("rustworkx")
    if args.quick:
        one = {"n": 600, "m": 180, "seed": 1}
        exact = {"n": 200, "seed": 2}
        bounded = {"n": 600, "seed": 3, "exact_limit": 300}
    else:
        one = {"n": 10_000, "m": 3_000, "seed": 1}
        exact = {"n": 2_000, "seed": 2}
        bounded = {"n": 5_000, "seed": 3}
    print(f"matching engine benchmark ({'quick' if args.quick else 'full'}); rustworkx: {rx}")
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores; above 2 times inflate)")
    short = bench_families.report(
        _run, [(one["n"], one["m"])], slow=args.slow, in_process=args.quick
    )
    print("\nshortfalls: " + ("; ".join(short) if short else "none"))
    if args.families_only:
        return
    _report(
        f"one-to-many {one['n']} mentees x {one['m']} mentors, capacity 1-3, 5% forbidden",
        "assign",
        one,
        ["engine", "scipy-dense", "greedy"],
        "scipy-dense",
    )
    ref = ["rustworkx-full"] if rx else []
    _report(
        f"pool of {exact['n']} (exact, full graph), 5% forbidden",
        "pool",
        exact,
        ["engine", *ref, "greedy"],
        "rustworkx-full" if rx else None,
    )
    slow_ref = ref if (args.slow or args.quick) else []
    _report(
        f"pool of {bounded['n']} (candidate graph + bound), 5% forbidden",
        "pool",
        bounded,
        ["engine", *slow_ref, "greedy"],
        "rustworkx-full" if slow_ref else None,
    )
    circles_section(quick=args.quick)
    pool_families(mode)


if __name__ == "__main__":
    main()
