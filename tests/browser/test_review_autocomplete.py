"""The match review page's autocomplete: a coordinator types a name in a proposal's "With"
field, picks the applicant the page's script offers, and applies the change."""

from __future__ import annotations

from playwright.sync_api import expect

from matching.models import ProposalMember
from schemes.models import Role
from tests.browser.test_journey_matching import staff_sign_in
from tests.matching.factories import accepted, finished_run, proposal


def test_coordinator_replaces_a_mentee_picked_from_the_autocomplete(
    page, screenshot, coordinator, scheme, other_scheme, password
):
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    spare = accepted(scheme)
    spare.applicant.first_name, spare.applicant.last_name = "Zelda", "Quist"
    spare.applicant.save()
    elsewhere = accepted(other_scheme)  # another scheme's applicant: never offered
    elsewhere.applicant.first_name = "Zelda"
    elsewhere.applicant.save()
    mentee = prop.members.get(role=Role.MENTEE)

    staff_sign_in(page, coordinator.email, password)
    page.goto(f"/admin/matching/matchingrun/{run.pk}/review/")
    page.get_by_label("Replace:").select_option(str(mentee.pk))
    page.get_by_label("With:").press_sequentially("zel", delay=50)
    options = page.locator("#candidates option")
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == spare.applicant.email
    screenshot(page, "autocomplete")
    page.get_by_label("With:").fill(options.first.get_attribute("value") or "")
    page.get_by_role("button", name="Apply").click()
    page.get_by_text(f"Proposal #{prop.pk} changed:").wait_for()
    assert ProposalMember.objects.get(pk=mentee.pk).application == spare
