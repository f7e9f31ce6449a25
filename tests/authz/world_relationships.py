"""The world's relationships and what their members wrote: R (mentor M and mentee E) with
its sessions, goals, reflections, CPD record and conversation; M and E's completed and
ended relationships; O's relationship in scheme A and a pair in scheme B."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import services as account_services
from accounts.emails.outbox import notify
from accounts.models import NotificationKind
from cpd import services as cpd_services
from cpd.models import Framework
from schemes.models import ApplicationStatus, Role
from sessions_log import services as rel_services
from sessions_log.models import EvaluationDimension, FeedbackQuestion, MemberRole, SessionMode
from sessions_log.selectors import contacts_for
from tests.factories import ApplicationFactory, ProgrammeTemplateFactory

from .world_cast import (
    ACTION,
    ACTIVITY,
    APPLICATION,
    APPLICATION_B,
    CLARIFICATION,
    CONCERN,
    CPD_PROFILE,
    ENDING,
    EVIDENCE_BYTES,
    EXPECTATION,
    FEEDBACK_PRIVATE,
    FEEDBACK_SHARED,
    GOAL,
    GOAL_PROGRESS,
    LOCATION,
    MENTOR_PRIVATE,
    MESSAGE,
    NOTE,
    OTHER_MESSAGE,
    OTHER_NOTE,
    OTHER_PHONE,
    OWN_MESSAGE,
    OWN_PHONE,
    PARTNER_PHONE,
    REFLECTION,
    REPORT_REASON,
    REPORTED,
    SHARED_REFLECTION,
)


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


def build_rel(
    *, scheme_a, question_a, mentor, mentee, other_mentor, today, started
) -> dict[str, object]:
    """R (mentor M and mentee E) and everything written in it."""
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
    records = _rel_cpd(rel=rel, s1=s1, mentor=mentor, mentee=mentee, today=today)
    message, message_report = _conversation(rel, mentor, mentee)
    for user, phone in ((mentor, PARTNER_PHONE), (mentee, OWN_PHONE), (other_mentor, OTHER_PHONE)):
        account_services.contact_settings_update(
            user=user, phone=phone.text, preferred_channel="phone", message_emails="each"
        )
    feed = rel_services.calendar_feed_for(user=mentee)
    rel_services.calendar_feed_for(user=mentor)
    _confirmation(rel, mentee)
    return {
        "rel": rel,
        "app_m": app_m,
        "application": app_e,
        "session_held": s1,
        "session_scheduled": s2,
        "expectation": expectation,
        "goal": goal,
        "action": action,
        "concern": concern,
        **records,
        "message": message,
        "message_report": message_report,
        "feed": feed,
    }


def _rel_cpd(*, rel, s1, mentor, mentee, today) -> dict[str, object]:
    """E's reflection, M's shared and private ones, E's CPD activity, evidence and profile."""
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
    return {
        "reflection": reflection,
        "shared_reflection": shared,
        "framework": framework,
        "activity": activity,
        "evidence": evidence,
    }


def build_past(*, scheme_a, mentor, mentee, app_m, app_e, started) -> dict[str, object]:
    """M and E's completed relationship (certificate, feedback) and the one E ended early."""
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
    return {
        "rel_done": rel_done,
        "rel_ended": rel_ended,
        "dimension": dimension,
        "feedback_question": feedback_q,
        "feedback_e": feedback_e,
        "feedback_m": feedback_m,
        "ending": ending,
    }


def build_others(
    *, scheme_a, scheme_b, other_mentor, other_mentee, b_mentor, b_mentee, started
) -> dict[str, object]:
    """O's own relationship in scheme A, and a pair in scheme B."""
    rel_other, _ = _pair(scheme_a, other_mentor, other_mentee, started_on=started)
    _log(rel_other, 1, other_mentor, held_on=started + timedelta(days=2), notes=OTHER_NOTE.text)
    message_other = rel_services.message_send(
        relationship=rel_other, by=other_mentor, body=f"Hi {OTHER_MESSAGE.text}"
    )
    rel_services.calendar_feed_for(user=other_mentor)
    rel_b, (_, app_b) = _pair(scheme_b, b_mentor, b_mentee, started_on=started)
    app_b.hopes = APPLICATION_B.text
    app_b.save()
    return {
        "rel_other": rel_other,
        "message_other": message_other,
        "rel_b": rel_b,
        "application_b": app_b,
    }
