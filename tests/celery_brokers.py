"""Pointing the real Celery app at another broker for a test, and back.

Celery has no public way to drop its broker connection pools, so this module (the one place
that does it) resets ``_pool`` and ``amqp._producer_pool`` by hand.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu import pools

from mentoring_site.celery import app as celery_app


def _drop_pools(*, close: bool) -> None:
    """Forget the connection pools, so the next publish connects to the broker now
    configured; ``close`` also closes the pools this test's broker opened. Closing is
    ``kombu.pools.reset()``: it also drops the closed pools from kombu's registry, which is
    keyed by broker URL; closing Celery's pool alone left it there, and the next test on the
    same URL (``memory://``, the test settings' own) got "Acquire on closed pool"."""
    if close:
        pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_publishing_to(settings, broker_url: str, **conf_changes) -> Iterator[None]:
    """Celery really publishing to ``broker_url`` (not running tasks eagerly) inside the
    block, with ``conf_changes`` applied; settings and Celery's own configuration are put
    back afterwards, else later tests would stop running tasks eagerly."""
    conf = celery_app.conf
    changed = {
        "task_always_eager": False,
        "broker_url": broker_url,
        "broker_transport_options": {},
        **conf_changes,
    }
    saved = {key: conf[key] for key in changed}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = broker_url
    conf.update(changed)
    _drop_pools(close=False)
    try:
        yield
    finally:
        _drop_pools(close=True)
        conf.update(saved)


@contextmanager
def redis_test_broker(settings, url: str) -> Iterator[Any]:
    """Celery publishing to an emptied Redis database at ``url`` (skips the test when Redis
    is not reachable); yields the Redis client, and empties the database afterwards."""
    import pytest

    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {url}")
    client.flushdb()
    with celery_publishing_to(settings, url, result_backend=None):
        yield client
    client.flushdb()
