"""A real S3-compatible server for the storage tests: moto's server mode, listening on
127.0.0.1 on a free port in a thread of the test process, spoken to over HTTP by boto3
exactly as django-storages speaks to AWS S3 or MinIO in production.

Use the ``s3_storage`` fixture (import it into the test module): it starts the server once
per test process, creates a fresh bucket for the test and points the default storage at it
through the same settings function production uses (``core.storage``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import environ
import pytest
from moto.server import ThreadedMotoServer

from core.storage import default_storage_config

REGION = "us-east-1"
KEYS = {"S3_ACCESS_KEY_ID": "test-key", "S3_SECRET_ACCESS_KEY": "test-secret"}
_buckets = itertools.count(1)


@dataclass
class S3:
    endpoint: str
    bucket: str
    client: Any

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_endpoint, settings, monkeypatch) -> S3:
    """The default storage on a new, empty bucket of the running server."""
    bucket = f"evidence-{next(_buckets)}"
    environment = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": REGION,
        "S3_ADDRESSING_STYLE": "path",
        **KEYS,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_config(environ.Env())}
    return S3(endpoint=s3_endpoint, bucket=bucket, client=client)
