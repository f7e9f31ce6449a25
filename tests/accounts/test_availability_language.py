"""Weekly availability in the member's language: weekday names, the planner's "hours a
week in common" sentence and the profile's typed windows, read back in that language."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from accounts.availability import (
    AvailabilityError,
    Window,
    codes_of,
    hours_text,
    lines_of,
    overlap,
    overlap_text,
    parse_lines,
    spans_text,
)
from accounts.forms import ProfileForm
from accounts.models import NotificationKind
from tests.factories import ProfileFactory
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated

LONDON = ZoneInfo("Europe/London")
TYPED = ["Tuesday 18:00-20:00", "Thursday 18:00-20:00"]


def _common():
    windows = parse_lines(TYPED)
    return overlap([(windows, LONDON), (windows, LONDON)], week_of=date(2026, 12, 29))


def test_english_sentences_are_unchanged():
    with translation.override("en-gb"):
        assert overlap_text(_common(), LONDON) == (
            "4 hours a week in common: Tuesday 18:00–20:00 and Thursday 18:00–20:00 your time "
            "(Europe/London)"
        )
        assert spans_text(_common()[:1], LONDON) == "Tuesday 18:00–20:00 your time (Europe/London)"
        assert overlap_text([], LONDON) == "no time in common"
        assert [w.text for w in parse_lines(TYPED)] == TYPED
        assert Window(1, 18 * 60, 20 * 60).label == "Tuesdays 18:00–20:00"
        assert [hours_text(h) for h in (1, 1.5, 3)] == ["1 hour", "1.5 hours", "3 hours"]


def test_sentences_in_the_pseudo_locale(pseudo_locale):  # noqa: F811
    with translation.override(pseudo_locale):
        common = _common()
        texts = [
            overlap_text(common, LONDON),
            overlap_text(common[:1], LONDON),
            overlap_text([], LONDON),
            spans_text(common, LONDON),
            *(w.text for w in parse_lines(TYPED)),
            *(w.label for w in parse_lines(TYPED)),
            hours_text(1),
            hours_text(2.5),
        ]
    assert untranslated("\n".join(texts)) == []


def test_typed_windows_are_read_in_the_active_language_and_stored_alike(pseudo_locale):  # noqa: F811
    with translation.override(pseudo_locale):
        shown = [w.text for w in parse_lines(TYPED)]
        assert shown != TYPED  # the days are named in the language
        assert codes_of(parse_lines(shown)) == ["tue 18:00-20:00", "thu 18:00-20:00"]
        assert codes_of(parse_lines(TYPED)) == ["tue 18:00-20:00", "thu 18:00-20:00"]
        weekdays = parse_lines(["weekdays 07:00-08:00"])
        assert lines_of(weekdays) != ["weekdays 07:00-08:00"]  # the group in the language
        assert codes_of(parse_lines(lines_of(weekdays))) == codes_of(weekdays)
        with pytest.raises(AvailabilityError) as caught:
            parse_lines(["Funday 10:00-11:00", "evenings"])
    message = str(caught.value).replace("“Funday 10:00-11:00”", "").replace("“funday”", "")
    assert untranslated(message.replace("“evenings”", "")) == []


def test_profile_labels_and_availability_in_the_pseudo_locale(db, pseudo_locale):  # noqa: F811
    profile = ProfileFactory(availability=["tue 18:00-20:00"])
    with translation.override(pseudo_locale):
        form = ProfileForm(instance=profile, user=profile.user)
        labels = [str(form[name].label) for name in ("profession", "organisation", "country")]
        shown = form["availability"].value()
        shown = form.fields["availability"].prepare_value(shown)
        kind = str(NotificationKind.PARTNER_ACTIVITY.label)
    assert untranslated("\n".join([*labels, shown, kind])) == []
    with translation.override("en-gb"):
        form = ProfileForm(instance=profile, user=profile.user)
        assert [str(form[n].label) for n in ("profession", "organisation", "country")] == [
            "Profession",
            "Organisation",
            "Country",
        ]
        assert form.fields["availability"].prepare_value(profile.availability) == (
            "Tuesday 18:00-20:00"
        )
        assert str(NotificationKind.PARTNER_ACTIVITY.label) == (
            "Sessions planned, moved or cancelled (with the calendar invitation)"
        )
