"""Profile the benchmark's pages in-process: queries and time per page, no load.

``python -m tests.load.profile_pages --users users.json [--repeat 5]`` (the bench's
environment: DJANGO_SETTINGS_MODULE, DATABASE_URL...). For the first load member, renders each
page of the journeys through Django's test client (signed in with ``force_login``, as over
HTTPS) and prints, per page, the number of SQL queries, their total time, and the median
wall time and Python CPU time (this process only, not PostgreSQL's) of ``--repeat``
requests. Prints JSON (one object per page) on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import timedelta

import django


def main() -> None:
    parser = argparse.ArgumentParser(description="Queries and time per page.")
    parser.add_argument("--users", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    account = json.load(open(args.users, encoding="utf-8"))[0]  # noqa: SIM115
    user = User.objects.get(email=account["email"])
    rel, number = account["relationship"], account["planned"][-1]
    end = timezone.localdate()
    start = end - timedelta(days=365)
    pages = {
        "/portal/": "/portal/",
        "/portal/relationships/[id]/": f"/portal/relationships/{rel}/",
        "/portal/relationships/[id]/sessions/[n]/plan/": (
            f"/portal/relationships/{rel}/sessions/{number}/plan/"
        ),
        "/portal/relationships/[id]/sessions/[n]/log/": (
            f"/portal/relationships/{rel}/sessions/{number}/log/"
        ),
        "/portal/relationships/calendar/": "/portal/relationships/calendar/",
        "/portal/cpd/": "/portal/cpd/",
        "/portal/cpd/reflections/": "/portal/cpd/reflections/",
        "/portal/cpd/reflections/new/": "/portal/cpd/reflections/new/",
        "/portal/cpd/export/": "/portal/cpd/export/",
        "/portal/cpd/export/portfolio.pdf": (
            f"/portal/cpd/export/portfolio.pdf?start={start}&end={end}"
        ),
    }
    client = Client()
    client.force_login(user)
    rows = []
    for name, url in pages.items():
        client.get(url, secure=True)  # warm caches (templates, connections)
        times, cpu, queries, sql_ms, status = [], [], 0, 0.0, 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url, secure=True)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            status = response.status_code
            queries = len(captured.captured_queries)
            sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        rows.append(
            {
                "page": name,
                "status": status,
                "queries": queries,
                "sql_ms": round(sql_ms, 1),
                "median_ms": round(statistics.median(times), 1),
                "cpu_ms": round(statistics.median(cpu), 1),
            }
        )
        print(f"{name:<52} {status} {queries:>4} queries {sql_ms:7.1f} ms SQL "
              f"{statistics.median(times):7.1f} ms, "
              f"CPU {statistics.median(cpu):7.1f} ms")  # fmt: skip
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
