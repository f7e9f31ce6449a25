"""The embedded default under an administrator's bulk work and a crowd of members.

A benchmark, not a test (docs/load-and-faults.md, "The embedded default"). Start the README's
run command with its output in a file, then point this at it:

    mkdir -p /tmp/embedded
    VAR_DIR=/tmp/embedded PORT=8871 STAFF_MFA_REQUIRED=off scripts/run.sh \
        >/tmp/embedded/run.log 2>&1 &
    python -m tests.load.embedded --base http://127.0.0.1:8871 --var-dir /tmp/embedded \\
        --terminal /tmp/embedded/run.log --members 25

``--members`` demo members (password ``demo-mentoring-2025``, each from its own loopback
address so the per-address sign-in limit sees different people) sign in and, for
``--seconds`` from the moment all of them are in, open the portal home and save their email
preferences, with ``--think`` seconds between requests. Meanwhile the demo administrator
bulk-accepts every submitted application and bulk-declines every waitlisted one in the admin
(one POST each, as the changelist's action form sends it). Then it waits for the worker to
deliver, runs the outbox sweep (``accounts.deliver_pending``) once the emails are a minute
old, as beat would, and reports: HTTP statuses and latencies, the admin's messages, the
emails printed (in the terminal and in the worker's log) with duplicate Message-IDs,
"database is locked" in the logs, the outbox rows written during the run by status, and
whether each member's last save that succeeded is what is stored. ``--lock-hold S`` adds a
fault: another process holds the SQLite write lock for S seconds
(``tests/load/sqlite_lock.py``), and the report lists what every request that overlapped it
got.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from tests.load import sqlite_lock

PASSWORD = "demo-mentoring-2025"  # noqa: S105 - the demo's published password
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MESSAGE = re.compile(r'<li class="(success|warning|error|info)">(.*?)</li>', re.S)
ROOT = Path(__file__).resolve().parents[2]


class FromAddress(HTTPAdapter):
    """Connect from one loopback address (127.0.x.y), as a different person would."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[tuple[str, int, float]] = field(default_factory=list)
    # (began, ended, name, status), wall-clock: what overlapped a fault.
    spans: list[tuple[float, float, str, int]] = field(default_factory=list)
    # Each member's last preferences save that succeeded, and the boxes it ticked.
    saved: dict[str, set[str]] = field(default_factory=dict)
    # Released once by each member when their sign-in is over (done or refused).
    signed_in: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def add(self, name: str, status: int, seconds: float, began: float | None = None) -> None:
        with self.lock:
            self.requests.append((name, status, seconds))
            if began is not None:
                self.spans.append((began, began + seconds, name, status))


