"""Journey 3, through the portal: both members accept their match; they plan the first
session and download its calendar invitation, log it, agree expectations, set a goal, log
the remaining sessions, write reflections and export the CPD portfolio as a PDF.

Starts from a proposal approved with the services (journey 2 covers the admin part). The
clock moves on with time-machine, which the live server shares (same process)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from django.utils import timezone

from cpd.models import Reflection
from matching.models import ProposalStatus
from sessions_log.models import Expectation, ExpectationStatus, Goal, SessionStatus
from tests.browser.seed import approved_proposal, rich_scheme

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_default_timezone())


def exactly(label: str) -> re.Pattern:
    """A label as written, with or without the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Welcome").wait_for()


def accept_match(page, scheme_name: str) -> None:
    page.get_by_role("link", name="My matches").first.click()
    page.get_by_role("link", name=f"Accept or decline match in {scheme_name}").click()
    page.get_by_label("Accept this match").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("you accepted this match").wait_for()


def log_session(page, number: int, held_on, minutes: int, notes: str, actions: str = ""):
    page.get_by_role("link", name=f"Log session {number}", exact=True).click()
    page.get_by_label("Held on").fill(held_on.isoformat())
    page.get_by_label("Duration (minutes)").fill(str(minutes))
    page.get_by_label("Online").check()
    page.get_by_label("Notes").fill(notes)
    if actions:
        page.get_by_label("Agreed actions").fill(actions)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Sessions", exact=True).wait_for()


def write_reflection(page, what: str, so_what: str, now_what: str) -> None:
    page.get_by_role("link", name="My CPD").click()
    page.get_by_role("link", name="Write a reflection on session 1").click()
    page.get_by_label(exactly("What?")).fill(what)
    page.get_by_label(exactly("So what?")).fill(so_what)
    page.get_by_label(exactly("Now what?")).fill(now_what)
    page.get_by_role("button", name="Save as complete").click()
    page.get_by_text("Your reflection is saved.").wait_for()


def test_pair_accepts_plans_logs_agrees_sets_goals_reflects_and_exports(
    new_page, screenshot, admin_user, coordinator, mentor, mentee, password
):
    with time_machine.travel(START, tick=True) as clock:
        scheme = rich_scheme(coordinators=[coordinator], name="Clinical leaders")
        proposal = approved_proposal(scheme, mentor, mentee, by=admin_user)
        mentee_page, mentor_page = new_page(), new_page()

        # Both accept: the relationship starts with the programme's four sessions.
        sign_in(mentee_page, mentee.email, password)
        accept_match(mentee_page, scheme.name)
        screenshot(mentee_page, "mentee accepted")
        sign_in(mentor_page, mentor.email, password)
        accept_match(mentor_page, scheme.name)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.CONFIRMED
        relationship = proposal.relationship
        mentor_page.get_by_role("link", name="Go to your relationship").click()
        screenshot(mentor_page, "relationship started")

        # The mentor plans session 1 and downloads the calendar invitation.
        first_at = START + timedelta(days=2)
        mentor_page.get_by_role("link", name="Plan session 1", exact=True).click()
        mentor_page.get_by_label("Date and time").fill(first_at.strftime("%Y-%m-%dT%H:%M"))
        mentor_page.get_by_label("Online").check()
        mentor_page.get_by_label("Meeting link or place").fill("https://meet.example.org/abc")
        screenshot(mentor_page, "plan session 1")
        mentor_page.get_by_role("button", name="Save").click()
        with mentor_page.expect_download() as download_info:
            mentor_page.get_by_role("link", name="Calendar file for session 1").click()
        download = download_info.value
        ics = Path(download.path()).read_text(encoding="utf-8")
        assert download.suggested_filename.endswith(".ics")
        assert ics.startswith("BEGIN:VCALENDAR")
        assert "https://meet.example.org/abc" in ics.replace("\r\n ", "")
        assert f"DTSTART:{first_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in ics, ics

        # Two days on: the mentee logs session 1 with an action.
        clock.move_to(first_at + timedelta(hours=2))
        today = timezone.localdate()
        mentee_page.get_by_role("link", name="My dashboard").click()
        mentee_page.get_by_role("link", name=scheme.name, exact=True).click()
        log_session(mentee_page, 1, today, 60, "Private: talked about my rota.", "Read the guide")
        screenshot(mentee_page, "session 1 logged")

        # Expectations: the mentee states one, the mentor agrees to it.
        mentee_page.get_by_role("link", name="State an expectation").click()
        mentee_page.get_by_label("Your expectation").fill("We meet every fortnight, online.")
        mentee_page.get_by_role("button", name="Save").click()
        mentor_page.goto(relationship.get_absolute_url())
        mentor_page.get_by_role("link", name="Decide").click()
        mentor_page.get_by_label("Agreed").check()
        mentor_page.get_by_role("button", name="Save").click()
        mentor_page.get_by_role("heading", name="What you have agreed").wait_for()
        assert Expectation.objects.get(relationship=relationship).status == (
            ExpectationStatus.AGREED
        )

        # A goal with a success measure and a target date.
        mentee_page.reload()
        mentee_page.get_by_role("link", name="Set a goal").click()
        mentee_page.get_by_label("Whose goal").select_option(label=mentee.display_name)
        mentee_page.get_by_label(exactly("Goal")).fill("Chair a team meeting")
        mentee_page.get_by_label("What success looks like").fill("I chair one by June")
        mentee_page.get_by_label("Target date").fill((today + timedelta(days=90)).isoformat())
        mentee_page.get_by_role("button", name="Save").click()
        mentee_page.get_by_role("heading", name="Chair a team meeting").wait_for()
        screenshot(mentee_page, "expectations and goal")
        assert Goal.objects.get(relationship=relationship).owner == mentee

        # The remaining sessions, a few days apart (within the session cookie's life).
        for number in (2, 3, 4):
            clock.shift(timedelta(days=3))
            log_session(mentee_page, number, timezone.localdate(), 45, f"Notes {number}")
        screenshot(mentee_page, "all sessions logged")
        sessions = relationship.sessions.order_by("number")
        assert [(s.number, s.status) for s in sessions] == [
            (n, SessionStatus.HELD) for n in (1, 2, 3, 4)
        ]

        # Both reflect on session 1.
        write_reflection(mentee_page, "We met.", "I saw how to plan.", "Draft an agenda.")
        screenshot(mentee_page, "reflection")
        write_reflection(mentor_page, "We met.", "Listening helps.", "Ask more.")
        assert Reflection.objects.filter(session__relationship=relationship).count() == 2

        # Export the CPD portfolio as a PDF (the default period covers the last year).
        mentee_page.get_by_role("link", name="My CPD").click()
        mentee_page.get_by_role("link", name="Export").click()
        assert mentee_page.locator("#id_start").input_value() != ""
        mentee_page.get_by_label("Session 1", exact=False).first.check()
        screenshot(mentee_page, "export")
        with mentee_page.expect_download() as download_info:
            mentee_page.get_by_role("button", name="Download the PDF portfolio").click()
        pdf = download_info.value
        assert pdf.suggested_filename.endswith(".pdf")
        assert Path(pdf.path()).read_bytes()[:5] == b"%PDF-"
