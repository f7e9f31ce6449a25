"""Demo people: the staff cast, named demo members and 120 generated members with complete,
varied profiles (Faker with a fixed seed, so every run produces the same people)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from faker import Faker

from accounts.availability import LEGACY_BUCKETS, codes_of, windows_of
from accounts.countries import country_code
from accounts.models import Area, CareerStage, PreferredMode, Profile, User
from accounts.profile_cards import ProfilePart
from accounts.roles import coordinator_group
from accounts.services import organisation_for_name, profile_visibility_set

from .time_zones import INTERNATIONAL as INTERNATIONAL_CAST
from .time_zones import zone_for

DOMAIN = "demo.example"
PASSWORD = "demo-mentoring-2025"
SEED = 20250301
MEMBER_COUNT = 120

BODY_NAME = "Royal College of Rehabilitation and Occupational Practice"

# (country, Faker locale, organisations, extra languages)
COUNTRIES = [
    (
        "United Kingdom",
        "en_GB",
        [
            "Northbridge Community Health Trust",
            "Riverside University Hospitals",
            "Hollowmere Council Adult Social Care",
            "St Aidan's Hospice",
            "Kelbridge Mental Health Partnership",
            "University of Ashcombe",
            "Independent practice",
        ],
        ["Welsh", "Polish", "Urdu"],
    ),
    ("Ireland", "en_IE", ["Liffey Primary Care Network", "Shannonside Hospital Group"], ["Irish"]),
    ("Australia", "en_AU", ["Eastern Bays Health", "Coral Coast Disability Services"], []),
    ("Canada", "en_CA", ["Lakeshore Rehabilitation Centre", "Prairie Home Care"], ["French"]),
    ("New Zealand", "en_NZ", ["Harbourside District Health", "Kauri Community Therapy"], ["Māori"]),
    ("India", "en_IN", ["Deccan Institute of Rehabilitation", "Western Ghats Hospital"], ["Hindi"]),
    (
        "Netherlands",
        "nl_NL",
        ["Amstelzorg Revalidatie", "Utrecht Ergotherapie Praktijk"],
        ["Dutch"],
    ),
    ("South Africa", "en_US", ["Cape Peninsula Therapy Group"], ["Afrikaans", "isiXhosa"]),
]
COUNTRY_WEIGHTS = [55, 8, 8, 7, 5, 7, 5, 5]

# How members really type a country or an organisation: a typed spelling is drawn from its
# own random stream (``_as_typed``), so the generated people are otherwise the same on every
# run. The seed stores the country's code and the organisation on the list, through the
# functions the profile form and the member import use.
COUNTRY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "United Kingdom": ("UK", "England", "Great Britain", "U.K.", "Wales", "Scotland"),
    "Ireland": ("Republic of Ireland", "Éire"),
    "Netherlands": ("The Netherlands", "Holland"),
    "Brazil": ("Brasil",),
    "Poland": ("Polska",),
    "Greece": ("Ελλάδα",),
    "Japan": ("日本",),
    "Ukraine": ("Україна",),
}
ORGANISATION_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Northbridge Community Health Trust": (
        "The Northbridge Community Health Trust",
        "Northbridge Community Health Trust Ltd",
    ),
    "St Aidan's Hospice": ("St. Aidans Hospice", "ST AIDAN'S HOSPICE"),
    "Prairie Home Care": ("Prairie Home Care Inc.",),
    "Hospital das Clínicas de São Paulo": ("Hospital das Clinicas de Sao Paulo",),
    "Uniwersytet Jagielloński": ("Uniwersytet Jagiellonski",),
}

# The international peer network's members (they apply to its scheme only): names from
# each country's Faker locale, in its own script where that is natural.
INTERNATIONAL = [
    ("Kenya", "en_KE", ["Kenyatta National Hospital", "Aga Khan University Hospital"], ["Swahili"]),
    (
        "Brazil",
        "pt_BR",
        ["Hospital das Clínicas de São Paulo", "Universidade de São Paulo"],
        ["Portuguese"],
    ),
    (
        "Poland",
        "pl_PL",
        ["Szpital Uniwersytecki w Krakowie", "Uniwersytet Jagielloński"],
        ["Polish"],
    ),
    ("Greece", "el_GR", ["Γενικό Νοσοκομείο Αθηνών", "Athens Rehabilitation Centre"], ["Greek"]),
    ("Japan", "ja_JP", ["東京リハビリテーション病院"], ["Japanese"]),
    ("Ukraine", "uk_UA", ["Київський центр реабілітації"], ["Ukrainian"]),
]
INTERNATIONAL_EACH = 3

JOB_TITLES: dict[str, list[str]] = {
    CareerStage.STUDENT: ["Occupational therapy student", "Degree apprentice"],
    CareerStage.EARLY: ["Occupational therapist", "Rotational occupational therapist"],
    CareerStage.MID: ["Senior occupational therapist", "Clinical specialist", "Practice educator"],
    CareerStage.SENIOR: ["Advanced practitioner", "Team lead", "Senior lecturer"],
    CareerStage.LEADER: ["Head of therapies", "Professional lead", "Consultant therapist"],
}
YEARS: dict[str, tuple[int, int]] = {
    CareerStage.STUDENT: (0, 1),
    CareerStage.EARLY: (0, 3),
    CareerStage.MID: (3, 10),
    CareerStage.SENIOR: (8, 20),
    CareerStage.LEADER: (15, 35),
}
STAGE_WEIGHTS = [8, 30, 30, 20, 12]
INTERESTS = [
    "hand therapy",
    "paediatrics",
    "mental health",
    "dementia care",
    "vocational rehabilitation",
    "neurological rehabilitation",
    "housing adaptations",
    "sensory integration",
    "research methods",
    "digital health",
    "falls prevention",
    "long covid",
    "wheelchair services",
    "student supervision",
    "service improvement",
]


@dataclass
class Person:
    email: str
    first_name: str
    last_name: str
    profile: dict = field(default_factory=dict)
    is_staff: bool = False
    is_superuser: bool = False


def _profile(rng: random.Random, number: int, stage: str | None = None, country=None) -> dict:
    stage = stage or rng.choices(list(CareerStage), weights=STAGE_WEIGHTS)[0]
    country = country or rng.choices(COUNTRIES, weights=COUNTRY_WEIGHTS)[0]
    name, _, organisations, extra_languages = country
    low, high = YEARS[stage]
    languages = ["English"]
    if extra_languages and rng.random() < 0.35:
        languages.append(rng.choice(extra_languages))
    return {
        "membership_number": f"RC{number:06d}",
        "job_title": rng.choice(JOB_TITLES[stage]),
        "organisation": rng.choice(organisations),
        "country": name,
        "timezone": zone_for(name, number),
        "years_experience": rng.randint(low, high),
        "career_stage": stage,
        "expertise": sorted(rng.sample([a.value for a in Area], rng.randint(2, 4))),
        "interests": rng.sample(INTERESTS, rng.randint(2, 4)),
        "availability": _windows(rng.sample(list(LEGACY_BUCKETS), rng.randint(1, 3))),
        "preferred_mode": rng.choices(list(PreferredMode), weights=[6, 1, 3])[0].value,
        "languages": languages,
        "do_not_pair_with": [],
        "bio": _bio(number, stage),
    }


# Short bios in members' own words; many leave theirs blank (drawn apart from ``rng`` so
# the rest of the demo stays the same on every run).
BIO_OPENINGS = (
    "I qualified in {year} and have worked in {place} ever since.",
    "Trained in {place}; I moved into my current post in {year}.",
    "Since {year} I have split my week between clinic and teaching.",
)
BIO_ENDINGS = (
    "I enjoy helping people find their feet in a new role.",
    "Happy to talk about career breaks, part-time work and coming back.",
    "Interested in research, and in making services fairer for everyone.",
    "",
)


def _bio(number: int, stage: str) -> str:
    pick = random.Random(f"{SEED}-bio-{number}")
    if pick.random() < 0.4:
        return ""
    opening = pick.choice(BIO_OPENINGS).format(
        year=2025 - YEARS[stage][0] - pick.randint(0, 4),
        place=pick.choice(("community services", "an acute trust", "a hospice", "schools")),
    )
    return f"{opening} {pick.choice(BIO_ENDINGS)}".strip()


def _as_typed(profile: dict, number: int) -> dict:
    """``profile`` with the country and organisation as this member spelt them."""
    spell = random.Random(f"{SEED}-typed-{number}")
    for name, spellings in (
        ("country", COUNTRY_SPELLINGS),
        ("organisation", ORGANISATION_SPELLINGS),
    ):
        variants = spellings.get(profile[name], ())
        if variants and spell.random() < 0.5:
            profile[name] = spell.choice(variants)
    return profile


def build_international() -> list[Person]:
    """The international network's members, the same on every run."""
    rng = random.Random(f"{SEED}-international")
    people = []
    for country_index, country in enumerate(INTERNATIONAL):
        name, locale, _, _ = country
        faker = Faker(locale)
        faker.seed_instance(SEED + 100 + country_index)
        for i in range(INTERNATIONAL_EACH):
            number = 900 + country_index * 10 + i
            profile = _as_typed(_profile(rng, number, country=country), number)
            email = f"{slugify(name)}-{i + 1}@{DOMAIN}"
            people.append(Person(email, faker.first_name(), faker.last_name(), profile))
    return people


