"""A mentee's shortlist in the browser: one mentee chooses a mentor, another says none of
the options suit them, with a note for the coordinator."""

from __future__ import annotations

from playwright.sync_api import expect

from matching import services
from matching.models import ProposalKind, ProposalStatus
from schemes.models import Role
from tests.factories import ProfileFactory, SchemeFactory, UserFactory
from tests.matching.factories import accepted, finished_run, proposal

NOTE = "Neither works in community pharmacy, which is what I hope to move into."


def _shortlists():
    scheme = SchemeFactory(name="Career mentoring", mentee_choice=True)
    admin = UserFactory(is_staff=True, is_superuser=True)
    run = finished_run(scheme)
    mentees, options = [], {}
    for first in ("Siân", "Kofi"):
        app = accepted(scheme, user=ProfileFactory(user__first_name=first).user)
        mentees.append(app.applicant)
        options[first] = [
            proposal(
                run,
                accepted(
                    scheme,
                    role=Role.MENTOR,
                    user=ProfileFactory(user__first_name=name, user__last_name="Mentor").user,
                ),
                app,
                kind=ProposalKind.OPTION,
                rank=rank,
            )
            for rank, name in enumerate((f"Ada{first}", f"Bea{first}"), start=1)
        ]
    services.run_approve(run=run, by=admin)
    return mentees, options


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Welcome").wait_for()


def test_mentees_choose_from_a_shortlist_or_say_none_suit(new_page, password, assert_accessible):
    (sian, kofi), options = _shortlists()

    page = new_page()
    sign_in(page, sian.email, password)
    page.goto(f"/portal/matches/{options['Siân'][0].pk}/")
    page.get_by_role("button", name="Choose BeaSiân Mentor").click()
    expect(page.get_by_text("we have asked your chosen partner to accept")).to_be_visible()

    page = new_page()
    sign_in(page, kofi.email, password)
    page.goto(f"/portal/matches/{options['Kofi'][0].pk}/")
    expect(page.get_by_role("heading", name="None of these suit me")).to_be_visible()
    assert_accessible(page, "shortlist with none-suit")
    page.get_by_label("Why do none of these suit you?").fill(NOTE)
    page.get_by_role("button", name="None of these suit me").click()
    expect(page.get_by_role("alert").get_by_text("You are back in the pool")).to_be_visible()
    # The page itself tells the mentee what happened, in their terms, and offers no choice.
    expect(page.get_by_text("You told us that none of the mentors")).to_be_visible()
    expect(page.get_by_role("button", name="Choose")).to_have_count(0)

    for option in options["Kofi"]:
        option.refresh_from_db()
        assert option.status == ProposalStatus.DECLINED
    chosen = options["Siân"][1]
    chosen.refresh_from_db()
    assert (chosen.kind, chosen.status) == (ProposalKind.PAIR, ProposalStatus.APPROVED)
