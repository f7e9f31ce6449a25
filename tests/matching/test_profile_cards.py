"""Profile cards on the proposal pages and the photo view: what a proposed partner sees
before a match (only what the member chose), after it (everything), and who may fetch a
photo (``matching.profiles``)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import services as account_services
from matching import services
from matching.models import ProposalKind, ProposalStatus
from matching.profiles import profile_context_for
from schemes.models import Role
from tests.factories import ProfileFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db

BIO = "Bio-marker: twenty years on a stroke unit"


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "navy").save(out, format="JPEG")
    return SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")


def _dress(user, *, shown=()):
    user.profile.bio = BIO
    user.profile.save()
    account_services.profile_photo_set(user=user, upload=_photo())
    account_services.profile_visibility_set(user=user, parts=shown, source="test")


@pytest.fixture
def approved(scheme, mentor, mentee, admin_user):
    run = finished_run(scheme, by=admin_user)
    prop = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee)
    )
    services.run_approve(run=run, by=admin_user)
    return prop


def _detail(client, user, prop) -> str:
    client.force_login(user)
    response = client.get(reverse("matching:detail", args=[prop.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_hidden_parts_are_not_shown_to_a_proposed_partner(client, approved, mentor, mentee):
    _dress(mentor)
    page = _detail(client, mentee, approved)
    photo_url = reverse("matching:profile_photo", args=[mentor.pk])
    assert mentor.display_name in page
    assert (BIO in page, photo_url in page, "Occupational therapist" in page) == (
        False,
        False,
        False,
    )
    client.force_login(mentee)
    assert client.get(photo_url).status_code == 404


def test_chosen_parts_are_shown_to_a_proposed_partner(client, approved, mentor, mentee):
    _dress(mentor, shown=["bio", "photo", "work"])
    page = _detail(client, mentee, approved)
    photo_url = reverse("matching:profile_photo", args=[mentor.pk])
    assert (BIO in page, photo_url in page, "Occupational therapist" in page) == (
        True,
        True,
        True,
    )
    response = client.get(photo_url)
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
        200,
        "image/jpeg",
        "private, no-store",
    )
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "JPEG"


def test_partners_see_everything_after_both_accept(client, approved, mentor, mentee):
    _dress(mentor)  # hides everything before a match
    services.proposal_respond(proposal=approved, user=mentor, accept=True)
    services.proposal_respond(proposal=approved, user=mentee, accept=True)
    approved.refresh_from_db()
    assert approved.status == ProposalStatus.CONFIRMED
    page = _detail(client, mentee, approved)
    assert BIO in page
    assert client.get(reverse("matching:profile_photo", args=[mentor.pk])).status_code == 200
    relationship = _detail_relationship(client, mentee, approved)
    assert BIO in relationship
    assert reverse("matching:profile_photo", args=[mentor.pk]) in relationship


def _detail_relationship(client, user, prop) -> str:
    client.force_login(user)
    return client.get(prop.relationship.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("mentor", 200),  # themselves
        ("admin_user", 200),
        ("coordinator", 200),  # of the scheme the member applied to
        ("other_coordinator", 404),
        ("outsider", 404),
    ],
)
def test_photo_view_answers_only_those_allowed(client, approved, mentor, who, status, request):
    _dress(mentor)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("matching:profile_photo", args=[mentor.pk])).status_code == status


def test_photo_view_404_without_photo_or_user(client, mentor, mentee, approved):
    client.force_login(mentor)
    assert client.get(reverse("matching:profile_photo", args=[mentee.pk])).status_code == 404
    assert client.get(reverse("matching:profile_photo", args=[987654])).status_code == 404


def test_photo_view_anonymous_redirects_to_login(client, mentor):
    _dress(mentor, shown=["photo"])
    response = client.get(reverse("matching:profile_photo", args=[mentor.pk]))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_no_relation_before_approval(scheme, mentor, mentee):
    run = finished_run(scheme)
    proposal(run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee))
    assert profile_context_for(viewer=mentee, subject=mentor) is None


def test_each_shortlist_option_gets_a_card(client, scheme, mentee, admin_user):
    scheme.mentee_choice = True
    scheme.save()
    mentee_app = accepted(scheme, user=mentee)
    run = finished_run(scheme)
    mentors = []
    for rank, shown in enumerate((["bio"], []), start=1):
        user = ProfileFactory(user__first_name=f"Option{rank}").user
        user.profile.bio = f"Bio of option {rank}"
        user.profile.save()
        account_services.profile_visibility_set(user=user, parts=shown, source="test")
        mentors.append(user)
        proposal(
            run, accepted(scheme, role=Role.MENTOR, user=user), mentee_app,
            kind=ProposalKind.OPTION, rank=rank,
        )  # fmt: skip
    services.run_approve(run=run, by=admin_user)
    client.force_login(mentee)
    first = run.proposals.get(rank=1)
    response = client.get(reverse("matching:detail", args=[first.pk]))
    cards = [o["cards"][0] for o in response.context["options"]]
    assert [(c.name, c.bio) for c in cards] == [
        (mentors[0].display_name, "Bio of option 1"),
        (mentors[1].display_name, ""),
    ]


@pytest.mark.parametrize("rows", [1, 5])
def test_detail_query_count_is_constant_with_shortlist_cards(
    client, scheme, mentee, admin_user, rows, django_assert_num_queries
):
    scheme.mentee_choice = True
    scheme.save()
    mentee_app = accepted(scheme, user=mentee)
    run = finished_run(scheme)
    for rank in range(1, rows + 1):
        user = ProfileFactory(bio="Shared bio").user
        account_services.profile_visibility_set(
            user=user, parts=["bio", "expertise"], source="test"
        )
        proposal(
            run, accepted(scheme, role=Role.MENTOR, user=user), mentee_app,
            kind=ProposalKind.OPTION, rank=rank,
        )  # fmt: skip
    services.run_approve(run=run, by=admin_user)
    first = run.proposals.get(rank=1)
    client.force_login(mentee)
    # session, user, proposal + members, area labels, options + members, chooses (mentee)
    with django_assert_num_queries(7):
        response = client.get(reverse("matching:detail", args=[first.pk]))
    assert len(response.context["options"]) == rows


# --- staff in the run review --------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("coordinator", 200), ("other_coordinator", 404)])
def test_run_review_shows_whole_profiles_to_the_schemes_staff(
    client, scheme, mentor, mentee, who, status, request
):
    _dress(mentor)  # hidden before a match from partners, never from the scheme's staff
    run = finished_run(scheme)
    proposal(run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee))
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk]))
    assert response.status_code in ({status, 302} if status == 404 else {status})
    if status == 200:
        body = response.content.decode()
        assert BIO in body
        assert reverse("matching:profile_photo", args=[mentor.pk]) in body
    else:
        assert BIO not in response.content.decode()
