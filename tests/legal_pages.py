"""The privacy and accessibility pages as the first migration makes them, made again for
tests that run after a transactional test has emptied the database (browser tests)."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection


def ensure_legal_pages() -> None:
    migration = importlib.import_module("accounts.migrations.0007_legal_pages")
    migration.create_pages(apps, SimpleNamespace(connection=connection))
