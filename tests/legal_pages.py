"""The privacy and accessibility pages as the first migration makes them, made again for
tests that run after a transactional test has emptied the database (browser tests)."""

import importlib

from django.apps import apps


def ensure_legal_pages() -> None:
    migration = importlib.import_module("accounts.migrations.0007_legal_pages")
    migration.create_pages(apps, None)
