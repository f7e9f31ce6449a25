"""Where the CPU went during a measured phase: each service's process tree, and the rest.

Wall-clock latency on a shared machine mostly measures the queue for the cores; CPU time
per request does not. Sampling every service's process tree (with its children: gunicorn's
workers, PostgreSQL's backends, Celery's pool) at the start and end of the steady phase
gives the CPU each request cost the site, and so how many cores a given number of members
needs at the measured pace, whatever else the machine was doing.
"""

from __future__ import annotations

from pathlib import Path

import psutil


def _tree_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its living children."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def postmaster_pid(pg_data: Path) -> int | None:
    try:
        return int((pg_data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def sample(roots: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far per named process tree, plus the whole machine's busy seconds."""
    seconds = {name: _tree_seconds(pid) for name, pid in roots.items()}
    machine = psutil.cpu_times()
    seconds["machine busy"] = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
    return seconds


def per_request(
    before: dict[str, float], after: dict[str, float], requests: int, wall: float
) -> dict[str, dict[str, float]]:
    """For each tree: cores used on average over ``wall`` seconds and CPU ms per request."""
    out: dict[str, dict[str, float]] = {}
    for name in after:
        used = max(0.0, after[name] - before.get(name, 0.0))
        out[name] = {
            "cores": used / wall if wall else 0.0,
            "ms_per_request": 1000 * used / requests if requests else 0.0,
        }
    site = [n for n in out if n in ("web", "postgres", "redis", "worker", "beat")]
    out["site"] = {
        "cores": sum(out[n]["cores"] for n in site),
        "ms_per_request": sum(out[n]["ms_per_request"] for n in site),
    }
    return out
