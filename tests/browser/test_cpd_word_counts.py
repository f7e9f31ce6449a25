"""The CPD profile counts words against the HCPC's limits while the member types: the
summary of practice alone (500), the statement's parts together (1,500)."""

from __future__ import annotations

from tests.browser.test_journey_member import sign_in
from tests.factories import PASSWORD, ProfileFactory


def test_word_counts_follow_typing_and_warn_over_the_limit(page, assert_accessible):
    ProfileFactory(user__email="ot@example.org")
    page.goto("/")
    sign_in(page, "ot@example.org", PASSWORD)
    page.goto("/portal/cpd/profile/")
    summary = page.get_by_label("Summary of practice")
    counter = page.locator("#id_summary_of_practice-words")
    assert counter.inner_text() == "0 of 500 words"
    summary.fill("I lead a community team.")
    assert counter.inner_text() == "5 of 500 words"
    summary.fill("word " * 502)
    assert counter.inner_text() == "502 of 500 words: 2 over the limit"
    assert "text-danger" in (counter.get_attribute("class") or "")
    statements = page.locator("textarea[data-word-group='statement']")
    statements.nth(0).fill("one two three")
    statements.nth(1).fill("four five")
    shared = page.locator(".word-count", has_text="in the whole statement")
    assert shared.first.inner_text() == "5 of 1,500 words in the whole statement"
    assert shared.count() == statements.count()
    assert_accessible(page)
