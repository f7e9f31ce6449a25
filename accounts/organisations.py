"""Organisation names normalised into a key, so spellings of one organisation agree.

Pure Python. ``organisation_key`` is what ``accounts.models.Organisation.key`` and
``OrganisationAlias.key`` hold and what a typed name is looked up by
(``accounts.services.organisation_for_name``). It ignores:

- case, accents and spacing ("  nhs   TRUST a" = "NHS Trust A");
- punctuation: full stops and apostrophes vanish, other marks separate words, and a run
  of single letters is one word ("N.H.S. Trust A" = "N H S Trust A" = "NHS Trust A";
  "St. Mary's" = "St Marys"); "&" reads "and";
- a leading "The" and the legal-form suffixes ``SUFFIXES`` at the end, repeatedly
  ("The Acme Company Ltd." = "Acme Company"; "Smith & Co LLP" = "Smith and Co").

Nothing else is guessed: "Leeds Teaching Hospitals" and "LTHT" are two keys until the
administrator merges them (the merged name becomes an alias).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Legal forms that do not tell two organisations apart (compared after normalising).
SUFFIXES = frozenset(
    {"ltd", "limited", "plc", "inc", "incorporated", "llp", "llc", "lp", "gmbh", "pty", "cic"}
)


def _words(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[.'’`]", "", plain.replace("&", " and "))
    # Dotted initials ("N.H.S.") lost their dots above; spaced ones ("N H S") join here.
    words: list[str] = []
    run: list[str] = []
    for word in re.sub(r"[\W_]+", " ", plain).split():
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        words.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        words.append(word)
    words.extend(["".join(run)] if len(run) > 1 else run)
    return words


def organisation_key(name: str) -> str:
    """The normalised key of an organisation's name ("" for a blank name)."""
    words = _words(name)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def tidy_name(name: str) -> str:
    """A name as typed with its spacing tidied (what a new organisation is called)."""
    return " ".join((name or "").split())


def organisation_names(typed: Iterable[str]) -> dict[str, str]:
    """The organisations a list of typed names makes: key -> the name to show, the most
    common spelling of that key (ties: the first in alphabetical order). Blank names make
    none. Used by the data migration that builds the organisation list from profiles."""
    spellings: dict[str, Counter[str]] = {}
    for name in typed:
        key = organisation_key(name or "")
        if key:
            spellings.setdefault(key, Counter())[tidy_name(name)[:160]] += 1
    return {
        key: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        for key, counts in spellings.items()
    }