def _windows(buckets: list[str]) -> list[str]:
    """Weekly windows from the coarse buckets the demo drew before windows existed (so the
    random stream, and every generated person, stays the same)."""
    return codes_of(windows_of(code for bucket in buckets for code in LEGACY_BUCKETS[bucket]))


def build_people() -> tuple[dict[str, Person], list[Person]]:
    """The named cast (by role) and the generated members, the same on every run."""
    rng = random.Random(SEED)
    uk = COUNTRIES[0]
    cast = {
        "administrator": Person(
            f"admin@{DOMAIN}", "Helen", "Marsh", is_staff=True, is_superuser=True
        ),
        "coordinator": Person(f"coordinator@{DOMAIN}", "Priya", "Raman", is_staff=True),
        "coordinator2": Person(f"coordinator2@{DOMAIN}", "Tom", "Okafor", is_staff=True),
        "mentor": Person(
            f"mentor@{DOMAIN}", "Margaret", "Ellison", _profile(rng, 1, CareerStage.LEADER, uk)
        ),
        "mentee": Person(
            f"mentee@{DOMAIN}", "Jamie", "Fletcher", _profile(rng, 2, CareerStage.EARLY, uk)
        ),
        "peer": Person(
            f"peer@{DOMAIN}", "Aoife", "Brennan", _profile(rng, 3, CareerStage.MID, COUNTRIES[1])
        ),
    }
    cast["mentee"].profile["years_experience"] = 1
    fakers = {locale: Faker(locale) for _, locale, _, _ in COUNTRIES}
    for number, faker in enumerate(fakers.values()):
        faker.seed_instance(SEED + number)
    members: list[Person] = []
    used = {p.email for p in cast.values()}
    for n in range(MEMBER_COUNT):
        profile = _profile(rng, 100 + n)
        locale = next(c[1] for c in COUNTRIES if c[0] == profile["country"])
        first, last = fakers[locale].first_name(), fakers[locale].last_name()
        local = f"{slugify(first)}.{slugify(last)}".strip(".") or f"member{n}"
        email = f"{local}@{DOMAIN}"
        suffix = 2
        while email in used:
            email = f"{local}{suffix}@{DOMAIN}"
            suffix += 1
        used.add(email)
        members.append(Person(email, first, last, profile))
    # A few conflicts of interest: people who must not be paired with their line manager.
    for junior, manager in ((0, 1), (10, 11), (20, 21), (30, 31)):
        members[junior].profile["do_not_pair_with"] = [members[manager].email]
    cast["mentee"].profile["do_not_pair_with"] = [members[5].email]
    for number, person in enumerate((*cast.values(), *members)):
        if person.profile:
            _as_typed(person.profile, number)
    cast.update(_international_cast())  # after the spellings: the generated ones stay the same
    return cast, members


