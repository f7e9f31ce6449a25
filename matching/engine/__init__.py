"""Pure-Python (numpy/scipy) matching engine: no Django imports anywhere in this package.

Public API (all raise ``ValueError`` on malformed input; empty inputs give empty results):

- :func:`assign_one_to_many` — mentees to mentors with capacities, optimal (most mentees
  matched, then largest total score), proven by a certificate or an exact full-graph solve,
  else :class:`NotProvenOptimal` is raised;
- :func:`pair_within_pool` — pairs within one pool, same objective, exact up to 2,000 people;
- :func:`form_circles` — group circles: most people placed, then the best total, with
  proven bounds on both (exact on small instances);
- :func:`shortlist` — capacity-safe shortlists for mentee-choice schemes, with the most
  alternatives the capacity rule allows (:func:`shortlist_from` reuses a solved assignment);
- :func:`greedy_one_to_many`, :func:`greedy_pairs` — baselines for the benchmark;
- :func:`solve_assignment`, :func:`solve_pool` — the same solvers returning their
  certificates/bounds, for diagnostics and the benchmark.

Method and proofs: ``docs/matching-engine.md``.
"""

from .bipartite import (
    AssignmentSolution,
    NotProvenOptimal,
    assign_one_to_many,
    solve_assignment,
)
from .circles import CircleResult, form_circles
from .greedy import greedy_one_to_many, greedy_pairs
from .pool import PoolSolution, pair_within_pool, solve_pool
from .shortlist import shortlist, shortlist_from

__all__ = [
    "AssignmentSolution",
    "CircleResult",
    "NotProvenOptimal",
    "PoolSolution",
    "assign_one_to_many",
    "form_circles",
    "greedy_one_to_many",
    "greedy_pairs",
    "pair_within_pool",
    "shortlist",
    "shortlist_from",
    "solve_assignment",
    "solve_pool",
]
