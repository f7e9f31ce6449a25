"""A flash scheme does not use the matching and programme fields: the admin hides them
and a value set in one is refused on the field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from schemes.models import Intake, Scheme, SchemeKind
from schemes.models.scheme_rules import kind_fields_unused_by_choice

MATCHING_AND_PROGRAMME = {
    "programme_template",
    "target_window_days",
    "at_risk_fraction",
    "mentee_choice",
    "shortlist_size",
}


def flash(**fields) -> Scheme:
    values = {
        "name": "Flash conversations",
        "slug": "flash",
        "summary": "One-off conversations with a mentor.",
        "kind": SchemeKind.FLASH,
        "intake": Intake.ROLLING,
    }
    return Scheme(**(values | fields))


def test_the_admin_hides_matching_and_programme_fields_for_flash_only():
    choice = kind_fields_unused_by_choice()
    assert set(choice[f"{SchemeKind.FLASH}:{Intake.ROLLING}"]) >= MATCHING_AND_PROGRAMME
    senior = set(choice[f"{SchemeKind.SENIOR_JUNIOR}:{Intake.ROLLING}"])
    assert not MATCHING_AND_PROGRAMME & senior


@pytest.mark.django_db
def test_a_flash_scheme_with_defaults_is_valid():
    flash().full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("target_window_days", 30),
        ("at_risk_fraction", Decimal("0.9")),
        ("mentee_choice", True),
        ("shortlist_size", 5),
    ],
)
def test_a_value_in_a_field_flash_does_not_use_is_refused_on_it(field, value):
    with pytest.raises(ValidationError) as caught:
        flash(**{field: value}).full_clean()
    assert "no matching and no programme" in caught.value.message_dict[field][0]
