"""The world of the authorization matrix: two schemes, the cast, and one object of every
kind that a URL can name, built with the project's factories and services.

Every confidential text carries a unique marker (``Marker``) so that the matrix can assert
which response may contain it. Each marker says who may read it (``Marker.readers``, cast
names; ``world_cast.py``); everyone else must never get a response containing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.emails.links import PREFERENCES_SALT
from accounts.roles import coordinator_group
from cpd.models import SchemeCpdSetting
from insights import services as insights_services
from matching.models import MatchingSettings, ProposalStatus
from schemes.models import Phase, Role
from schemes.reminders import news_unsubscribe_token
from sessions_log.models import Relationship
from tests.factories import (
    ApplicationFormFactory,
    ProfileFactory,
    QuestionFactory,
    SchemeFactory,
    UserFactory,
)
from tests.legal_pages import ensure_legal_pages
from tests.matching.factories import finished_run, proposal

# The cast and the markers live in world_cast.py; the tests import them from here.
from .world_cast import *  # noqa: F403
from .world_cast import (
    ADMIN,
    COORD,
    FLASH_NOTE,
    MENTEE,
    OPTION_BIO,
    OTHER_COORD,
    OTHER_MENTOR,
    OUTSIDER,
    OWN_BIO,
    OWN_OPTION_REASON,
    PARTNER_BIO,
    PLANNING,
    REQUEST_MESSAGE,
    RIVAL_BIO,
    RIVAL_NAME,
    RIVAL_REASON,
)
from .world_flash import build_flash
from .world_profiles import dress_profiles
from .world_records import build_admin_objects, build_scheme_records
from .world_relationships import build_others, build_past, build_rel
from .world_requests import build_requests
from .world_shortlist import build_shortlist


@dataclass
class World:
    users: dict[str, object]
    scheme_a: object
    scheme_b: object
    mentor: object  # M, E's mentor (not in the cast: the cast is E's side)
    rel: Relationship  # R: M and E, active
    rel_done: Relationship  # M and E, completed (certificate, feedback)
    rel_ended: Relationship  # M and E, ended early by E (ending reason)
    rel_other: Relationship  # O and another mentee
    rel_b: Relationship  # a pair in scheme B
    objects: dict[str, object] = field(default_factory=dict)

    def user(self, cast: str):
        return self.users[cast]


def _people() -> dict[str, object]:
    """Everyone in the world by variable name: the cast, M, and the other pairs' members."""
    group = coordinator_group()
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    coord = UserFactory(email="coord@example.org", is_staff=True)
    other_coord = UserFactory(email="other-coord@example.org", is_staff=True)
    coord.groups.add(group)
    other_coord.groups.add(group)
    outsider = ProfileFactory(user__email="outsider@example.org").user
    mentee = ProfileFactory(user__email="mentee@example.org", years_experience=1).user
    mentor = ProfileFactory(user__email="mentor@example.org", years_experience=12).user
    other_mentor = ProfileFactory(user__email="other-mentor@example.org", years_experience=15).user
    other_mentee = ProfileFactory(user__email="other-mentee@example.org", years_experience=1).user
    b_mentor = ProfileFactory(user__email="b-mentor@example.org", years_experience=20).user
    b_mentee = ProfileFactory(user__email="b-mentee@example.org", years_experience=2).user
    return {
        "group": group,
        "admin": admin,
        "coord": coord,
        "other_coord": other_coord,
        "outsider": outsider,
        "mentee": mentee,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "other_mentee": other_mentee,
        "b_mentor": b_mentor,
        "b_mentee": b_mentee,
    }


