"""The coordinators' digest: content, period keys, frequency, preferences, scoping."""

from datetime import date, timedelta
from decimal import Decimal

import time_machine
from django.core import mail

from accounts.models import (
    CoordinatorSettings,
    DigestFrequency,
    EmailPreference,
    NotificationKind,
    SentNotification,
)
from insights import digest
from insights.tasks import send_coordinator_digests
from matching.models import ProposalStatus
from schemes.models import ApplicationStatus, Role
from tests.factories import ApplicationFactory
from tests.matching.factories import accepted, finished_run, proposal
from tests.reminders.factories import at, hold, pair


def run(when, capture, **kwargs):
    with time_machine.travel(when, tick=False), capture(execute=True):
        return send_coordinator_digests.delay(**kwargs).get()


def test_digest_weekly_lists_what_needs_attention_once_per_week(
    scheme, coordinator, other_coordinator, mentor, mentee, django_capture_on_commit_callbacks
):
    scheme.momentum_weeks = 4
    scheme.demand_threshold = Decimal("1.00")
    scheme.save()
    rel = pair(scheme, mentor, mentee)  # started 5 Jan, no session held, ends 7 Jul
    with time_machine.travel(at(2026, 1, 1), tick=False):
        late = ApplicationFactory(
            scheme=scheme,
            role=Role.MENTEE,
            status=ApplicationStatus.ACCEPTED,
            submitted_at=at(2026, 1, 1),
        )
    proposal(finished_run(scheme), accepted(scheme, role=Role.MENTOR), accepted(scheme))
    # Monday 9 March 2026 (ISO week 11): 67 days waiting of 90 is past the at-risk point.
    assert run(at(2026, 3, 9), django_capture_on_commit_callbacks) == 1
    assert run(at(2026, 3, 12), django_capture_on_commit_callbacks) == 0
    assert run(at(2026, 3, 16), django_capture_on_commit_callbacks) == 1
    assert list(SentNotification.objects.order_by("pk").values_list("key", flat=True)) == [
        f"coordinator_digest:{coordinator.email}:digest:weekly:2026-W11",
        f"coordinator_digest:{coordinator.email}:digest:weekly:2026-W12",
    ]
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert message.subject == f"Your weekly digest for {scheme.name}: what needs attention"
    body = message.body
    assert (
        f"- {late.applicant.display_name} ({late.get_role_display()}): 67 of 90 days, at risk\n"
        in body
    )
    assert (
        f"Pairs with no session logged for 4 weeks or more (1):\n- "
        f"{mentor.display_name}, {mentee.display_name}: no session since the start on "
        "5 Jan 2026\n"
    ) in body
    assert (
        "Supply and demand warning: 2 mentees waiting for 1 mentor place (2.00 per place)" in body
    )
    assert "Proposals: 1 awaiting approval, 0 awaiting members' answers." in body
    html = message.alternatives[0][0]
    assert f'<a href="http://testserver/admin/schemes/scheme/{scheme.pk}/change/">' in html
    assert "<h2" in html
    assert scheme.name in html
    assert f"#{rel.pk}" not in body  # named by its members, not by a number
    # Confidential text never appears.
    assert "notes" not in body.lower()


def test_digest_skips_coordinator_with_nothing_to_report(
    scheme, coordinator, django_capture_on_commit_callbacks
):
    assert run(at(2026, 3, 9), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_digest_momentum_resets_when_a_session_is_held(
    scheme, coordinator, mentor, mentee, django_capture_on_commit_callbacks
):
    rel = pair(scheme, mentor, mentee)
    hold(rel.sessions.get(number=1), held_on=date(2026, 3, 2))
    with time_machine.travel(at(2026, 3, 9), tick=False):
        digests = digest.digests_build(schemes=[scheme], now=at(2026, 3, 9))
    assert (digests[scheme.pk].stalled, digests[scheme.pk].is_empty) == ([], True)
    with time_machine.travel(at(2026, 4, 20), tick=False):
        digests = digest.digests_build(schemes=[scheme], now=at(2026, 4, 20))
    assert [r.pk for r in digests[scheme.pk].stalled] == [rel.pk]


def test_digest_nearing_end_section(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee, started_on=date(2026, 1, 5))
    hold(rel.sessions.get(number=6), held_on=date(2026, 6, 20))
    now = at(2026, 6, 20)
    with time_machine.travel(now, tick=False):
        built = digest.digests_build(schemes=[scheme], now=now)[scheme.pk]
    assert ([r.pk for r in built.ending], built.stalled) == ([rel.pk], [])


def test_digest_daily_and_off_follow_coordinator_settings(
    scheme, coordinator, other_scheme, other_coordinator, django_capture_on_commit_callbacks
):
    CoordinatorSettings.objects.create(user=coordinator, digest_frequency=DigestFrequency.DAILY)
    CoordinatorSettings.objects.create(user=other_coordinator, digest_frequency=DigestFrequency.OFF)
    for s in (scheme, other_scheme):
        proposal(finished_run(s), accepted(s, role=Role.MENTOR), accepted(s))
    assert run(at(2026, 3, 10), django_capture_on_commit_callbacks) == 1
    assert run(at(2026, 3, 11), django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email], [coordinator.email]]
    assert mail.outbox[0].subject == f"Your daily digest for {scheme.name}: what needs attention"


def test_digest_scoped_to_own_schemes_and_respects_opt_out(
    scheme, coordinator, other_scheme, other_coordinator, django_capture_on_commit_callbacks
):
    for s in (scheme, other_scheme):
        proposal(finished_run(s), accepted(s, role=Role.MENTOR), accepted(s))
    EmailPreference.objects.create(user=other_coordinator, kind=NotificationKind.COORDINATOR_DIGEST)
    assert run(at(2026, 3, 9), django_capture_on_commit_callbacks, frequency="weekly") == 1
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert other_scheme.name not in message.body


def test_digest_period_keys():
    now = at(2026, 3, 9)
    assert [digest.period_of(f, now) for f in ("daily", "weekly", "monthly")] == [
        "2026-03-09",
        "2026-W11",
        "2026-03",
    ]
    assert digest.period_of("weekly", now + timedelta(days=6)) == "2026-W11"


def test_digest_momentum_default_when_scheme_has_none(scheme):
    scheme.momentum_weeks = 0
    assert digest.momentum_weeks(scheme) == digest.DEFAULT_MOMENTUM_WEEKS


def test_digest_proposals_awaiting_answers_counted(scheme):
    made = proposal(
        finished_run(scheme),
        accepted(scheme, role=Role.MENTOR),
        accepted(scheme),
        status=ProposalStatus.APPROVED,
    )
    built = digest.digests_build(schemes=[scheme], now=at(2026, 3, 9))[scheme.pk]
    assert (built.awaiting_approval, built.awaiting_answers, made.scheme_id) == (0, 1, scheme.pk)
