"""Decline reasons reach the coordinators (the proposal's admin page and the digest), never
the other member."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import SentNotification
from insights import digest
from matching.models import ProposalStatus
from matching.services.answers import proposal_respond
from schemes.models import Role
from tests.matching.factories import accepted, finished_run, proposal

REASON = "Our working hours never overlap."


def declined(scheme):
    mentor = accepted(scheme, role=Role.MENTOR)
    mentee = accepted(scheme)
    match = proposal(finished_run(scheme), mentor, mentee, status=ProposalStatus.APPROVED)
    proposal_respond(proposal=match, user=mentee.applicant, accept=False, reason=REASON)
    return match, mentor, mentee


def test_the_digest_lists_declines_with_their_reason(
    scheme, coordinator, django_capture_on_commit_callbacks
):
    _, _, mentee = declined(scheme)
    built = digest.digests_build(schemes=[scheme], now=timezone.now())
    (member,) = built[scheme.pk].declined
    assert (member.application, member.response_reason) == (mentee, REASON)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.coordinator_digests_send() == 1
    body = SentNotification.objects.get(recipient=coordinator, kind="coordinator_digest").body_text
    assert f"- {mentee.applicant.display_name} (mentee), " in body
    assert f'"{REASON}"' in body


def test_a_decline_older_than_the_period_is_not_listed_again(scheme):
    declined(scheme)
    later = timezone.now() + timedelta(days=8)
    assert digest.digests_build(schemes=[scheme], now=later)[scheme.pk].declined == []


def test_the_coordinator_sees_the_reason_on_the_proposal(client, coordinator, scheme):
    match, _, _ = declined(scheme)
    client.force_login(coordinator)
    page = client.get(reverse("admin:matching_proposal_change", args=[match.pk]))
    assert REASON in page.content.decode()


def test_the_other_member_never_sees_the_reason(client, scheme, other_coordinator, other_scheme):
    match, mentor, _ = declined(scheme)
    told = SentNotification.objects.filter(recipient=mentor.applicant)
    assert told.exists()
    assert all(REASON not in n.body_text and REASON not in n.body_html for n in told)
    client.force_login(mentor.applicant)
    page = client.get(reverse("matching:detail", args=[match.pk]))
    assert REASON not in page.content.decode()
    # nor another scheme's coordinator
    client.force_login(other_coordinator)
    response = client.get(reverse("admin:matching_proposal_change", args=[match.pk]))
    assert REASON not in response.content.decode()
