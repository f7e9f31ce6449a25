"""Two workers at once send each email once (PostgreSQL); sweeps run in constant queries."""

import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection

from accounts.models import SentNotification
from cpd import reminders as cpd_reminders
from insights import digest
from sessions_log import reminders
from sessions_log.tasks import send_due_reminders
from tests.factories import ProfileFactory
from tests.reminders.factories import at, hold, pair

NOW = at(2026, 2, 1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_email_once(scheme, mentor, mentee):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and unique-key waits need PostgreSQL")
    pair(scheme, mentor, mentee)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            send_due_reminders.apply()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    with time_machine.travel(NOW, tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert SentNotification.objects.filter(status="sent").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [mentee.email, mentor.email]


def test_same_task_run_twice_sends_once(scheme, mentor, mentee, django_capture_on_commit_callbacks):
    pair(scheme, mentor, mentee)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        send_due_reminders.delay().get()
        send_due_reminders.delay().get()
    assert len(mail.outbox) == 2


def make_pairs(scheme, count):
    rels = []
    for _ in range(count):
        rels.append(pair(scheme, ProfileFactory().user, ProfileFactory().user))
    return rels


@pytest.mark.parametrize("pairs", [1, 8])
def test_participant_sweep_queries_constant(
    scheme, pairs, django_assert_num_queries, django_capture_on_commit_callbacks
):
    make_pairs(scheme, pairs)
    # Per sweep: what is due (and the members), the existing keys, one INSERT when
    # something is due: the count does not grow with the number of pairs.
    with (
        time_machine.travel(NOW, tick=False),
        django_assert_num_queries(16),
        django_capture_on_commit_callbacks(),
    ):
        written = reminders.participant_reminders_send()
    assert written["session_upcoming"] == 2 * pairs


@pytest.mark.parametrize("pairs", [1, 8])
def test_reflection_sweep_queries_constant(
    scheme, pairs, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for rel in make_pairs(scheme, pairs):
        hold(rel.sessions.get(number=1), held_on=NOW.date(), logged_at=at(2026, 1, 30))
    with (
        time_machine.travel(NOW, tick=False),
        django_assert_num_queries(7),
        django_capture_on_commit_callbacks(),
    ):
        assert cpd_reminders.reflection_prompts_send() == 2 * pairs


@pytest.mark.parametrize("pairs", [1, 8])
def test_digest_build_queries_constant(scheme, pairs, django_assert_num_queries):
    make_pairs(scheme, pairs)
    # 10: the 7 before, applicants blocked by preparation, the matches declined and the
    # open message reports
    with time_machine.travel(at(2026, 4, 1), tick=False), django_assert_num_queries(10):
        built = digest.digests_build(schemes=[scheme], now=at(2026, 4, 1))
    assert len(built[scheme.pk].stalled) == pairs
