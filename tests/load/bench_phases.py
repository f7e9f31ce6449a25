"""The load benchmark's phases: set up and seed, start the load, measure the steady phase,
stop the load and drain the outbox (``tests/load/bench.py`` runs them in order)."""

from __future__ import annotations

import json
import os
import signal
import sys
import time

from tests.load import cpu
from tests.load.bench_services import (
    BIN,
    PG_BIN,
    ROOT,
    SHARED_PORTS,
    Services,
    log,
    port_free,
    wait_for,
)


class Phases(Services):
    """Each phase of a run but the faults (``bench_faults``)."""

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
