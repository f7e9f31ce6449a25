"""The faults the load benchmark injects under load: Redis stopped and restarted, the Celery
worker killed mid-delivery and restarted, PostgreSQL restarted."""

from __future__ import annotations

import signal
import time

from tests.load.bench_services import BIN, Services, log, wait_for


class Faults(Services):
    """Each fault records its window (start, recovery, end) and notes in ``self.faults``."""

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
