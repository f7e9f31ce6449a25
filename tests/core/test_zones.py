"""Time zone names and times printed with their zone (``core.zones``)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from core.zones import local_with_zone, validate_zone, zone_abbreviation, zone_names, zone_or_none
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401

INSTANT = datetime(2026, 3, 9, 23, 0, tzinfo=UTC)  # Tuesday 10:00 in Sydney


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Australia/Sydney", "Tuesday 10 March 2026, 10:00 AEDT"),
        ("Europe/London", "Monday 9 March 2026, 23:00 GMT"),
        ("Africa/Nairobi", "Tuesday 10 March 2026, 02:00 EAT"),
        ("America/Sao_Paulo", "Monday 9 March 2026, 20:00 (Sao Paulo time, UTC\u22123)"),
        ("Asia/Kathmandu", "Tuesday 10 March 2026, 04:45 (Kathmandu time, UTC+5:45)"),
        ("America/Toronto", "Monday 9 March 2026, 19:00 EDT"),
        ("Europe/Warsaw", "Tuesday 10 March 2026, 00:00 CET"),
    ],
)
def test_local_with_zone_names_the_zone_of_the_instant(zone, expected):
    with timezone.override(zone):
        assert local_with_zone(INSTANT, "l j F Y, H:i") == expected


def test_local_with_zone_follows_daylight_saving():
    with timezone.override("Europe/London"):
        assert [
            local_with_zone(datetime(2026, 3, day, 9, tzinfo=UTC), "D j M H:i") for day in (28, 29)
        ] == ["Sat 28 Mar 09:00 GMT", "Sun 29 Mar 10:00 BST"]


def test_zoned_filters_in_a_template():
    template = Template('{{ when|zoned:"H:i" }} / {{ when|zoned_long:"H:i" }} / {{ none|zoned }}')
    with timezone.override("Australia/Sydney"):
        assert template.render(Context({"when": INSTANT, "none": None})) == (
            "10:00 AEDT / 10:00 AEDT (Australia/Sydney) / "
        )


@pytest.mark.parametrize("name", ["Europe/London", "Asia/Calcutta", "Europe/Kiev", "UTC", ""])
def test_validate_zone_accepts_iana_names_and_aliases(name):
    validate_zone(name)


@pytest.mark.parametrize(
    "name", ["Europe/Krakow", "Mars/Olympus_Mons", "GMT+1", "london", "../etc/passwd", " "]
)
def test_validate_zone_refuses_unknown_names(name):
    with pytest.raises(ValidationError) as caught:
        validate_zone(name)
    assert caught.value.messages == [
        f"“{name}” is not a time zone: give an IANA name such as Europe/London, "
        "Australia/Sydney or America/Sao_Paulo."
    ]
    assert zone_or_none(name) is None


def test_zone_names_are_places_sorted():
    names = zone_names()
    assert list(names) == sorted(names)
    assert {"Australia/Sydney", "Europe/Warsaw", "UTC"} <= set(names)
    assert not {"EST5EDT", "Etc/GMT+3", "US/Eastern"} & set(names)


def test_zone_abbreviation_without_letters_is_an_offset():
    local = INSTANT.astimezone(zone_or_none("America/Sao_Paulo"))
    assert zone_abbreviation(local) == "UTC-03"


def test_zone_without_letters_is_named_by_place_and_offset_long_or_not():
    template = Template('{{ when|zoned:"H:i" }} / {{ when|zoned_long:"H:i" }}')
    with timezone.override("America/Sao_Paulo"):
        assert template.render(Context({"when": INSTANT})) == (
            "20:00 (Sao Paulo time, UTC\u22123) / 20:00 (Sao Paulo time, UTC\u22123)"
        )


def test_zone_without_letters_translates(pseudo_locale):  # noqa: F811
    from django.utils import translation

    from tests.i18n.untranslated import untranslated

    with timezone.override("America/Sao_Paulo"), translation.override(pseudo_locale):
        text = local_with_zone(INSTANT, "H:i")
    assert "20:00" in text
    assert "UTC\u22123" in text
    assert untranslated(text, allow=("Sao Paulo",)) == []
