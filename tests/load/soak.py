"""Soak of the embedded default: the README's run command under hours of ordinary work.

A benchmark, not a test (docs/load-and-faults.md, "Soak"). It starts ``scripts/run.sh``
itself (its own ``PORT`` and ``VAR_DIR``, ``STAFF_MFA_REQUIRED=off``, in its own process
group as a terminal starts a foreground job), and for ``--minutes``:

- ``--members`` demo members (each from its own loopback address) open the portal home,
  their relationship, log a session (adding one when none is left to log), write a
  reflection, read their CPD record, export the PDF portfolio and save their email
  preferences, ``--think`` seconds apart on average;
- an administrator, every ``--admin-every`` seconds, bulk-decides applications in the admin
  (every submitted one accepted, waitlisted ones accepted, then a page of accepted ones put
  back on the waiting list, in turn), starts a matching run of one scheme after another,
  waits for the worker to finish it and approves every other run (members emailed);
- a coordinator reads the staff lists (applications, relationships, the outbox).

Beat runs as configured (the outbox sweep every five minutes). At the end the load stops,
the outbox is given ``--drain`` seconds to empty, the run command is stopped with SIGINT
to its process group (Ctrl-C) and the script reports: requests by page and status (any 500
fails the soak), the emails printed in the terminal and their Message-IDs (any printed
twice fails it), "database is locked" in the terminal and the worker's log (any fails it),
the outbox rows of the run by status, and how long the stop took, with what was left.

    python -m tests.load.soak --minutes 2          # a smoke check
    python -m tests.load.soak --minutes 30         # the recorded soak

Exit status 0 when the soak passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from tests.load.embedded import MESSAGE, TOKEN, Results, browser, bulk, sign_in, timed
from tests.load.run_command import drain, query, start_run_command, stop_run_command

REL = re.compile(r'href="/portal/relationships/(\d+)/"')
LOG = re.compile(r'href="/portal/relationships/\d+/sessions/(\d+)/log/"')
OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')


def post(session, base: str, url: str, *, name: str, results: Results, data: dict, page: str):
    """POST a form as a browser does, with the token of the page it came from. A form
    shown again (200 without a redirect: a validation error) is counted apart."""
    token = TOKEN.search(page)
    if token is None:
        return None
    response = timed(
        results,
        name,
        session.post,
        f"{base}{url}",
        data={"csrfmiddlewaretoken": token.group(1), **data},
        headers={"Referer": f"{base}{url}", "Origin": base},
    )
    if response is not None and response.status_code == 200 and not response.history:
        results.add(f"{name}: form shown again", 200, 0.0)
    return response


def log_session(session, base: str, rel: str, results: Results) -> None:
    page = timed(results, "relationship", session.get, f"{base}/portal/relationships/{rel}/")
    if page is None or page.status_code != 200:
        return
    numbers = LOG.findall(page.text)
    if not numbers:
        post(
            session,
            base,
            f"/portal/relationships/{rel}/sessions/add/",
            name="add session",
            results=results,
            data={},
            page=page.text,
        )
        return
    url = f"/portal/relationships/{rel}/sessions/{numbers[0]}/log/"
    form = timed(results, "session log form", session.get, f"{base}{url}")
    if form is None or form.status_code != 200:
        return
    data = {
        "held_on": date.today().isoformat(),  # noqa: DTZ011 - the site's day, close enough
        "duration_minutes": "60",
        "mode": "online",
        "led_by": "",
        "notes": f"Soak: we talked about the next step. {uuid.uuid4().hex}",
        "new_actions": "",
    }
    post(session, base, url, name="log session", results=results, data=data, page=form.text)


def write_reflection(session, base: str, rel: str | None, results: Results) -> None:
    url = "/portal/cpd/reflections/new/"
    form = timed(results, "reflection form", session.get, f"{base}{url}")
    if form is None or form.status_code != 200:
        return
    data = {
        "title": f"Soak reflection {uuid.uuid4().hex[:8]}",
        "model": "what_so_what",
        "reflected_on": date.today().isoformat(),  # noqa: DTZ011
        "relationship": rel or "",
        "entry_what": "We looked at my caseload planning.",
        "entry_so_what": "I prioritise better when I write it down.",
        "entry_now_what": "Try the weekly plan for a month.",
        "complete": "1",
    }
    post(session, base, url, name="write reflection", results=results, data=data, page=form.text)


def preferences(session, base: str, results: Results) -> None:
    url = "/portal/email-preferences/"
    form = timed(results, "preferences form", session.get, f"{base}{url}")
    if form is None or form.status_code != 200:
        return
    kinds = re.findall(r'type="checkbox" name="([a-z_]+)"', form.text)
    chosen = {k: "on" for k in kinds if random.random() < 0.7}
    post(session, base, url, name="save preferences", results=results, data=chosen, page=form.text)


def member(base: str, email: str, address: str, *, args, stop: threading.Event, results: Results):
    session = browser(address)
    while not sign_in(session, base, email, results):
        if stop.wait(10):
            return
    home = timed(results, "portal home", session.get, f"{base}/portal/")
    rels = REL.findall(home.text) if home is not None else []
    rel = rels[0] if rels else None
    end = date.today()  # noqa: DTZ011
    pdf = f"/portal/cpd/export/portfolio.pdf?start={end - timedelta(days=365)}&end={end}"
    while not stop.wait(random.uniform(0.5, 1.5) * args.think):
        roll = random.random()
        if roll < 0.30:
            timed(results, "portal home", session.get, f"{base}/portal/")
        elif roll < 0.50 and rel:
            log_session(session, base, rel, results)
        elif roll < 0.60:
            write_reflection(session, base, rel, results)
        elif roll < 0.75:
            timed(results, "CPD record", session.get, f"{base}/portal/cpd/")
        elif roll < 0.80:
            timed(results, "portfolio PDF", session.get, f"{base}{pdf}")
        else:
            preferences(session, base, results)


def matching_run(session, base: str, db: Path, turn: int, results: Results) -> list[str]:
    """Start a run of the next scheme, wait for the worker, approve every other one."""
    start = f"{base}/admin/matching/matchingrun/start/"
    page = timed(results, "admin matching start", session.get, start)
    if page is None or page.status_code != 200:
        return [f"matching start page: {getattr(page, 'status_code', 'no answer')}"]
    schemes = OPTION.findall(page.text)
    if not schemes:
        return ["no scheme to match"]
    scheme, label = schemes[turn % len(schemes)]
    url = "/admin/matching/matchingrun/start/"
    response = post(
        session,
        base,
        url,
        name="admin matching run",
        results=results,
        data={"scheme": scheme},
        page=page.text,
    )
    found = re.search(r"/admin/matching/matchingrun/(\d+)/review/", getattr(response, "url", ""))
    if found is None:
        return [f"run of {label}: HTTP {getattr(response, 'status_code', 'no answer')}"]
    run_id = found.group(1)
    status = "queued"
    for _ in range(120):
        rows = query(db, "SELECT status FROM matching_matchingrun WHERE id = ?", [run_id])
        status = rows[0][0] if rows else "missing"
        if status not in ("queued", "running"):
            break
        time.sleep(1)
    review = f"/admin/matching/matchingrun/{run_id}/review/"
    page = timed(results, "admin matching review", session.get, f"{base}{review}")
    note = f"run #{run_id} of {label}: {status}"
    if turn % 2 == 1 and status == "finished" and page is not None and page.status_code == 200:
        done = post(
            session,
            base,
            review,
            name="admin matching approve",
            results=results,
            data={"action": "approve", "confirm": "yes"},
            page=page.text,
        )
        if done is not None:
            note += f"; approve HTTP {done.status_code}: " + " ".join(
                m.strip() for _, m in MESSAGE.findall(done.text)
            )
    return [note]


def administrator(
    base: str, db: Path, *, args, stop: threading.Event, results: Results, notes: list[str]
) -> None:
    session = browser("127.0.9.1")
    while not sign_in(session, base, "admin@demo.example", results):
        if stop.wait(10):
            return
    turn = 0
    while not stop.is_set():
        if turn % 2 == 0:
            notes += bulk(session, base, "submitted", "accept", results)
            notes += bulk(session, base, "waitlisted", "accept", results)
        else:
            notes += bulk(session, base, "accepted", "waitlist", results)
        notes += matching_run(session, base, db, turn, results)
        turn += 1
        stop.wait(args.admin_every)


def coordinator(base: str, args, stop: threading.Event, results: Results) -> None:
    session = browser("127.0.9.2")
    while not sign_in(session, base, "coordinator@demo.example", results):
        if stop.wait(10):
            return
    pages = {
        "staff applications": "/admin/schemes/application/",
        "staff relationships": "/admin/sessions_log/relationship/",
        "staff outbox": "/admin/accounts/sentnotification/",
    }
    while not stop.wait(random.uniform(0.5, 1.5) * args.think * 3):
        name, url = random.choice(list(pages.items()))
        timed(results, name, session.get, f"{base}{url}")


def report(
    args,
    results: Results,
    *,
    notes: list[str],
    since: str,
    var_dir: Path,
    terminal: Path,
    stopped: tuple[float, list[str]],
) -> bool:
    text = terminal.read_text(errors="replace")
    worker_log = (var_dir / "celery.log").read_text(errors="replace")
    ids = Counter(re.findall(r"^Message-ID: (\S+)", text, re.M))
    twice = {k: n for k, n in ids.items() if n > 1}
    locked = text.count("database is locked") + worker_log.count("database is locked")
    in_log = len(re.findall(r"^Message-ID: ", worker_log, re.M))
    tracebacks = text.count("Traceback") + worker_log.count("Traceback")
    statuses = Counter(status for _, status, _ in results.requests)
    print(
        f"soak: {args.minutes} min, {args.members} members (think {args.think} s), "
        "1 administrator, 1 coordinator"
    )
    by_name: dict[str, list[tuple[int, float]]] = {}
    for name, status, seconds in results.requests:
        by_name.setdefault(name, []).append((status, seconds))
    for name, rows in sorted(by_name.items()):
        times = sorted(s for _, s in rows)
        p95 = times[math.ceil(len(times) * 0.95) - 1]  # nearest rank
        counts = dict(sorted(Counter(s for s, _ in rows).items()))
        print(
            f"  {name:24} {len(rows):6}  p50 {times[len(times) // 2] * 1000:6.0f} ms  "
            f"p95 {p95 * 1000:6.0f} ms  max {times[-1] * 1000:6.0f} ms  {counts}"
        )
    rate = len(results.requests) / (args.minutes * 60)
    print(
        f"  all: {len(results.requests)} requests, {rate:.1f}"
        f"/s, statuses {dict(sorted(statuses.items()))}"
    )
    print("administrator (each bulk action and matching run):")
    for line in notes:
        print(f"  {line[:300]}")
    outbox_rows = query(
        var_dir / "db.sqlite3",
        "SELECT status, attempts, COUNT(*) FROM "
        "accounts_sentnotification WHERE created_at >= ? GROUP BY 1, 2",
        [since],
    )
    sent = sum(n for status, _, n in outbox_rows if status == "sent")
    by_status = {f"{s} (attempts {a})": n for s, a, n in outbox_rows}
    print(f"outbox rows written during the soak: {by_status}")
    print(
        f"emails printed in the terminal: {sum(ids.values())}, distinct Message-IDs "
        f"{len(ids)}, printed more than once: {len(twice)}; in the worker's log only: {in_log}"
    )
    print(f'"database is locked" in the logs: {locked}; tracebacks: {tracebacks}')
    print(
        f"stop (SIGINT to the process group): {stopped[0]:.1f} s; left running: "
        f"{stopped[1] or 'nothing'}"
    )
    failed = [
        what
        for what, bad in (
            ("HTTP 500", statuses[500] > 0),
            ("no answer", statuses[0] > 0),
            ("an email printed twice", bool(twice)),
            ("database is locked", locked > 0),
            ("rows not sent", sent != sum(n for _, _, n in outbox_rows)),
            ("the terminal is missing emails", sum(ids.values()) < sent),
            ("processes left", bool(stopped[1])),
        )
        if bad
    ]
    print("PASSED" if not failed else f"FAILED: {', '.join(failed)}")
    return not failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between clicks")
    parser.add_argument("--admin-every", type=float, default=45.0)
    parser.add_argument("--port", type=int, default=8873)
    parser.add_argument("--var-dir", help="default: a new temporary folder")
    parser.add_argument("--drain", type=float, default=420.0, help="seconds for the outbox")
    args = parser.parse_args()
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="soak-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    terminal = var_dir / "terminal.log"
    print(f"run command's output: {terminal}", flush=True)
    process = start_run_command(args, var_dir, terminal)
    base, db = f"http://127.0.0.1:{args.port}", var_dir / "db.sqlite3"
    since = query(db, "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")[0][0]
    emails = [
        row[0]
        for row in query(
            db,
            "SELECT u.email FROM accounts_user u WHERE u.is_active AND NOT u.is_staff AND "
            "u.email LIKE '%@demo.example' ORDER BY (SELECT COUNT(*) FROM "
            "sessions_log_relationshipmember m JOIN sessions_log_relationship r ON "
            "r.id = m.relationship_id WHERE m.user_id = u.id AND r.status = 'active') DESC, "
            "u.id LIMIT ?",
            [args.members],
        )
    ]
    results, stop = Results(), threading.Event()
    notes: list[str] = []
    threads = [
        threading.Thread(
            target=member,
            args=(base, email, f"127.0.{1 + i // 250}.{1 + i % 250}"),
            kwargs={"args": args, "stop": stop, "results": results},
        )
        for i, email in enumerate(emails)
    ]
    threads.append(
        threading.Thread(
            target=administrator,
            args=(base, db),
            kwargs={"args": args, "stop": stop, "results": results, "notes": notes},
        )
    )
    threads.append(threading.Thread(target=coordinator, args=(base, args, stop, results)))
    try:
        for thread in threads:
            thread.start()
        time.sleep(args.minutes * 60)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    waited = drain(db, since, args.drain)
    print(f"outbox drained in {waited:.0f} s after the load stopped", flush=True)
    time.sleep(3)
    stopped = stop_run_command(process)
    sys.exit(
        0
        if report(
            args,
            results,
            notes=notes,
            since=since,
            var_dir=var_dir,
            terminal=terminal,
            stopped=stopped,
        )
        else 1
    )


if __name__ == "__main__":
    main()
