"""After the load benchmark: every successful write stored, every notification delivered
exactly once, and the request figures of each phase and fault window."""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict

from tests.load.bench_services import ROOT, Services


class Checks(Services):
    """Reads the ledger, the events, the sink and the database once the outbox has drained."""

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
