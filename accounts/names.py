"""How a person's name is written: one owner for every full name shown (``User.get_full_name``,
and so ``User.display_name`` and ``str(user)``).

Names written in Chinese, Japanese or Korean scripts put the family name first with no space
between the parts (张伟, 山田太郎; Korean is written 김민준 in most lists too). Every other name
is "given family", as typed.
"""

from __future__ import annotations

import unicodedata

# Unicode names that mark a character of a CJK script (Han, kana, Hangul).
_CJK_PREFIXES = ("CJK ", "HIRAGANA", "KATAKANA", "HANGUL")


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_CJK_PREFIXES)


def written_in_cjk(text: str) -> bool:
    """Whether every letter of ``text`` is Chinese, Japanese or Korean (spaces and
    punctuation aside); empty text is not."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(_is_cjk(char) for char in letters)


def full_name(*, given: str, family: str) -> str:
    """The full name as it is written in its script: family name first without a space for
    CJK names, "given family" otherwise; one part alone when the other is blank."""
    given, family = given.strip(), family.strip()
    if written_in_cjk(given + family):
        return f"{family}{given}"
    return f"{given} {family}".strip()
