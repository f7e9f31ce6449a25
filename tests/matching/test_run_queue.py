"""Matching runs have their own queue, which every worker also consumes, so a run is picked
up at the worker's next free slot instead of after every email queued before it.

The fairness test runs a real worker against both real transports a deployment uses: the
embedded default's filesystem queue (scripts/run.sh) and Redis (docker-compose.yml).
"""

import os
import threading
import time

import pytest

from mentoring_site.celery import app as celery_app
from tests.celery_brokers import celery_publishing_to, redis_test_broker

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/12")

# What the worker ran, in order (the worker thread appends, the test reads).
ran: list[str] = []
ran_lock = threading.Lock()


@celery_app.task(name="tests.matching.queue_probe", acks_late=True)
def queue_probe(label: str) -> None:
    time.sleep(0.02)  # an email's worth of work
    with ran_lock:
        ran.append(label)


def test_matching_tasks_are_routed_to_the_matching_queue():
    router = celery_app.amqp.router
    for name in ("matching.run_matching", "matching.propose_for_rolling_schemes"):
        assert router.route({}, name, (), {})["queue"].name == "matching", name
    for name in ("accounts.deliver_notifications", "matching.send_proposal_reminders"):
        assert router.route({}, name, (), {})["queue"].name == "celery", name


def test_a_worker_started_without_queue_options_consumes_both_queues():
    """scripts/run.sh and docker-compose's general worker pass no ``-Q``: the worker then
    consumes every queue in ``task_queues``."""
    assert set(celery_app.amqp.queues) == {"celery", "matching"}


@pytest.fixture
def filesystem_broker(settings, tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(folder),
        "store_processed": False,
        "control_folder": str(tmp_path / "control"),
    }
    with celery_publishing_to(
        settings, "filesystem://", broker_transport_options=options, result_backend=None
    ):
        yield


@pytest.fixture
def redis_broker(settings):
    with redis_test_broker(settings, REDIS_URL) as client:
        yield client


def _run_backlog_then_one_run(emails: int) -> int:
    """Queue ``emails`` tasks on the default queue, then one on the matching queue, start a
    real worker, and return the position at which the matching task ran."""
    from celery.contrib.testing.worker import start_worker

    ran.clear()
    for i in range(emails):
        queue_probe.apply_async(args=[f"email-{i}"])
    queue_probe.apply_async(args=["run"], queue="matching")
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="ERROR"
    ):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with ran_lock:
                if "run" in ran:
                    break
            time.sleep(0.05)
    with ran_lock:
        assert "run" in ran, f"the matching task never ran ({len(ran)} emails did)"
        return ran.index("run")


@pytest.mark.slow
@pytest.mark.xdist_group("celery-queue-order")
def test_run_does_not_wait_behind_emails_on_the_filesystem_queue(filesystem_broker):
    position = _run_backlog_then_one_run(emails=60)
    # Taken in turn with the default queue: among the first few, never after the backlog.
    assert position <= 3, f"the run waited behind {position} emails"


@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.xdist_group("redis")
def test_run_does_not_wait_behind_emails_on_redis(redis_broker):
    position = _run_backlog_then_one_run(emails=60)
    assert position <= 3, f"the run waited behind {position} emails"
