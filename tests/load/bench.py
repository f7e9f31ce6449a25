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
import shutil
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.load import cpu
from tests.load.bench_checks import Checks
from tests.load.bench_faults import Faults
from tests.load.bench_phases import Phases
from tests.load.bench_report import DOCS, machine, report, write_docs
from tests.load.bench_services import ROOT, Config, log


class Bench(Phases, Faults, Checks):
    """One run: its processes and services (``bench_services``), phases (``bench_phases``),
    faults (``bench_faults``) and checks (``bench_checks``)."""


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
