"""What data migrations put in the database (the body's list of areas, the HCPC standards),
made again for tests that run after a transactional test has emptied the database
(browser tests)."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from accounts.models import ExpertiseArea
from cpd.models import Framework


def ensure_areas() -> None:
    editor = SimpleNamespace(connection=connection)
    if not ExpertiseArea.objects.exists():
        migration = importlib.import_module("accounts.migrations.0019_expertise_areas_seed")
        migration.seed(apps, editor)
    if not Framework.objects.exists():
        importlib.import_module("cpd.migrations.0003_hcpc_standards").add(apps, editor)
