"""Member-led requests the system closes, and what each side reads of a request: a mentor
whose last place is taken (their other waiting requests close, each mentee told), a mentee
matched with another mentor (their other requests close, each mentor told), the directory
card of a mentor already asked, and the request as the mentor sees it (the mentee's card)."""

from __future__ import annotations

import html
import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import services as account_services
from matching import services
from matching.models import MentorRequest, RequestStatus
from matching.profiles import profile_context_for
from matching.services.request_expiry import mentor_requests_sweep
from schemes.models import Role
from tests.factories import ProfileFactory
from tests.matching.factories import accepted
from tests.matching.member_led import member_led_scheme

pytestmark = pytest.mark.django_db


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, format="JPEG")
    return SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")


def _person(first: str, last: str):
    return ProfileFactory(user__first_name=first, user__last_name=last).user


def _ask(mentee, mentor, message="I would like to grow as a leader."):
    return services.mentor_request_create(
        mentee_application=mentee, mentor_application=mentor, message=message
    )


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _status(request) -> str:
    return MentorRequest.objects.get(pk=request.pk).status


@pytest.fixture
def jason_full(django_capture_on_commit_callbacks):
    """Kristin and Lavanya asked Jason (one place); Jason accepted Lavanya."""
    scheme = member_led_scheme(max_requests=1)
    jason = accepted(scheme, role=Role.MENTOR, user=_person("Jason", "Mentor"), capacity=1)
    kristin = accepted(scheme, user=_person("Kristin", "Mentee"))
    lavanya = accepted(scheme, user=_person("Lavanya", "Mentee"))
    kristins = _ask(kristin, jason)
    lavanyas = _ask(lavanya, jason)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.mentor_request_answer(request=lavanyas, user=jason.applicant, accept=True)
    return {
        "scheme": scheme,
        "jason": jason,
        "kristin": kristin,
        "kristins": kristins,
        "lavanyas": lavanyas,
    }


# --- item: the mentor's last place is taken ---------------------------------------------


def test_a_mentors_last_place_closes_their_other_waiting_requests(jason_full):
    kristins = MentorRequest.objects.get(pk=jason_full["kristins"].pk)
    assert kristins.status == RequestStatus.MENTOR_FULL
    assert kristins.decided_at is not None
    assert _status(jason_full["lavanyas"]) == RequestStatus.ACCEPTED

    to_kristin = [m for m in mail.outbox if m.to == [jason_full["kristin"].applicant.email]]
    assert len(to_kristin) == 1
    sent = to_kristin[0]
    assert "the mentor has no place left" in sent.subject
    assert "Jason Mentor has no place left, so your request to them is closed" in sent.body
    directory_url = reverse("matching:directory", kwargs={"scheme_pk": jason_full["scheme"].pk})
    assert directory_url in sent.body
    assert directory_url in "".join(str(a[0]) for a in sent.alternatives)
    assert "withdrawn" not in sent.body.lower()


def test_the_closed_request_no_longer_counts_against_the_mentees_limit(jason_full):
    # max_requests=1: the waiting request to Jason would have refused this one
    other = accepted(jason_full["scheme"], role=Role.MENTOR)

    request = _ask(jason_full["kristin"], other)

    assert request.status == RequestStatus.PENDING


def test_the_full_mentor_is_offered_no_answer_and_each_side_reads_why(client, jason_full):
    kristins = jason_full["kristins"]
    page = _page(client, jason_full["jason"].applicant, reverse("matching:requests"))
    assert reverse("matching:request_answer", args=[kristins.pk]) not in page
    assert "Closed: you have no place left" in page
    assert "Waiting for" not in page

    page = _page(client, jason_full["kristin"].applicant, reverse("matching:requests"))
    assert "Closed: the mentor has no place left" in page
    assert reverse("matching:request_withdraw", args=[kristins.pk]) not in page
    directory_url = reverse("matching:directory", kwargs={"scheme_pk": jason_full["scheme"].pk})
    assert f'href="{directory_url}"' in page


def test_answering_a_request_closed_for_lack_of_places_is_refused(client, jason_full):
    kristins = jason_full["kristins"]
    client.force_login(jason_full["jason"].applicant)

    response = client.post(
        reverse("matching:request_answer", args=[kristins.pk]), {"decision": "accept"}, follow=True
    )

    closed = "This request was closed: you have no place left in this scheme."
    assert closed in response.content.decode()
    assert _status(kristins) == RequestStatus.MENTOR_FULL
    with pytest.raises(ValidationError) as refused:
        services.mentor_request_answer(
            request=kristins, user=jason_full["jason"].applicant, accept=False
        )
    assert refused.value.messages == [closed]


