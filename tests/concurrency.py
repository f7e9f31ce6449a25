"""Run jobs at the same moment, each in its own thread and database connection: the
PostgreSQL race tests (matching runs, member-led requests, flash bookings) share it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def race(*jobs: Callable[[], Any]) -> list:
    """Each job's result, or the exception it raised (asserted by the test)."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def work(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = job()
        except Exception as exc:  # recorded and asserted by the test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
