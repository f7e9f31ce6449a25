"""Benchmark of the reminder sweeps: ``python manage.py bench_reminders [--relationships N]``.

Builds N active relationships (two members each, drawn from a pool of members) with one
planned session spread over the next 60 days and one unlogged over the last 60, times each
sweep twice (the first run decides the emails, the second finds them all recorded) and
counts its queries, prints the figures, then rolls everything back (nothing is kept and no
email is sent) and, on PostgreSQL, vacuums the tables it wrote to. The wall time includes
the database's; the Python CPU time is the part of it that a loaded machine does not
inflate. Figures, not a test.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import SentNotification, User
from schemes.models import Phase, Scheme, SchemeKind
from sessions_log import reminders
from sessions_log.models import (
    MemberRole,
    Relationship,
    RelationshipMember,
    Session,
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the reminder sweeps over many active relationships (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--relationships", type=int, default=100_000)
        parser.add_argument("--members", type=int, default=20_000, help="Pool of members.")

    def handle(self, *args, relationships: int, members: int, **options):
        try:
            with transaction.atomic():
                self._run(relationships, max(members, 2))
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing kept, nothing sent.")
        if connection.vendor == "postgresql":
            # The rolled-back rows are dead tuples until a vacuum: without one, the next run
            # would scan them (the outbox's key query reads its table's recent rows).
            tables = [
                model._meta.db_table
                for model in (SentNotification, Session, RelationshipMember, Relationship, User)
            ]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"VACUUM ANALYZE {', '.join(map(connection.ops.quote_name, tables))}"
                )
            self.stdout.write("Vacuumed the tables it wrote to.")

    def _run(self, count: int, pool: int) -> None:
        started = time.perf_counter()
        self._build(count, pool)
        self.stdout.write(
            f"Set-up: {count} active relationships, {pool} members, {2 * count} planned "
            f"sessions in {time.perf_counter() - started:.1f} s"
        )
        self._time_sweeps()

    def _build(self, count: int, pool: int) -> None:
        """A scheme with ``count`` active pairs drawn from ``pool`` members."""
        today = timezone.localdate()
        scheme = Scheme.objects.create(
            name="Benchmark scheme",
            slug=f"bench-{int(time.time())}",
            summary="Benchmark",
            kind=SchemeKind.SENIOR_JUNIOR,
            phase=Phase.RUNNING,
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench{i}@example.invalid",
                    first_name="Bench",
                    last_name=str(i),
                    password="!",
                )
                for i in range(pool)
            ],
            batch_size=5000,
        )
        rels = Relationship.objects.bulk_create(
            [
                Relationship(scheme=scheme, started_on=today - timedelta(days=30))
                for _ in range(count)
            ],
            batch_size=5000,
        )
        RelationshipMember.objects.bulk_create(
            [
                RelationshipMember(relationship=rel, user=users[(2 * i) % pool], role=role)
                if role == MemberRole.MENTOR
                else RelationshipMember(relationship=rel, user=users[(2 * i + 1) % pool], role=role)
                for i, rel in enumerate(rels)
                for role in (MemberRole.MENTOR, MemberRole.MENTEE)
            ],
            batch_size=5000,
        )
        Session.objects.bulk_create(
            [
                Session(
                    relationship=rel,
                    number=n,
                    title=f"Session {n}",
                    target_date=today + timedelta(days=(i % 60) if n == 2 else -(i % 60) - 1),
                )
                for i, rel in enumerate(rels)
                for n in (1, 2)
            ],
            batch_size=5000,
        )

    def _time_sweeps(self) -> None:
        """Each sweep run twice, timed and its queries counted."""
        now = timezone.now()
        sweeps = [
            ("upcoming sessions", reminders.session_reminders_send),
            ("unlogged sessions", reminders.session_unlogged_reminders_send),
            ("goals review", reminders.goals_review_reminders_send),
            ("feedback due", reminders.feedback_due_reminders_send),
        ]
        total, total_queries = 0.0, 0
        for label, sweep in sweeps:
            for run in ("first", "again"):
                with CaptureQueriesContext(connection) as queries:
                    t0, cpu0 = time.perf_counter(), time.process_time()
                    written = sweep(now=now)
                    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
                total += elapsed
                total_queries += len(queries.captured_queries)
                self.stdout.write(
                    f"{label:<18} {run:<5}: {written:>7} emails decided, "
                    f"{len(queries.captured_queries):>3} queries, {elapsed:6.2f} s "
                    f"({cpu:5.2f} s of it Python CPU)"
                )
        rows = SentNotification.objects.filter(email__endswith="@example.invalid").count()
        self.stdout.write(
            f"Total: {total:.2f} s and {total_queries} queries for the {2 * len(sweeps)} runs; "
            f"{rows} notification rows recorded."
        )
