"""Journey: an accepted mentee whose scheme requires preparation is told so on their
dashboard, downloads the next briefing's calendar file, replies to it, and completes the
online preparation instead (a first try without accepting the code of conduct is refused,
nothing lost); the gate is then open and the dashboard says nothing more."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from schemes import selectors, services
from schemes.models import (
    ApplicationStatus,
    EventAttendance,
    EventKind,
    PreparationModule,
    Role,
    SchemeEvent,
)
from tests.browser.test_journey_member import sign_in
from tests.factories import ApplicationFactory, ProfileFactory, SchemeFactory

PASSWORD = "correct-horse-battery-staple"


def test_mentee_completes_the_preparation_gate(page, screenshot, assert_accessible, coordinator):
    scheme = SchemeFactory(
        name="OT leadership pilot", preparation_required=True, coordinators=[coordinator]
    )
    PreparationModule.objects.create(
        scheme=scheme,
        text="Mentoring is a partnership between colleagues.",
        code_of_conduct="Keep what your partner tells you confidential.",
    )
    starts = timezone.now() + timedelta(days=14)
    briefing = SchemeEvent.objects.create(
        scheme=scheme,
        kind=EventKind.BRIEFING,
        title="Mentee briefing",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        satisfies_preparation_for=Role.MENTEE,
    )
    mentee = ProfileFactory(user__email="prep.mentee@example.org", years_experience=1).user
    application = services.application_decide(
        application=ApplicationFactory(scheme=scheme, applicant=mentee, role=Role.MENTEE),
        status=ApplicationStatus.ACCEPTED,
        by=coordinator,
    )

    page.goto("/")
    sign_in(page, mentee.email, PASSWORD)
    alert = page.locator(".preparation-due")
    alert.wait_for()
    assert "we cannot match you until you complete the scheme's preparation" in alert.inner_text()
    assert "Next preparation event: Mentee briefing" in alert.inner_text()
    assert_accessible(page, "dashboard with preparation due")
    screenshot(page, "dashboard preparation due")

    with page.expect_download() as download:
        alert.get_by_role("link", name="Add to my calendar").click()
    assert download.value.suggested_filename == f"event-{briefing.pk}.ics"

    alert.get_by_role("link", name="Reply").click()
    page.get_by_label("Your reply").select_option("maybe")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_role("heading", name="My events").wait_for()
    page.get_by_role("link", name="My dashboard").click()
    page.locator(".preparation-due").wait_for()
    assert EventAttendance.objects.get(event=briefing, user=mentee).rsvp == "maybe"

    page.get_by_role("link", name="Complete the online preparation").click()
    page.get_by_role("heading", name="Preparation for OT leadership pilot").wait_for()
    assert "Keep what your partner tells you confidential." in page.content()
    assert_accessible(page, "preparation page")
    page.get_by_role("button", name="Complete my preparation").click()
    page.get_by_text(
        "Tick the box to confirm you have read and accept the code of conduct."
    ).first.wait_for()
    screenshot(page, "code of conduct not accepted")
    assert selectors.preparation_due_for(user=mentee) != []

    page.get_by_label("I have read the preparation above and I accept the code of conduct.").check()
    page.get_by_role("button", name="Complete my preparation").click()
    page.get_by_text("Thank you: your preparation is complete.").wait_for()
    assert page.locator(".preparation-due").count() == 0
    screenshot(page, "preparation complete")
    assert selectors.preparation_complete(scheme=scheme, user=mentee, role=Role.MENTEE)
    assert not selectors.preparation_blocked(scheme.__class__.objects.filter(pk=scheme.pk)).exists()
    assert application.pk
