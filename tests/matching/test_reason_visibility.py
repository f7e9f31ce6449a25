"""Match reasons follow what each member shows before a match (``matching.reason_visibility``):
on the proposal page and in the proposal email a reason telling a country, languages, an
organisation or expertise is told only when every other member shows that part; after
every member accepted partners read them all; staff always read every reason."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import NotificationKind, Profile, SentNotification
from accounts.profile_cards import ProfileContext, ProfilePart
from matching import services
from matching.models import MatchingRun, MatchingSettings, Proposal, ProposalStatus
from matching.pool import settings_for
from matching.reason_visibility import reasons_told, reasons_visible
from matching.scoring import (
    PREFERRED,
    Candidate,
    Weights,
    member_reasons,
    score_circle,
    score_pair,
)
from schemes.models import Role, SchemeKind
from tests.factories import SchemeFactory
from tests.matching.factories import accepted

pytestmark = pytest.mark.django_db

# The mentor's profile, as words that would tell it: none may reach a member it is hidden from.
MENTOR = {
    "country": "ES",
    "organisation": "Hospital Zeta",
    "languages": ["swahili"],
    "expertise": ["education"],
}
MENTEE = {"country": "KE", "organisation": "Clinic Omega", "languages": ["swahili"]}
HIDDEN_WORDS = ("Spain", "Hospital Zeta", "Swahili", "swahili", "teaching and education")
REVEALING = ("different countries", "different organisations", "speak", "experience in")


def _run(scheme, by) -> MatchingRun:
    settings_for(scheme)
    MatchingSettings.objects.filter(scheme=scheme).update(
        country_rule=PREFERRED, organisation_rule=PREFERRED
    )
    run = MatchingRun.objects.create(scheme=scheme, started_by=by, parameters={})
    return services.run_execute(run=run)


@pytest.fixture
def pair(scheme, admin_user):
    """A pair scored by a real run (each test approves it after choosing what is shown):
    the mentor, showing nothing by default, has Spain, Hospital Zeta, Swahili and teaching;
    the mentee Kenya, Clinic Omega and Swahili, and hopes to develop teaching."""
    mentor = accepted(scheme, role=Role.MENTOR, **MENTOR)
    mentee = accepted(scheme, goals=("education",), **MENTEE)
    run = _run(scheme, admin_user)
    proposal = run.proposals.get()
    criteria = {r["criterion"] for r in proposal.reasons if r["points"] > 0}
    assert criteria >= {"difference", "language", "expertise"}
    return {"mentor": mentor.applicant, "mentee": mentee.applicant, "proposal": proposal}


def _approve(proposal, admin_user, capture) -> None:
    with capture(execute=True):
        services.run_approve(run=proposal.run, by=admin_user)


def _page(client, user, proposal) -> str:
    client.force_login(user)
    response = client.get(reverse("matching:detail", args=[proposal.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _email(user) -> str:
    sent = SentNotification.objects.get(recipient=user, kind=NotificationKind.MATCH_PROPOSED)
    return html.unescape(f"{sent.subject}\n{sent.body_text}\n{sent.body_html}")


def _show(user, *parts) -> None:
    account_services.profile_visibility_set(user=user, parts=list(parts), source="test")


def test_a_partner_sharing_nothing_tells_nothing_on_the_page_or_in_the_email(
    client, pair, admin_user, django_capture_on_commit_callbacks
):
    _approve(pair["proposal"], admin_user, django_capture_on_commit_callbacks)
    page = _page(client, pair["mentee"], pair["proposal"])
    email = _email(pair["mentee"])

    # Interests are shown with "expertise and interests": hidden too.
    assert "interested in" not in page
    assert "interested in" not in email.lower()
    for text in (page, email):
        for word in HIDDEN_WORDS + REVEALING:
            assert word not in text, word


def test_the_mentor_is_not_told_what_the_mentee_hides_either(
    client, pair, admin_user, django_capture_on_commit_callbacks
):
    _show(pair["mentor"], *ProfilePart.values)  # the mentor's own choices change nothing
    _approve(pair["proposal"], admin_user, django_capture_on_commit_callbacks)
    for text in (_page(client, pair["mentor"], pair["proposal"]), _email(pair["mentor"])):
        for word in ("Kenya", "Clinic Omega", "Swahili", *REVEALING):
            assert word not in text, word


def test_sharing_the_place_tells_the_countries_and_languages_only(
    client, pair, admin_user, django_capture_on_commit_callbacks
):
    _show(pair["mentor"], ProfilePart.PLACE)
    _approve(pair["proposal"], admin_user, django_capture_on_commit_callbacks)
    for text in (_page(client, pair["mentee"], pair["proposal"]), _email(pair["mentee"])):
        assert "re based in different countries (" in text
        assert "Spain" in text
        assert "You both speak Swahili" in text
        for word in ("different organisations", "Hospital Zeta", "teaching and education"):
            assert word not in text, word


def test_after_every_member_accepted_partners_read_every_reason(
    client, pair, admin_user, django_capture_on_commit_callbacks
):
    proposal = pair["proposal"]
    _approve(proposal, admin_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for user in (pair["mentee"], pair["mentor"]):
            services.proposal_respond(proposal=proposal, user=user, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED

    page = _page(client, pair["mentee"], proposal)

    for text in (
        "different countries",
        "Spain",
        "you work for different organisations",
        "You both speak Swahili",
        "experience in teaching and education",
    ):
        assert text in page, text


def test_staff_review_still_reads_every_reason_with_points(
    client, pair, coordinator, admin_user, django_capture_on_commit_callbacks
):
    _approve(pair["proposal"], admin_user, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    url = reverse("admin:matching_matchingrun_review", args=[pair["proposal"].run_id])
    review = html.unescape(client.get(url).content.decode())
    for text in ("Spain", "Kenya", "different organisations", "both speak Swahili", "teaching"):
        assert text in review, text


def test_each_shortlist_option_follows_its_mentors_choices(
    client, scheme, admin_user, django_capture_on_commit_callbacks
):
    scheme.mentee_choice = True
    scheme.save()
    mentee = accepted(scheme, goals=("education",), **MENTEE)
    open_mentor = accepted(scheme, role=Role.MENTOR, **{**MENTOR, "country": "PT"})
    accepted(scheme, role=Role.MENTOR, **MENTOR)
    _show(open_mentor.applicant, *ProfilePart.values)
    run = _run(scheme, admin_user)
    assert run.proposals.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)

    page = _page(client, mentee.applicant, run.proposals.first())

    assert "Portugal" in page
    assert "Hospital Zeta" in page
    assert page.count("You both speak Swahili") == 1
    assert "Spain" not in page


# --- circles ------------------------------------------------------------------------------


@pytest.fixture
def circle(coordinator, admin_user, django_capture_on_commit_callbacks):
    """A circle of three peers who all offer and seek teaching; Cleo hides her expertise."""
    scheme = SchemeFactory(
        kind=SchemeKind.GROUP, circle_size_min=3, circle_size_max=3, coordinators=[coordinator]
    )
    people = [
        accepted(scheme, role=Role.PEER, goals=("education",), languages=["swahili"], **extra)
        for extra in (
            {"expertise": ["education"], "user__first_name": "Ada"},
            {"expertise": ["education"], "user__first_name": "Bea"},
            {"expertise": ["education"], "user__first_name": "Cleo"},
        )
    ]
    for app in people[:2]:
        _show(app.applicant, *ProfilePart.values)
    _show(people[2].applicant, ProfilePart.PLACE)
    run = _run(scheme, admin_user)
    proposal = run.proposals.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)
    return {"proposal": proposal, "users": [a.applicant for a in people]}


def test_a_circle_hides_the_expertise_one_member_hides_from_the_others(client, circle):
    ada, bea, cleo = circle["users"]
    proposal = circle["proposal"]
    for user in (ada, bea):
        for text in (_page(client, user, proposal), _email(user)):
            assert "All of you speak Swahili" in text
            assert "teaching and education" not in text
    # Cleo's partners both show their expertise: she is told of it
    for text in (_page(client, cleo, proposal), _email(cleo)):
        assert "you bring experience in teaching and education" in text


def test_a_circle_member_hiding_their_place_hides_the_language_from_the_others(circle):
    ada, _bea, cleo = circle["users"]
    _show(cleo, ProfilePart.EXPERTISE)
    proposal = Proposal.objects.get(pk=circle["proposal"].pk)
    assert not any("Swahili" in r for r in proposal.reasons_for_members(ada))
    assert any("Swahili" in r for r in proposal.reasons_for_members(cleo))


# --- the rule itself ----------------------------------------------------------------------


def _people():
    a = Candidate.build(key=1, country="Spain", organisation="Zeta", languages=["swahili"])
    b = Candidate.build(key=2, country="Kenya", organisation="Omega", languages=["swahili"])
    return a, b


def _told(stored, *parts) -> str:
    return " ".join(member_reasons(reasons_visible(stored, frozenset(parts))))


def test_a_difference_is_narrowed_to_the_part_shown():
    weights = Weights(country_rule=PREFERRED, organisation_rule=PREFERRED)
    stored = score_pair(*_people(), weights, directed=False).reasons_as_dicts()

    place, work = (_told(stored, p) for p in (ProfilePart.PLACE, ProfilePart.WORK))
    nothing = _told(stored)

    assert "Spain" in place
    assert "organisations" not in place
    assert "organisations" in work
    assert "Spain" not in work
    assert not any(word in nothing for word in ("Spain", "organisations", "speak"))


def test_a_circles_difference_is_narrowed_and_its_stored_words_never_come_back():
    a, b = _people()
    c = Candidate.build(key=3, country="Ghana", organisation="Psi", languages=["swahili"])
    weights = Weights(country_rule=PREFERRED, organisation_rule=PREFERRED)
    pairs = [score_pair(x, y, weights, directed=False) for x, y in ((a, b), (a, c), (b, c))]
    stored = score_circle([a, b, c], pairs).reasons_as_dicts()
    assert any("Ghana" in r["plain"] for r in stored)

    work_only = _told(stored, ProfilePart.WORK)

    assert "3 organisations" in work_only
    assert "Ghana" not in work_only


def test_a_missing_profile_shows_nothing_and_partners_see_everything():
    weights = Weights(country_rule=PREFERRED, organisation_rule=PREFERRED)
    stored = score_pair(*_people(), weights, directed=False).reasons_as_dicts()
    hidden = reasons_told(stored, others=[None], context=ProfileContext.PROPOSED)
    shy = Profile(shown_before_match=[])
    whole = reasons_told(stored, others=[shy], context=ProfileContext.PARTNER)
    assert not any("Spain" in r or "speak" in r for r in hidden)
    assert any("Spain" in r for r in whole)
    assert any("speak" in r for r in whole)


def test_interests_and_years_follow_the_parts_that_now_name_them():
    """Shared interests tell the partner's interests and a years' difference their years:
    told only when the partner shows "expertise and interests" and "work and years"."""
    a = Candidate.build(key=1, interests=["falls prevention", "dementia care"], years=1)
    b = Candidate.build(key=2, interests=["falls prevention"], years=4)
    stored = score_pair(a, b, Weights(), directed=False).reasons_as_dicts()
    assert {r["criterion"] for r in stored} >= {"interests", "career_gap"}

    nothing = _told(stored)
    assert "falls prevention" not in nothing
    assert "years" not in nothing
    assert "falls prevention" in _told(stored, ProfilePart.EXPERTISE)
    assert "3 years" in _told(stored, ProfilePart.WORK)


def test_the_card_shows_interests_and_years_with_their_parts(scheme):
    from accounts.profile_cards import visible_profile

    mentor = accepted(scheme, role=Role.MENTOR, interests=["falls prevention"]).applicant
    Profile.objects.filter(user=mentor).update(years_experience=4)
    mentor.refresh_from_db()
    hidden = visible_profile(subject=mentor, context=ProfileContext.PROPOSED)
    assert (hidden.interests, hidden.years_experience) == ([], None)
    Profile.objects.filter(user=mentor).update(
        shown_before_match=[ProfilePart.EXPERTISE, ProfilePart.WORK]
    )
    mentor.refresh_from_db()
    shown = visible_profile(subject=mentor, context=ProfileContext.PROPOSED)
    assert (shown.interests, shown.years_experience) == (["falls prevention"], 4)
