"""The README's run command started as a terminal starts it, stopped as Ctrl-C stops it,
and the SQLite file it writes read on the side (``tests/load/soak.py``)."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.load.embedded import ROOT


def query(db: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(sql, params).fetchall()


def foreground_signals() -> None:
    """Ctrl-C and Ctrl-\\ as a terminal's foreground job gets them: a shell that started this
    script in the background may have set them to be ignored, and an ignored signal stays
    ignored in every child (bash cannot even trap it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def start_run_command(args, var_dir: Path, terminal: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "PORT": str(args.port),
        "STAFF_MFA_REQUIRED": "off",
    }
    with terminal.open("wb") as out:
        process = subprocess.Popen(
            ["scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=foreground_signals,  # noqa: PLW1509 - no thread runs yet
        )
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(600):
        try:
            if requests.get(f"{base}/accounts/login/", timeout=5).status_code == 200:
                return process
        except requests.RequestException:
            pass
        if process.poll() is not None:
            sys.exit(f"scripts/run.sh exited with {process.returncode}; see {terminal}")
        time.sleep(1)
    sys.exit("scripts/run.sh did not answer in 10 minutes")


def stop_run_command(process: subprocess.Popen) -> tuple[float, list[str]]:
    """Ctrl-C as a terminal sends it; return the seconds it took and what was left."""
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=60)
    took = time.monotonic() - started
    time.sleep(1)
    left = subprocess.run(
        ["ps", "-o", "pid=,args=", "-g", str(process.pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    # An exited child not yet reaped (PID 1 of a container may never reap it) is not running.
    return took, [line.strip() for line in left if line.strip() and "<defunct>" not in line]


def drain(db: Path, since: str, seconds: float) -> float:
    """Wait until no outbox row of the run is pending or being sent; return the wait."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        rows = query(
            db,
            "SELECT COUNT(*) FROM accounts_sentnotification WHERE created_at >= ? "
            "AND status IN ('pending', 'sending')",
            [since],
        )
        if rows[0][0] == 0:
            break
        time.sleep(2)
    return time.monotonic() - started
