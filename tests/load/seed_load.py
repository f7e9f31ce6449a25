"""Seed the load benchmark's members on top of the demo data (``manage.py seed_demo``).

``python -m tests.load.seed_load --users 200 --out users.json`` (DJANGO_SETTINGS_MODULE set)

Creates one running scheme and, for each of N portal users, a partner and an active pair
started 60 days ago through ``sessions_log.services.relationship_start`` (the scheme's
programme template gives the planned sessions), with two sessions logged and a reflection
written through the same services the portal calls. The third session falls tomorrow
and the load leaves it alone (members plan and log from the fourth on), so the daily
reminder sweep has emails to send when the benchmark queues it. Users and e-mail
addresses are created in bulk (one password hash shared by all, as the demo does).
Writes the users' logins, relationship ids and session numbers as JSON for the locustfile.
Run it once on a fresh database: it refuses to run twice.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import timedelta

import django


def main() -> None:
    parser = argparse.ArgumentParser(description="Seed the load benchmark's members.")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--out", required=True)
    parser.add_argument("--password", default="load-bench-2025")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")
    django.setup()
    started = time.monotonic()
    users = seed(count=args.users, password=args.password)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(users, handle, indent=1)
    print(f"Seeded {len(users)} load users in {time.monotonic() - started:.1f} s -> {args.out}")


def seed(*, count: int, password: str) -> list[dict]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from cpd.services import reflection_save
    from schemes.models import Phase, Scheme, SchemeKind
    from sessions_log.models import MemberRole, ProgrammeTemplate, Session, SessionMode
    from sessions_log.services import relationship_start, session_log

    if Scheme.objects.filter(slug="load-benchmark").exists():
        raise SystemExit("The load benchmark is already seeded (start from a fresh database).")
    today = timezone.localdate()
    template = ProgrammeTemplate.objects.order_by("pk").first()
    scheme = Scheme.objects.create(
        name="Load benchmark: career mentoring",
        slug="load-benchmark",
        summary="Members of the load benchmark.",
        kind=SchemeKind.SENIOR_JUNIOR,
        phase=Phase.RUNNING,
        programme_template=template,
    )
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    if coordinator is not None:
        scheme.coordinators.add(coordinator)
    hashed = make_password(password)
    people = User.objects.bulk_create(
        [
            User(
                email=f"{who}{i:03d}@load.example",
                first_name=who.capitalize(),
                last_name=f"Number {i}",
                password=hashed,
            )
            for i in range(count)
            for who in ("member", "partner")
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people]
    )
    started_on = today - timedelta(days=60)
    out = []
    for i in range(count):
        member, partner = people[2 * i], people[2 * i + 1]
        # Half the load users are mentors, half mentees.
        mentor, mentee = (member, partner) if i % 2 == 0 else (partner, member)
        relationship = relationship_start(
            scheme=scheme,
            members=[(mentor, MemberRole.MENTOR, None), (mentee, MemberRole.MENTEE, None)],
            accepted_on=started_on,
        )
        for number, days in ((1, 7), (2, 35)):
            session = relationship.sessions.get(number=number)
            session_log(
                session=session,
                by=member,
                held_on=started_on + timedelta(days=days),
                duration_minutes=60,
                mode=SessionMode.ONLINE,
                led_by=mentor,
                notes=f"Seeded notes of session {number}.",
                new_actions=["Read the scheme handbook"] if number == 1 else [],
            )
        reflection_save(
            author=member,
            title="First session",
            model="what_so_what",
            entries={"what": "We met.", "so_what": "It helped.", "now_what": "Keep going."},
            complete=True,
            reflected_on=started_on + timedelta(days=8),
            session=relationship.sessions.get(number=1),
            relationship=relationship,
        )
        Session.objects.filter(relationship=relationship, number=3).update(
            target_date=today + timedelta(days=1)
        )
        planned = list(
            relationship.sessions.filter(number__gte=4)
            .order_by("number")
            .values_list("number", flat=True)
        )
        out.append(
            {
                "email": member.email,
                "password": password,
                "relationship": relationship.pk,
                "planned": planned,
            }
        )
    return out


if __name__ == "__main__":
    main()
