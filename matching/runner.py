"""Turn a scheme's pool into proposals with the engine, and say why anyone is left out.

The optimisation itself is ``matching.engine`` (pure Python); this module only chooses the
engine function for the scheme's kind, builds the score matrix (numpy, in blocks: no
Python object per pair) and reads the answer back. Scores with their reasons are built
only for the pairs and circles proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext

from schemes.models import Application, SchemeKind

from . import scoring
from .models import Optimality, ProposalKind
from .pool import (
    Pool,
    excluded_entry,
    score_applications,
    score_group,
    score_matrix,
    unmatched_reasons,
)


@dataclass
class Group:
    kind: str
    applications: list[Application]
    score: scoring.Score
    rank: int = 1


@dataclass
class Outcome:
    groups: list[Group] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    objective: float = 0.0
    upper_bound: float | None = None
    optimality: str = Optimality.PROVEN  # nothing to solve is trivially optimal
    gap: float | None = None
    placed: int | None = None  # circles: people placed, and a proven bound on it
    placed_max: int | None = None


def _bounded(outcome: Outcome, proven: bool, gap: float | None) -> None:
    """Record what the engine proved: optimal, within a gap of a proven bound, or neither."""
    if proven:
        outcome.optimality, outcome.gap = Optimality.PROVEN, None
    elif gap is not None and np.isfinite(gap):
        outcome.optimality, outcome.gap = Optimality.BOUNDED, max(0.0, float(gap))
    else:
        outcome.optimality, outcome.gap = Optimality.UNPROVEN, None


def _left_out(
    outcome: Outcome,
    pool: Pool,
    people: list[Application],
    others: list[Application],
    *,
    matrix: np.ndarray,
    placed: set[int],
    fallback: str,
) -> None:
    """Add everyone of ``people`` not in ``placed`` (indices) to the unmatched, with why."""
    left = [i for i in range(len(people)) if i not in placed]
    why = unmatched_reasons(pool, people, others, matrix, left, fallback=fallback)
    outcome.unmatched += [excluded_entry(people[i], why[i]) for i in left]


def solve(pool: Pool) -> Outcome:
    scheme = pool.scheme
    if scheme.kind == SchemeKind.GROUP:
        outcome = _circles(pool)
    elif scheme.is_one_pool:
        outcome = _pairs_in_pool(pool)
    elif scheme.mentee_choice:
        outcome = _shortlists(pool)
    else:
        outcome = _one_to_many(pool)
    outcome.unmatched = pool.excluded + outcome.unmatched
    return outcome


def _nobody() -> str:
    return gettext("no eligible partner: nobody to pair with")


def _nobody_reason(pool: Pool) -> str:
    """Why a mentee is left out when no mentor is in the pool: the eligible mentors'
    places are all taken (some, maybe, by matches or options waiting for an answer), or
    there is nobody to pair with at all."""
    if not pool.full_mentors:
        return _nobody()
    if pool.held_waiting:
        return gettext(
            "capacity exhausted: every eligible mentor's places were taken "
            "(%(held)s held by proposals waiting for an answer)"
        ) % {"held": pool.held_waiting}
    return gettext("capacity exhausted: every eligible mentor's places were taken")


def _one_to_many(pool: Pool) -> Outcome:
    from .engine import solve_assignment

    mentees, mentors = pool.mentees, pool.mentors
    outcome = Outcome()
    if not mentees or not mentors:
        for app in mentees + mentors:
            reason = _nobody_reason(pool) if app in mentees else _nobody()
            outcome.unmatched.append(excluded_entry(app, reason))
        return outcome
    matrix = score_matrix(pool, mentees, mentors)
    capacity = [pool.remaining[m.pk] for m in mentors]
    solution = solve_assignment(matrix, capacity)
    _bounded(outcome, solution.proven_optimal, None)
    pairs = solution.pairs
    placed_mentees, used_mentors = set(), set()
    for i, j in pairs:
        s = score_applications(pool, mentors[j], mentees[i])
        outcome.groups.append(Group(ProposalKind.PAIR, [mentors[j], mentees[i]], s))
        outcome.objective += s.value or 0.0
        placed_mentees.add(i)
        used_mentors.add(j)
    _left_out(
        outcome, pool, mentees, mentors, matrix=matrix, placed=placed_mentees,
        fallback=gettext("capacity exhausted: every eligible mentor's places were taken"),
    )  # fmt: skip
    _left_out(
        outcome, pool, mentors, mentees, matrix=matrix.T, placed=used_mentors,
        fallback=gettext("places left: every eligible mentee was matched with someone else"),
    )  # fmt: skip
    outcome.objective = round(outcome.objective, 1)
    return outcome


def _shortlists(pool: Pool) -> Outcome:
    from .engine import shortlist_from, solve_assignment

    mentees, mentors = pool.mentees, pool.mentors
    outcome = Outcome()
    if not mentees or not mentors:
        for app in mentees:
            outcome.unmatched.append(excluded_entry(app, _nobody_reason(pool)))
        return outcome
    matrix = score_matrix(pool, mentees, mentors)
    capacity = [pool.remaining[m.pk] for m in mentors]
    solution = solve_assignment(matrix, capacity)
    _bounded(outcome, solution.proven_optimal, None)
    lists = shortlist_from(
        np.asarray(matrix, dtype=float), capacity, pool.scheme.shortlist_size, solution
    )
    listed = {i for i, options in lists.items() if options}
    _left_out(
        outcome, pool, mentees, mentors, matrix=matrix, placed=listed,
        fallback=gettext("capacity exhausted"),
    )  # fmt: skip
    for i, app in enumerate(mentees):
        for rank, j in enumerate(lists.get(i, []), start=1):
            s = score_applications(pool, mentors[j], app)
            outcome.groups.append(Group(ProposalKind.OPTION, [mentors[j], app], s, rank=rank))
            if rank == 1:
                outcome.objective += s.value or 0.0
    outcome.objective = round(outcome.objective, 1)
    return outcome


def _pairs_in_pool(pool: Pool) -> Outcome:
    from .engine import solve_pool

    peers = pool.peers
    outcome = Outcome()
    if len(peers) < 2:
        for app in peers:
            outcome.unmatched.append(
                excluded_entry(app, gettext("no eligible partner: nobody to pair with"))
            )
        return outcome
    matrix = score_matrix(pool, peers, peers)
    placed: set[int] = set()
    solution = solve_pool(matrix)
    _bounded(outcome, solution.proven_optimal, solution.gap)
    for i, j in solution.pairs:
        s = score_applications(pool, peers[i], peers[j])
        outcome.groups.append(Group(ProposalKind.PAIR, [peers[i], peers[j]], s))
        outcome.objective += s.value or 0.0
        placed.update((i, j))
    _left_out(
        outcome, pool, peers, peers, matrix=matrix, placed=placed,
        fallback=gettext("odd one out: every eligible partner was paired with someone else"),
    )  # fmt: skip
    outcome.objective = round(outcome.objective, 1)
    return outcome


def _circles(pool: Pool) -> Outcome:
    from .engine import form_circles

    peers = pool.peers
    scheme = pool.scheme
    outcome = Outcome()
    if len(peers) < scheme.circle_size_min:
        for app in peers:
            outcome.unmatched.append(
                excluded_entry(
                    app,
                    gettext("too few people for a circle of %(circle_size_min)s")
                    % {"circle_size_min": scheme.circle_size_min},
                )
            )
        return outcome
    matrix = score_matrix(pool, peers, peers)
    result = form_circles(matrix, scheme.circle_size_min, scheme.circle_size_max)
    placed: set[int] = set()
    for circle in result.circles:
        apps = [peers[i] for i in circle]
        outcome.groups.append(Group(ProposalKind.CIRCLE, apps, score_group(pool, apps)))
        placed.update(circle)
    left = [i for i in range(len(peers)) if i not in placed]
    why = unmatched_reasons(
        pool,
        peers,
        peers,
        matrix,
        left,
        fallback=gettext("no circle of %(circle_size_min)s-%(circle_size_max)s could take them")
        % {"circle_size_min": scheme.circle_size_min, "circle_size_max": scheme.circle_size_max},
    )
    outcome.unmatched += [excluded_entry(peers[i], why[i]) for i in left]
    outcome.placed, outcome.placed_max = len(placed), int(result.placed_max)
    objective = getattr(result, "objective", None)
    outcome.objective = round(float(objective), 1) if objective is not None else 0.0
    upper = getattr(result, "upper_bound", None)
    outcome.upper_bound = round(float(upper), 1) if upper is not None else None
    gap = None
    if objective is not None and upper is not None:
        gap = (float(upper) - float(objective)) / max(1e-12, abs(float(upper)))
    # The bound is on the total score only, so a circle run is "proven" only when the
    # engine says so (that nobody else could be placed, too).
    _bounded(outcome, bool(getattr(result, "proven_optimal", False)), gap)
    return outcome