def _resolved(typed: dict) -> dict:
    """A typed profile as stored: the country's code, the organisation on the list."""
    code = country_code(typed["country"])
    if code is None:
        raise ValueError(f"The demo's country {typed['country']!r} is not recognised.")
    organisation = organisation_for_name(name=typed["organisation"])
    return {**typed, "country": code, "organisation_record": organisation}


def _international_cast() -> dict[str, Person]:
    """Six named peers of the international scheme, one in each of six zones (their own
    random stream, so the generated members above stay the same)."""
    rng = random.Random(SEED + len(INTERNATIONAL_CAST))
    cast = {}
    for number, (key, first, last, country, organisations, languages, zone) in enumerate(
        INTERNATIONAL_CAST, start=90
    ):
        profile = _profile(rng, number, CareerStage.MID, (country, "", organisations, languages))
        profile["timezone"] = zone
        email = f"{slugify(first)}.{slugify(last)}@{DOMAIN}"
        cast[key] = Person(email, first, last, profile)
    return cast


def _shown_parts(email: str) -> list[str]:
    """What a demo member shows proposed partners before a match, as real members choose:
    most show their work and expertise, fewer their bio or country, some nothing at all
    (drawn apart from the other choices so the rest of the demo is unchanged)."""
    pick = random.Random(f"{SEED}-shown-{email}")
    if pick.random() < 0.15:
        return []
    odds = {
        ProfilePart.WORK: 0.9,
        ProfilePart.EXPERTISE: 0.85,
        ProfilePart.BIO: 0.6,
        ProfilePart.PLACE: 0.5,
    }
    return [part.value for part, chance in odds.items() if pick.random() < chance]


