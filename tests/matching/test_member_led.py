"""Member-led matching: the directory, requests, the mentor's answer, approval, expiry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from matching import services
from matching.models import MentorRequest, ProposalStatus, RequestStatus
from matching.selectors import places_of
from matching.services.request_expiry import mentor_requests_sweep
from schemes.models import Application, ApplicationStatus, Role
from sessions_log.models import Relationship
from tests.factories import ApplicationFactory, SchemeFactory
from tests.matching.factories import accepted
from tests.matching.member_led import member_led_scheme

pytestmark = pytest.mark.django_db


def _ask(mentee, mentor, message="I would like to grow as a leader."):
    return services.mentor_request_create(
        mentee_application=mentee, mentor_application=mentor, message=message
    )


def _directory(client, mentee, query=""):
    client.force_login(mentee.applicant)
    url = reverse("matching:directory", kwargs={"scheme_pk": mentee.scheme_id}) + query
    return client.get(url)


def test_directory_lists_mentors_by_places_with_reasons(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme, goals=("leadership",))
    plain = accepted(scheme, role=Role.MENTOR, expertise=[], capacity=2)
    suited = accepted(scheme, role=Role.MENTOR, expertise=["leadership"], capacity=3)
    # The mentor shows their expertise before a match, so a reason may name it.
    Profile.objects.filter(user=suited.applicant).update(shown_before_match=["expertise"])

    response = _directory(client, mentee)

    cards = list(response.context["page"].object_list)
    assert [c.application for c in cards] == [suited, plain]  # more places left first
    assert [c.places.left for c in cards] == [3, 2]
    assert any("leadership" in r.lower() for r in cards[0].reasons)
    assert "Why this mentor suits you" in response.text


def test_the_order_tells_nothing_a_mentor_hides(client):
    """A mentee who changes their own goals and watches the order must not learn a
    mentor's hidden expertise: the order counts only what the mentee is told."""
    scheme = member_led_scheme()
    first = accepted(scheme, role=Role.MENTOR, expertise=[], capacity=2)
    hiding = accepted(scheme, role=Role.MENTOR, expertise=["leadership"], capacity=2)
    Profile.objects.filter(user__in=[first.applicant, hiding.applicant]).update(
        shown_before_match=[]
    )

    orders = []
    for goals in ((), ("leadership",)):
        mentee = accepted(scheme, goals=goals)
        cards = list(_directory(client, mentee).context["page"].object_list)
        orders.append([c.application for c in cards])

    assert orders[0] == orders[1]
    assert set(orders[0]) == {first, hiding}


