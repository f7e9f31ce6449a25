"""Bad input: the hypothesis profile and the fixtures shared by these tests.

The profile is registered, not loaded: other suites (the matching engine) keep their own
settings. Tests here are decorated with ``BAD_INPUT`` from ``tests.badinput.harness``.
``BADINPUT_MAX_EXAMPLES`` raises the number of examples for a longer local run.
"""

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

from tests.sessions_log.factories import start_pair

settings.register_profile(
    "badinput",
    max_examples=int(os.environ.get("BADINPUT_MAX_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    print_blob=True,
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Hundreds of bad sign-ins in a row would otherwise hit allauth's rate limits."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def relationship(scheme, mentor, mentee):
    """An active pair of ``mentor`` and ``mentee`` in ``scheme``, started this year."""
    return start_pair(scheme, mentor, mentee, started_on=date(2026, 1, 5))
