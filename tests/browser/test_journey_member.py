"""Journey 1, through the real pages: a member registers, verifies their email from the
mail outbox, completes the profile, saves a draft application, leaves, comes back and
submits."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail

from accounts.models import User
from schemes.models import Application, ApplicationStatus, Role
from tests.browser.seed import rich_scheme

EMAIL = "new.member@example.org"
PASSWORD = "a-long-and-unusual-passphrase"


def _confirmation_path() -> str:
    """The confirmation link from the (locmem) outbox: the live server runs in this process,
    so the emails it sends land in the same ``mail.outbox``."""
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    return urlsplit(link.group(0)).path


def sign_in(page, email: str, password: str) -> None:
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_member_registers_verifies_profiles_drafts_returns_and_submits(
    page, screenshot, assert_accessible, coordinator
):
    scheme = rich_scheme(coordinators=[coordinator], name="New professionals")

    # Register.
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    screenshot(page, "sign up")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    assert_accessible(page, "verification sent")
    screenshot(page, "verification sent")

    # Verify the email from the outbox: confirming signs the member in.
    page.goto(_confirmation_path())
    assert_accessible(page, "confirm email")
    screenshot(page, "confirm email")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Welcome").wait_for()
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified is True

    # Complete the profile from the dashboard's prompt.
    screenshot(page, "dashboard new member")
    page.get_by_role("link", name="Complete your profile").click()
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Okafor")
    page.locator("#id_job_title").fill("Occupational therapist")
    page.locator("#id_organisation").fill("North Trust")
    page.locator("#id_country").select_option("GB")
    page.get_by_label("Years of experience in the profession").fill("2")
    page.get_by_label("Career stage").select_option(label="Early career")
    page.get_by_label("Leadership").check()
    page.get_by_label("When you can meet each week").fill(
        "Tuesday 18:00-20:00\nweekdays 07:30-08:30"
    )
    screenshot(page, "profile")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    member = User.objects.get(email=EMAIL)
    assert (member.first_name, member.profile.is_complete) == ("Ada", True)

    # Find the scheme, start an application and save a draft.
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Schemes", exact=True).click()
    page.get_by_role("link", name="New professionals").click()
    screenshot(page, "scheme detail")
    page.get_by_role("link", name="Apply to New professionals").click()
    screenshot(page, "apply start")
    page.get_by_label("Junior partner (mentee)").check()
    page.get_by_role("button", name="Start application").click()
    page.get_by_label("Leadership").check()
    page.get_by_label("What do you hope to get out of the scheme?").fill("Confidence in leading")
    screenshot(page, "application draft")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved.").wait_for()
    application = Application.objects.get(applicant=member)
    assert (application.scheme, application.role, application.status, application.hopes) == (
        scheme,
        Role.MENTEE,
        ApplicationStatus.DRAFT,
        "Confidence in leading",
    )

    # Leave, come back, find the draft where it was left, and submit.
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()
    sign_in(page, EMAIL, PASSWORD)
    page.get_by_role("link", name="Continue your application to New professionals").click()
    hopes = page.get_by_label("What do you hope to get out of the scheme?")
    assert hopes.input_value() == "Confidence in leading"
    page.get_by_label("What would you like to get out of it?").fill("A mentor who has led.")
    page.get_by_label("Preferred day").select_option("Friday")
    page.get_by_role("button", name="Submit application").click()
    page.get_by_text("your application has been submitted").wait_for()
    screenshot(page, "submitted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
