"""Data for journeys that start mid-way and for the accessibility sweep, built with the
factories and the real services (as the app itself would have built it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cpd import services as cpd_services
from cpd.models import ReflectionModel
from matching.services import proposal_respond, run_approve
from schemes.models import EventKind, NewsItem, QuestionType, Role, SchemeEvent
from sessions_log import services as rel_services
from sessions_log.models import Relationship, SessionMode
from tests.factories import (
    ApplicationFormFactory,
    ProgrammeTemplateFactory,
    QuestionFactory,
    SchemeFactory,
)
from tests.matching.factories import accepted, finished_run, proposal


def rich_scheme(*, coordinators=(), sessions: int = 4, **fields):
    """A recruiting scheme with every public section filled in, forms with questions for
    both roles, a coming event and a news item."""
    scheme = SchemeFactory(
        coordinators=list(coordinators),
        description="Pairs an experienced practitioner with a newer one for six months.",
        audience="Members in their first five years, and members with ten or more.",
        how_it_works="Apply, we match you, you meet six times.",
        commitment="About an hour a month.",
        programme_template=ProgrammeTemplateFactory(steps=sessions),
        **fields,
    )
    for role in (Role.MENTEE, Role.MENTOR):
        form = ApplicationFormFactory(scheme=scheme, role=role, intro="Tell us a little.")
        QuestionFactory(
            form=form,
            label="What would you like to get out of it?",
            type=QuestionType.LONG_TEXT,
            order=1,
        )
        QuestionFactory(
            form=form,
            label="Preferred day",
            type=QuestionType.SINGLE_CHOICE,
            choices="Monday\nFriday",
            order=2,
        )
    start = timezone.now() + timedelta(days=10)
    SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.LAUNCH,
        title="Launch evening",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        location="Online",
    )
    NewsItem.objects.create(
        scheme=scheme,
        title="Applications open",
        body="Apply now.",
        published_at=timezone.now() - timedelta(days=1),
    )
    return scheme


def approved_proposal(scheme, mentor, mentee, *, by):
    """A pair proposal of ``mentor`` and ``mentee`` approved by ``by`` (members emailed)."""
    mentor_app = accepted(scheme, role=Role.MENTOR, user=mentor)
    mentee_app = accepted(scheme, role=Role.MENTEE, user=mentee)
    run = finished_run(scheme, by=by)
    made = proposal(run, mentor_app, mentee_app, score=82.0)
    run_approve(run=run, by=by)
    made.refresh_from_db()
    return made


def started_relationship(scheme, mentor, mentee, *, by) -> Relationship:
    """Both members accept an approved proposal: the relationship starts."""
    made = approved_proposal(scheme, mentor, mentee, by=by)
    for user in (mentor, mentee):
        proposal_respond(proposal=made, user=user, accept=True)
    made.refresh_from_db()
    return made.relationship


def busy_relationship(scheme, mentor, mentee, *, by) -> Relationship:
    """A relationship with something in every section: a held session with notes, a planned
    one, actions, expectations in several states, a goal with progress, reflections."""
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        relationship = started_relationship(scheme, mentor, mentee, by=by)
    sessions = list(relationship.sessions.order_by("number"))
    first = sessions[0]
    rel_services.session_log(
        session=first,
        by=mentee,
        held_on=timezone.localdate() - timedelta(days=7),
        duration_minutes=60,
        mode=SessionMode.ONLINE,
        notes="Private: talked about rotas.",
        new_actions=["Read the supervision guide"],
    )
    if len(sessions) > 1:
        rel_services.session_plan(
            session=sessions[1],
            by=mentor,
            scheduled_at=timezone.make_aware(
                datetime.combine(timezone.localdate() + timedelta(days=14), datetime.min.time())
            )
            + timedelta(hours=18),
            mode=SessionMode.IN_PERSON,
            location="The library",
        )
    stated = rel_services.expectation_add(relationship=relationship, by=mentee, text="Meet monthly")
    asked = rel_services.expectation_add(relationship=relationship, by=mentor, text="Come prepared")
    rel_services.expectation_ask_clarification(
        expectation=asked, by=mentee, question="Prepared how?"
    )
    rel_services.expectation_decide(expectation=stated, by=mentor, status="agreed")
    goal = rel_services.goal_set(
        relationship=relationship,
        by=mentee,
        owner=mentee,
        what="Lead a team meeting",
        why="Confidence",
        target_date=timezone.localdate() + timedelta(days=60),
    )
    rel_services.goal_review(goal=goal, by=mentee, status="in_progress", note="Drafted agenda")
    cpd_services.reflection_save(
        author=mentee,
        title="After our first session",
        model=ReflectionModel.WHAT_SO_WHAT,
        entries={"what": "We met.", "so_what": "It helped.", "now_what": "Read the guide."},
        complete=True,
        reflected_on=timezone.localdate() - timedelta(days=6),
        session=first,
        relationship=relationship,
        shared_with_partner=True,
    )
    cpd_services.manual_activity_create(
        user=mentee,
        title="Course on supervision",
        activity_type="course",
        role="participant",
        date=timezone.localdate() - timedelta(days=20),
        hours=Decimal("3.5"),
    )
    return relationship


def sign_in_cookie(context, user, base_url: str) -> None:
    """Put a signed-in session for ``user`` into a browser context (the accessibility sweep
    only; the journeys sign in through the form)."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base_url}])