def build_world() -> World:
    p = _people()
    coord, mentee, mentor, other_mentor = p["coord"], p["mentee"], p["mentor"], p["other_mentor"]
    scheme_a = SchemeFactory(
        name="Scheme Alpha",
        slug="alpha",
        coordinators=[coord],
        need=f"Why: {PLANNING.text}",
        time_cost=f"Costs: {PLANNING.text}",
    )
    scheme_b = SchemeFactory(name="Scheme Beta", slug="beta", coordinators=[p["other_coord"]])
    # A scheme still being planned: not public, so nobody reaches its pages.
    scheme_draft = SchemeFactory(
        name="Scheme Draft", slug="draft", phase=Phase.FOUNDATIONS, coordinators=[coord]
    )

    today = timezone.localdate()
    started = today - timedelta(days=90)

    # The application form of scheme A, with a free-text question E answers.
    form_a = ApplicationFormFactory(scheme=scheme_a, role=Role.MENTEE)
    question_a = QuestionFactory(form=form_a, label="Why now?", required=False)

    r = build_rel(
        scheme_a=scheme_a,
        question_a=question_a,
        mentor=mentor,
        mentee=mentee,
        other_mentor=other_mentor,
        today=today,
        started=started,
    )
    rel, app_m, app_e = r["rel"], r["app_m"], r["application"]

    # Matching in scheme A: the confirmed proposal that started R.
    run = finished_run(scheme_a, by=coord)
    prop = proposal(run, app_m, app_e, status=ProposalStatus.CONFIRMED)
    prop.relationship = rel
    prop.approved_at = timezone.now()
    prop.save()
    MatchingSettings.objects.create(scheme=scheme_a)
    SchemeCpdSetting.objects.create(scheme=scheme_a)

    past = build_past(
        scheme_a=scheme_a, mentor=mentor, mentee=mentee, app_m=app_m, app_e=app_e, started=started
    )
    others = build_others(
        scheme_a=scheme_a,
        scheme_b=scheme_b,
        other_mentor=other_mentor,
        other_mentee=p["other_mentee"],
        b_mentor=p["b_mentor"],
        b_mentee=p["b_mentee"],
        started=started,
    )

    shortlist = build_shortlist(
        coord=coord,
        mentee=mentee,
        other_mentor=other_mentor,
        rival_name=RIVAL_NAME.text,
        rival_reason=RIVAL_REASON.text,
        own_reason=OWN_OPTION_REASON.text,
    )
    dress_profiles(
        bios={
            mentor: PARTNER_BIO.text,
            mentee: OWN_BIO.text,
            shortlist["rival"]: RIVAL_BIO.text,
            other_mentor: OPTION_BIO.text,
        },
        shown={other_mentor: ["bio", "photo"]},
    )
    flash = build_flash(coord=coord, mentee=mentee, other_mentor=other_mentor, note=FLASH_NOTE.text)

    records = build_scheme_records(
        scheme_a=scheme_a, scheme_draft=scheme_draft, mentor=mentor, mentee=mentee, today=today
    )

    # An evaluation report of scheme A quoting E's shared feedback.
    report = insights_services.evaluation_report_create(
        scheme=scheme_a, title="Pilot evaluation", by=coord
    )
    insights_services.report_quote_add(
        report=report,
        response=past["feedback_e"],
        question=past["feedback_question"],
        theme="What went well",
    )

    admin_objects = build_admin_objects(outsider=p["outsider"])

    world = World(
        users={
            OUTSIDER: p["outsider"],
            MENTEE: mentee,
            OTHER_MENTOR: other_mentor,
            OTHER_COORD: p["other_coord"],
            COORD: coord,
            ADMIN: p["admin"],
        },
        scheme_a=scheme_a,
        scheme_b=scheme_b,
        mentor=mentor,
        rel=rel,
        rel_done=past["rel_done"],
        rel_ended=past["rel_ended"],
        rel_other=others["rel_other"],
        rel_b=others["rel_b"],
    )
    world.objects.update(shortlist)
    world.objects.update(flash)
    world.objects.update(
        build_requests(
            coord=coord,
            mentee=mentee,
            other_mentor=other_mentor,
            message=f"Please mentor me: {REQUEST_MESSAGE.text}",
        )
    )
    rest = {k: v for k, v in r.items() if k not in ("rel", "app_m")}
    world.objects.update(
        **rest,
        **{k: v for k, v in past.items() if k not in ("rel_done", "rel_ended")},
        **{k: v for k, v in others.items() if k not in ("rel_other", "rel_b")},
        **records,
        **admin_objects,
        run=run,
        proposal=prop,
        report=report,
        scheme_draft=scheme_draft,
        form=form_a,
        group=p["group"],
        site=Site.objects.get_current(),
        flatpage=_privacy_page(),
        email_address=EmailAddress.objects.get(user=mentee),
        preferences_token=signing.dumps(mentee.pk, salt=PREFERENCES_SALT),
        unsubscribe_token=news_unsubscribe_token(records["subscription"]),
    )
    return world


@contextmanager
def rolled_back_world(django_db_blocker) -> Iterator[World]:
    """One world for a test module (a module-scoped fixture's body), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)


def _privacy_page() -> FlatPage:
    ensure_legal_pages()
    return FlatPage.objects.get(url="/privacy/")
