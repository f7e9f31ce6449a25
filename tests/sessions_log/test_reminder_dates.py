"""A reminder's session time ("when", "day") is written in the recipient's language, not
the language active while the sweep runs."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import translation

from sessions_log.reminders import _when_formatter
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated

INSTANT = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)


def test_english_dates_are_unchanged():
    when_in = _when_formatter()
    assert when_in(INSTANT, "Australia/Sydney") == {
        "when": "Tuesday 3 March 2026, 10:00 AEDT (Australia/Sydney)",
        "day": "Tuesday 3 March",
    }
    assert when_in(None, "Australia/Sydney") == {"when": "", "day": ""}


def test_dates_follow_the_recipients_language(db, pseudo_locale):  # noqa: F811
    when_in = _when_formatter()
    with translation.override("en-gb"):  # the sweep's language is not the recipient's
        theirs = when_in(INSTANT, "Australia/Sydney", pseudo_locale)
        site = when_in(INSTANT, "Australia/Sydney", "")
    assert untranslated(f"{theirs['when']}\n{theirs['day']}") == []
    assert theirs != site
    with translation.override(pseudo_locale):  # nor does the sweep's language leak in
        assert when_in(INSTANT, "Australia/Sydney") == site
    assert site["day"] == "Tuesday 3 March"
