"""A real Celery worker on the real Redis prepares a member's data package asked for on the
portal, stores it and emails the link; and a worker process finds the site's task."""

import os
import subprocess
import sys
import time

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from accounts.models import DataExport, DataExportStatus
from mentoring_site.celery import app as celery_app
from tests.celery_brokers import redis_test_broker

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


def test_a_worker_process_registers_the_export_and_purge_tasks():
    code = (
        "import django; django.setup();"
        "from mentoring_site.celery import app; app.loader.import_default_modules();"
        "print(sorted(t for t in app.tasks if 'data_export' in t))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring_site.settings", "DEBUG": "on"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(
        ["accounts.purge_data_exports", "mentoring_site.build_data_export"]
    )


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.xdist_group("redis")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a worker thread's connection needs PostgreSQL"
)
def test_worker_prepares_the_package_and_emails_the_link(settings, client, mentee):
    from celery.contrib.testing.worker import start_worker

    with (
        redis_test_broker(settings, REDIS_URL),
        start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        client.force_login(mentee)
        assert client.post(reverse("my_data")).status_code == 302
        export = DataExport.objects.get(user=mentee)
        deadline = time.monotonic() + 120  # a bound on waiting, not a timing assertion
        while time.monotonic() < deadline and not mail.outbox:
            time.sleep(0.2)
    export.refresh_from_db()
    assert export.status == DataExportStatus.READY
    assert [m.to for m in mail.outbox] == [[mentee.email]]
    assert str(export.token) in mail.outbox[0].body
    response = client.get(reverse("data_export_download", args=[export.token]))
    assert response.status_code == 200
