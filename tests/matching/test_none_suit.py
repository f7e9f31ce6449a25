""" "None of these suit me" on a shortlist (``services.shortlist_decline_all``): every option
declined with the mentee's note, places released, the mentee back in the pool without those
mentors, the note for the coordinators only (admin, digest), never for the mentors."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.profile_cards import ProfileContext
from insights.digest import digests_build
from matching import selectors, services
from matching.member_data import member_data
from matching.models import ProposalKind, ProposalMember, ProposalStatus, Response
from matching.pool import build_pool, declined_pairs
from matching.profiles import profile_context_for
from schemes.models import Role
from tests.factories import ProfileFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db

NOTE = "Neither works in community pharmacy, which is what I need."


@pytest.fixture
def shortlist(scheme, mentee, admin_user):
    """Two approved options for ``mentee``: Ada's (ranked first) and Bea's."""
    scheme.mentee_choice = True
    scheme.preparation_required = False
    scheme.save()
    mentee_app = accepted(scheme, user=mentee)
    ada = ProfileFactory(user__first_name="Ada", user__last_name="Rival").user
    bea = ProfileFactory(user__first_name="Bea", user__last_name="Own").user
    run = finished_run(scheme)
    options = [
        proposal(
            run,
            accepted(scheme, role=Role.MENTOR, user=user),
            mentee_app,
            kind=ProposalKind.OPTION,
            rank=rank,
        )  # fmt: skip
        for rank, user in enumerate((ada, bea), start=1)
    ]
    services.run_approve(run=run, by=admin_user)
    return {"ada": ada, "bea": bea, "options": options, "mentee_app": mentee_app}


def test_none_suit_declines_every_option_and_returns_the_mentee_to_the_pool(
    client, shortlist, mentee, scheme, django_capture_on_commit_callbacks
):
    client.force_login(mentee)
    mail.outbox.clear()
    url = reverse("matching:none_suit", args=[shortlist["options"][1].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": f"  {NOTE} "})

    assert response.status_code == 302
    for option in shortlist["options"]:
        option.refresh_from_db()
        assert option.status == ProposalStatus.DECLINED
    members = ProposalMember.objects.filter(proposal__in=shortlist["options"])
    assert not members.filter(holds_place=True).exists()
    assert [(m.response, m.response_reason) for m in members.filter(role=Role.MENTEE)] == [
        (Response.DECLINED, NOTE),
        (Response.DECLINED, NOTE),
    ]
    assert mail.outbox == []  # the mentors are told nothing
    pool = build_pool(scheme)
    assert shortlist["mentee_app"] in pool.mentees
    mentee_id = shortlist["mentee_app"].pk
    mentor_ids = {m.application_id for m in members.filter(role=Role.MENTOR)}
    assert declined_pairs(scheme) == {frozenset({mentee_id, m}) for m in mentor_ids}


def test_the_coordinators_digest_lists_the_note_once(shortlist, mentee, scheme):
    services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=NOTE)

    digest = digests_build(schemes=[scheme], now=timezone.now() + timedelta(minutes=1))
    declined = digest[scheme.pk].declined
    assert [(m.application_id, m.response_reason) for m in declined] == [
        (shortlist["mentee_app"].pk, NOTE)
    ]


def test_the_mentors_pages_never_show_the_note(client, shortlist, mentee):
    services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=NOTE)
    client.force_login(shortlist["bea"])

    for url in (
        reverse("matching:list"),
        reverse("matching:detail", args=[shortlist["options"][1].pk]),
    ):
        assert NOTE not in client.get(url).content.decode()


def test_an_options_mentor_cannot_say_none_suit(client, shortlist):
    client.force_login(shortlist["bea"])
    url = reverse("matching:none_suit", args=[shortlist["options"][1].pk])

    assert client.post(url, {"note": NOTE}).status_code == 404
    shortlist["options"][1].refresh_from_db()
    assert shortlist["options"][1].status == ProposalStatus.APPROVED


def test_another_mentee_gets_404(client, shortlist, scheme):
    other = accepted(scheme).applicant
    client.force_login(other)
    url = reverse("matching:none_suit", args=[shortlist["options"][0].pk])

    assert client.post(url, {"note": NOTE}).status_code == 404
    shortlist["options"][0].refresh_from_db()
    assert shortlist["options"][0].status == ProposalStatus.APPROVED


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("   ", "This field is required."),
        ("x" * 1001, "Ensure this value has at most 1000 characters (it has 1001)."),
    ],
)
def test_a_bad_note_is_refused_on_the_field_and_kept(client, shortlist, mentee, note, message):
    client.force_login(mentee)
    url = reverse("matching:none_suit", args=[shortlist["options"][0].pk])

    response = client.post(url, {"note": note})

    assert response.status_code == 200
    assert response.context["none_suit_form"].errors == {"note": [message]}
    assert response.context["none_suit_form"]["note"].value() == note
    shortlist["options"][0].refresh_from_db()
    assert shortlist["options"][0].status == ProposalStatus.APPROVED


def test_the_service_refuses_an_empty_note_and_a_closed_shortlist(shortlist, mentee):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as empty:
        services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=" ")
    assert empty.value.message_dict == {
        "note": ["Tell the coordinator why none of these suit you."]
    }
    services.shortlist_choose(option=shortlist["options"][0], user=mentee)
    with pytest.raises(ValidationError) as closed:
        services.shortlist_decline_all(option=shortlist["options"][1], user=mentee, note=NOTE)
    assert closed.value.messages == ["This shortlist is no longer open."]


# --- what the mentee reads afterwards ---------------------------------------------------

MENTOR_WORDING = "is choosing a mentor for"


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_after_none_suit_the_mentee_reads_what_happened_in_their_own_terms(
    client, shortlist, mentee
):
    services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=NOTE)

    page = _page(client, mentee, reverse("matching:detail", args=[shortlist["options"][0].pk]))

    assert MENTOR_WORDING not in page
    assert "You told us that none of the mentors on your shortlist suit you" in page
    assert "Your coordinator has your note." in page
    assert "You are back in the pool for the next round of matching" in page
    assert NOTE in page  # their own note, read back to them
    assert "About who we proposed" in page
    assert "About who we propose<" not in page
    assert reverse("matching:choose", args=[shortlist["options"][0].pk]) not in page


def test_my_matches_offers_choose_only_while_the_shortlist_is_open(client, shortlist, mentee):
    list_url = reverse("matching:list")
    client.force_login(mentee)
    rows = client.get(list_url).context["rows"]
    assert [row["choosing"] for row in rows] == [True, True]
    assert ">Choose<" in client.get(list_url).content.decode()

    services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=NOTE)

    response = client.get(list_url)
    page = html.unescape(response.content.decode())
    assert [row["choosing"] for row in response.context["rows"]] == [False, False]
    assert ">Choose<" not in page
    assert page.count(">View<") == 2
    assert "Waiting for the mentee's choice" not in page


def test_an_options_mentor_is_told_the_mentee_is_choosing_only_while_they_are(
    client, shortlist, mentee
):
    url = reverse("matching:detail", args=[shortlist["options"][1].pk])
    assert MENTOR_WORDING in _page(client, shortlist["bea"], url)

    services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=NOTE)

    assert client.get(url).status_code == 404  # gone, as an option not chosen


def test_after_none_suit_the_options_mentors_learn_nothing(client, shortlist, mentee):
    """As for the options of a mentee who chose another: no row in their matches, a 404 on
    the option's page, no relation that would show them the mentee's profile or photo."""
    bea, option = shortlist["bea"], shortlist["options"][1]
    assert selectors.proposals_for_user(user=bea).count() == 1
    assert profile_context_for(viewer=bea, subject=mentee) == ProfileContext.PROPOSED

    services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=NOTE)

    for mentor in (shortlist["ada"], bea):
        client.force_login(mentor)
        listing = client.get(reverse("matching:list"))
        assert listing.context["rows"] == []
        assert mentee.display_name not in listing.content.decode()
        assert "Declined by a member" not in listing.content.decode()
        assert selectors.proposals_for_user(user=mentor).count() == 0
        assert profile_context_for(viewer=mentor, subject=mentee) is None
        assert member_data(user=mentor)["match_proposals"] == []
    assert client.get(reverse("matching:detail", args=[option.pk])).status_code == 404
    # the mentee still reads their declined shortlist, both options
    assert [p.pk for p in selectors.proposals_for_user(user=mentee)] == [
        o.pk for o in shortlist["options"]
    ]
    assert profile_context_for(viewer=mentee, subject=bea) == ProfileContext.PROPOSED


def test_an_options_mentor_still_sees_a_match_the_mentee_chose_and_then_declined(
    client, shortlist, mentee
):
    """Only a declined *option* is the mentee's alone: once chosen it is a pair, and a
    decline of the pair is told to both as before."""
    chosen = shortlist["options"][1]
    services.shortlist_choose(option=chosen, user=mentee)
    services.proposal_respond(proposal=chosen, user=shortlist["bea"], accept=False)

    client.force_login(shortlist["bea"])
    assert client.get(reverse("matching:detail", args=[chosen.pk])).status_code == 200
    assert (
        client.get(reverse("matching:detail", args=[shortlist["options"][0].pk])).status_code == 404
    )


def test_my_matches_lists_a_shortlist_by_rank(client, shortlist, mentee, scheme, admin_user):
    third = accepted(scheme, role=Role.MENTOR)
    run = finished_run(scheme)
    # a later shortlist of three: each option made in reverse order of rank
    services.shortlist_decline_all(option=shortlist["options"][0], user=mentee, note=NOTE)
    options = [
        proposal(run, mentor, shortlist["mentee_app"], kind=ProposalKind.OPTION, rank=rank)
        for rank, mentor in ((3, third), (2, accepted(scheme, role=Role.MENTOR)),
                             (1, accepted(scheme, role=Role.MENTOR)))
    ]  # fmt: skip
    services.run_approve(run=run, by=admin_user)
    client.force_login(mentee)

    rows = client.get(reverse("matching:list")).context["rows"]

    assert [r["proposal"].pk for r in rows[:3]] == [o.pk for o in reversed(options)]
    assert [r["proposal"].rank for r in rows] == [1, 2, 3, 1, 2]  # the newer shortlist first
