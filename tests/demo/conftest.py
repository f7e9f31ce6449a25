"""The demo seeded once per module: seeding takes seconds, and most demo tests only read it."""

import contextlib

import pytest
import time_machine
from django.db import transaction

from .seeding import seed


@pytest.fixture(scope="module")
def seeded(request, django_db_setup, django_db_blocker):
    """Seed the demo once for the module (on the module's ``SEED_AT``, when it sets one) and
    give the command's output; the module's tests read it, each in its own savepoint, and the
    whole seed is rolled back after the module's last test."""
    at = getattr(request.module, "SEED_AT", None)
    clock = time_machine.travel(at) if at else contextlib.nullcontext()
    with django_db_blocker.unblock(), transaction.atomic():
        with clock:
            output = seed()
        yield output
        transaction.set_rollback(True)
