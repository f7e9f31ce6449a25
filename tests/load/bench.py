"""Load-and-faults benchmark driver: ``scripts/bench_load.sh`` (``make bench-load``) runs it.

It starts its own PostgreSQL (initdb into the work directory, a free port), its own Redis,
an SMTP sink, gunicorn (production settings: DEBUG off, Redis cache and broker) and a
Celery worker and beat against them; migrates and seeds (``seed_demo`` plus
``tests/load/seed_load.py``); runs Locust headless with N portal members; after a steady
phase injects the faults (Redis stopped and restarted, the Celery worker killed with
SIGKILL while it delivers a reminder burst and restarted, PostgreSQL restarted); stops the
load, lets the outbox drain, then checks that every write that succeeded is stored and that
every notification recorded was delivered exactly once. It prints a summary and writes the
figures as Markdown (``--write-docs`` puts them into ``docs/load-and-faults.md``).

Never touches the machine's shared PostgreSQL (5432) or Redis (6379): every port is its
own and checked free first. Every process it starts is recorded in ``<workdir>/pids``
for the shell wrapper's trap, which also removes the work directory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from tests.load import cpu

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SHARED_PORTS = {5432, 6379}
DOCS = ROOT / "docs" / "load-and-faults.md"
MARK_START, MARK_END = "<!-- results:start -->", "<!-- results:end -->"


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        # SO_REUSEADDR as the servers set it: a socket in TIME_WAIT does not count as busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for(check, timeout: float, what: str, every: float = 0.5) -> float:
    """Poll ``check`` until true; return the seconds it took (raise after ``timeout``)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if check():
                return time.monotonic() - started
        except Exception:  # noqa: BLE001 - the service is still coming up
            pass
        time.sleep(every)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


@dataclass
class Config:
    workdir: Path
    out: Path
    users: int
    spawn_rate: float
    steady: int
    faults: bool
    redis_down: int
    pg_down: int
    settle: int
    drain_timeout: int
    web_workers: int
    web_threads: int
    smtp_latency: float
    think_scale: float
    write_docs: bool
    signin_timeout: float = 0
    pg_port: int = 55432
    redis_port: int = 56379
    web_port: int = 58000
    smtp_port: int = 51025
    command: str = ""


