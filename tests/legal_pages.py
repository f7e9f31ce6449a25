"""The privacy and accessibility pages as the migrations make them, made again for tests
that run after a transactional test has emptied the database (browser tests)."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

# The migration that creates the pages, then those that update their untouched default text.
MIGRATIONS = (
    ("0007_legal_pages", "create_pages"),
    ("0021_profile_bio_photo_visibility", "privacy_update"),
    ("0024_default_notices_current", "notices_update"),
)


def ensure_legal_pages() -> None:
    editor = SimpleNamespace(connection=connection)
    for name, step in MIGRATIONS:
        getattr(importlib.import_module(f"accounts.migrations.{name}"), step)(apps, editor)
