"""Reflection prompts (cpd), unfinished drafts (schemes), unanswered matches (matching)."""

from datetime import date

import time_machine
from django.core import mail

from accounts.models import EmailPreference, NotificationKind, SentNotification
from cpd.emails import reflection_prompt_send
from cpd.models import Reflection
from cpd.tasks import send_reflection_prompts
from matching.models import ProposalKind, ProposalStatus, Response
from matching.tasks import send_proposal_reminders
from schemes.models import ApplicationStatus, Phase, Role
from schemes.tasks import send_application_draft_reminders
from tests.factories import ApplicationFactory
from tests.matching.factories import accepted, finished_run, proposal
from tests.reminders.factories import at, hold, pair


def run(task, when, capture):
    with time_machine.travel(when, tick=False), capture(execute=True):
        return task.delay().get()


def test_reflection_prompt_the_day_after_logging_once(
    scheme, mentor, mentee, django_capture_on_commit_callbacks
):
    rel = pair(scheme, mentor, mentee)
    session = hold(rel.sessions.get(number=1), held_on=date(2026, 1, 5), logged_at=at(2026, 1, 6))
    assert run(send_reflection_prompts, at(2026, 1, 6, 20), django_capture_on_commit_callbacks) == 0
    assert run(send_reflection_prompts, at(2026, 1, 7, 10), django_capture_on_commit_callbacks) == 2
    assert run(send_reflection_prompts, at(2026, 1, 8), django_capture_on_commit_callbacks) == 0
    # The cpd helper uses the same key: calling it now sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert reflection_prompt_send(user=mentee, session=session) is None
    assert sorted(m.to[0] for m in mail.outbox) == [mentee.email, mentor.email]
    message = mail.outbox[0]
    url = f"http://testserver/portal/cpd/reflections/new/session/{session.pk}/"
    assert message.subject == f"Reflect on your session 1 in {scheme.name}"
    assert f"Write your reflection: {url}\n" in message.body
    assert f'<a href="{url}">Write your reflection</a>' in message.alternatives[0][0]


def test_reflection_prompt_skips_who_reflected_and_who_opted_out(
    scheme, mentor, mentee, django_capture_on_commit_callbacks
):
    rel = pair(scheme, mentor, mentee)
    session = hold(rel.sessions.get(number=1), held_on=date(2026, 1, 5), logged_at=at(2026, 1, 6))
    Reflection.objects.create(
        author=mentor, title="Mine", reflected_on=date(2026, 1, 6), session=session
    )
    EmailPreference.objects.create(user=mentee, kind=NotificationKind.REFLECTION_PROMPT)
    assert run(send_reflection_prompts, at(2026, 1, 7, 10), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_application_draft_reminded_after_three_idle_days_once(
    scheme, mentee, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 3, 1), tick=False):
        draft = ApplicationFactory(
            scheme=scheme, applicant=mentee, role=Role.MENTEE, status=ApplicationStatus.DRAFT
        )
    task = send_application_draft_reminders
    assert run(task, at(2026, 3, 3), django_capture_on_commit_callbacks) == 0
    assert run(task, at(2026, 3, 4, 10), django_capture_on_commit_callbacks) == 1
    assert run(task, at(2026, 3, 9), django_capture_on_commit_callbacks) == 0
    assert list(SentNotification.objects.values_list("key", "status")) == [
        (f"application_draft:{mentee.email}:application:{draft.pk}:draft", "sent")
    ]
    (message,) = mail.outbox
    url = f"http://testserver/portal/applications/{draft.pk}/"
    assert message.subject == f"Finish your application to {scheme.name}"
    assert f"Continue your application: {url}\n" in message.body
    assert f'<a href="{url}">Continue your application</a>' in message.alternatives[0][0]


def test_application_draft_not_reminded_when_scheme_closed(
    scheme, mentee, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 3, 1), tick=False):
        ApplicationFactory(scheme=scheme, applicant=mentee, status=ApplicationStatus.DRAFT)
    scheme.phase = Phase.CLOSED
    scheme.save()
    assert (
        run(send_application_draft_reminders, at(2026, 3, 5), django_capture_on_commit_callbacks)
        == 0
    )


def test_proposal_waiting_reminded_after_three_days_even_if_opted_out(
    scheme, django_capture_on_commit_callbacks
):
    mentor_app = accepted(scheme, role=Role.MENTOR)
    mentee_app = accepted(scheme)
    made = proposal(finished_run(scheme), mentor_app, mentee_app, status=ProposalStatus.APPROVED)
    made.approved_at = at(2026, 4, 1)
    made.save()
    made.members.filter(application=mentor_app).update(response=Response.ACCEPTED)
    EmailPreference.objects.create(user=mentee_app.applicant, kind=NotificationKind.MATCH_PROPOSED)
    task = send_proposal_reminders
    assert run(task, at(2026, 4, 3), django_capture_on_commit_callbacks) == 0
    assert run(task, at(2026, 4, 4, 10), django_capture_on_commit_callbacks) == 1
    assert run(task, at(2026, 4, 5), django_capture_on_commit_callbacks) == 0
    (message,) = mail.outbox
    assert message.to == [mentee_app.applicant.email]
    url = f"http://testserver/portal/matches/{made.pk}/"
    assert message.subject == (f"Your proposed match in {scheme.name} is waiting for your answer")
    assert f"Accept or decline: {url}\n" in message.body
    assert f'<a href="{url}">Accept or decline</a>' in message.alternatives[0][0]


def test_proposal_shortlist_reminds_mentee_once_for_all_options(
    scheme, django_capture_on_commit_callbacks
):
    mentee_app = accepted(scheme)
    run_ = finished_run(scheme)
    options = [
        proposal(
            run_,
            accepted(scheme, role=Role.MENTOR),
            mentee_app,
            kind=ProposalKind.OPTION,
            rank=rank,
            status=ProposalStatus.APPROVED,
        )
        for rank in (1, 2)
    ]
    for option in options:
        option.approved_at = at(2026, 4, 1)
        option.save()
    assert run(send_proposal_reminders, at(2026, 4, 5), django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[mentee_app.applicant.email]]
    assert mail.outbox[0].subject == f"Your shortlist in {scheme.name} is waiting for your choice"
