"""Finding text that escaped translation in the pseudo-locale: every translated string is
accented ("[Šàṽé ~~]"), so a run of plain ASCII letters is either member data in Latin
script (the walks seed theirs in other scripts), something allowed to stay (the brand,
email addresses, web addresses, time zone names), or an untranslated string."""

from __future__ import annotations

import re

from django.conf import settings

LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]")
# What stays in any language.
ALLOWED_PATTERNS = [
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # email addresses
    r"https?://\S+",  # web addresses
    r"\b[A-Z][a-z]+(?:/[A-Z][A-Za-z_ -]+)+",  # IANA zone names: Europe/London, Dar es Salaam
    r"\b(?:UTC|GMT|BST|CET|CEST|AEDT|AEST|EAT)\b",  # zone abbreviations
    r"\bPDF\b|\bCSV\b|\bJSON\b|\biCalendar\b|\bzip\b",  # file formats
]


def untranslated(text: str, *, allow: tuple[str, ...] = ()) -> list[str]:
    """The runs of plain Latin letters in ``text`` that are not allowed to stay."""
    cleaned = text
    for phrase in (settings.SITE_NAME, *allow):
        if phrase:
            cleaned = cleaned.replace(phrase, " ")
    for pattern in ALLOWED_PATTERNS:
        cleaned = re.sub(pattern, " ", cleaned)
    found = []
    for line in cleaned.splitlines():
        if LATIN_RUN.search(line):
            found.append(" ".join(line.split())[:200])
    return found
