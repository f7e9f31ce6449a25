"""Bad input: the hypothesis profile and the fixtures shared by these tests.

The profile is registered in ``tests.badinput.harness`` (so its helpers can be imported
from other suites), not loaded: other suites (the matching engine) keep their own
settings. Tests here are decorated with ``BAD_INPUT`` from ``tests.badinput.harness``.
"""

from datetime import date

import pytest

from tests.sessions_log.factories import start_pair


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Hundreds of bad sign-ins in a row would otherwise hit allauth's rate limits."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def relationship(scheme, mentor, mentee):
    """An active pair of ``mentor`` and ``mentee`` in ``scheme``, started this year."""
    return start_pair(scheme, mentor, mentee, started_on=date(2026, 1, 5))
