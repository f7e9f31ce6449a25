"""Journey: member-led matching. A mentee finds a mentor in the scheme's directory and asks
them with a message; the mentor reads it and accepts; both then see their match."""

from __future__ import annotations

from matching.models import MatchingMode, MentorRequest, RequestStatus
from matching.services.settings import matching_settings_create
from schemes.models import Role
from tests.browser.seed import rich_scheme
from tests.matching.factories import accepted


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Welcome").wait_for()


def test_mentee_finds_and_asks_a_mentor_who_accepts_and_both_see_the_match(
    new_page, screenshot, coordinator, mentor, mentee, password
):
    scheme = rich_scheme(coordinators=[coordinator], name="Leaders choose")
    settings = matching_settings_create(scheme=scheme)
    settings.matching_mode = MatchingMode.MEMBER_LED
    settings.save()
    accepted(scheme, user=mentee, goals=("leadership",))
    accepted(scheme, role=Role.MENTOR, user=mentor, capacity=2, expertise=["leadership"])
    mentee_page, mentor_page = new_page(), new_page()

    sign_in(mentee_page, mentee.email, password)
    mentee_page.get_by_role("link", name="My matches").first.click()
    mentee_page.get_by_role("link", name="Find a mentor in Leaders choose").click()
    mentee_page.get_by_role("heading", name=mentor.display_name).wait_for()
    screenshot(mentee_page, "directory")
    mentee_page.get_by_role("link", name=f"Ask {mentor.display_name} to mentor you").click()
    mentee_page.get_by_role("button", name="Send my request").click()
    message = mentee_page.get_by_label("Your message to the mentor")
    # nothing is sent empty: the browser keeps the form, the field says what it is missing
    assert message.evaluate("el => el.validity.valueMissing")
    assert "/request/" in mentee_page.url
    assert not MentorRequest.objects.exists()
    message.fill("I lead a new team.")
    mentee_page.get_by_role("button", name="Send my request").click()
    mentee_page.get_by_text("Your request has gone to").wait_for()
    screenshot(mentee_page, "request sent")
    # back in the directory, the mentor asked says so and is not offered again
    mentee_page.goto(f"/portal/matches/schemes/{scheme.pk}/directory/")
    mentee_page.get_by_text(f"You asked {mentor.display_name} on").wait_for()
    assert mentee_page.get_by_role("link", name=f"Ask {mentor.display_name}").count() == 0

    sign_in(mentor_page, mentor.email, password)
    mentor_page.goto("/portal/matches/requests/")
    mentor_page.get_by_text("I lead a new team.").wait_for()
    mentor_page.get_by_text("Waiting for your answer").wait_for()
    assert mentor_page.get_by_role("heading", name="Requests I made").count() == 0
    mentor_page.get_by_label("Accept this request").check()
    mentor_page.get_by_role("button", name="Send my answer").click()
    mentor_page.get_by_text("you accepted the request").wait_for()
    screenshot(mentor_page, "request accepted")
    assert MentorRequest.objects.get().status == RequestStatus.ACCEPTED

    for page, partner in ((mentor_page, mentee), (mentee_page, mentor)):
        page.goto("/portal/matches/")
        page.get_by_role("cell", name=partner.display_name).wait_for()
        page.get_by_role("cell", name="Confirmed: relationship started").wait_for()
    screenshot(mentee_page, "match confirmed")
