"""Benchmark a whole matching run of a large mentor/mentee scheme: time and peak memory.

``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a name of yours> python -m
tests.load.matching_run [--applicants 10000] [--mentors 3000] [--sample 20000]``

It creates a fresh test database beside the one named (``test_<name>``, dropped at the
end), seeds one senior/junior scheme with ``--applicants`` accepted applicants
(``tests/load/review_seed.py``'s people: a fifth of profiles blank, names in many scripts,
popular mentors with eight places; ``--profiles varied``, the default, then draws the other
profiles at random, half-filled ones included, and forbids same-organisation pairs;
``uniform`` keeps the seed's few repeated profiles, so nearly every pair ties)
and starts a run as an administrator would
(``run_start``: the Celery task ``matching.run_matching`` runs it, eagerly, on commit:
pool, scores, engine, proposals stored). Then, on the same pool, each stage alone: the
pool, the score matrix (arrays, in row blocks), the engine, the reasons of the proposed
pairs. References measured in the same run: the per-pair scoring every run used before
(a ``Score`` with reasons kept for every pair) on ``--sample`` pairs, extrapolated to the
whole matrix, time and memory. Peak memory is the process's resident set, sampled every
5 ms during each stage, and the rise over its level before the stage. The machine's
load average is printed; above 4 the times are inflated by other work. A benchmark, not a
test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import django

CPU = [0.0]


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(work: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """``work()``'s result, wall seconds, peak RSS (MB) and rise over the start (MB).
    The CPU seconds of the process are kept in ``CPU`` (a loaded machine inflates wall
    time, not CPU time)."""
    gc.collect()
    start = _rss_mb()
    peak = [start]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    began, cpu = time.perf_counter(), time.process_time()
    try:
        result = work()
    finally:
        elapsed = time.perf_counter() - began
        CPU[0] = time.process_time() - cpu
        done.set()
        sampler.join()
    peak[0] = max(peak[0], _rss_mb())
    return result, elapsed, peak[0], peak[0] - start


def _row(label: str, seconds: float, peak: float, rise: float, note: str = "") -> None:
    print(
        f"{label:<46} {seconds:>8.2f} {CPU[0]:>7.2f} {peak:>9.0f} {rise:>9.0f}  {note}", flush=True
    )


def _vary(applications, *, seed: int) -> None:
    """Draw the non-blank profiles and the goals at random (in bulk): half-filled ones,
    spelling variants, several languages and times, years from 0 to 35."""
    import random

    from accounts.models import Area, Profile
    from schemes.models import Application
    from tests.load.review_seed import COUNTRIES, INTERESTS, ORGANISATIONS

    rng = random.Random(seed)
    areas = [a.value for a in Area]
    times = ["weekday_morning", "weekday_afternoon", "weekday_evening", "weekend"]
    languages = ["English", "english", "Welsh", "Polish", "Arabic", "Hindi", "Greek"]
    profiles = list(Profile.objects.filter(user__applications__in=applications))
    for p in profiles:
        if not p.membership_number:  # left blank
            continue
        half = rng.random() < 0.4
        p.expertise = rng.sample(areas, rng.randint(0, 1 if half else 4))
        p.interests = rng.sample(INTERESTS, rng.randint(0, 3))
        p.years_experience = rng.randint(0 if p.years_experience < 10 else 2, 35)
        p.availability = [] if half else rng.sample(times, rng.randint(1, 3))
        p.languages = [] if half else rng.sample(languages, rng.randint(1, 2))
        p.preferred_mode = rng.choice(["online", "in_person", "either", "either"])
        p.organisation = rng.choice([*ORGANISATIONS, f"Trust {rng.randint(1, 400)}"])
        p.country = rng.choice(COUNTRIES)
    Profile.objects.bulk_update(
        profiles,
        ["expertise", "interests", "years_experience", "availability", "languages"]
        + ["preferred_mode", "organisation", "country"],
        batch_size=1000,
    )
    for a in applications:
        a.goals_areas = rng.sample(areas, rng.randint(0, 3))
    Application.objects.bulk_update(applications, ["goals_areas"], batch_size=1000)


def _per_pair_reference(pool, mentees, mentors, sample: int) -> tuple[float, float]:
    """The old path on ``sample`` pairs: seconds and bytes per pair kept."""
    from matching.pool import score_applications

    pairs = [(mentors[k % len(mentors)], mentees[(k * 7919) % len(mentees)]) for k in range(sample)]
    tracemalloc.start()
    began = time.perf_counter()
    kept = {(k, 0): score_applications(pool, m, e) for k, (m, e) in enumerate(pairs)}
    seconds = time.perf_counter() - began
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    # tracemalloc slows allocation-heavy code: time a second pass without it (CPU time,
    # which a loaded machine does not inflate)
    began = time.process_time()
    kept = {(k, 0): score_applications(pool, m, e) for k, (m, e) in enumerate(pairs)}
    seconds = time.process_time() - began
    assert len(kept) == sample
    return seconds / sample, size / sample


def _stages(scheme, sample: int) -> None:
    import numpy as np

    from matching import pool as pools
    from matching.engine import assign_one_to_many

    pool, t, peak, rise = measure(lambda: pools.build_pool(scheme))
    _row("pool (build_pool, applications and profiles)", t, peak, rise)
    mentees, mentors = pool.mentees, pool.mentors
    matrix, t, peak, rise = measure(lambda: pools.score_matrix(pool, mentees, mentors))
    n_pairs = matrix.size
    _row(
        "scores (arrays, in row blocks)",
        t,
        peak,
        rise,
        f"{len(mentees)} x {len(mentors)} = {n_pairs:,} pairs, "
        f"{np.isnan(matrix).sum():,} forbidden, {len(np.unique(matrix[~np.isnan(matrix)]))} "
        "distinct scores",
    )
    capacity = [pool.remaining[m.pk] for m in mentors]
    pairs, t, peak, rise = measure(lambda: assign_one_to_many(matrix, capacity))
    _row("engine (assign_one_to_many)", t, peak, rise, f"{len(pairs)} pairs")
    _, t, peak, rise = measure(
        lambda: [pools.score_applications(pool, mentors[j], mentees[i]) for i, j in pairs]
    )
    _row("reasons of the proposed pairs only", t, peak, rise)
    (per_pair_s, per_pair_bytes), t, peak, rise = measure(
        lambda: _per_pair_reference(pool, mentees, mentors, sample)
    )
    _row(
        f"reference: per-pair scoring, {sample:,} pairs",
        t,
        peak,
        rise,
        f"{per_pair_s * 1e6:.1f} us (cpu) and {per_pair_bytes / 1024:.2f} KB per pair kept",
    )
    print(
        f"{'reference: per-pair scoring extrapolated':<46} {'':>8} "
        f"{per_pair_s * n_pairs:>7.1f} {'':>9} {per_pair_bytes * n_pairs / 2**20:>9.0f}"
        f"  all {n_pairs:,} pairs, as runs did"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Time and memory of a whole matching run.")
    parser.add_argument("--applicants", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=3_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument(
        "--profiles",
        choices=["varied", "uniform"],
        default="varied",
        help="varied: profiles drawn at random (a fifth blank); uniform: review_seed's "
        "few repeated profiles (six distinct scores: ties everywhere)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings_test")
    os.environ.setdefault("STAFF_MFA_REQUIRED", "off")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from matching import services
    from matching.models import MatchingRun, MatchingSettings
    from schemes.models import Role
    from tests.factories import SchemeFactory
    from tests.load.review_seed import _people

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        scheme = SchemeFactory(preparation_required=False)
        began = time.perf_counter()
        password = make_password(None)
        for role, count in (
            (Role.MENTOR, args.mentors),
            (Role.MENTEE, args.applicants - args.mentors),
        ):
            applications = _people(scheme, count, role, password)
            if args.profiles == "varied":
                _vary(applications, seed=count)
        if args.profiles == "varied":  # same-organisation pairs forbidden, as in many schemes
            MatchingSettings.objects.update_or_create(
                scheme=scheme, defaults={"organisation_rule": "required"}
            )
        seeded = time.perf_counter() - began
        admin = User.objects.create_superuser(email="bench-admin@example.org", password=None)
        load = os.getloadavg()[0]
        busy = " (above 4: times inflated by other work)" if load > 4 else ""
        print(
            f"{connection.vendor} ({connection.settings_dict['NAME']}), {os.cpu_count()} cores, "
            f"load average {load:.1f}{busy}"
        )
        print(
            f"{args.applicants} applicants: {args.mentors} mentors, "
            f"{args.applicants - args.mentors} mentees, {args.profiles} profiles "
            f"(seeded in {seeded:.1f} s)"
        )
        print(f"{'stage':<46} {'wall s':>8} {'cpu s':>7} {'peak MB':>9} {'rise MB':>9}")
        run, t, peak, rise = measure(lambda: services.run_start(scheme=scheme, by=admin))
        run = MatchingRun.objects.get(pk=run.pk)
        _row(
            "whole run: run_start -> matching.run_matching",
            t,
            peak,
            rise,
            f"{run.status}, {run.proposals.count()} proposals stored, "
            f"{len(run.unmatched)} unmatched",
        )
        print("each stage alone, on the same pool:")
        MatchingRun.objects.filter(pk=run.pk).delete()
        _stages(scheme, args.sample)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