@dataclass
class Bench:
    cfg: Config
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    marks: dict[str, float] = field(default_factory=dict)
    faults: list[dict] = field(default_factory=list)
    baseline_notification: int = 0
    profile: list = field(default_factory=list)
    cpu_steady: tuple[dict, dict] = field(default_factory=lambda: ({}, {}))

    # --- processes ---------------------------------------------------------------------
    @property
    def env(self) -> dict[str, str]:
        c = self.cfg
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mentoring_site.settings",
            "DEBUG": "off",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"https://127.0.0.1:{c.web_port}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{c.pg_port}/bench",
            "REDIS_URL": f"redis://127.0.0.1:{c.redis_port}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{c.redis_port}/1",
            "EMAIL_URL": f"smtp://127.0.0.1:{c.smtp_port}",
            "VAR_DIR": str(c.workdir / "var"),
            "MEDIA_ROOT": str(c.workdir / "media"),
            "LOG_LEVEL": "WARNING",
            # the load client stands in for the TLS proxy (X-Forwarded-Proto: https)
            "TRUSTED_PROXY_COUNT": "1",
            "PYTHONUNBUFFERED": "1",
        }

    secret: str = field(default_factory=lambda: secrets.token_urlsafe(40))

    def start(self, name: str, args: list[str], **kwargs) -> subprocess.Popen:
        logfile = open(self.cfg.workdir / "logs" / f"{name}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=kwargs.pop("env", self.env),
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped (or killed) as a whole
            **kwargs,
        )
        self.procs[name] = proc
        with open(self.cfg.workdir / "pids", "a", encoding="utf-8") as pids:
            pids.write(f"{proc.pid}\n")
        return proc

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass

    def run(self, args: list[str], what: str) -> str:
        result = subprocess.run(
            args, cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{what} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def manage(self, *args: str) -> str:
        return self.run([sys.executable, "manage.py", *args], f"manage.py {' '.join(args)}")

    def as_postgres(self, *args: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *args]

    # --- services ----------------------------------------------------------------------
    def pg_data(self) -> Path:
        return self.cfg.workdir / "pg" / "data"

    def pg_init(self) -> None:
        pg = self.cfg.workdir / "pg"
        pg.mkdir()
        shutil.chown(pg, "postgres", "postgres")
        self.run(
            self.as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.pg_data()), "-A", "trust", "-U",
                "postgres", "--no-sync", "-E", "UTF8",
            ),
            "initdb",
        )  # fmt: skip

    def pg_start(self) -> None:
        c = self.cfg
        options = f"-p {c.pg_port} -k {c.workdir / 'pg'} -c listen_addresses=127.0.0.1"
        self.run(
            self.as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data()), "-l",
                str(c.workdir / "pg" / "postgres.log"), "-o", options, "-w", "start",
            ),
            "pg_ctl start",
        )  # fmt: skip

    def pg_stop(self, mode: str = "fast") -> None:
        self.run(
            self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data()), "-m", mode, "stop"),
            "pg_ctl stop",
        )

    def db(self):
        return psycopg.connect(
            host="127.0.0.1", port=self.cfg.pg_port, user="postgres", dbname="bench"
        )

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        with self.db() as conn, conn.cursor() as cur:
            cur.execute(query, params)
            rows = cur.fetchall()
        conn.close()
        return rows

    def redis_start(self) -> None:
        c = self.cfg
        self.start(
            "redis",
            ["redis-server", "--port", str(c.redis_port), "--bind", "127.0.0.1",
             "--dir", str(c.workdir / "redis"), "--appendonly", "yes", "--save", ""],
        )  # fmt: skip
        wait_for(self.redis_ping, 20, "redis")

    def redis_cli(self, *args: str) -> str:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.cfg.redis_port), *args],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
        return result.stdout.strip()

    def redis_ping(self) -> bool:
        return self.redis_cli("ping") == "PONG"

    def redis_stop(self) -> None:
        self.redis_cli("shutdown")  # saves the append-only file, as a clean stop does
        proc = self.procs.pop("redis")
        proc.wait(timeout=20)

    def worker_start(self) -> None:
        self.start(
            "worker",
            [str(BIN / "celery"), "-A", "mentoring_site", "worker", "--concurrency=2",
             "--loglevel=INFO", "-n", "bench@%h", "--without-mingle", "--without-gossip"],
        )  # fmt: skip

    def beat_start(self) -> None:
        self.start(
            "beat",
            [str(BIN / "celery"), "-A", "mentoring_site", "beat", "--loglevel=INFO",
             "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"],
        )  # fmt: skip

    def web_start(self) -> None:
        c = self.cfg
        self.start(
            "web",
            [str(BIN / "gunicorn"), "mentoring_site.wsgi:application",
             "--bind", f"127.0.0.1:{c.web_port}", "--workers", str(c.web_workers),
             "--worker-class", "gthread", "--threads", str(c.web_threads),
             "--timeout", "60", "--graceful-timeout", "10", "--keep-alive", "75"],
        )  # fmt: skip
        wait_for(self.healthy, 60, "gunicorn")

    def healthy(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.cfg.web_port), timeout=2) as conn:
            conn.sendall(
                b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n"
            )
            return b" 200 " in conn.recv(200)

    def probe_sign_in(self) -> str:
        """One sign-in from outside the load (a partner's account): status and time."""
        import requests

        base = f"http://127.0.0.1:{self.cfg.web_port}"
        headers = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{self.cfg.web_port}"}
        started = time.monotonic()
        try:
            page = requests.get(f"{base}/accounts/login/", headers=headers, timeout=30)
            token = page.cookies.get("csrftoken", "")
            response = requests.post(
                f"{base}/accounts/login/",
                data={"csrfmiddlewaretoken": token, "login": "partner000@load.example",
                      "password": "load-bench-2025"},
                headers={**headers, "Cookie": f"csrftoken={token}"},
                allow_redirects=False,
                timeout=30,
            )  # fmt: skip
            outcome = f"{page.status_code}/{response.status_code}"
        except requests.RequestException as exc:
            outcome = type(exc).__name__
        return f"a sign-in during the outage: {outcome} in {time.monotonic() - started:.1f} s"

    def sink_count(self) -> int:
        path = self.cfg.workdir / "sink.jsonl"
        if not path.exists():
            return 0
        with open(path, "rb") as handle:
            return sum(1 for _ in handle)

    def notification_status(self) -> Counter:
        rows = self.sql(
            "select status, count(*) from accounts_sentnotification where id > %s group by status",
            (self.baseline_notification,),
        )
        return Counter(dict(rows))

    # --- phases ------------------------------------------------------------------------
    def setup(self) -> None:
        c = self.cfg
        for sub in ("logs", "var", "media", "redis"):
            (c.workdir / sub).mkdir(exist_ok=True)
        for port in (c.pg_port, c.redis_port, c.web_port, c.smtp_port):
            if port in SHARED_PORTS or not port_free(port):
                raise SystemExit(f"Port {port} is busy or shared: choose another.")
        log(f"PostgreSQL on {c.pg_port}, Redis on {c.redis_port} (own instances in {c.workdir})")
        self.pg_init()
        self.pg_start()
        self.run(
            self.as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p",
                             str(c.pg_port), "bench"),
            "createdb",
        )  # fmt: skip
        self.redis_start()
        self.start(
            "smtp",
            [sys.executable, str(ROOT / "tests/load/smtp_sink.py"), "--port", str(c.smtp_port),
             "--out", str(c.workdir / "sink.jsonl"), "--latency", str(c.smtp_latency)],
        )  # fmt: skip
        log("Migrating and seeding (seed_demo, then the load members)")
        t0 = time.monotonic()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("createcachetable")
        self.manage("setup_roles")
        self.manage("setup_schedules")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("seed_demo")
        out = self.run(
            [sys.executable, "-m", "tests.load.seed_load", "--users", str(c.users),
             "--out", str(c.workdir / "users.json")],
            "seed_load",
        )  # fmt: skip
        log(out.strip())
        # The outbox sweep every minute instead of every five (an administrator's edit in
        # the admin), so recovery is seen within the benchmark.
        self.manage(
            "shell",
            "-c",
            "from django_celery_beat.models import CrontabSchedule, PeriodicTask\n"
            "c, _ = CrontabSchedule.objects.get_or_create(minute='*', hour='*', "
            "day_of_week='*', day_of_month='*', month_of_year='*', timezone='Europe/London')\n"
            "PeriodicTask.objects.filter(name='accounts.deliver_pending').update(crontab=c)",
        )
        self.marks["seeded_s"] = time.monotonic() - t0
        self.baseline_notification = self.sql(
            "select coalesce(max(id), 0) from accounts_sentnotification"
        )[0][0]
        counts = self.sql(
            "select (select count(*) from accounts_user), "
            "(select count(*) from sessions_log_relationship), "
            "(select count(*) from sessions_log_session), "
            "(select count(*) from cpd_reflection)"
        )[0]
        self.marks["dataset"] = counts  # type: ignore[assignment]
        log("Dataset: {} users, {} relationships, {} sessions, {} reflections".format(*counts))
        out = self.run(
            [sys.executable, "-m", "tests.load.profile_pages", "--users",
             str(c.workdir / "users.json")],
            "profile_pages",
        )  # fmt: skip
        self.profile = json.loads(out.strip().splitlines()[-1])
        self.web_start()
        self.worker_start()
        self.beat_start()

    def logins(self) -> int:
        path = self.cfg.workdir / "ledger.jsonl"
        if not path.exists():
            return 0
        users = set()
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row["kind"] == "login" and row["ok"]:
                    users.add(row["user"])
        return len(users)

    def load_start(self) -> None:
        c = self.cfg
        cap = int(c.users / c.spawn_rate) + c.steady + 900
        args = [
            str(BIN / "locust"), "-f", "tests/load/locustfile.py", "--headless",
            "-u", str(c.users), "-r", str(c.spawn_rate), "-t", f"{cap}s",
            "--host", f"http://127.0.0.1:{c.web_port}", "--csv", str(c.out / "locust"),
            "--stop-timeout", "15", "--loglevel", "WARNING", "--only-summary",
        ]  # fmt: skip
        env = {
            **os.environ,
            "LOAD_USERS": str(c.workdir / "users.json"),
            "LOAD_EVENTS": str(c.workdir / "events.jsonl"),
            "LOAD_LEDGER": str(c.workdir / "ledger.jsonl"),
            "LOAD_THINK_SCALE": str(c.think_scale),
        }
        self.marks["locust_cmd"] = " ".join(args)  # type: ignore[assignment]
        self.marks["load_start"] = time.time()
        self.start("locust", args, env=env)
        log(f"Locust: {c.users} members, {c.spawn_rate}/s")
        wait_for(
            lambda: self.logins() >= c.users,
            c.signin_timeout or c.users / c.spawn_rate + 300,
            "every member signed in",
            every=2,
        )
        self.marks["signed_in"] = time.time()
        log(f"All {c.users} members signed in")

    def cpu_roots(self) -> dict[str, int]:
        roots = {name: proc.pid for name, proc in self.procs.items() if proc.poll() is None}
        postmaster = cpu.postmaster_pid(self.pg_data())
        if postmaster:
            roots["postgres"] = postmaster
        return roots

    def steady(self) -> None:
        roots = self.cpu_roots()
        before = cpu.sample(roots)
        time.sleep(self.cfg.steady)
        self.cpu_steady = (before, cpu.sample(roots))
        self.marks["steady_end"] = time.time()
        log(f"Steady phase over ({self.cfg.steady} s)")

    def fault_redis(self) -> None:
        c = self.cfg
        before = self.notification_status()
        fault = {"name": "Redis stopped and restarted", "start": time.time()}
        log("Fault: stopping Redis")
        self.redis_stop()
        time.sleep(c.redis_down / 2)
        probe = self.probe_sign_in()
        time.sleep(max(0.0, fault["start"] + c.redis_down - time.time()))
        self.redis_start()
        fault["recovered"] = time.time()
        log(f"Redis back after {fault['recovered'] - fault['start']:.1f} s")
        time.sleep(c.settle)
        fault["end"] = time.time()
        after = self.notification_status()
        fault["notes"] = (
            f"{probe}; outbox rows written during the window: "
            f"{sum(after.values()) - sum(before.values())}; pending at the end of the "
            f"window: {after.get('pending', 0)}"
        )
        self.faults.append(fault)

    def fault_worker(self) -> None:
        c = self.cfg
        fault = {"name": "Celery worker killed (SIGKILL) mid-delivery and restarted"}
        sink0 = self.sink_count()
        log("Fault: queueing the daily reminder sweep, waiting for its emails to flow")
        self.run(
            [str(BIN / "celery"), "-A", "mentoring_site", "call",
             "sessions_log.send_due_reminders"],
            "celery call",
        )  # fmt: skip
        fault["start"] = time.time()
        try:
            wait_for(lambda: self.sink_count() - sink0 >= 30, 90, "reminder burst", every=0.2)
            mid = True
        except TimeoutError:
            mid = False
        delivered_before = self.sink_count() - sink0
        pending = self.notification_status().get("pending", 0)
        self.stop("worker", sig=signal.SIGKILL)
        fault["killed"] = time.time()
        time.sleep(0.5)
        after_kill = self.sink_count() - sink0
        log(
            f"Worker killed {'mid-delivery' if mid else '(no burst seen)'}: "
            f"{delivered_before} delivered, {pending} pending"
        )
        time.sleep(5)
        self.worker_start()
        fault["recovered"] = time.time()
        time.sleep(c.settle)
        fault["end"] = time.time()
        fault["notes"] = (
            f"{'sink still receiving when killed' if mid else 'no burst seen before the kill'}"
            f"; {delivered_before} of the burst delivered before the kill, {after_kill} half a "
            f"second after it, {pending} outbox rows pending at the kill; "
            f"unacked broker messages after restart: {self.redis_cli('-n', '1', 'hlen', 'unacked')}"
        )
        self.faults.append(fault)

    def fault_postgres(self) -> None:
        c = self.cfg
        fault = {"name": "PostgreSQL restarted", "start": time.time()}
        log("Fault: stopping PostgreSQL (fast)")
        self.pg_stop("fast")
        time.sleep(c.pg_down / 2)
        probe = self.probe_sign_in()
        time.sleep(max(0.0, fault["start"] + c.pg_down - time.time()))
        self.pg_start()
        fault["recovered"] = time.time()
        log(f"PostgreSQL back after {fault['recovered'] - fault['start']:.1f} s")
        time.sleep(c.settle)
        fault["end"] = time.time()
        beat = self.procs.get("beat")
        fault["notes"] = f"{probe}; beat " + (
            "still running" if beat and beat.poll() is None else "exited (restarted)"
        )
        if beat is None or beat.poll() is not None:
            self.beat_start()
        self.faults.append(fault)

    def load_stop(self) -> None:
        self.marks["load_end"] = time.time()
        self.stop("locust", sig=signal.SIGTERM, timeout=60)
        log("Load stopped")

    def drain(self) -> None:
        """Wait until nothing written during the benchmark is pending and the sink is quiet."""
        log("Draining the outbox (the sweep runs every minute, for rows older than a minute)")
        started = time.monotonic()
        last, quiet_since = -1, time.monotonic()
        while time.monotonic() - started < self.cfg.drain_timeout:
            status = self.notification_status()
            count = self.sink_count()
            if count != last:
                last, quiet_since = count, time.monotonic()
            if status.get("pending", 0) == 0 and time.monotonic() - quiet_since > 10:
                break
            time.sleep(5)
        self.marks["drain_s"] = time.monotonic() - started
        log(f"Drained in {self.marks['drain_s']:.0f} s: {dict(self.notification_status())}")

    # --- checks ------------------------------------------------------------------------
    def check_writes(self) -> dict:
        ledger = [
            json.loads(line)
            for line in open(self.cfg.workdir / "ledger.jsonl", encoding="utf-8")  # noqa: SIM115
        ]
        report: dict = {}
        last_ok: dict = {}
        for row in sorted(ledger, key=lambda r: r["ts"]):
            if row["kind"] in ("log", "plan") and row["ok"]:
                last_ok[(row["kind"], row["rel"], row["number"])] = row
        sessions = {
            (rel, number): (notes, status, scheduled)
            for rel, number, notes, status, scheduled in self.sql(
                "select relationship_id, number, notes, status, "
                "to_char(scheduled_at at time zone 'Europe/London', 'YYYY-MM-DD\"T\"HH24:MI') "
                "from sessions_log_session where relationship_id in "
                "(select id from sessions_log_relationship where scheme_id = "
                "(select id from schemes_scheme where slug = 'load-benchmark'))"
            )
        }
        query = "select title from cpd_reflection where title like 'Reflection %%'"
        titles = {t for (t,) in self.sql(query)}
        for kind in ("log", "plan", "reflection"):
            rows = [r for r in ledger if r["kind"] == kind]
            ok = [r for r in rows if r["ok"]]
            failed = [r for r in rows if not r["ok"]]
            if kind == "reflection":
                missing = [r for r in ok if f"Reflection {r['token']}" not in titles]
                stored_anyway = [r for r in failed if f"Reflection {r['token']}" in titles]
            else:
                latest = [
                    r for key, r in last_ok.items() if key[0] == kind
                ]  # the last successful write to each session is what must be stored
                missing = [r for r in latest if not self._stored(kind, r, sessions)]
                stored_anyway = [
                    r for r in failed if kind == "log" and self._stored(kind, r, sessions)
                ]
            report[kind] = {
                "succeeded": len(ok),
                "failed": len(failed),
                "missing": len(missing),
                "failed_but_stored": len(stored_anyway),
                "missing_examples": missing[:3],
            }
        return report

    @staticmethod
    def _stored(kind: str, row: dict, sessions: dict) -> bool:
        notes, status, scheduled = sessions.get((row["rel"], row["number"]), ("", "", None))
        if kind == "log":
            return status == "held" and row["token"] in notes
        return scheduled == row["value"]

    def check_emails(self) -> dict:
        sys.path.insert(0, str(ROOT / "tests" / "load"))
        from smtp_sink import fingerprint

        rows = self.sql(
            "select id, email, subject, body_text, status, kind, "
            "extract(epoch from created_at)::float from accounts_sentnotification "
            "where id > %s",
            (self.baseline_notification,),
        )
        expected = Counter()
        in_flight = Counter()  # claimed ("sending") when a worker died: sent once or not yet
        statuses = Counter()
        kinds = Counter()
        for _id, email, subject, body, status, kind, _created in rows:
            statuses[status] += 1
            kinds[kind] += 1
            if status == "sent":
                expected[fingerprint(email, subject, body)] += 1
            elif status == "sending":
                in_flight[fingerprint(email, subject, body)] += 1
        sink = [
            json.loads(line)
            for line in open(self.cfg.workdir / "sink.jsonl", encoding="utf-8")  # noqa: SIM115
        ]
        delivered = Counter(message["fp"] for message in sink)
        message_ids = Counter(message["message_id"] for message in sink)
        once = sum(min(expected[fp], delivered[fp]) for fp in expected)
        # A delivery is a duplicate when the recipient got more copies than there are rows
        # that may have gone out (sent, or claimed by a worker that died after sending).
        duplicates = sum(max(0, delivered[fp] - expected[fp] - in_flight[fp]) for fp in delivered)
        in_flight_delivered = sum(
            min(in_flight[fp], max(0, delivered[fp] - expected[fp])) for fp in in_flight
        )
        lost = sum(max(0, expected[fp] - delivered[fp]) for fp in expected)
        # The emails decided while each fault lasted, and how they ended.
        for fault in self.faults:
            inside = [
                fingerprint(email, subject, body)
                for _id, email, subject, body, _s, _k, created in rows
                if fault["start"] <= created <= fault.get("recovered", fault["start"])
            ]
            fault["emails"] = (
                f"emails decided during the outage: {len(inside)}, delivered exactly once "
                f"after recovery: {sum(1 for fp in inside if delivered[fp] == expected[fp] >= 1)}"
            )
        return {
            "recorded": len(rows),
            "statuses": dict(statuses),
            "kinds": dict(kinds),
            "delivered_messages": sum(delivered.values()),
            "exactly_once": once,
            "duplicates": duplicates,
            "duplicate_message_ids": sum(n - 1 for n in message_ids.values() if n > 1),
            "lost": lost + statuses.get("pending", 0) + statuses.get("failed", 0),
            "in_flight": statuses.get("sending", 0),
            "in_flight_delivered": in_flight_delivered,
        }

    # --- figures -----------------------------------------------------------------------
    def events(self) -> list[list]:
        return [
            json.loads(line)
            for line in open(self.cfg.workdir / "events.jsonl", encoding="utf-8")  # noqa: SIM115
        ]

    def phase_stats(self, events: list[list], start: float, end: float) -> dict:
        per: dict[str, list] = defaultdict(list)
        for ts, _method, name, rt, status, ok, *_why in events:
            if start <= ts < end:
                per[name].append((rt, ok, status))
        table = {name: summarise(rows, end - start) for name, rows in sorted(per.items())}
        everything = [r for rows in per.values() for r in rows]
        pages = [r for name, rows in per.items() if "login" not in name for r in rows]
        return {
            "seconds": end - start,
            "all": summarise(everything, end - start),
            "without_sign_in": summarise(pages, end - start),
            "endpoints": table,
        }

    def errors_in(self, events: list[list], start: float, end: float) -> dict:
        errors = Counter()
        total = 0
        for ts, _method, name, _rt, status, ok, *why in events:
            if start <= ts < end:
                total += 1
                if not ok:
                    errors[f"{name} -> {status or (why[0] if why else 'no response')}"] += 1
        return {"requests": total, "errors": sum(errors.values()), "by": dict(errors)}