def test_a_mentor_with_a_place_left_keeps_their_other_requests(
    django_capture_on_commit_callbacks,
):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=2)
    first, second = accepted(scheme), accepted(scheme)
    waiting = _ask(first, mentor)
    taken = _ask(second, mentor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.mentor_request_answer(request=taken, user=mentor.applicant, accept=True)

    assert _status(waiting) == RequestStatus.PENDING
    assert first.applicant.email not in [m.to[0] for m in mail.outbox]


def test_a_place_held_for_approval_closes_the_other_requests_too():
    scheme = member_led_scheme(approval=True)
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    waiting = _ask(accepted(scheme), mentor)
    taken = _ask(accepted(scheme), mentor)

    services.mentor_request_answer(request=taken, user=mentor.applicant, accept=True)

    assert _status(waiting) == RequestStatus.MENTOR_FULL


def test_a_decline_closes_nothing():
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR, capacity=1)
    waiting = _ask(accepted(scheme), mentor)
    declined = _ask(accepted(scheme), mentor)

    services.mentor_request_answer(request=declined, user=mentor.applicant, accept=False)

    assert _status(waiting) == RequestStatus.PENDING


# --- item: the mentee was matched with another mentor -----------------------------------


@pytest.fixture
def malcolm_matched(django_capture_on_commit_callbacks):
    """Malcolm asked Jack and Tony; Jack accepted."""
    scheme = member_led_scheme()
    jack = accepted(scheme, role=Role.MENTOR, user=_person("Jack", "Mentor"), capacity=2)
    tony = accepted(scheme, role=Role.MENTOR, user=_person("Tony", "Mentor"), capacity=2)
    malcolm = accepted(scheme, user=_person("Malcolm", "Wilkins"))
    to_jack = _ask(malcolm, jack)
    to_tony = _ask(malcolm, tony)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.mentor_request_answer(request=to_jack, user=jack.applicant, accept=True)
    return {"tony": tony, "malcolm": malcolm, "to_tony": to_tony}


def test_a_match_closes_the_mentees_other_requests_as_such_not_as_withdrawn(malcolm_matched):
    assert _status(malcolm_matched["to_tony"]) == RequestStatus.MATCHED_ELSEWHERE
    [to_tony] = [m for m in mail.outbox if m.to == [malcolm_matched["tony"].applicant.email]]
    assert "Malcolm Wilkins has been matched with another mentor" in to_tony.body
    assert "was closed" in to_tony.subject
    for text in (to_tony.subject, to_tony.body):
        assert "withdr" not in text.lower()


def test_both_sides_read_closed_matched_with_another_mentor(client, malcolm_matched):
    tony_page = _page(client, malcolm_matched["tony"].applicant, reverse("matching:requests"))
    assert "Closed: the mentee was matched with another mentor" in tony_page
    malcolm_page = _page(client, malcolm_matched["malcolm"].applicant, reverse("matching:requests"))
    assert "Closed: matched with another mentor" in malcolm_page
    for page in (tony_page, malcolm_page):
        assert "Withdrawn" not in page


