"""The fault "the SQLite file's lock held by another process" for ``tests/load/embedded.py``.

Another process (not the web server, the worker or beat) opens the database file and holds
a write transaction (``BEGIN IMMEDIATE``, as the sqlite3 shell or a backup script would)
for some seconds, then rolls it back. Meanwhile every writer of the app must wait its turn
(the busy timeout) or answer 503 "busy", never 500, and lose or duplicate nothing.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print(f"acquired {time.time():.3f}", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
print(f"released {time.time():.3f}", flush=True)
"""


def hold(db: Path, seconds: float) -> subprocess.Popen:
    """Start the other process; it takes the write lock at once and holds it ``seconds``."""
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )


def window(holder: subprocess.Popen) -> tuple[float, float]:
    """Wait for the holder to finish; return the wall-clock times it held the lock."""
    out, _ = holder.communicate(timeout=600)
    times = dict(line.split() for line in out.splitlines() if line.strip())
    return float(times["acquired"]), float(times["released"])


def summary(spans: list[tuple[float, float, str, int]], held: tuple[float, float]) -> list[str]:
    """What the requests that overlapped the held lock got, by page: statuses, slowest."""
    start, end = held
    lines = [f"lock held by another process for {end - start:.1f} s"]
    during: dict[str, list[tuple[int, float]]] = {}
    for began, ended, name, status in spans:
        if began < end and ended > start:
            during.setdefault(name, []).append((status, ended - began))
    for name, rows in sorted(during.items()):
        statuses = dict(sorted(Counter(status for status, _ in rows).items()))
        slowest = max(seconds for _, seconds in rows)
        lines.append(f"  {name:18} {len(rows):4} overlapping  slowest {slowest:5.1f} s  {statuses}")
    if not during:
        lines.append("  no request overlapped it")
    return lines
