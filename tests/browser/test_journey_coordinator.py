"""Journey 4: a coordinator looks at their scheme's pairs (the admin's relationship pages
and the scheme-health dashboard) and sees the pair's dates, never its notes, reflections
or goals."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, translation

from tests.browser.seed import busy_relationship, rich_scheme
from tests.browser.test_journey_matching import staff_sign_in

PRIVATE = ("Private: talked about rotas.", "It helped.", "Lead a team meeting", "Drafted agenda")


def _date(value) -> str:
    with translation.override("en-gb"):
        return formats.date_format(value)


def _assert_nothing_private(page, where: str) -> None:
    text = page.content()
    leaked = [p for p in PRIVATE if p in text]
    assert leaked == [], f"{where} shows private content: {leaked}"


def test_coordinator_sees_the_pairs_dates_but_not_its_notes(
    page, screenshot, assert_accessible, admin_user, coordinator, mentor, mentee, password
):
    scheme = rich_scheme(coordinators=[coordinator], name="Clinical leaders")
    relationship = busy_relationship(scheme, mentor, mentee, by=admin_user)
    held = relationship.sessions.get(number=1)

    staff_sign_in(page, coordinator.email, password)
    page.get_by_role("link", name="Relationships", exact=True).click()
    page.locator("#result_list").wait_for()
    # Each row is named by its members, so a coordinator knows which pair it is.
    row = page.locator("#result_list tbody tr", has_text=mentor.display_name)
    assert row.count() == 1
    assert _date(relationship.started_on) in row.inner_text()
    assert _date(held.held_on) in row.inner_text()  # "last held"
    screenshot(page, "admin relationships")
    _assert_nothing_private(page, "relationship list")

    assert mentee.display_name in row.inner_text()
    row.locator("th a").click()  # the members' names link to the relationship
    page.get_by_role("heading", name="Sessions", exact=True).wait_for()
    content = page.locator("#content").inner_text()
    assert _date(relationship.started_on) in content
    assert _date(held.held_on) in content
    screenshot(page, "admin relationship")
    _assert_nothing_private(page, "relationship page")

    # The scheme-health dashboard: the coordinator's schemes, then this one.
    dashboard = reverse("insights:dashboard_scheme", args=[scheme.slug])
    page.goto(reverse("insights:dashboard"))
    assert_accessible(page, "dashboard")
    _assert_nothing_private(page, "dashboard")
    page.get_by_role("link", name=scheme.name).click()
    page.wait_for_url(f"**{dashboard}")
    page.get_by_role("heading", name=f"Scheme health: {scheme.name}").wait_for()
    screenshot(page, "dashboard")
    _assert_nothing_private(page, "scheme dashboard")
    assert_accessible(page, "scheme dashboard")