def test_a_mentee_who_withdraws_is_still_said_to_have_withdrawn(
    django_capture_on_commit_callbacks,
):
    scheme = member_led_scheme()
    mentor = accepted(scheme, role=Role.MENTOR)
    mentee = accepted(scheme, user=_person("Malcolm", "Wilkins"))
    request = _ask(mentee, mentor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.mentor_request_withdraw(request=request, user=mentee.applicant)

    assert _status(request) == RequestStatus.WITHDRAWN
    assert "Malcolm Wilkins has withdrawn their request" in mail.outbox[0].body


def test_the_migration_relabels_only_requests_closed_by_a_match():
    """Requests the old code marked withdrawn when another was accepted (at that moment)
    become "matched"; a mentee's own withdrawal stays."""
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    jack, tony, ann = (accepted(scheme, role=Role.MENTOR, capacity=2) for _ in range(3))
    own = _ask(mentee, ann)
    services.mentor_request_withdraw(request=own, user=mentee.applicant)
    to_jack, to_tony = _ask(mentee, jack), _ask(mentee, tony)
    services.mentor_request_answer(request=to_jack, user=jack.applicant, accept=True)
    decided = MentorRequest.objects.get(pk=to_jack.pk).decided_at
    MentorRequest.objects.filter(pk=to_tony.pk).update(status="withdrawn", decided_at=decided)
    MentorRequest.objects.filter(pk=own.pk).update(decided_at=decided - timedelta(hours=1))

    migration = importlib.import_module("matching.migrations.0013_request_closed_statuses")
    migration.closed_by_a_match(apps, None)

    assert _status(to_tony) == RequestStatus.MATCHED_ELSEWHERE
    assert _status(own) == RequestStatus.WITHDRAWN


# --- item: the directory card of a mentor already asked ---------------------------------


def test_the_directory_card_of_a_mentor_asked_says_so_and_offers_no_ask(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    asked = accepted(scheme, role=Role.MENTOR, user=_person("Asked", "Mentor"), capacity=2)
    other = accepted(scheme, role=Role.MENTOR, user=_person("Other", "Mentor"), capacity=2)
    _ask(mentee, asked)
    url = reverse("matching:directory", kwargs={"scheme_pk": scheme.pk})

    page = _page(client, mentee.applicant, url)

    ask_asked = reverse("matching:request", kwargs={"scheme_pk": scheme.pk, "pk": asked.pk})
    ask_other = reverse("matching:request", kwargs={"scheme_pk": scheme.pk, "pk": other.pk})
    assert ask_asked not in page
    assert "Ask Asked Mentor to mentor you" not in page
    assert "You asked Asked Mentor on" in page
    assert ": Waiting for the mentor." in page
    assert f'href="{reverse("matching:requests")}"' in page
    assert ask_other in page
    assert "You asked Other Mentor" not in page


def test_a_mentor_whose_request_expired_may_be_asked_again(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme)
    mentor = accepted(scheme, role=Role.MENTOR, user=_person("Late", "Mentor"), capacity=2)
    request = _ask(mentee, mentor)
    mentor_requests_sweep(now=request.expires_at + timedelta(minutes=1))

    page = _page(client, mentee.applicant, reverse("matching:directory", args=[scheme.pk]))

    assert "You asked Late Mentor on" in page
    assert "Expired (not answered in time)" in page
    assert reverse("matching:request", kwargs={"scheme_pk": scheme.pk, "pk": mentor.pk}) in page


def test_the_directory_no_longer_claims_to_list_the_best_suited_first(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme)

    page = _page(client, mentee.applicant, reverse("matching:directory", args=[scheme.pk]))

    assert "best suited" not in page
    assert "most places left first" in page


# --- item: a request as its mentor reads it ---------------------------------------------


@pytest.fixture
def received():
    """Rosa asked Martin; Rosa shows her bio and photo before a match, hides her work."""
    scheme = member_led_scheme()
    martin = accepted(scheme, role=Role.MENTOR, user=_person("Martin", "Mentor"))
    rosa = accepted(scheme, user=_person("Rosa", "Mentee"))
    profile = rosa.applicant.profile
    profile.bio = "Bio-marker: a new ward manager"
    profile.job_title = "Hidden-title-marker"
    profile.save()
    account_services.profile_photo_set(user=rosa.applicant, upload=_photo())
    account_services.profile_visibility_set(
        user=rosa.applicant, parts=["bio", "photo"], source="test"
    )
    request = _ask(rosa, martin)
    return {"scheme": scheme, "martin": martin, "rosa": rosa, "request": request}


def test_the_mentor_reads_the_mentees_card_as_she_shows_it_before_a_match(client, received):
    rosa = received["rosa"].applicant
    page = _page(client, received["martin"].applicant, reverse("matching:requests"))

    assert "Bio-marker: a new ward manager" in page
    assert "Hidden-title-marker" not in page
    photo_url = reverse("matching:profile_photo", args=[rosa.pk])
    assert photo_url in page
    assert client.get(photo_url).status_code == 200
    assert "Waiting for your answer" in page
    assert "Waiting for the mentor" not in page
    assert "Requests I made" not in page
    assert "You have not asked a mentor yet." not in page


def test_the_mentees_photo_stays_hidden_from_a_mentor_she_did_not_ask(client, received):
    rosa = received["rosa"].applicant
    stranger = accepted(received["scheme"], role=Role.MENTOR).applicant
    assert profile_context_for(viewer=stranger, subject=rosa) is None
    client.force_login(stranger)
    assert client.get(reverse("matching:profile_photo", args=[rosa.pk])).status_code == 404
    # hidden from the mentor asked too, once she hides it
    account_services.profile_visibility_set(user=rosa, parts=["bio"], source="test")
    client.force_login(received["martin"].applicant)
    assert client.get(reverse("matching:profile_photo", args=[rosa.pk])).status_code == 404


def test_the_mentee_still_has_her_section_and_no_received_one(client, received):
    page = _page(client, received["rosa"].applicant, reverse("matching:requests"))

    assert "Requests I made" in page
    assert "Waiting for the mentor" in page
    assert "Requests to mentor you received" not in page


def test_a_mentee_of_a_directory_who_asked_nobody_is_told_so(client):
    scheme = member_led_scheme()
    mentee = accepted(scheme)

    page = _page(client, mentee.applicant, reverse("matching:requests"))

    assert "You have not asked a mentor yet." in page