def summarise(rows: list, seconds: float) -> dict:
    if not rows:
        return {"n": 0, "errors": 0, "rps": 0.0, "p50": 0, "p95": 0, "p99": 0, "max": 0}
    times = sorted(r[0] for r in rows)
    return {
        "n": len(rows),
        "errors": sum(1 for r in rows if not r[1]),
        "rps": len(rows) / seconds if seconds else 0.0,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": times[-1],
    }


def percentile(sorted_times: list[float], p: float) -> float:
    """Nearest-rank percentile (the value at or below which p% of the requests fall)."""
    rank = max(1, -(-len(sorted_times) * p // 100))
    return sorted_times[int(rank) - 1]


def machine() -> dict:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem_kb = int(handle.readline().split()[1])

    def version(args: list[str]) -> str:
        try:
            out = subprocess.run(args, capture_output=True, text=True, check=False).stdout
        except OSError:
            return "?"
        match = re.search(r"\d+\.\d+(\.\d+)?", out)
        return match.group(0) if match else "?"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": version([str(PG_BIN / "postgres"), "--version"]),
        "redis": version(["redis-server", "--version"]),
        "gunicorn": version([str(BIN / "gunicorn"), "--version"]),
        "locust": version([str(BIN / "locust"), "--version"]),
        "celery": version([str(BIN / "celery"), "--version"]),
    }


def table(stats: dict) -> list[str]:
    lines = [
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*stats["endpoints"].items(), ("**all**", stats["all"])]
    rows.append(("**all but sign-in**", stats["without_sign_in"]))
    for name, s in rows:
        lines.append(
            f"| {name} | {s['n']} | {s['errors']} | {s['rps']:.1f} | {s['p50']:.0f} | "
            f"{s['p95']:.0f} | {s['p99']:.0f} | {s['max']:.0f} |"
        )
    return lines


def report(bench: Bench, results: dict) -> str:
    c = bench.cfg
    m = results["machine"]
    steady = results["steady"]
    lines = [
        f"Run of {results['when']} UTC: `{c.command}`",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}; "
        f"Python {m['python']}, PostgreSQL {m['postgresql']}, Redis {m['redis']}, "
        f"gunicorn {m['gunicorn']} ({c.web_workers} workers × {c.web_threads} threads, gthread), "
        f"Celery {m['celery']} (1 worker, concurrency 2, + beat), Locust {m['locust']}. "
        f"Load average at start {results['load_before']}, at the end {results['load_after']} "
        "(other work on the machine shares the cores).",
        "",
        "Dataset: {} users, {} relationships, {} sessions, {} reflections.".format(
            *bench.marks["dataset"]
        ),
        "",
        f"### Steady phase: {c.users} members, {steady['seconds']:.0f} s after all signed in"
        + (f" (think times × {c.think_scale})" if c.think_scale != 1 else ""),
        "",
        f"Throughput {steady['all']['rps']:.1f} requests/s; p50 {steady['all']['p50']:.0f} ms, "
        f"p95 {steady['all']['p95']:.0f} ms, p99 {steady['all']['p99']:.0f} ms; "
        f"errors {steady['all']['errors']}. Without sign-in (password hashing is slow on "
        f"purpose): p95 {steady['without_sign_in']['p95']:.0f} ms. Target p95 < 300 ms and no "
        f"errors: **{'met' if results['target_met'] else 'missed'}**.",
        "",
        *cpu_lines(results.get("cpu", {}), steady["all"]["rps"], c.users),
        *table(steady),
        "",
        f"Sign-in ramp ({c.spawn_rate} members/s, {results['ramp']['seconds']:.0f} s): "
        f"POST /accounts/login/ p50 "
        f"{results['ramp']['endpoints'].get('POST /accounts/login/', {}).get('p50', 0):.0f} ms, "
        f"p95 {results['ramp']['endpoints'].get('POST /accounts/login/', {}).get('p95', 0):.0f}"
        f" ms; errors {results['ramp']['all']['errors']}.",
    ]
    lines += [
        "",
        "Each page alone (no load; Django test client in-process, median of 5, first member):",
        "",
        "| page | queries | SQL ms | median ms | Python CPU ms |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {p['page']} | {p['queries']} | {p['sql_ms']:.1f} | {p['median_ms']:.0f} | "
        f"{p['cpu_ms']:.0f} |"
        for p in bench.profile
    ]
    if results.get("faults"):
        lines += ["", "### Faults under load", ""]
        lines += [
            "| fault | outage s | requests in window | errors | errors by endpoint | notes |",
            "|---|---:|---:|---:|---|---|",
        ]
        for f in results["faults"]:
            by = "; ".join(f"{k}: {v}" for k, v in sorted(f["errors"]["by"].items())) or "-"
            lines.append(
                f"| {f['name']} | {f['outage']:.1f} | {f['errors']['requests']} | "
                f"{f['errors']['errors']} | {by} | {f['notes']} |"
            )
        fp = results["fault_phase"]
        lines += [
            "",
            f"Whole fault phase ({fp['seconds']:.0f} s): {fp['all']['n']} requests, "
            f"{fp['all']['errors']} errors, p95 {fp['all']['p95']:.0f} ms.",
        ]
    w = results["writes"]
    lines += [
        "",
        "### Data and email after recovery",
        "",
        "| write | succeeded | missing from the database | failed | failed but stored |",
        "|---|---:|---:|---:|---:|",
    ]
    labels = (("log", "session log"), ("plan", "session plan"), ("reflection", "reflection"))
    for kind, label in labels:
        r = w[kind]
        lines.append(
            f"| {label} | {r['succeeded']} | {r['missing']} | {r['failed']} | "
            f"{r['failed_but_stored']} |"
        )
    e = results["emails"]
    lines += [
        "",
        f"Emails: {e['recorded']} notifications recorded during the run "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(e['kinds'].items()))}); statuses "
        f"{e['statuses']}; the sink received {e['delivered_messages']} messages: "
        f"{e['exactly_once']} delivered exactly once, {e['duplicates']} duplicates "
        f"({e.get('duplicate_message_ids', 0)} Message-IDs received twice), "
        f"{e['lost']} lost or not delivered"
        + (
            f", {e['in_flight']} left `sending`: claimed when the worker was killed, "
            f"{e.get('in_flight_delivered', 0)} of them after the sink had received it once "
            "(the sweep sends a `sending` row again, with the same Message-ID, only after "
            "the claim timeout has passed)"
            if e.get("in_flight")
            else ""
        )
        + f". Outbox drained {bench.marks['drain_s']:.0f} s after the load stopped.",
    ]
    return "\n".join(lines)