def ensure_people(cast: dict[str, Person], members: list[Person]) -> dict[str, User]:
    """Create whoever is missing (users, profiles, verified emails); return users by email."""
    people = [*cast.values(), *members]
    emails = [p.email for p in people]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(PASSWORD)  # hashed once: every demo user shares it
    User.objects.bulk_create(
        [
            User(
                email=p.email,
                first_name=p.first_name,
                last_name=p.last_name,
                is_staff=p.is_staff,
                is_superuser=p.is_superuser,
                password=password,
            )
            for p in people
            if p.email not in existing
        ]
    )
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    for *_, organisations, _ in (*COUNTRIES, *INTERNATIONAL):  # the list, named as each
        for name in organisations:  # organisation names itself
            organisation_for_name(name=name)
    with_profile = set(
        Profile.objects.filter(user__email__in=emails).values_list("user__email", flat=True)
    )
    Profile.objects.bulk_create(
        [
            Profile(user=users[p.email], **_resolved(p.profile))
            for p in people
            if p.profile and p.email not in with_profile
        ]
    )
    for person in people:
        if person.profile and person.email not in with_profile:
            profile_visibility_set(
                user=users[person.email], parts=_shown_parts(person.email), source="demo data"
            )
    verified = set(EmailAddress.objects.filter(email__in=emails).values_list("email", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=users[e], email=e, verified=True, primary=True)
            for e in emails
            if e not in verified
        ]
    )
    group = coordinator_group()
    for key in ("coordinator", "coordinator2"):
        users[cast[key].email].groups.add(group)
    return users
