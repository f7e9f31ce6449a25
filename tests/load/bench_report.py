"""The load benchmark's results as Markdown, and writing them into
``docs/load-and-faults.md`` (``--write-docs``)."""

from __future__ import annotations

import os
import platform
import re
import subprocess

from tests.load.bench_services import BIN, PG_BIN, ROOT, Services

DOCS = ROOT / "docs" / "load-and-faults.md"
MARK_START, MARK_END = "<!-- results:start -->", "<!-- results:end -->"


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


def report(bench: Services, results: dict) -> str:
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
