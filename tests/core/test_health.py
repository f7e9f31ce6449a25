"""`/healthz` answers 200 only when the database, the cache, file storage and the Celery
broker all work, and says which part failed without saying why (no host or path)."""

import pytest

from tests.celery_brokers import celery_publishing_to

pytestmark = pytest.mark.django_db


def _parts(response) -> dict[str, str]:
    lines = response.content.decode().strip().splitlines()
    return {line.split("(")[0].split(":")[0]: line.rsplit(": ", 1)[1] for line in lines}


def test_healthy_site_answers_200_with_every_part_ok(client):
    response = client.get("/healthz", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert _parts(response) == {
        "Database": "OK",
        "Cache": "OK",
        "Storage": "OK",
        "Broker": "OK",
    }


def test_unreachable_broker_fails_the_check_without_naming_the_host(client, settings):
    with celery_publishing_to(settings, "redis://127.0.0.1:9/0"):
        response = client.get("/healthz")
    assert response.status_code == 500
    parts = _parts(response)
    assert parts["Broker"] != "OK"
    assert parts["Database"] == "OK"
    assert "127.0.0.1" not in response.content.decode()


def test_unwritable_storage_fails_the_check_without_naming_the_path(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker)},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 500
    assert _parts(response)["Storage"] != "OK"
    assert str(tmp_path) not in response.content.decode()


def test_health_needs_no_sign_in_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies
