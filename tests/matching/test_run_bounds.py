"""Bounded repeated matching runs: at most one queued or running run per scheme.

Runs stay queued here: Celery publishes to an in-memory broker that no worker reads, as
when the worker is busy or down and a coordinator presses "start" again and again.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from matching import services
from matching.models import MatchingRun, RunStatus
from matching.pool import settings_for
from schemes.models import Role
from tests.celery_brokers import celery_publishing_to
from tests.concurrency import race
from tests.factories import SchemeFactory, UserFactory
from tests.matching.factories import accepted, finished_run

pytest.importorskip("matching.engine")


@pytest.fixture
def no_worker(settings):
    """Runs are queued on commit and stay queued (no worker takes them)."""
    with celery_publishing_to(settings, "memory://"):
        yield


@pytest.mark.django_db
def test_second_run_is_refused_while_one_is_queued(scheme, admin_user, no_worker):
    first = services.run_start(scheme=scheme, by=admin_user)

    with pytest.raises(ValidationError, match=rf"run #{first.pk} .* is already queued"):
        services.run_start(scheme=scheme, by=admin_user)

    assert list(MatchingRun.objects.values_list("pk", "status")) == [(first.pk, RunStatus.QUEUED)]


@pytest.mark.django_db
def test_second_run_is_refused_while_one_is_running(scheme, admin_user, no_worker):
    first = services.run_start(scheme=scheme, by=admin_user)
    MatchingRun.objects.filter(pk=first.pk).update(status=RunStatus.RUNNING)

    with pytest.raises(ValidationError, match="already running"):
        services.run_start(scheme=scheme, by=admin_user)
    assert MatchingRun.objects.count() == 1


@pytest.mark.django_db
def test_a_new_run_may_start_once_the_last_finished_or_failed(
    scheme, admin_user, django_capture_on_commit_callbacks
):
    accepted(scheme, role=Role.MENTOR)
    accepted(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.run_start(scheme=scheme, by=admin_user)
    first.refresh_from_db()
    assert first.status == RunStatus.FINISHED
    MatchingRun.objects.filter(pk=first.pk).update(status=RunStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        second = services.run_start(scheme=scheme, by=admin_user)

    second.refresh_from_db()
    assert (second.status, MatchingRun.objects.count()) == (RunStatus.FINISHED, 2)


@pytest.mark.django_db
def test_other_schemes_are_not_held_up(scheme, other_scheme, admin_user, no_worker):
    services.run_start(scheme=scheme, by=admin_user)
    services.run_start(scheme=other_scheme, by=admin_user)
    assert MatchingRun.objects.filter(status=RunStatus.QUEUED).count() == 2


@pytest.mark.django_db
def test_retrying_a_failed_run_beside_a_queued_one_is_refused(scheme, admin_user, no_worker):
    failed = finished_run(scheme)
    MatchingRun.objects.filter(pk=failed.pk).update(status=RunStatus.FAILED)
    services.run_start(scheme=scheme, by=admin_user)

    with pytest.raises(ValidationError, match="already queued"):
        services.run_execute(run=failed)
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED


@pytest.mark.django_db
def test_scheduled_run_waits_for_a_queued_run(scheme, admin_user, no_worker):
    settings = settings_for(scheme)
    settings.scheduled_runs = True
    settings.save()
    accepted(scheme, role=Role.MENTOR)
    accepted(scheme)
    services.run_start(scheme=scheme, by=admin_user)

    assert services.propose_for_rolling_schemes() == []
    assert MatchingRun.objects.count() == 1


@pytest.mark.django_db
def test_database_refuses_a_second_unfinished_run(scheme):
    """The constraint holds even for a write that skips the service."""
    MatchingRun.objects.create(scheme=scheme, status=RunStatus.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchingRun.objects.create(scheme=scheme, status=RunStatus.RUNNING)
    # Finished and failed runs are not bounded.
    MatchingRun.objects.create(scheme=scheme, status=RunStatus.FINISHED)
    MatchingRun.objects.create(scheme=scheme, status=RunStatus.FAILED)
    assert MatchingRun.objects.count() == 3


# -- the admin's "start a matching run" ------------------------------------------------------


@pytest.mark.django_db
def test_admin_second_start_gets_a_clear_message_not_a_run(client, coordinator, scheme, no_worker):
    client.force_login(coordinator)
    url = reverse("admin:matching_matchingrun_start")
    first = client.post(url, {"scheme": scheme.pk})
    run = MatchingRun.objects.get()
    assert first.url == reverse("admin:matching_matchingrun_review", args=[run.pk])

    second = client.post(url, {"scheme": scheme.pk})

    assert second.status_code == 302
    assert second.url == reverse("admin:matching_matchingrun_changelist")
    texts = [str(m) for m in get_messages(second.wsgi_request)]
    assert any(f"run #{run.pk} for {scheme.name} is already queued" in t for t in texts), texts
    assert MatchingRun.objects.count() == 1


@pytest.mark.django_db
def test_admin_start_refuses_a_scheme_of_another_coordinator(
    client, coordinator, other_scheme, no_worker
):
    client.force_login(coordinator)
    response = client.post(reverse("admin:matching_matchingrun_start"), {"scheme": other_scheme.pk})
    assert response.status_code == 200  # the form refuses the choice
    assert MatchingRun.objects.count() == 0


@pytest.mark.django_db
def test_admin_start_refuses_bad_input(client, coordinator, scheme, no_worker):
    client.force_login(coordinator)
    response = client.post(reverse("admin:matching_matchingrun_start"), {"scheme": "x"})
    assert response.status_code == 200
    assert MatchingRun.objects.count() == 0


# -- two requests at the same moment (PostgreSQL) ---------------------------------------------


@pytest.fixture
def slow_run_insert():
    """Widen the race: every INSERT of a run sleeps in the database, so without the
    scheme's lock both requests would check "nothing queued" before either writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION matching_test_slow_run() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END; $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER matching_test_slow_run BEFORE INSERT ON matching_matchingrun "
            "FOR EACH ROW EXECUTE FUNCTION matching_test_slow_run()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER matching_test_slow_run ON matching_matchingrun")
        cursor.execute("DROP FUNCTION matching_test_slow_run()")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks and concurrency"
)
def test_two_starts_at_once_queue_one_run(no_worker, slow_run_insert):
    scheme = SchemeFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)

    outcomes = race(*(lambda: services.run_start(scheme=scheme, by=admin) for _ in range(2)))

    # The second waits for the scheme's lock, then is told why (not a database error).
    assert sorted(type(o).__name__ for o in outcomes) == ["MatchingRun", "ValidationError"]
    assert MatchingRun.objects.filter(scheme=scheme).count() == 1