def test_directory_filters_by_country_and_expertise(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    shown = ["place", "expertise"]
    irish = accepted(
        scheme,
        role=Role.MENTOR,
        country="IE",
        expertise=["leadership"],
        shown_before_match=shown,
    )
    accepted(
        scheme, role=Role.MENTOR, country="GB", expertise=["research"], shown_before_match=shown
    )
    # the same answers, hidden before a match: a filter never finds them (nothing is learnt)
    accepted(scheme, role=Role.MENTOR, country="IE", expertise=["leadership"])

    response = _directory(client, mentee, "?q_country=IE&q_expertise=leadership")

    assert [c.application for c in response.context["page"].object_list] == [irish]


def test_directory_queries_do_not_grow_with_mentors(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    accepted(scheme, role=Role.MENTOR)
    client.force_login(mentee.applicant)
    url = reverse("matching:directory", kwargs={"scheme_pk": scheme.pk})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        _ask(accepted(scheme), accepted(scheme, role=Role.MENTOR, capacity=2))
    asked = list(MentorRequest.objects.values_list("mentor_application", flat=True))
    for mentor in Application.objects.filter(pk__in=asked[:3]):
        _ask(mentee, mentor)  # the cards of mentors the mentee asked
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 7
    assert sum(card.request is not None for card in response.context["page"].object_list) == 3
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("who", ["other_scheme", "not_accepted", "mentor", "engine_scheme"])
def test_directory_is_404_to_anyone_but_an_accepted_mentee_of_a_member_led_scheme(client, who):
    scheme = member_led_scheme()
    accepted(scheme, role=Role.MENTOR)
    if who == "other_scheme":
        application = accepted(member_led_scheme())
    elif who == "not_accepted":
        application = ApplicationFactory(
            scheme=scheme, role=Role.MENTEE, status=ApplicationStatus.SUBMITTED
        )
    elif who == "mentor":
        application = accepted(scheme, role=Role.MENTOR)
    else:
        application = accepted(SchemeFactory())
    client.force_login(application.applicant)
    url = reverse("matching:directory", kwargs={"scheme_pk": scheme.pk})
    assert client.get(url).status_code == 404


def test_request_emails_the_mentor_who_accepts_and_the_relationship_starts(
    client, django_capture_on_commit_callbacks
):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    mentor = accepted(scheme, role=Role.MENTOR)
    other = accepted(scheme, role=Role.MENTOR)
    client.force_login(mentee.applicant)
    url = reverse("matching:request", kwargs={"scheme_pk": scheme.pk, "pk": mentor.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Help me lead a team."})
    assert response.status_code == 302
    request = MentorRequest.objects.get(mentor_application=mentor)
    assert (request.status, request.message) == (RequestStatus.PENDING, "Help me lead a team.")
    assert [m.to for m in mail.outbox] == [[mentor.applicant.email]]
    assert "Help me lead a team." not in mail.outbox[0].body  # the page shows it, signed in
    second = _ask(mentee, other)
    mail.outbox.clear()

    client.force_login(mentor.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("matching:request_answer", kwargs={"pk": request.pk}), {"decision": "accept"}
        )

    request.refresh_from_db()
    second.refresh_from_db()
    assert (request.status, second.status) == (
        RequestStatus.ACCEPTED,
        RequestStatus.MATCHED_ELSEWHERE,
    )
    assert request.proposal.status == ProposalStatus.CONFIRMED
    relationship = Relationship.objects.get(proposal=request.proposal)
    assert {m.user_id for m in relationship.members.all()} == {
        mentee.applicant_id,
        mentor.applicant_id,
    }
    assert places_of(application=mentor).confirmed == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [mentee.applicant.email, mentor.applicant.email, other.applicant.email]
    )


def test_approval_required_holds_the_place_until_a_coordinator_approves(
    coordinator, django_capture_on_commit_callbacks
):
    scheme = member_led_scheme(approval=True)
    mentee = accepted(scheme)
    mentor = accepted(scheme, role=Role.MENTOR)
    request = _ask(mentee, mentor)
    services.mentor_request_answer(request=request, user=mentor.applicant, accept=True)
    request.refresh_from_db()
    assert request.proposal.status == ProposalStatus.APPROVED
    assert places_of(application=mentor).held == 1

    services.mentor_request_approve(request=request, by=coordinator)

    request.refresh_from_db()
    assert request.proposal.status == ProposalStatus.CONFIRMED
    assert places_of(application=mentor).confirmed == 1


def test_cancel_releases_a_place_awaiting_approval(coordinator):
    scheme = member_led_scheme(approval=True)
    mentor = accepted(scheme, role=Role.MENTOR)
    request = _ask(accepted(scheme), mentor)
    services.mentor_request_answer(request=request, user=mentor.applicant, accept=True)

    services.mentor_request_cancel(request=request, by=coordinator)

    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.CANCELLED
    assert places_of(application=mentor).taken == 0


def test_decline_keeps_the_reason_from_the_mentee(client, django_capture_on_commit_callbacks):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    mentor = accepted(scheme, role=Role.MENTOR)
    request = _ask(mentee, mentor)
    with django_capture_on_commit_callbacks(execute=True):
        services.mentor_request_answer(
            request=request, user=mentor.applicant, accept=False, reason="Too busy this term"
        )
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        RequestStatus.DECLINED,
        "Too busy this term",
    )
    client.force_login(mentee.applicant)
    page = client.get(reverse("matching:requests")).text
    assert "Declined" in page
    assert "Too busy" not in page
    assert all("Too busy" not in m.body for m in mail.outbox)


def test_more_than_the_schemes_requests_is_refused():
    scheme = member_led_scheme(max_requests=2)
    mentee = accepted(scheme)
    for _ in range(2):
        _ask(mentee, accepted(scheme, role=Role.MENTOR))
    with pytest.raises(ValidationError) as refused:
        _ask(mentee, accepted(scheme, role=Role.MENTOR))
    assert refused.value.messages == [
        "You may have 2 requests waiting at a time: withdraw one first."
    ]


def test_empty_message_is_refused_on_the_field(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    mentor = accepted(scheme, role=Role.MENTOR)
    client.force_login(mentee.applicant)
    url = reverse("matching:request", kwargs={"scheme_pk": scheme.pk, "pk": mentor.pk})
    response = client.post(url, {"message": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"message": ["This field is required."]}
    with pytest.raises(ValidationError) as refused:
        _ask(mentee, mentor, message=" ")
    assert refused.value.message_dict == {
        "message": ["Write a message to the mentor: say what you hope to work on."]
    }


def test_requesting_a_full_mentor_says_so_and_keeps_the_message(client):
    # The place is held awaiting approval: the mentor is still listed, with none left.
    scheme = member_led_scheme(approval=True)
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    first = _ask(accepted(scheme), mentor)
    services.mentor_request_answer(request=first, user=mentor.applicant, accept=True)
    mentee = accepted(scheme)
    client.force_login(mentee.applicant)
    url = reverse("matching:request", kwargs={"scheme_pk": scheme.pk, "pk": mentor.pk})
    response = client.post(url, {"message": "Please?"})
    assert response.context["form"].non_field_errors() == [
        "This mentor has no place left: choose another mentor."
    ]
    assert response.context["form"]["message"].value() == "Please?"


def test_a_mentor_answering_someone_elses_request_gets_404(client):
    scheme = member_led_scheme()
    request = _ask(accepted(scheme), accepted(scheme, role=Role.MENTOR))
    stranger = accepted(scheme, role=Role.MENTOR)
    client.force_login(stranger.applicant)
    url = reverse("matching:request_answer", kwargs={"pk": request.pk})
    assert client.post(url, {"decision": "accept"}).status_code == 404
    client.force_login(request.mentee_application.applicant)
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING


def test_sweep_reminds_once_then_expires(django_capture_on_commit_callbacks):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    request = _ask(mentee, accepted(scheme, role=Role.MENTOR))
    soon = request.expires_at - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert mentor_requests_sweep(now=soon) == (1, 0)
        assert mentor_requests_sweep(now=soon) == (0, 0)
        assert mentor_requests_sweep(now=request.expires_at + timedelta(minutes=1)) == (0, 1)
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert mail.outbox[-1].to == [mentee.applicant.email]
    with pytest.raises(ValidationError):
        services.mentor_request_answer(
            request=request, user=request.mentor_application.applicant, accept=True
        )
    assert timezone.now() < request.expires_at  # expired by the sweep, not by the clock
