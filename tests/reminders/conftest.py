"""Fixtures of the reminders tests: a broker that is down."""

import pytest

from mentoring_site.celery import app as celery_app


@pytest.fixture
def broker_down(settings):
    """Celery really publishing, to a broker on a closed port, without retries (settings
    and Celery's own configuration are put back afterwards)."""
    conf = celery_app.conf
    changed = {
        "task_always_eager": False,
        "broker_url": "redis://127.0.0.1:1/0",
        "broker_connection_retry": False,
        "broker_connection_max_retries": 0,
        "task_publish_retry": False,
        "broker_transport_options": {},
    }
    saved = {key: conf[key] for key in changed}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    conf.update(changed)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    conf.update(saved)
