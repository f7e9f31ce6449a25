"""Countries as ISO 3166 codes: reading what people type into a code.

Profiles store a country as its two-letter code (``django_countries.fields.CountryField``);
members choose it from the standard list. Text typed elsewhere (the member import, the
profile data written before codes) is read by ``country_code``: the English names
django-countries knows (official, common and former ones), the alpha-2 and alpha-3 codes,
and the aliases people actually write ("UK", "Great Britain", "England", "USA", "U.S.A.",
"Holland", a few names in the country's own language). Case, spacing, punctuation and
accents do not matter ("  united   KINGDOM ", "Cote d'Ivoire", "Türkiye").

The home nations of the United Kingdom are one country here: ISO 3166 has no code for
England, Scotland, Wales or Northern Ireland, and a scheme that partners people from
different countries means different states.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.utils import translation
from django_countries import countries
from django_countries.data import ALT_CODES, COUNTRIES

ALIASES: dict[str, tuple[str, ...]] = {
    "GB": (
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "United Kingdom of Great Britain and Northern Ireland",
        "England",
        "Scotland",
        "Wales",
        "Cymru",
        "Northern Ireland",
        "N. Ireland",
    ),
    "US": ("USA", "U.S.A.", "US", "U.S.", "United States", "America", "United States of America"),
    "NL": ("Holland", "The Netherlands", "Nederland"),
    "IE": ("Republic of Ireland", "Eire", "Éire"),
    "KR": ("Korea", "Republic of Korea"),
    "CZ": ("Czech Republic",),
    "TR": ("Turkey",),
    "CI": ("Ivory Coast",),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of the Congo"),
    "AE": ("UAE", "Emirates"),
    "DE": ("Deutschland",),
    "ES": ("España",),
    "PL": ("Polska",),
    "BR": ("Brasil",),
    "IT": ("Italia",),
    "AT": ("Österreich",),
    "CH": ("Schweiz", "Suisse", "Svizzera"),
    "SE": ("Sverige",),
    "NO": ("Norge",),
    "DK": ("Danmark",),
    "FI": ("Suomi",),
    "MX": ("México",),
    "GR": ("Hellas", "Ελλάδα"),
    "RU": ("Russian Federation", "Россия"),
    "UA": ("Україна",),
    "JP": ("日本",),
    "CN": ("中国", "PRC", "People's Republic of China"),
    "SA": ("KSA",),
    "NZ": ("Aotearoa",),
}


def normalise_country_text(text: str) -> str:
    """``text`` without accents, case, punctuation or extra spaces, and no leading "the"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[.'’]", "", plain)
    plain = " ".join(re.sub(r"[\W_]+", " ", plain).split())
    return plain.removeprefix("the ")


@cache
def _index() -> dict[str, str]:
    """Every spelling we read, normalised, to its code (built once, in English)."""
    index: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        index.setdefault(normalise_country_text(str(name)), code)

    with translation.override("en"):
        for code, aliases in ALIASES.items():
            for alias in aliases:
                add(alias, code)
        for code, name in COUNTRIES.items():
            add(str(name), code)
            add(code, code)
        for code, common in countries.COMMON_NAMES.items():
            add(str(common), code)
        for code, names in countries.OLD_NAMES.items():
            for old in names:
                add(str(old), code)
        for code, (alpha3, _numeric) in ALT_CODES.items():
            if alpha3:
                add(alpha3, code)
    index.pop("", None)
    return index


def country_code(text: str | None) -> str | None:
    """The ISO code ``text`` names; "" for a blank; None when it names no country we know."""
    if text is None or not text.strip():
        return ""
    return _index().get(normalise_country_text(text))


def country_name(code: str) -> str:
    """The country's common English-language name in the active language ("" for none)."""
    return str(countries.name(code)) if code else ""


def country_from_text(text: str | None) -> tuple[str, str]:
    """Free text as (code, text kept): a known country gives its code and keeps nothing;
    text naming no known country gives no code and keeps the text (trimmed to 80), so an
    administrator can see it and choose the country. Used by the data migration to codes."""
    code = country_code(text)
    if code is None:
        return "", " ".join((text or "").split())[:80]
    return code, ""