def cpu_lines(usage: dict, rps: float, users: int) -> list[str]:
    """The steady phase's CPU per request and the cores the site used (see tests/load/cpu.py)."""
    if not usage.get("site"):
        return []
    parts = ", ".join(
        f"{name} {v['ms_per_request']:.1f} ms ({v['cores']:.2f} cores)"
        for name, v in usage.items()
        if name not in ("site", "machine busy")
    )
    site = usage["site"]
    busy = usage.get("machine busy", {}).get("cores", 0.0)
    return [
        f"CPU in the steady phase, per request: {parts}. The site (web, PostgreSQL, Redis, "
        f"Celery) used {site['ms_per_request']:.1f} ms of CPU per request, "
        f"{site['cores']:.2f} cores at {rps:.1f} requests/s ({users} members); the whole "
        f"machine was busy {busy:.2f} cores of {os.cpu_count()}.",
        "",
    ]


def write_docs(text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    start, end = doc.index(MARK_START) + len(MARK_START), doc.index(MARK_END)
    DOCS.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Load-and-faults benchmark.")
    parser.add_argument("--workdir", type=Path, required=True, help="empty temporary folder")
    parser.add_argument("--out", type=Path, help="results folder (default var/bench-load/<time>)")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=2.0)
    parser.add_argument("--steady", type=int, default=120, help="seconds measured after sign-in")
    parser.add_argument("--no-faults", dest="faults", action="store_false")
    parser.add_argument("--redis-down", type=int, default=20)
    parser.add_argument("--pg-down", type=int, default=10)
    parser.add_argument("--settle", type=int, default=30, help="seconds after each recovery")
    parser.add_argument("--drain-timeout", type=int, default=420)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument("--smtp-latency", type=float, default=0.03)
    parser.add_argument(
        "--think-scale", type=float, default=1.0, help="shorten think times (0.5: stress)"
    )
    parser.add_argument(
        "--signin-timeout",
        type=float,
        default=0,
        help="seconds to wait for every sign-in (default: the ramp's length + 300)",
    )
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")
    args = parser.parse_args()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = args.out or ROOT / "var" / "bench-load" / stamp
    out.mkdir(parents=True, exist_ok=True)
    cfg = Config(
        workdir=args.workdir.resolve(),
        out=out,
        users=args.users,
        spawn_rate=args.spawn_rate,
        steady=args.steady,
        faults=args.faults,
        redis_down=args.redis_down,
        pg_down=args.pg_down,
        settle=args.settle,
        drain_timeout=args.drain_timeout,
        web_workers=args.web_workers,
        web_threads=args.web_threads,
        smtp_latency=args.smtp_latency,
        think_scale=args.think_scale,
        signin_timeout=args.signin_timeout,
        write_docs=args.write_docs,
        command=os.environ.get("BENCH_COMMAND", "scripts/bench_load.sh " + " ".join(sys.argv[1:])),
    )
    bench = Bench(cfg)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    try:
        results = execute(bench)
    finally:
        shutdown(bench)
    text = report(bench, results)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str), "utf-8")
    print("\n" + text + "\n")
    log(f"Results and raw logs in {out}")
    if cfg.write_docs:
        write_docs(text)
        log(f"Figures written into {DOCS.relative_to(ROOT)}")