def browser(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def timed(results: Results, name: str, call, *args, **kwargs) -> requests.Response | None:
    start, began = time.monotonic(), time.time()
    try:
        response = call(*args, **kwargs)
    except requests.RequestException:
        results.add(name, 0, time.monotonic() - start, began)
        return None
    results.add(name, response.status_code, time.monotonic() - start, began)
    return response


def sign_in(session: requests.Session, base: str, email: str, results: Results) -> bool:
    page = timed(results, "sign-in form", session.get, f"{base}/accounts/login/")
    if page is None or page.status_code != 200:
        return False
    response = timed(
        results,
        "sign in",
        session.post,
        f"{base}/accounts/login/",
        data={
            "csrfmiddlewaretoken": TOKEN.search(page.text).group(1),
            "login": email,
            "password": PASSWORD,
        },
        headers={"Referer": f"{base}/accounts/login/"},
    )
    return (
        response is not None
        and response.status_code == 200
        and "/accounts/login" not in (response.url)
    )


def member(base: str, email: str, *, address: str, args, stop: threading.Event, results: Results):
    """One member: sign in, then the portal home and a save of their email preferences."""
    session = browser(address)
    ok = sign_in(session, base, email, results)
    results.signed_in.release()
    if not ok:
        return
    url = f"{base}/portal/email-preferences/"
    while not stop.is_set():
        timed(results, "portal home", session.get, f"{base}/portal/")
        time.sleep(random.uniform(0.5, 1.5) * args.think)
        page = timed(results, "preferences form", session.get, url)
        if page is None or page.status_code != 200:
            continue
        kinds = re.findall(r'type="checkbox" name="([a-z_]+)"', page.text)
        chosen = {k: "on" for k in kinds if random.random() < 0.7}
        time.sleep(random.uniform(0.5, 1.5) * args.think)
        saved = timed(
            results,
            "save preferences",
            session.post,
            url,
            data={"csrfmiddlewaretoken": TOKEN.search(page.text).group(1), **chosen},
            headers={"Referer": url},
        )
        if saved is not None and saved.status_code == 200 and saved.history:
            results.saved[email] = set(chosen)  # redirected after the save: it succeeded
        time.sleep(random.uniform(0.5, 1.5) * args.think)
    if email in results.saved:  # no lost write: the last save that succeeded is stored
        page = session.get(url)
        ticked = {
            name
            for tag in re.findall(r"<input[^>]*>", page.text)
            if 'type="checkbox"' in tag and " checked" in tag
            for name in re.findall(r'name="([a-z_]+)"', tag)
        }
        if ticked != results.saved[email]:
            results.add("preferences lost", page.status_code, 0.0)


def bulk(session, base: str, status: str, action: str, results: Results) -> list[str]:
    """Select every application with ``status`` in the admin and apply ``action``."""
    url = f"{base}/admin/schemes/application/?status__exact={status}"
    page = timed(results, "admin list", session.get, url)
    ids = re.findall(r'name="_selected_action" value="(\d+)"', page.text)
    response = timed(
        results,
        f"admin bulk {action}",
        session.post,
        url,
        data={
            "csrfmiddlewaretoken": TOKEN.search(page.text).group(1),
            "action": action,
            "_selected_action": ids,
            "index": 0,
        },
        headers={"Referer": url},
    )
    if response is None:
        return [f"{action} {len(ids)}: no answer"]
    messages = [m.strip() for _, m in MESSAGE.findall(response.text)]
    return [f"{action} {len(ids)} {status}: HTTP {response.status_code}", *messages]


def outbox(db: Path, since: str) -> Counter:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        rows = conn.execute(
            "SELECT status, attempts FROM accounts_sentnotification WHERE created_at >= ?",
            [since],
        ).fetchall()
    return Counter(f"{status} (attempts {attempts})" for status, attempts in rows)


def sweep(args) -> None:
    """Queue the outbox sweep as beat does, and wait for the worker to run it."""
    log = Path(args.var_dir) / "celery.log"
    done = re.compile(r"accounts\.deliver_pending\[[^\]]+\] succeeded")
    before = len(done.findall(log.read_text(errors="replace")))
    env = {**os.environ, "VAR_DIR": args.var_dir, "DEBUG": "on"}
    celery = Path(sys.executable).with_name("celery")
    subprocess.run(
        [str(celery), "-A", "mentoring_site", "call", "accounts.deliver_pending"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    for _ in range(120):
        if len(done.findall(log.read_text(errors="replace"))) > before:
            return
        time.sleep(1)


def report(args, results: Results, admin: list[str], since: str) -> None:
    terminal = Path(args.terminal).read_text(errors="replace")
    worker_log = (Path(args.var_dir) / "celery.log").read_text(errors="replace")
    ids = re.findall(r"^Message-ID: (\S+)", terminal, re.M)
    in_log = re.findall(r"Message-ID: (\S+)", worker_log)
    everything = Counter(ids + in_log)
    print(f"members: {args.members}, think {args.think} s, {args.seconds} s of load")
    by_name: dict[str, list[tuple[int, float]]] = {}
    for name, status, seconds in results.requests:
        by_name.setdefault(name, []).append((status, seconds))
    for name, rows in sorted(by_name.items()):
        times = sorted(s for _, s in rows)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        statuses = Counter(status for status, _ in rows)
        print(
            f"  {name:18} {len(rows):5} requests  p50 {statistics.median(times) * 1000:6.0f} ms"
            f"  p95 {p95 * 1000:6.0f} ms  statuses {dict(sorted(statuses.items()))}"
        )
    member_rows = [
        r for r in results.requests if not r[0].startswith(("admin", "sign", "preferences lost"))
    ]
    span = args.seconds
    print(f"  member requests/s (after sign-in): {len(member_rows) / span:.1f}")
    print("admin:")
    for line in admin:
        print(f"  {line[:300]}")
    print(
        f"emails printed: {len(ids)} in the terminal, {len(in_log)} in the worker's log; "
        f"{len(everything)} distinct Message-IDs, "
        f"{sum(1 for n in everything.values() if n > 1)} printed more than once"
    )
    lost = sum(1 for name, _, _ in results.requests if name == "preferences lost")
    print(
        f"preferences saves that succeeded: {len(results.saved)} members' last saves checked, "
        f"{lost} not as saved"
    )
    lines = [x for x in (terminal + worker_log).splitlines() if "database is locked" in x]
    busy = sum(1 for x in lines if "answered 503" in x)  # the busy page, by design
    print(
        f'"database is locked" in the logs: {len(lines) - busy} '
        f"(and {busy} requests answered 503 busy past the timeout)"
    )
    rows = outbox(Path(args.var_dir) / "db.sqlite3", since)
    print(f"outbox rows written during the run: {dict(sorted(rows.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8871")
    parser.add_argument("--var-dir", required=True)
    parser.add_argument("--terminal", required=True, help="the run command's output file")
    parser.add_argument("--members", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument(
        "--lock-hold",
        type=float,
        default=0,
        help="seconds another process holds the SQLite write lock (0: no such fault)",
    )
    parser.add_argument(
        "--lock-at",
        type=float,
        default=12,
        help="when it takes it, seconds after all signed in (the admin begins at 10)",
    )
    args = parser.parse_args()
    db = Path(args.var_dir) / "db.sqlite3"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        emails = [
            row[0]
            for row in conn.execute(
                "SELECT email FROM accounts_user WHERE is_active AND NOT is_staff "
                "AND email LIKE '%@demo.example' ORDER BY id LIMIT ?",
                [args.members],
            )
        ]
        since = conn.execute("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')").fetchone()[0]
    results, stop = Results(), threading.Event()
    threads = [
        threading.Thread(
            target=member,
            args=(args.base, email),
            kwargs={
                "address": f"127.0.{1 + i // 250}.{1 + i % 250}",
                "args": args,
                "stop": stop,
                "results": results,
            },
        )
        for i, email in enumerate(emails)
    ]
    for thread in threads:
        thread.start()
    admin_session = browser("127.0.9.1")
    admin: list[str] = []
    admin_in = sign_in(admin_session, args.base, "admin@demo.example", results)
    for _ in threads:  # the clock starts once everyone has signed in (PBKDF2 is slow)
        results.signed_in.acquire(timeout=600)
    started = time.monotonic()
    holder: list = []
    if args.lock_hold:
        threading.Timer(
            args.lock_at, lambda: holder.append(sqlite_lock.hold(db, args.lock_hold))
        ).start()
    time.sleep(min(10, args.seconds / 4))
    if admin_in:
        admin += bulk(admin_session, args.base, "submitted", "accept", results)
        admin += bulk(admin_session, args.base, "waitlisted", "decline", results)
    else:
        admin.append("the administrator could not sign in")
    decided = time.monotonic()
    time.sleep(max(0, args.seconds - (decided - started)))
    stop.set()
    for thread in threads:
        thread.join()
    # The sweep sends rows pending for a minute: run it once the decisions are that old.
    time.sleep(max(0, 65 - (time.monotonic() - decided)))
    sweep(args)
    time.sleep(3)
    report(args, results, admin, since)
    if holder:
        print("\n".join(sqlite_lock.summary(results.spans, sqlite_lock.window(holder[0]))))


if __name__ == "__main__":
    main()
