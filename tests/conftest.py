"""The fixed cast for permission tests, and shared fixtures."""

import gc

import pytest

from tests.celery_brokers import celery_publishing_to
from tests.factories import PASSWORD, ProfileFactory, SchemeFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_staff_mfa(settings, request):
    """Most tests sign staff in with force_login; MFA has tests of its own."""
    if "mfa" not in request.keywords:
        settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def coordinator_group(db):
    from accounts.roles import coordinator_group as make_group

    return make_group()


def _coordinator(email, group):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(db, coordinator_group):
    return _coordinator("coord@example.org", coordinator_group)


@pytest.fixture
def other_coordinator(db, coordinator_group):
    return _coordinator("other-coord@example.org", coordinator_group)


@pytest.fixture
def scheme(db, coordinator):
    return SchemeFactory(coordinators=[coordinator])


@pytest.fixture
def other_scheme(db, other_coordinator):
    return SchemeFactory(coordinators=[other_coordinator])


@pytest.fixture
def mentor(db):
    return ProfileFactory(user__email="mentor@example.org", years_experience=12).user


@pytest.fixture
def mentee(db):
    return ProfileFactory(user__email="mentee@example.org", years_experience=1).user


@pytest.fixture
def outsider(db):
    return ProfileFactory(user__email="outsider@example.org").user


@pytest.fixture(scope="session", autouse=True)
def _end_stray_database_sessions(django_db_setup, django_db_blocker):
    """Threads that served tests (the browser tests' live server, a Celery worker thread) can
    leave a PostgreSQL session open, and PostgreSQL refuses to drop a database in use.
    Before the test database is dropped, end the sessions other than ours (and name them)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for pid, application, state, query in cursor.fetchall():
            print(f"\nending a stray test database session {pid} {application!r} {state}: {query}")
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def lock_wait_shortened():
    """Our connections give up waiting for a database lock after 0.2 s (SQLite's busy
    timeout, PostgreSQL's lock_timeout) instead of the production wait, so a test need not
    hold a lock for long. For ``transaction=True`` tests: the connection is reopened."""
    from django.db import connection

    from tests.faults import lock_wait_options

    options = connection.settings_dict["OPTIONS"]
    saved = dict(options)
    options.update(lock_wait_options(connection.vendor))
    connection.close()
    yield
    options.clear()
    options.update(saved)
    connection.close()
    # A lock error's traceback (a reference cycle) keeps its SQLite statement, and so the
    # closed connection's file, open until the garbage collector runs: run it, so the test
    # database's -wal and -shm files go with the database.
    gc.collect()


@pytest.fixture
def broker_down(settings):
    """Celery really publishing, to a broker on a closed port, without connection retries."""
    with celery_publishing_to(
        settings,
        "redis://127.0.0.1:1/0",
        broker_connection_retry=False,
        broker_connection_max_retries=0,
        task_publish_retry=False,
    ):
        yield
