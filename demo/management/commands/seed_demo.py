"""Load a realistic, fictional professional body with schemes of every kind.

Idempotent: every object is looked up by a natural key before it is created, so running
the command again adds nothing. ``--reset`` deletes the demo schemes and people first.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from accounts.models import User
from demo.applications import ensure_applications
from demo.evaluation import ensure_pilot_evaluation
from demo.events import ensure_events
from demo.flash import FLASH_SLUG, ensure_flash_slots
from demo.matching import (
    LIVE_SCHEMES,
    ensure_member_led,
    ensure_member_led_mentors,
    member_led_mentee,
)
from demo.people import (
    BODY_NAME,
    DOMAIN,
    PASSWORD,
    Person,
    build_international,
    build_people,
    ensure_people,
)
from demo.relationships import ensure_live_mentoring, member_with_match_to_accept
from demo.schemes import (
    INTERNATIONAL_SLUG,
    PILOT_SLUG,
    SCHEME_SLUGS,
    ensure_forms,
    ensure_interest,
    scheme_specs,
)
from demo.time_zones import INTERNATIONAL
from matching.services.settings import matching_settings_create
from schemes.models import BOOKED_KINDS, ApplicationStatus, Phase, Role, Scheme
from sessions_log.services.feedback_defaults import feedback_questions_create_defaults

if TYPE_CHECKING:
    from sessions_log.models import ProgrammeTemplate


class Command(BaseCommand):
    help = "Create demo schemes, members, applications and events (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data first and start again."
        )

    def handle(self, *args, reset: bool = False, **options):
        started = time.monotonic()
        try:
            with transaction.atomic():
                if reset:
                    self._reset()
                summary = self._seed()
        except (ProtectedError, IntegrityError) as exc:
            raise CommandError(f"Could not seed the demo data: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def _reset(self) -> None:
        from sessions_log.models import Relationship

        schemes = Scheme.objects.filter(slug__in=SCHEME_SLUGS)
        Relationship.objects.filter(scheme__in=schemes).delete()
        schemes.delete()
        User.objects.filter(email__endswith=f"@{DOMAIN}").delete()

    def _seed(self) -> str:
        from sessions_log.models import ProgrammeTemplate

        now = timezone.now()
        today = timezone.localdate()
        cast, members = build_people()
        international = build_international()
        users = ensure_people(cast, [*members, *international])
        member_users = [users[m.email] for m in members]
        template = ProgrammeTemplate.objects.order_by("pk").first()
        admin = users[cast["administrator"].email]
        named = {key: users[cast[key].email] for key in ("mentor", "mentee", "peer")}
        for index, spec in enumerate(scheme_specs(today)):
            scheme = _scheme_from_spec(spec, users=users, cast=cast, template=template)
            if scheme.slug != PILOT_SLUG:  # as the admin's "add" gives them
                feedback_questions_create_defaults(scheme=scheme)
            if scheme.phase == Phase.FOUNDATIONS:
                ensure_interest(scheme, member_users[:18], now)
                continue
            # Each scheme draws a different slice of the membership.
            start = (index * 17) % len(member_users)
            applicants = (member_users[start:] + member_users[:start])[:40]
            fixed = _fixed_applications(scheme, users=users, cast=cast)
            if scheme.slug == INTERNATIONAL_SLUG:
                applicants += [users[p.email] for p in international]
            applicants = [u for u in applicants if u not in fixed]
            live = scheme.slug in LIVE_SCHEMES
            pool = ensure_applications(scheme, applicants, now, fixed, match_later=live)
            ensure_events(scheme, today)
            if live:
                ensure_live_mentoring(
                    scheme=scheme, pool=pool, admin=admin, named=named, today=today
                )
            if scheme.slug == PILOT_SLUG:
                ensure_pilot_evaluation(scheme=scheme, admin=admin, today=today)
            if scheme.slug == FLASH_SLUG:
                ensure_flash_slots(scheme=scheme, today=today)
            ensure_member_led_mentors(scheme)
            if index < 3:
                ensure_interest(scheme, member_users[60 + index * 3 : 63 + index * 3], now)
        return _summary(cast)


def _scheme_from_spec(
    spec: dict,
    *,
    users: dict[str, User],
    cast: dict[str, Person],
    template: ProgrammeTemplate | None,
) -> Scheme:
    """The scheme of one spec, created or updated, with its coordinator and forms."""
    spec = dict(spec)
    coordinator = users[cast[spec.pop("coordinator")].email]
    slug = spec.pop("slug")
    if template is not None and spec["kind"] not in BOOKED_KINDS:  # flash: no programme
        spec["programme_template"] = template
    scheme, _ = Scheme.objects.update_or_create(slug=slug, defaults=spec)
    matching_settings_create(scheme=scheme)  # as the admin's "add" makes it
    ensure_member_led(scheme)
    scheme.coordinators.add(coordinator)
    ensure_forms(scheme)
    return scheme


def _fixed_applications(
    scheme: Scheme, *, users: dict[str, User], cast: dict[str, Person]
) -> dict[User, tuple[str, str]]:
    """The named members' matched applications to ``scheme``: {user: (role, status)}."""
    if scheme.slug == "career-mentoring":
        return {
            users[cast["mentor"].email]: (Role.MENTOR, ApplicationStatus.MATCHED),
            users[cast["mentee"].email]: (Role.MENTEE, ApplicationStatus.MATCHED),
        }
    if scheme.slug == FLASH_SLUG:  # the named mentor offers, the named mentee books
        return {
            users[cast["mentor"].email]: (Role.MENTOR, ApplicationStatus.ACCEPTED),
            users[cast["mentee"].email]: (Role.MENTEE, ApplicationStatus.ACCEPTED),
        }
    if scheme.slug == "international-peer-co-mentoring":
        # The six members in six zones wait, accepted, for the administrator's next run.
        waiting = {
            users[cast[key].email]: (Role.PEER, ApplicationStatus.ACCEPTED)
            for key, *_ in INTERNATIONAL
        }
        return {users[cast["peer"].email]: (Role.PEER, ApplicationStatus.MATCHED), **waiting}
    return {}


def _summary(cast: dict[str, Person]) -> str:
    """What the command prints: where to go, the password, and the named logins."""
    lines = [
        f"Demo data for the {BODY_NAME} is ready.",
        f"Open {settings.SITE_URL}/ (portal) and {settings.SITE_URL}/admin/ (administration).",
        f"Every demo login uses the password: {PASSWORD}",
        "Staff set up two-factor authentication at first sign-in "
        "(STAFF_MFA_REQUIRED=off skips it on a demo machine).",
    ]
    for role in ("administrator", "coordinator", "mentor", "mentee", "peer"):
        lines.append(f"  {role:<14} {cast[role].email}")
    chooser = member_led_mentee()
    if chooser is not None:
        lines.append(f"  a mentee who finds a mentor in the directory: {chooser.email}")
    waiting = member_with_match_to_accept()
    if waiting is not None:
        lines.append(f"  a member with a match to accept: {waiting.email}")
    return "\n".join(lines)
