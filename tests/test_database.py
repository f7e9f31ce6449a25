"""The embedded default's database: SQLite in the mode settings promise (the test database
is a file, opened with the production OPTIONS)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")


@pytest.mark.django_db
def test_sqlite_runs_in_wal_with_immediate_transactions_and_a_busy_timeout():
    with connection.cursor() as cursor:
        pragmas = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "busy_timeout")
        }
    # synchronous 1 is NORMAL; the busy timeout is in milliseconds
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000}
    assert connection.transaction_mode == "IMMEDIATE"
