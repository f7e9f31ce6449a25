"""The storage backend chosen by settings (core.storage), and the health check on S3-compatible
storage (a real server: tests/s3_server.py)."""

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from core.storage import PRESIGNED_SECONDS, S3_BACKEND, default_storage_config
from tests.core.test_health import _parts
from tests.s3_server import s3_endpoint, s3_storage  # noqa: F401 (fixtures)


def _config(monkeypatch, **variables):
    for name in ("STORAGE_BACKEND", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return default_storage_config(environ.Env())


def test_local_disk_is_the_default(monkeypatch):
    assert _config(monkeypatch) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_objects_are_private_never_overwritten_and_signed_for_a_minute(monkeypatch):
    config = _config(
        monkeypatch,
        STORAGE_BACKEND="S3",
        S3_BUCKET="evidence",
        S3_ENDPOINT_URL="https://objects.example.org",
    )
    options = config["OPTIONS"]
    assert config["BACKEND"] == S3_BACKEND
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "evidence",
        "https://objects.example.org",
    )
    assert (options["default_acl"], options["file_overwrite"], options["querystring_auth"]) == (
        "private",
        False,
        True,
    )
    assert options["querystring_expire"] == PRESIGNED_SECONDS == 60
    # blank keys: boto3's own credential chain (an instance role, its environment variables)
    assert (options["access_key"], options["secret_key"]) == (None, None)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 needs S3_BUCKET"),
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND='ftp': use 'local' or 's3'"),
    ],
)
def test_bad_storage_settings_stop_the_start_with_a_clear_message(monkeypatch, variables, message):
    with pytest.raises(ImproperlyConfigured) as error:
        _config(monkeypatch, **variables)
    assert str(error.value) == message


@pytest.mark.django_db
def test_health_check_writes_reads_and_deletes_on_s3(client, s3_storage):  # noqa: F811
    response = client.get("/healthz")
    assert (response.status_code, _parts(response)["Storage"]) == (200, "OK")
    assert s3_storage.keys() == []  # the check's probe file is gone


@pytest.mark.django_db
def test_health_check_fails_when_the_bucket_is_gone(client, s3_storage):  # noqa: F811
    s3_storage.client.delete_bucket(Bucket=s3_storage.bucket)
    response = client.get("/healthz")
    assert response.status_code == 500
    assert _parts(response)["Storage"] != "OK"
    assert s3_storage.bucket not in response.content.decode()
    assert s3_storage.endpoint not in response.content.decode()


@pytest.mark.django_db
def test_stored_files_have_no_public_address(client, settings, tmp_path):
    """Only the access-checked views serve files: the media URL is not routed."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    name = default_storage.save("cpd/evidence/2026/12/cert.pdf", ContentFile(b"%PDF-1.4"))
    assert (tmp_path / name).read_bytes() == b"%PDF-1.4"
    assert client.get(f"/{settings.MEDIA_URL}{name}").status_code == 404
