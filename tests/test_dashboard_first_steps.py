"""A new account's dashboard leads the member to a match: complete the profile (naming what
is missing), apply to a scheme open to them, finish the draft, complete the preparation,
then where the application stands (``mentoring_site.next_steps.first_steps``)."""

from __future__ import annotations

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from matching.models import ProposalKind
from matching.services import proposal_respond, run_approve
from mentoring_site.next_steps import first_steps_for
from schemes import services
from schemes.models import ApplicationStatus, Intake, Phase, PreparationModule, Role
from tests.browser.seed import approved_proposal
from tests.factories import ProfileFactory, SchemeFactory, UserFactory
from tests.matching.factories import accepted, finished_run, proposal


def first_steps(user):
    return [(s.kind, s.action, s.url) for s in first_steps_for(user=user, relationships=[])]


def _draft(scheme, user):
    application = services.application_start(scheme=scheme, applicant=user, role=Role.MENTEE)
    return services.application_save_draft(application=application, data={"hopes": "To learn."})


def test_a_new_account_is_told_what_its_profile_misses_and_where_to_apply(db, client):
    user = UserFactory()
    open_scheme = SchemeFactory(name="Aardvark leaders")
    SchemeFactory(name="Closed for now", accepting_applications=False)
    SchemeFactory(name="Still planning", phase=Phase.FOUNDATIONS)

    steps = first_steps_for(user=user, relationships=[])

    assert [(s.kind, s.action, s.url) for s in steps] == [
        ("profile", "Complete your profile", reverse("accounts:profile")),
        ("apply", "Apply to Aardvark leaders", reverse("schemes:apply", args=[open_scheme.slug])),
    ]
    assert steps[0].text == (
        "Your profile is missing your job title, organisation, country, years of "
        "experience and career stage: schemes use it to check which roles you may apply "
        "for and to find you a good match."
    )
    client.force_login(user)
    page = client.get(reverse("dashboard")).text
    assert "Nothing needs you right now." not in page
    assert 'id="first-steps"' in page
    assert "Apply to Aardvark leaders" in page


def test_a_half_filled_profile_names_only_what_is_missing(db):
    profile = ProfileFactory(organisation="", career_stage="", years_experience=0)

    [step] = [
        s for s in first_steps_for(user=profile.user, relationships=[]) if s.kind == "profile"
    ]

    assert step.text.startswith("Your profile is missing your organisation and career stage:")


def test_with_the_profile_done_only_the_schemes_remain_and_none_open_says_so(db):
    user = ProfileFactory().user
    SchemeFactory(accepting_applications=False)

    assert first_steps(user) == [("apply", "See the schemes", reverse("schemes:home"))]


def test_a_draft_is_to_finish_and_no_other_scheme_is_pushed(db, scheme):
    user = ProfileFactory().user
    SchemeFactory()
    draft = _draft(scheme, user)

    assert first_steps(user) == [("draft", "Finish your application", draft.get_absolute_url())]


def test_a_submitted_application_says_where_it_stands(db, scheme):
    user = ProfileFactory(years_experience=1).user
    application = services.application_submit(application=_draft(scheme, user), by=user)

    [step] = first_steps_for(user=user, relationships=[])

    assert (step.kind, step.action, step.url) == (
        "waiting",
        "View your application",
        application.get_absolute_url(),
    )
    assert step.text == (
        f"Your application to {scheme.name} is submitted: the coordinators will review it and "
        "email you."
    )


def test_accepted_and_waiting_for_preparation_then_for_a_match(db, scheme, admin_user):
    scheme.preparation_required = True
    scheme.save()
    PreparationModule.objects.create(scheme=scheme, title="Before you start", text="Read this.")
    user = ProfileFactory(years_experience=1).user
    application = services.application_submit(application=_draft(scheme, user), by=user)
    services.application_decide(
        application=application, status=ApplicationStatus.ACCEPTED, by=admin_user
    )

    assert first_steps(user) == [
        (
            "prepare",
            "Complete the preparation",
            reverse("schemes:preparation", args=[application.pk]),
        )
    ]

    scheme.preparation_required = False
    scheme.save()
    [step] = first_steps_for(user=user, relationships=[])
    assert (step.kind, step.text) == (
        "waiting",
        f"Your application to {scheme.name} is accepted: we are looking for a match and will "
        "email you when one is proposed.",
    )


def test_a_withdrawn_application_leads_back_to_the_schemes(db, scheme):
    user = ProfileFactory(years_experience=1).user
    application = services.application_submit(application=_draft(scheme, user), by=user)
    services.application_withdraw(application=application, by=user)

    assert [kind for kind, _, _ in first_steps(user)] == ["apply"]


def test_a_scheme_recruiting_only_a_role_closed_to_the_member_is_not_offered(db):
    """Recruiting mentors only, and with one year's experience the member may be a mentee
    only (``eligible_roles``): the scheme is not theirs to apply to now."""
    user = ProfileFactory(years_experience=1).user
    today = timezone.localdate()
    SchemeFactory(
        name="Mentors wanted",
        intake=Intake.COHORT,
        senior_min_years=5,
        mentor_recruitment_opens=today - timedelta(days=1),
        mentor_recruitment_closes=today + timedelta(days=30),
    )

    assert first_steps(user) == [("apply", "See the schemes", reverse("schemes:home"))]


