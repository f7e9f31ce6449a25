"""Benchmark the match review page at the size of a large body: time, size and queries.

``python -m tests.load.review_page --applicants 5000 --proposals 2000 [--repeat 5]``
with ``DATABASE_URL`` naming a PostgreSQL server (SQLite works too). It creates a fresh
test database beside the one named (``test_<name>``, dropped at the end), seeds a scheme
with a finished run (``tests/load/review_seed.py``: ``--applicants`` accepted applicants,
``--proposals`` pairs awaiting approval) and requests, through Django's test client signed
in as an administrator, the run's review page and, as a reference measured in the same
run, the admin index. Prints per page: status, bytes, ``<option>`` tags, SQL queries, and
the median and slowest wall time of ``--repeat`` requests (after one to warm up). A
benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import django


def _measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: templates, connections
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
    body = response.content
    return {
        "status": response.status_code,
        "kb": len(body) / 1024,
        "options": body.count(b"<option"),
        "queries": len(captured.captured_queries),
        "median_s": statistics.median(times),
        "max_s": max(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Time and size of the match review page.")
    parser.add_argument("--applicants", type=int, default=5000)
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings_test")
    os.environ.setdefault("STAFF_MFA_REQUIRED", "off")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from tests.factories import SchemeFactory
    from tests.load.review_seed import seed_review

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        world = seed_review(SchemeFactory(), applicants=args.applicants, proposals=args.proposals)
        seeded = time.perf_counter() - started
        admin = User.objects.create_superuser(email="bench-admin@example.org", password=None)
        client = Client()
        client.force_login(admin)
        pages = {
            "admin index (reference)": reverse("admin:index"),
            "match review page": reverse(
                "admin:matching_matchingrun_review", kwargs={"pk": world.run.pk}
            ),
        }
        print(
            f"{connection.vendor}, {args.applicants} applicants, {args.proposals} proposals "
            f"(seeded in {seeded:.1f} s), median of {args.repeat} requests"
        )
        print(f"{'page':<26} status       KB  <option>  queries  median s   max s")
        for label, url in pages.items():
            row = _measure(client, url, args.repeat)
            print(
                f"{label:<26} {row['status']:>6} {row['kb']:>8.1f} {row['options']:>9} "
                f"{row['queries']:>8} {row['median_s']:>9.3f} {row['max_s']:>7.3f}"
            )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