def execute(bench: Bench) -> dict:
    cfg = bench.cfg
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    bench.setup()
    bench.load_start()
    bench.steady()
    fault_windows = []
    if cfg.faults:
        for inject in (bench.fault_redis, bench.fault_worker, bench.fault_postgres):
            inject()
        fault_windows = bench.faults
    bench.load_stop()
    load_after = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    bench.drain()
    events = bench.events()
    m = bench.marks
    steady = bench.phase_stats(events, m["signed_in"], m["steady_end"])
    results = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "load_before": load_before,
        "load_after": load_after,
        "ramp": bench.phase_stats(events, m["load_start"], m["signed_in"]),
        "steady": steady,
        "target_met": steady["all"]["p95"] < 300 and steady["all"]["errors"] == 0,
        "cpu": cpu.per_request(
            *bench.cpu_steady,
            requests=steady["all"]["n"],
            wall=m["steady_end"] - m["signed_in"],
        ),
        "writes": bench.check_writes(),
        "emails": bench.check_emails(),
    }
    if fault_windows:
        results["fault_phase"] = bench.phase_stats(events, m["steady_end"], m["load_end"])
        results["faults"] = [
            {
                "name": f["name"],
                "outage": f.get("recovered", f["start"]) - f.get("killed", f["start"]),
                "errors": bench.errors_in(events, f["start"], f["end"]),
                "notes": f.get("notes", "") + "; " + f.get("emails", ""),
            }
            for f in fault_windows
        ]
    for name in ("events.jsonl", "ledger.jsonl", "sink.jsonl", "users.json"):
        if (cfg.workdir / name).exists():
            shutil.copy(cfg.workdir / name, cfg.out / name)
    shutil.copytree(cfg.workdir / "logs", cfg.out / "logs", dirs_exist_ok=True)
    return results


def shutdown(bench: Bench) -> None:
    for name in ("locust", "beat", "worker", "web", "smtp", "redis"):
        bench.stop(name)
    for name in list(bench.procs):
        bench.stop(name)
    if (bench.pg_data() / "postmaster.pid").exists():
        try:
            bench.pg_stop("immediate")
        except RuntimeError as exc:
            log(f"PostgreSQL stop: {exc}")
    pg_log = bench.cfg.workdir / "pg" / "postgres.log"
    if pg_log.exists():
        shutil.copy(pg_log, bench.cfg.out / "postgres.log")


if __name__ == "__main__":
    main()
