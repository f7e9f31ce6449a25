"""The load benchmark's processes and services: its own PostgreSQL, Redis, SMTP sink,
gunicorn, Celery worker and beat, started, probed and stopped (``tests/load/bench.py``).

Never touches the machine's shared PostgreSQL (5432) or Redis (6379): every port is its
own and checked free first. Every process it starts is recorded in ``<workdir>/pids``
for the shell wrapper's trap.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SHARED_PORTS = {5432, 6379}


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
class Services:
    """The benchmark's state and the processes it runs; the phases, faults and checks
    (``bench_phases``, ``bench_faults``, ``bench_checks``) build on it."""

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