# --- an accepted application whose match waits for the member ------------------------------

LOOKING = "we are looking for a match"


def _dashboard(client, user) -> str:
    client.force_login(user)
    return html.unescape(client.get(reverse("dashboard")).content.decode())


def test_a_match_waiting_for_the_member_is_not_also_being_looked_for(
    db, client, scheme, mentor, mentee, admin_user
):
    scheme.preparation_required = False
    scheme.save()
    made = approved_proposal(scheme, mentor, mentee, by=admin_user)

    page = _dashboard(client, mentee)

    assert f"A match is waiting for your answer in {scheme.name}." in page
    assert (
        f"Your application to {scheme.name} is accepted, and a proposed match is waiting for "
        "your answer." in page
    )
    assert LOOKING not in page

    # Declined: back in the pool, so looked for again.
    proposal_respond(proposal=made, user=mentee, accept=False)
    assert LOOKING in _dashboard(client, mentee)


def test_a_match_not_yet_approved_leaves_the_member_looked_for(
    db, client, scheme, mentor, mentee, admin_user
):
    scheme.preparation_required = False
    scheme.save()
    run = finished_run(scheme, by=admin_user)
    proposal(run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee))

    page = _dashboard(client, mentee)

    assert LOOKING in page
    assert "waiting for your answer" not in page


def test_a_shortlist_waiting_for_the_mentees_choice_says_so(db, client, scheme, mentee, admin_user):
    scheme.preparation_required = False
    scheme.mentee_choice = True
    scheme.save()
    mentee_app = accepted(scheme, user=mentee)
    run = finished_run(scheme, by=admin_user)
    for rank in (1, 2):
        mentor_app = accepted(scheme, role=Role.MENTOR)
        proposal(run, mentor_app, mentee_app, kind=ProposalKind.OPTION, rank=rank)
    run_approve(run=run, by=admin_user)

    page = _dashboard(client, mentee)

    assert (
        f"Your application to {scheme.name} is accepted, and a shortlist of mentors is "
        "waiting for your choice." in page
    )
    assert LOOKING not in page


# --- an accepted application with a match waiting for others, or a relationship under way ---

UNDER_WAY = "is accepted and a relationship from it is under way"
OTHERS_TO_ANSWER = "a proposed match is waiting for the other members to answer"


def test_a_mentor_with_a_relationship_and_a_match_waiting_is_not_looked_for(
    db, client, scheme, mentor, admin_user
):
    """David: a mentor of two places, one relationship running, a second match he accepted
    waiting for the mentee's answer; then only the relationship; then neither."""
    from sessions_log.services import relationship_end_early

    scheme.preparation_required = False
    scheme.save()
    mentor_app = accepted(scheme, role=Role.MENTOR, user=mentor, capacity=2)
    run = finished_run(scheme, by=admin_user)
    first = proposal(run, mentor_app, accepted(scheme))
    run_approve(run=run, by=admin_user)
    for member in first.members.select_related("application__applicant"):
        proposal_respond(proposal=first, user=member.application.applicant, accept=True)
    first.refresh_from_db()
    mentor_app.refresh_from_db()
    assert mentor_app.status == ApplicationStatus.ACCEPTED  # a place left: still in the pool

    page = _dashboard(client, mentor)
    assert UNDER_WAY in page
    assert LOOKING not in page

    run = finished_run(scheme, by=admin_user)
    second = proposal(run, mentor_app, accepted(scheme))
    run_approve(run=run, by=admin_user)
    proposal_respond(proposal=second, user=mentor, accept=True)

    page = _dashboard(client, mentor)
    assert f"Your application to {scheme.name} is accepted, and {OTHERS_TO_ANSWER}" in page
    assert LOOKING not in page

    # the second mentee declines and the relationship ends: looked for again
    mentee_of_second = second.members.get(role=Role.MENTEE).application.applicant
    proposal_respond(proposal=second, user=mentee_of_second, accept=False)
    relationship_end_early(relationship=first.relationship, by=mentor)
    assert LOOKING in _dashboard(client, mentor)


def test_a_mentee_who_accepted_first_is_told_the_match_waits_for_the_partner(
    db, client, scheme, mentor, mentee, admin_user
):
    scheme.preparation_required = False
    scheme.save()
    made = approved_proposal(scheme, mentor, mentee, by=admin_user)
    proposal_respond(proposal=made, user=mentee, accept=True)

    page = _dashboard(client, mentee)

    assert OTHERS_TO_ANSWER in page
    assert LOOKING not in page
    assert f"A match is waiting for your answer in {scheme.name}." not in page


def test_an_options_mentor_is_told_a_mentee_is_choosing(db, client, scheme, mentor, admin_user):
    scheme.preparation_required = False
    scheme.mentee_choice = True
    scheme.save()
    run = finished_run(scheme, by=admin_user)
    proposal(
        run,
        accepted(scheme, role=Role.MENTOR, user=mentor),
        accepted(scheme),
        kind=ProposalKind.OPTION,
    )
    run_approve(run=run, by=admin_user)

    page = _dashboard(client, mentor)

    assert "a mentee is choosing between mentors who include you" in page
    assert LOOKING not in page
