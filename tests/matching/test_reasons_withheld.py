"""Members are told when some reasons are held back (``reason_visibility.ToldReasons``):
one kind sentence on the proposal page, each shortlist option and the proposal email,
naming the partner but never which parts nor how many; none once nothing is held back; and
where there is no reason at all, one line saying why instead of an empty section."""

from __future__ import annotations

import pytest

from accounts.models import Profile
from accounts.profile_cards import ProfileContext, ProfilePart
from matching import services
from matching.models import ProposalStatus
from matching.reason_visibility import reasons_told
from matching.scoring import Candidate, Weights, score_pair
from matching.scoring.questions import SAME, QuestionFactor, answer_from
from schemes.models import Role
from tests.matching.factories import accepted, finished_run, proposal
from tests.matching.test_reason_visibility import (
    MENTEE,
    MENTOR,
    _approve,
    _email,
    _page,
    _run,
    _show,
)

pytestmark = pytest.mark.django_db

HELD_BACK = "Some reasons may not be shown because"
NO_REASON = "Nothing in particular stood out when we compared you for this match"


def _sentence(name: str) -> str:
    return (
        f"Some reasons may not be shown because {name} has not chosen to share every part of "
        "their profile before a match."
    )


@pytest.fixture
def scored(scheme, admin_user):
    """A pair scored by a real run: the mentor (showing nothing by default) and the mentee
    share Swahili, differ in country and organisation, and the mentor offers teaching."""
    mentor = accepted(scheme, role=Role.MENTOR, **MENTOR)
    mentee = accepted(scheme, goals=("education",), **MENTEE)
    made = _run(scheme, admin_user).proposals.get()
    return {"mentor": mentor.applicant, "mentee": mentee.applicant, "proposal": made}


def test_a_partner_hiding_parts_is_named_in_one_sentence_on_the_page_and_in_the_email(
    client, scored, admin_user, django_capture_on_commit_callbacks
):
    _approve(scored["proposal"], admin_user, django_capture_on_commit_callbacks)
    mentor, mentee = scored["mentor"], scored["mentee"]

    for text in (_page(client, mentee, scored["proposal"]), _email(mentee)):
        assert _sentence(mentor.display_name) in text
        assert "Why we suggest this match" in text
        for word in ("country", "language", "organisation", "expertise", "Spain", "Swahili"):
            assert word not in text.split(HELD_BACK, 1)[1].split(".")[0], word
    # The mentor reads the same of the mentee, who shows nothing either.
    assert _sentence(mentee.display_name) in _page(client, mentor, scored["proposal"])


def test_no_sentence_once_the_partner_shows_every_part(
    client, scored, admin_user, django_capture_on_commit_callbacks
):
    _show(scored["mentor"], *ProfilePart.values)
    _approve(scored["proposal"], admin_user, django_capture_on_commit_callbacks)

    for text in (_page(client, scored["mentee"], scored["proposal"]), _email(scored["mentee"])):
        assert "You both speak Swahili" in text
        assert HELD_BACK not in text


def test_no_sentence_for_partners_once_every_member_accepted(
    client, scored, admin_user, django_capture_on_commit_callbacks
):
    made = scored["proposal"]
    _approve(made, admin_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for user in (scored["mentee"], scored["mentor"]):
            services.proposal_respond(proposal=made, user=user, accept=True)
    made.refresh_from_db()
    assert made.status == ProposalStatus.CONFIRMED

    assert HELD_BACK not in _page(client, scored["mentee"], made)


def test_each_shortlist_option_says_so_for_its_own_mentor_only(
    client, scheme, admin_user, django_capture_on_commit_callbacks
):
    scheme.mentee_choice = True
    scheme.save()
    mentee = accepted(scheme, goals=("education",), **MENTEE)
    open_mentor = accepted(scheme, role=Role.MENTOR, **{**MENTOR, "country": "PT"})
    shy_mentor = accepted(scheme, role=Role.MENTOR, **MENTOR)
    _show(open_mentor.applicant, *ProfilePart.values)
    run = _run(scheme, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_approve(run=run, by=admin_user)

    page = _page(client, mentee.applicant, run.proposals.first())

    assert page.count(HELD_BACK) == 1
    assert _sentence(shy_mentor.applicant.display_name) in page


def test_no_reason_at_all_is_said_in_one_line_instead_of_an_empty_section(
    client, scheme, mentor, mentee, admin_user
):
    run = finished_run(scheme, by=admin_user)
    made = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee)
    )
    made.reasons = []
    made.save(update_fields=["reasons"])
    services.run_approve(run=run, by=admin_user)

    page = _page(client, mentee, made)

    assert "Why we suggest this match" in page
    assert NO_REASON in page
    assert HELD_BACK not in page


def test_a_match_begun_with_a_request_says_why_it_has_no_reasons(
    client, scheme, mentor, mentee, admin_user
):
    run = finished_run(scheme, by=admin_user)
    made = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee)
    )
    services.run_approve(run=run, by=admin_user)
    made.reasons = []
    made.run = None
    made.save(update_fields=["reasons", "run"])

    page = _page(client, mentee, made)

    assert "This match began with a request between you" in page
    assert NO_REASON not in page


# --- the rule itself ----------------------------------------------------------------------


def _stored():
    a = Candidate.build(key=1, country="Spain", languages=["swahili"])
    b = Candidate.build(key=2, country="Kenya", languages=["swahili"])
    return score_pair(a, b, Weights(), directed=False).reasons_as_dicts()


def test_withheld_when_a_partner_hides_a_part_a_reason_could_tell():
    stored = _stored()
    shy, open_ = Profile(shown_before_match=[]), Profile(shown_before_match=ProfilePart.values)

    hidden = reasons_told(stored, others=[shy], context=ProfileContext.PROPOSED)
    shown = reasons_told(stored, others=[open_], context=ProfileContext.PROPOSED)
    partners = reasons_told(stored, others=[shy], context=ProfileContext.PARTNER)

    assert hidden.withheld
    assert not shown.withheld
    assert not partners.withheld
    assert len(shown) > len(hidden)
    assert list(shown) == list(partners)


def test_the_sentence_tells_nothing_of_what_the_hidden_parts_hold():
    """Same hidden parts, different data behind them: same sentence. Saying it only when a
    hidden part really held a reason back would hint at it (a different country, say)."""
    shy = Profile(shown_before_match=[])
    same = score_pair(
        Candidate.build(key=1, country="Kenya"),
        Candidate.build(key=2, country="Kenya"),
        Weights(),
        directed=False,
    ).reasons_as_dicts()
    told = [
        reasons_told(stored, others=[shy], context=ProfileContext.PROPOSED).withheld
        for stored in (_stored(), same)
    ]
    assert told == [True, True]


def test_a_private_answer_is_never_told_even_by_a_partner_showing_everything():
    question = QuestionFactor("question:1", "What do you want to work on?", SAME, 5.0)
    people = [
        Candidate.build(key=k, answers=[answer_from(question.key, SAME, "Leadership")])
        for k in (1, 2)
    ]
    stored = score_pair(*people, Weights(questions=(question,)), directed=True)
    told = reasons_told(
        stored.reasons_as_dicts(),
        others=[Profile(shown_before_match=ProfilePart.values)],
        context=ProfileContext.PROPOSED,
    )
    assert not any("Leadership" in r for r in told)
    assert not told.withheld
