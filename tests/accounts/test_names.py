"""Full names in their script's order: family name first without a space for Chinese,
Japanese and Korean names; "given family" for every other script."""

from __future__ import annotations

import pytest

from accounts.names import full_name, written_in_cjk
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        ("Siobhán", "O'Neill", "Siobhán O'Neill"),
        ("伟", "张", "张伟"),
        ("太郎", "山田", "山田太郎"),
        ("さくら", "佐藤", "佐藤さくら"),
        ("민준", "김", "김민준"),
        ("فاطمة", "الزهراء", "فاطمة الزهراء"),
        ("Wei", "Zhang", "Wei Zhang"),
        ("Amara", "", "Amara"),
        ("", "张", "张"),
        ("  ", "  ", ""),
    ],
)
def test_full_name_in_the_order_of_its_script(given: str, family: str, expected: str) -> None:
    assert full_name(given=given, family=family) == expected


def test_written_in_cjk_needs_every_letter_cjk() -> None:
    assert [written_in_cjk(text) for text in ("张伟", "张 Wei", "", "・")] == [
        True,
        False,
        False,
        False,
    ]


@pytest.mark.django_db
def test_user_display_name_and_str_use_the_script_order() -> None:
    user = UserFactory(first_name="伟", last_name="张", email="zhang@example.org")

    assert (user.get_full_name(), user.display_name, str(user)) == ("张伟", "张伟", "张伟")


@pytest.mark.django_db
def test_user_without_a_name_is_shown_by_email() -> None:
    user = UserFactory(first_name="", last_name="", email="noname@example.org")

    assert user.display_name == "noname@example.org"
