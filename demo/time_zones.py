"""Demo members' time zones: each country's zones, and six named members of the
international peer scheme in six zones (Sydney, Nairobi, São Paulo, Toronto, Kraków,
London), so times across zones and daylight saving can be tried on the demo."""

from __future__ import annotations

# Each country's zones, handed out in turn; the ninth member of each has not chosen one
# yet (a blank zone: the site's is used and the browser's is offered).
ZONES_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "United Kingdom": ("Europe/London",),
    "Ireland": ("Europe/Dublin",),
    "Australia": (
        "Australia/Sydney",
        "Australia/Melbourne",
        "Australia/Brisbane",
        "Australia/Perth",
    ),
    "Canada": ("America/Toronto", "America/Vancouver", "America/Halifax"),
    "New Zealand": ("Pacific/Auckland",),
    "India": ("Asia/Kolkata",),
    "Netherlands": ("Europe/Amsterdam",),
    "South Africa": ("Africa/Johannesburg",),
    "Kenya": ("Africa/Nairobi",),
    "Brazil": ("America/Sao_Paulo",),
    "Poland": ("Europe/Warsaw",),
    "Greece": ("Europe/Athens",),
    "Japan": ("Asia/Tokyo",),
    "Ukraine": ("Europe/Kyiv",),
}
UNCHOSEN_EVERY = 9


def zone_for(country: str, number: int) -> str:
    """The demo zone of member ``number`` from ``country`` (no randomness: the generated
    people stay the same)."""
    zones = ZONES_BY_COUNTRY.get(country, ())
    if not zones or number % UNCHOSEN_EVERY == 0:
        return ""
    return zones[number % len(zones)]


# (cast key, first name, last name, country, organisations, extra languages, zone)
INTERNATIONAL = [
    (
        "sydney",
        "Olivia",
        "Nguyen",
        "Australia",
        ["Eastern Bays Health"],
        ["Vietnamese"],
        "Australia/Sydney",
    ),
    (
        "nairobi",
        "Amara",
        "Wanjiru",
        "Kenya",
        ["Kenyatta Rehabilitation Centre"],
        ["Swahili"],
        "Africa/Nairobi",
    ),
    (
        "sao_paulo",
        "Luíza",
        "Carvalho",
        "Brazil",
        ["Clínica Paulista de Terapia"],
        ["Portuguese"],
        "America/Sao_Paulo",
    ),
    (
        "toronto",
        "Chloé",
        "Tremblay",
        "Canada",
        ["Lakeshore Rehabilitation Centre"],
        ["French"],
        "America/Toronto",
    ),
    (
        "krakow",
        "Łukasz",
        "Wiśniewski",
        "Poland",
        ["Szpital Uniwersytecki w Krakowie"],
        ["Polish"],
        "Europe/Warsaw",
    ),
    (
        "london",
        "Amelia",
        "Hughes",
        "United Kingdom",
        ["Riverside University Hospitals"],
        [],
        "Europe/London",
    ),
]
