"""Benchmark rows for every score family (``matching.families``): one-to-many and shortlists.

Each row runs in a fresh process (see :mod:`matching.bench`) and is printed beside exact
references measured in the same run (``matching.references``): scipy's dense LAPJV on the
slot-expanded matrix and OR-Tools min-cost flow for the assignment; OR-Tools max-flow for
the most shortlist alternatives around the same first options. Any shortfall is flagged.
"""

from __future__ import annotations

import math
import time

import numpy as np

from matching import families, references

SHORTLIST_K = 3


def task(kind: str, solver: str, params: dict, rss_mb, peak_mb) -> dict:
    """Build the instance, run ``solver`` on it and measure (inside the worker process)."""
    from matching import engine

    score, cap = families.one_to_many(params["family"], params["n"], params["m"], params["seed"])
    rss0 = rss_mb()
    t0 = time.perf_counter()
    info: dict = {}
    if kind == "family-assign":
        if solver == "engine":
            sol = engine.solve_assignment(score, cap)
            pairs = sol.pairs
            info = {"status": sol.optimality, "rounds": sol.rounds, "edges": sol.candidate_edges}
        elif solver == "scipy-dense":
            pairs = references.scipy_dense_assignment(score, cap)
        else:
            pairs = references.ortools_assignment(score, cap)
        idx = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        count, objective = len(pairs), float(score[idx[:, 0], idx[:, 1]].sum())
    else:
        lists = engine.shortlist(score, cap, SHORTLIST_K)
        firsts = {i: opts[0] for i, opts in lists.items() if opts}
        if solver == "engine":
            count = sum(len(opts) - 1 for opts in lists.values() if opts)
            objective = float(sum(len(opts) >= 2 for opts in lists.values()))
        else:  # the reference re-solves only the alternatives, around the same first options
            t0 = time.perf_counter()
            count = references.ortools_alternatives(score, cap, firsts, SHORTLIST_K - 1)
            objective = float(references.ortools_alternatives(score, cap, firsts, 1))
    return {
        "time": time.perf_counter() - t0,
        "peak": peak_mb(),
        "rss0": rss0,
        "count": count,
        "objective": objective,
        "info": info,
    }


def report(run, sizes: list[tuple[int, int]], *, slow: bool, in_process: bool) -> list[str]:
    """Print one table per size for every family; return the shortfalls found."""
    shortfalls: list[str] = []
    for n, m in sizes:
        print(f"\n== one-to-many, every family, {n} mentees x {m} mentors, capacity 1-3")
        print(
            f"{'family':<16}{'solver':<14}{'time s':>8}{'peak MB':>9}{'solve MB':>10}"
            f"{'matched':>9}{'objective':>14}  notes"
        )
        refs = ["scipy-dense", "ortools-flow"] if slow or n * m <= 2_000_000 else ["scipy-dense"]
        for family in families.FAMILIES:
            params = {"family": family, "n": n, "m": m, "seed": 11, "in_process": in_process}
            rows = {s: run("family-assign", s, params) for s in ["engine", *refs]}
            for solver, r in rows.items():
                _row(family, solver, r)
            shortfalls += _compare(family, n, m, rows, refs)
    for n, m in sizes:
        # At n x m the optimal assignment takes every place (mentees outnumber places), so no
        # alternative is allowed; a fifth of the mentees leaves places to offer.
        n_s, m_s = max(1, n // 5), m
        print(
            f"\n== shortlists of {SHORTLIST_K}, every family, {n_s} mentees x {m_s} mentors "
            "(matched = alternatives offered, objective = mentees with 2+ options; the "
            "reference's time is its max-flow only)"
        )
        for family in families.FAMILIES:
            params = {
                "family": family,
                "n": n_s,
                "m": m_s,
                "seed": 12,
                "in_process": in_process,
            }
            rows = {s: run("family-shortlist", s, params) for s in ["engine", "ortools-flow"]}
            for solver, r in rows.items():
                _row(family, solver, r)
            shortfalls += _compare(family, n_s, m_s, rows, ["ortools-flow"], what="shortlist")
    return shortfalls


def _row(family: str, solver: str, r: dict) -> None:
    notes = ", ".join(f"{k}={v}" for k, v in r["info"].items())
    print(
        f"{family:<16}{solver:<14}{r['time']:>8.2f}{r['peak']:>9.0f}{r['peak'] - r['rss0']:>10.0f}"
        f"{r['count']:>9}{r['objective']:>14.4f}  {notes}"
    )


def _compare(family, n, m, rows, refs, *, what="assignment") -> list[str]:
    eng, out = rows["engine"], []
    for ref in refs:
        r = rows[ref]
        same = eng["count"] == r["count"] and math.isclose(
            eng["objective"], r["objective"], rel_tol=1e-9, abs_tol=1e-6
        )
        flag = "same optimum" if same else "SHORTFALL"
        if not same and (eng["count"], eng["objective"]) > (r["count"], r["objective"] + 1e-6):
            flag = "engine better than reference (reference not exact?)"
        ratio = f"engine / {ref} time {eng['time'] / max(1e-9, r['time']):.3f}; "
        print(f"   {family}: {ratio if what == 'assignment' else ''}{flag}")
        if not same:
            out.append(f"{what} {family} {n}x{m} vs {ref}: {flag}")
    return out
