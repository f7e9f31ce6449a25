"""Journey 2, through the admin: an administrator reviews and accepts applications, runs
matching (a Celery task, run in-process by the test settings), reviews the proposals with
their reasons and approves them."""

from __future__ import annotations

from django.core import mail
from playwright.sync_api import expect

from matching.models import MatchingRun, Proposal, ProposalStatus, RunStatus
from schemes.models import Application, ApplicationStatus, Role
from tests.browser.seed import rich_scheme
from tests.factories import ApplicationFactory, ProfileFactory


def staff_sign_in(page, email: str, password: str) -> None:
    """The admin sends staff to the site's sign-in page (rate limits and MFA apply)."""
    page.goto("/admin/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")


def _applicants(scheme, role, years, count):
    return [
        ApplicationFactory(
            scheme=scheme,
            role=role,
            status=ApplicationStatus.SUBMITTED,
            goals_areas=["leadership"],
            applicant=ProfileFactory(
                years_experience=years, expertise=["leadership"], interests=["research"]
            ).user,
        )
        for _ in range(count)
    ]


def test_administrator_accepts_runs_matching_reviews_reasons_and_approves(
    page, screenshot, admin_user, coordinator, password
):
    scheme = rich_scheme(coordinators=[coordinator], name="Clinical leaders")
    applications = _applicants(scheme, Role.MENTOR, 15, 2) + _applicants(scheme, Role.MENTEE, 2, 2)

    staff_sign_in(page, admin_user.email, password)
    screenshot(page, "admin index")

    # Review and accept the submitted applications in bulk.
    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("link", name="Submitted", exact=True).click()
    page.wait_for_url("**/?status__exact=submitted")
    expect(page.locator("#result_list tbody tr")).to_have_count(4)
    screenshot(page, "applications submitted")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("accept")
    page.get_by_role("button", name="Go", exact=True).click()
    page.locator(".messagelist").wait_for()
    screenshot(page, "applications accepted")
    assert {a.status for a in Application.objects.filter(scheme=scheme)} == {
        ApplicationStatus.ACCEPTED
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.applicant.email for a in applications)

    # Run matching: the task runs in-process (CELERY_TASK_ALWAYS_EAGER), on commit.
    page.goto("/admin/")
    page.get_by_role("link", name="Matching runs").click()
    page.get_by_role("link", name="Start a matching run").click()
    page.get_by_label("Scheme").select_option(label=str(scheme))
    screenshot(page, "start run")
    page.get_by_role("button", name="Start the run").click()
    page.get_by_role("heading", name="Proposals").wait_for()
    run = MatchingRun.objects.get(scheme=scheme)
    assert run.status == RunStatus.FINISHED
    proposals = list(Proposal.objects.filter(run=run))
    assert len(proposals) == 2
    # Each proposal's reasons are on the review page, as the admin reads them.
    table = page.locator("#content table", has_text="awaiting approval")
    for proposal in proposals:
        assert proposal.reasons
        row = table.locator("tr", has=page.get_by_role("cell", name=str(proposal.pk), exact=True))
        for reason in proposal.reasons:
            assert reason["text"] in row.inner_text()
    screenshot(page, "review run")

    # Approve: members are emailed.
    mail.outbox.clear()
    page.get_by_role("button", name="Approve all 2 proposals and email the members").click()
    page.get_by_role("button", name="Yes, approve 2 proposals and email the members").click()
    page.get_by_text("2 proposals approved; members emailed.").wait_for()
    screenshot(page, "approved")
    assert {p.status for p in Proposal.objects.filter(run=run)} == {ProposalStatus.APPROVED}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.applicant.email for a in applications)
