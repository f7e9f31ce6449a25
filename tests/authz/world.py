"""The world of the authorization matrix: two schemes, the cast, and one object of every
kind that a URL can name, built with the project's factories and services.

Every confidential text carries a unique marker (``Marker``) so that the matrix can assert
which response may contain it. Each marker says who may read it (``Marker.readers``, cast
names); everyone else must never get a response containing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts import services as account_services
from accounts.emails.links import PREFERENCES_SALT
from accounts.emails.outbox import notify
from accounts.erasure import erasure_request_create
from accounts.models import (
    EmailPreference,
    NotificationKind,
    RetentionRun,
    RetentionSettings,
    SentNotification,
)
from accounts.roles import coordinator_group
from cpd import services as cpd_services
from cpd.models import Framework, SchemeCpdSetting
from insights import services as insights_services
from matching.models import MatchingSettings, ProposalStatus
from schemes import services as scheme_services
from schemes.models import (
    ApplicationStatus,
    EventKind,
    NewsItem,
    Phase,
    Role,
    SchemeEvent,
)
from schemes.reminders import news_unsubscribe_token
from sessions_log import services as rel_services
from sessions_log.models import (
    EvaluationDimension,
    FeedbackQuestion,
    MemberRole,
    Relationship,
    SessionMode,
)
from sessions_log.selectors import contacts_for
from tests.cpd.factories import attended_event
from tests.factories import (
    ApplicationFactory,
    ApplicationFormFactory,
    ProfileFactory,
    ProgrammeTemplateFactory,
    QuestionFactory,
    SchemeFactory,
    UserFactory,
)
from tests.legal_pages import ensure_legal_pages
from tests.matching.factories import finished_run, proposal

from .world_flash import build_flash
from .world_profiles import dress_profiles
from .world_requests import build_requests
from .world_shortlist import build_shortlist

# The cast, in the order the matrix lists them.
ANON = "anonymous"
OUTSIDER = "outsider"
MENTEE = "mentee"  # E, mentee of the relationship R in scheme A
OTHER_MENTOR = "other_mentor"  # O, mentor of another relationship in scheme A
OTHER_COORD = "other_coordinator"  # coordinator of scheme B
COORD = "coordinator"  # coordinator of scheme A
ADMIN = "administrator"  # superuser
CAST = (ANON, OUTSIDER, MENTEE, OTHER_MENTOR, OTHER_COORD, COORD, ADMIN)
MEMBERS = (OUTSIDER, MENTEE, OTHER_MENTOR)
STAFF = (OTHER_COORD, COORD, ADMIN)


@dataclass(frozen=True)
class Marker:
    text: str
    readers: frozenset[str]
    what: str


def _m(text: str, what: str, *readers: str) -> Marker:
    return Marker(text, frozenset(readers), what)


# What the pair writes is the pair's alone: never any staff, the administrator included
# (docs/architecture.md "Confidentiality"; cpd.admin; sessions_log.admin).
NOTE = _m("CONF-NOTE-7f3a", "session notes of R", MENTEE)
LOCATION = _m("CONF-LOCATION-2b9e", "meeting link of a session of R", MENTEE)
EXPECTATION = _m("CONF-EXPECT-51c0", "an expectation in R", MENTEE)
CLARIFICATION = _m("CONF-CLARIFY-0a4d", "a clarification request in R", MENTEE)
GOAL = _m("CONF-GOAL-9d21", "a goal in R", MENTEE)
GOAL_PROGRESS = _m("CONF-PROGRESS-77e8", "a goal progress note in R", MENTEE)
ACTION = _m("CONF-ACTION-c3f1", "an action agreed in R", MENTEE)
REFLECTION = _m("CONF-REFLECT-e6b2", "E's private reflection", MENTEE)
SHARED_REFLECTION = _m("CONF-SHARED-4410", "M's reflection shared with E", MENTEE)
MENTOR_PRIVATE = _m("CONF-MPRIVATE-8c8c", "M's private reflection", *())
ACTIVITY = _m("CONF-ACTIVITY-d00d", "E's manual CPD activity", MENTEE)
EVIDENCE = _m("CONF-EVIDENCE-f1le", "E's evidence file", MENTEE)
CPD_PROFILE = _m("CONF-CPDPROFILE-5e5e", "E's CPD profile", MENTEE)
OTHER_NOTE = _m("CONF-ONOTE-3131", "session notes of O's relationship", OTHER_MENTOR)
# The pair's conversation is the pair's alone, like the notes; a message a member reported
# is read by the scheme's coordinators and the administrators (that message only).
MESSAGE = _m("CONF-MESSAGE-0m1a", "M's message to E in R", MENTEE)
OWN_MESSAGE = _m("CONF-OWNMSG-0m2b", "E's message to M in R", MENTEE)
REPORTED = _m("CONF-REPORTED-0m3c", "M's message in R that E reported", MENTEE, COORD, ADMIN)
REPORT_REASON = _m("CONF-REPORTWHY-0m4d", "E's reason for reporting it", MENTEE, COORD, ADMIN)
OTHER_MESSAGE = _m("CONF-OMSG-0m5e", "a message in O's relationship", OTHER_MENTOR)
# Contact details are shared with the partners once all accepted: M's with E (M is not in
# the cast), E's own on E's settings page; never any staff, the administrator included.
PARTNER_PHONE = _m("+44 20 7946 0101", "M's phone, shared with E", MENTEE)
OWN_PHONE = _m("+44 20 7946 0202", "E's phone", MENTEE)
OTHER_PHONE = _m("+44 20 7946 0303", "O's phone", OTHER_MENTOR)
# Sent to the scheme's coordinators by design (brief: "raise a concern with the
# coordinator"; Ending.reason is "private to the coordinator").
CONCERN = _m("CONF-CONCERN-6a6a", "E's concern about R", MENTEE, COORD, ADMIN)
ENDING = _m("CONF-ENDING-4b4b", "E's reason for ending R_ended", MENTEE, COORD, ADMIN)
# Feedback the member agreed to share individually (FeedbackResponse.share_individually).
FEEDBACK_SHARED = _m("CONF-FEEDBACK-1c1c", "E's shared feedback", MENTEE, COORD, ADMIN)
FEEDBACK_PRIVATE = _m("CONF-FBPRIVATE-2d2d", "M's unshared feedback", *())
# Applications are reviewed by the scheme's coordinators and the administrators.
APPLICATION = _m("CONF-APPLY-0e0e", "E's application answers", MENTEE, COORD, ADMIN)
APPLICATION_B = _m("CONF-APPLYB-9f9f", "an application answer in scheme B", OTHER_COORD, ADMIN)
# Staff's planning of scheme A (foundations: need, time costs) and its unpublished news.
PLANNING = _m("CONF-PLANNING-a1a1", "scheme A's planning notes", COORD, ADMIN)
DRAFT_NEWS = _m("CONF-DRAFTNEWS-b2b2", "scheme A's unpublished news", COORD, ADMIN)
# E's note booking O's flash slot: the pair's alone (world_flash.py).
FLASH_NOTE = _m("CONF-FLASHNOTE-f1a5", "E's note booking O's flash slot", MENTEE, OTHER_MENTOR)

# A shortlist E chooses from (world_shortlist.py): the competing mentor's name and the
# reasons drawn from their profile are E's to read (and the scheme's staff, who review the
# run), never the other option's mentor O's; O reads the reasons of their own option only.
RIVAL_NAME = _m("CONF-RIVALNAME-5a11", "the name of a competing mentor on E's shortlist",
                MENTEE, COORD, ADMIN)  # fmt: skip
RIVAL_REASON = _m("CONF-RIVALWHY-6b22", "the reasons for a competing option on E's shortlist",
                  MENTEE, COORD, ADMIN)  # fmt: skip
OWN_OPTION_REASON = _m("CONF-OWNWHY-7c33", "the reasons for O's option on E's shortlist",
                       MENTEE, OTHER_MENTOR, COORD, ADMIN)  # fmt: skip
# Profiles (world_profiles.py): hidden before a match unless the member chose to show a
# part; partners read the whole profile after acceptance; staff of the member's scheme too.
PARTNER_BIO = _m("CONF-PARTNERBIO-8e8e", "M's bio, read by E after acceptance",
                 MENTEE, COORD, ADMIN)  # fmt: skip
OWN_BIO = _m("CONF-OWNBIO-9f0f", "E's bio, hidden before a match", MENTEE, COORD, ADMIN)
RIVAL_BIO = _m("CONF-RIVALBIO-1a2b", "the rival mentor's bio, hidden before a match",
               COORD, ADMIN)  # fmt: skip
OPTION_BIO = _m("CONF-OPTIONBIO-3c4d", "O's bio, shown before a match",
                MENTEE, OTHER_MENTOR, COORD, ADMIN)  # fmt: skip

# A member-led request (world_requests.py): E's message to O is the two's alone.
REQUEST_MESSAGE = _m("CONF-REQUEST-8d44", "E's message asking O to mentor", MENTEE, OTHER_MENTOR)

MARKERS = (
    PARTNER_BIO,
    OWN_BIO,
    RIVAL_BIO,
    OPTION_BIO,
    REQUEST_MESSAGE,
    MESSAGE,
    OWN_MESSAGE,
    REPORTED,
    REPORT_REASON,
    OTHER_MESSAGE,
    PARTNER_PHONE,
    OWN_PHONE,
    OTHER_PHONE,
    RIVAL_NAME,
    RIVAL_REASON,
    OWN_OPTION_REASON,
    NOTE,
    LOCATION,
    EXPECTATION,
    CLARIFICATION,
    GOAL,
    GOAL_PROGRESS,
    ACTION,
    REFLECTION,
    SHARED_REFLECTION,
    MENTOR_PRIVATE,
    ACTIVITY,
    EVIDENCE,
    CPD_PROFILE,
    OTHER_NOTE,
    CONCERN,
    ENDING,
    FEEDBACK_SHARED,
    FEEDBACK_PRIVATE,
    APPLICATION,
    APPLICATION_B,
    PLANNING,
    DRAFT_NEWS,
    FLASH_NOTE,
)

EVIDENCE_BYTES = f"Certificate of attendance {EVIDENCE.text}\n".encode()


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


def _pair(scheme, mentor, mentee, *, started_on, steps=6, apps=None):
    """A relationship started the way the matching flow starts it, with matched
    applications of both members (``apps`` reuses earlier ones)."""
    template = ProgrammeTemplateFactory(steps=steps, min_sessions=steps)
    apps = apps or [
        ApplicationFactory(
            scheme=scheme, applicant=user, role=role, status=ApplicationStatus.MATCHED
        )
        for user, role in ((mentor, Role.MENTOR), (mentee, Role.MENTEE))
    ]
    relationship = rel_services.relationship_start(
        scheme=scheme,
        members=[
            (mentor, MemberRole.MENTOR, apps[0]),
            (mentee, MemberRole.MENTEE, apps[1]),
        ],
        template=template,
        accepted_on=started_on,
    )
    return relationship, apps


def _log(relationship, number, by, *, held_on, notes="", new_actions=()):
    session = relationship.sessions.get(number=number)
    return rel_services.session_log(
        session=session,
        by=by,
        held_on=held_on,
        duration_minutes=60,
        mode=SessionMode.ONLINE,
        notes=notes,
        new_actions=list(new_actions),
    )


def _conversation(rel, mentor, mentee):
    """R's conversation: one message each, and one of M's that E reports; then the
    confirmation email E would have had, with M's contact details (sent by the real
    template: proposal_respond is not how this world starts R)."""
    message = rel_services.message_send(
        relationship=rel, by=mentor, body=f"Shall we meet on Tuesday? {MESSAGE.text}"
    )
    rel_services.message_send(relationship=rel, by=mentee, body=f"Yes. {OWN_MESSAGE.text}")
    reported = rel_services.message_send(
        relationship=rel, by=mentor, body=f"Something unkind {REPORTED.text}"
    )
    report = rel_services.message_report(
        message=reported, by=mentee, reason=f"It upset me {REPORT_REASON.text}"
    )
    return message, report


def _confirmation(rel, mentee) -> None:
    contacts = contacts_for(relationship=rel, viewer=mentee)
    notify(
        kind=NotificationKind.MATCH_CONFIRMED,
        key=f"authz-confirmation:{rel.pk}",
        template="matching_confirmed",
        context={
            "proposal": {"kind": "pair"},
            "scheme": rel.scheme,
            "others": [m.user for m in rel.members.all() if m.user_id != mentee.pk],
            "contacts": contacts,
            "url": "https://example.org/",
            "messages_url": "https://example.org/",
        },
        user=mentee,
        scheme=rel.scheme,
        reply_to=[c.email for c in contacts],
    )


def build_world() -> World:  # noqa: PLR0915 (one long, linear recipe)
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

    scheme_a = SchemeFactory(
        name="Scheme Alpha",
        slug="alpha",
        coordinators=[coord],
        need=f"Why: {PLANNING.text}",
        time_cost=f"Costs: {PLANNING.text}",
    )
    scheme_b = SchemeFactory(name="Scheme Beta", slug="beta", coordinators=[other_coord])
    # A scheme still being planned: not public, so nobody reaches its pages.
    scheme_draft = SchemeFactory(
        name="Scheme Draft", slug="draft", phase=Phase.FOUNDATIONS, coordinators=[coord]
    )

    today = timezone.localdate()
    started = today - timedelta(days=90)

    # The application form of scheme A, with a free-text question E answers.
    form_a = ApplicationFormFactory(scheme=scheme_a, role=Role.MENTEE)
    question_a = QuestionFactory(form=form_a, label="Why now?", required=False)

    # R: mentor M and mentee E.
    rel, (app_m, app_e) = _pair(scheme_a, mentor, mentee, started_on=started)
    app_e.answers = {str(question_a.pk): f"Because {APPLICATION.text}"}
    app_e.hopes = f"To lead ({APPLICATION.text})"
    app_e.save()
    s1 = _log(
        rel,
        1,
        mentee,
        held_on=started + timedelta(days=1),
        notes=f"We talked about {NOTE.text}.",
        new_actions=[f"Read about {ACTION.text}"],
    )
    s2 = rel.sessions.get(number=2)
    rel_services.session_plan(
        session=s2,
        by=mentor,
        scheduled_at=timezone.make_aware(datetime.combine(today + timedelta(days=7), time(10))),
        mode=SessionMode.ONLINE,
        location=f"https://meet.example.org/{LOCATION.text}",
    )
    expectation = rel_services.expectation_add(
        relationship=rel, by=mentee, text=f"I expect {EXPECTATION.text}"
    )
    rel_services.expectation_ask_clarification(
        expectation=expectation, by=mentor, question=f"Do you mean {CLARIFICATION.text}?"
    )
    goal = rel_services.goal_set(
        relationship=rel,
        by=mentee,
        owner=mentee,
        what=f"Lead a team {GOAL.text}",
        why="Because.",
        success_looks_like="A team.",
        session=s1,
    )
    rel_services.goal_review(
        goal=goal, by=mentor, note=f"Going well {GOAL_PROGRESS.text}", status="in_progress"
    )
    action = rel.actions.get()
    concern = rel_services.relationship_raise_concern(
        relationship=rel, by=mentee, message=f"I am worried: {CONCERN.text}"
    )
    reflection = cpd_services.reflection_save(
        author=mentee,
        title="After session one",
        model="what_so_what",
        entries={
            "what": f"We met. {REFLECTION.text}",
            "so_what": "It mattered.",
            "now_what": "More.",
        },
        complete=True,
        session=s1,
        relationship=rel,
    )
    shared = cpd_services.reflection_save(
        author=mentor,
        title="Mentor's shared reflection",
        model="what_so_what",
        entries={"what": SHARED_REFLECTION.text, "so_what": "x", "now_what": "y"},
        complete=True,
        session=s1,
        relationship=rel,
        shared_with_partner=True,
    )
    cpd_services.reflection_save(
        author=mentor,
        title="Mentor's own reflection",
        model="what_so_what",
        entries={"what": MENTOR_PRIVATE.text, "so_what": "x", "now_what": "y"},
        complete=True,
        session=s1,
        relationship=rel,
    )
    framework = Framework.objects.get(name__icontains="HCPC")
    activity = cpd_services.manual_activity_create(
        user=mentee,
        title="Course on supervision",
        activity_type="course",
        role="participant",
        date=today - timedelta(days=10),
        hours="3.5",
        description=f"I learned {ACTIVITY.text}",
        standards=[framework.standards.first()],
        evidence_file=SimpleUploadedFile(
            "certificate.txt", EVIDENCE_BYTES, content_type="text/plain"
        ),
    )
    evidence = activity.evidence.get()
    cpd_services.cpd_profile_save(
        user=mentee,
        framework=framework,
        summary_of_practice=f"I am an OT. {CPD_PROFILE.text}",
        statements={},
    )
    message, message_report = _conversation(rel, mentor, mentee)
    for user, phone in ((mentor, PARTNER_PHONE), (mentee, OWN_PHONE), (other_mentor, OTHER_PHONE)):
        account_services.contact_settings_update(
            user=user, phone=phone.text, preferred_channel="phone", message_emails="each"
        )
    feed = rel_services.calendar_feed_for(user=mentee)
    rel_services.calendar_feed_for(user=mentor)
    _confirmation(rel, mentee)

    # Matching in scheme A: the confirmed proposal that started R.
    run = finished_run(scheme_a, by=coord)
    prop = proposal(run, app_m, app_e, status=ProposalStatus.CONFIRMED)
    prop.relationship = rel
    prop.approved_at = timezone.now()
    prop.save()
    MatchingSettings.objects.create(scheme=scheme_a)
    SchemeCpdSetting.objects.create(scheme=scheme_a)

    # A completed relationship (certificate, feedback) and one E ended early.
    dimension = EvaluationDimension.objects.create(scheme=scheme_a, name="Confidence")
    feedback_q = FeedbackQuestion.objects.create(
        scheme=scheme_a, label="What went well?", type="long_text", required=False
    )
    rel_done, _ = _pair(
        scheme_a,
        mentor,
        mentee,
        started_on=started - timedelta(days=200),
        steps=1,
        apps=[app_m, app_e],
    )
    _log(rel_done, 1, mentor, held_on=started - timedelta(days=190), notes=NOTE.text)
    rel_services.relationship_complete(relationship=rel_done, by=mentor)
    rel_services.feedback_submit(
        relationship=rel_done,
        by=mentee,
        answers={str(feedback_q.pk): FEEDBACK_SHARED.text},
        share_individually=True,
    )
    feedback_m = rel_services.feedback_submit(
        relationship=rel_done,
        by=mentor,
        answers={str(feedback_q.pk): FEEDBACK_PRIVATE.text},
        share_individually=False,
    )
    rel_ended, _ = _pair(
        scheme_a,
        mentor,
        mentee,
        started_on=started - timedelta(days=30),
        steps=2,
        apps=[app_m, app_e],
    )
    rel_services.relationship_end_early(
        relationship=rel_ended, by=mentee, reason=f"Because {ENDING.text}", wants_rematch=False
    )
    ending = rel_ended.ending
    feedback_e = rel_done.feedback.get(user=mentee)

    # O's own relationship in scheme A, and a pair in scheme B.
    rel_other, _ = _pair(scheme_a, other_mentor, other_mentee, started_on=started)
    _log(rel_other, 1, other_mentor, held_on=started + timedelta(days=2), notes=OTHER_NOTE.text)
    message_other = rel_services.message_send(
        relationship=rel_other, by=other_mentor, body=f"Hi {OTHER_MESSAGE.text}"
    )
    rel_services.calendar_feed_for(user=other_mentor)
    rel_b, (_, app_b) = _pair(scheme_b, b_mentor, b_mentee, started_on=started)
    app_b.hopes = APPLICATION_B.text
    app_b.save()

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

    # Events, attendance, news and subscriptions of scheme A.
    event = SchemeEvent.objects.create(
        scheme=scheme_a,
        kind=EventKind.LAUNCH,
        title="Launch",
        starts_at=timezone.now() + timedelta(days=20),
        ends_at=timezone.now() + timedelta(days=20, hours=2),
    )
    scheme_services.event_rsvp(event=event, user=mentee, rsvp="yes")
    learning_set = attended_event(scheme_a, mentor, on=today - timedelta(days=5))
    attendance = event.attendances.get(user=mentee)
    news = NewsItem.objects.create(
        scheme=scheme_a, title="Launch news", body="We launch.", published_at=timezone.now()
    )
    draft_news = NewsItem.objects.create(scheme=scheme_a, title="Draft news", body=DRAFT_NEWS.text)
    draft_event = SchemeEvent.objects.create(
        scheme=scheme_draft,
        kind=EventKind.LAUNCH,
        title="Draft launch",
        starts_at=timezone.now() + timedelta(days=40),
        ends_at=timezone.now() + timedelta(days=40, hours=2),
    )
    subscription = scheme_services.subscription_register(
        scheme=scheme_a, email=mentee.email, user=mentee
    )
    preference = EmailPreference.objects.create(user=mentee, kind=NotificationKind.SCHEME_NEWS)
    # The organisation list: E's employer, typed two ways and merged (one alias).
    organisation = account_services.organisation_for_name(name="Riverside NHS Trust")
    account_services.organisation_merge(
        keep=organisation,
        others=[account_services.organisation_for_name(name="Riverside Hospitals")],
    )
    account_services.profile_update(user=mentee, data={"organisation": "Riverside N.H.S. Trust"})
    notification = SentNotification.objects.filter(recipient=mentee, scheme=scheme_a).first()

    # An evaluation report of scheme A quoting E's shared feedback.
    report = insights_services.evaluation_report_create(
        scheme=scheme_a, title="Pilot evaluation", by=coord
    )
    insights_services.report_quote_add(
        report=report, response=feedback_e, question=feedback_q, theme="What went well"
    )

    # Third-party admin objects: an authenticator, periodic tasks.
    authenticator = Authenticator.objects.create(
        user=outsider, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00", "used_mask": 0}
    )
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    crontab = CrontabSchedule.objects.create(minute="0", hour="6")
    solar = SolarSchedule.objects.create(event="sunrise", latitude=51.5, longitude=-0.1)
    clocked = ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(days=1))
    periodic = PeriodicTask.objects.create(name="authz-task", task="x.y", interval=interval)
    # Data protection: the outsider's request to be erased, the settings and a run.
    erasure_request = erasure_request_create(user=outsider, by=outsider)
    retention_settings = RetentionSettings.objects.create(pk=1)
    retention_run = RetentionRun.objects.create(counts={"email bodies": 1})

    world = World(
        users={
            OUTSIDER: outsider,
            MENTEE: mentee,
            OTHER_MENTOR: other_mentor,
            OTHER_COORD: other_coord,
            COORD: coord,
            ADMIN: admin,
        },
        scheme_a=scheme_a,
        scheme_b=scheme_b,
        mentor=mentor,
        rel=rel,
        rel_done=rel_done,
        rel_ended=rel_ended,
        rel_other=rel_other,
        rel_b=rel_b,
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
    world.objects.update(
        session_held=s1,
        message=message,
        message_other=message_other,
        message_report=message_report,
        session_scheduled=s2,
        expectation=expectation,
        goal=goal,
        action=action,
        concern=concern,
        reflection=reflection,
        shared_reflection=shared,
        activity=activity,
        evidence=evidence,
        feed=feed,
        application=app_e,
        application_b=app_b,
        run=run,
        proposal=prop,
        dimension=dimension,
        feedback_question=feedback_q,
        feedback_e=feedback_e,
        feedback_m=feedback_m,
        ending=ending,
        report=report,
        event=event,
        draft_event=draft_event,
        scheme_draft=scheme_draft,
        learning_set=learning_set,
        attendance=attendance,
        news=news,
        draft_news=draft_news,
        subscription=subscription,
        preference=preference,
        organisation=organisation,
        notification=notification,
        framework=framework,
        form=form_a,
        authenticator=authenticator,
        interval=interval,
        crontab=crontab,
        solar=solar,
        clocked=clocked,
        periodic=periodic,
        erasure_request=erasure_request,
        retention_settings=retention_settings,
        retention_run=retention_run,
        group=group,
        site=Site.objects.get_current(),
        flatpage=_privacy_page(),
        email_address=EmailAddress.objects.get(user=mentee),
        preferences_token=signing.dumps(mentee.pk, salt=PREFERENCES_SALT),
        unsubscribe_token=news_unsubscribe_token(subscription),
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
