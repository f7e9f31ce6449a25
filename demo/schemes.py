"""Demo schemes of every kind, their application forms, registered interest and news.
Applications are in ``demo.applications``, events in ``demo.events``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from accounts.models import User
from schemes.models import (
    ApplicationForm,
    Intake,
    NewsItem,
    OverThresholdAction,
    Phase,
    Question,
    QuestionType,
    Role,
    Scheme,
    SchemeKind,
    ScoringRule,
    Subscription,
)

from .people import BODY_NAME

PILOT_SLUG = "leadership-pilot"
INTERNATIONAL_SLUG = "international-peer-co-mentoring"
SCHEME_SLUGS = (
    "career-mentoring",
    INTERNATIONAL_SLUG,
    "modern-mentoring-circles",
    "reverse-mentoring-for-leaders",
    "new-graduate-buddies",
    PILOT_SLUG,
    "practice-educators-network",
    "flash-mentoring-conversations",
)


def pilot_dates(today: date) -> dict:
    """Mentors recruited in December, mentees in January and February, launch in March."""
    year = today.year if today.month == 12 else today.year - 1
    return {
        "mentor_recruitment_opens": date(year, 12, 1),
        "mentor_recruitment_closes": date(year, 12, 31),
        "mentee_recruitment_opens": date(year + 1, 1, 1),
        "mentee_recruitment_closes": date(year + 1, 2, 28),
        "launch_date": date(year + 1, 3, 1),
        "programme_length_months": 3,
    }


def _pilot_phase(today: date, launch: date) -> str:
    if today < launch:
        return Phase.RECRUITING
    if today <= launch + timedelta(days=92):
        return Phase.RUNNING
    return Phase.REVIEW


# Each scheme's fields, with the cast member who coordinates it. The pilot's dates and
# phase follow the day the demo is seeded (``scheme_specs``).
SCHEMES: list[dict[str, Any]] = [
    {
        "slug": "career-mentoring",
        "name": "Career Mentoring Scheme",
        "summary": "One-to-one mentoring from an experienced colleague, all year round.",
        "kind": SchemeKind.SENIOR_JUNIOR,
        "senior_min_years": 2,
        "intake": Intake.ROLLING,
        "phase": Phase.RUNNING,
        "target_window_days": 90,
        "demand_threshold": "2.00",
        "over_threshold_action": OverThresholdAction.WAITLIST,
        "preparation_required": True,
        "coordinator": "coordinator",
    },
    {
        "slug": "international-peer-co-mentoring",
        "name": "International Peer Co-mentoring",
        "summary": "Pairs from different countries and career stages learn from each other.",
        "kind": SchemeKind.RECIPROCAL,
        "intake": Intake.ROLLING,
        "phase": Phase.RUNNING,
        "coordinator": "coordinator2",
    },
    {
        "slug": "modern-mentoring-circles",
        "name": "Modern Mentoring Circles",
        "summary": "Small groups where everyone has something to teach and to learn.",
        "kind": SchemeKind.GROUP,
        "intake": Intake.ROLLING,
        "phase": Phase.RECRUITING,
        "circle_size_min": 4,
        "circle_size_max": 6,
        "circles_have_facilitator": True,
        "coordinator": "coordinator",
    },
    {
        "slug": "reverse-mentoring-for-leaders",
        "name": "Reverse Mentoring for Leaders",
        "summary": "Early-career colleagues mentor senior leaders on today's practice.",
        "kind": SchemeKind.REVERSE,
        "senior_min_years": 2,
        "intake": Intake.ROLLING,
        "phase": Phase.RECRUITING,
        "coordinator": "coordinator2",
    },
    {
        "slug": "new-graduate-buddies",
        "name": "New Graduate Buddy Scheme",
        "summary": "A friendly peer for your first three months in practice.",
        "kind": SchemeKind.BUDDY,
        "intake": Intake.ROLLING,
        "phase": Phase.RUNNING,
        "target_window_days": 30,
        "coordinator": "coordinator",
    },
    {
        "slug": PILOT_SLUG,
        "name": "Leadership Mentoring Pilot",
        "summary": "A three-month pilot for aspiring leaders, evaluated for impact.",
        "kind": SchemeKind.SENIOR_JUNIOR,
        "senior_min_years": 2,
        "intake": Intake.COHORT,
        "mentee_choice": True,
        "preparation_required": True,
        "coordinator": "coordinator2",
    },
    {
        "slug": "practice-educators-network",
        "name": "Practice Educators' Mentoring Network",
        "summary": "Coming soon: mentoring for practice educators. Register your interest.",
        "kind": SchemeKind.SENIOR_JUNIOR,
        "senior_min_years": 2,
        "intake": Intake.ROLLING,
        "phase": Phase.FOUNDATIONS,
        "need": "Practice educators report isolation and little support for their role.",
        "stakeholders": "Universities, practice placement leads, the education committee.",
        "resources_funding": "A two-year grant from the College's education fund.",
        "time_cost": "0.2 FTE coordinator; six hours a year from each mentor.",
        "coordinator": "coordinator",
    },
    {
        "slug": "flash-mentoring-conversations",
        "name": "Flash Mentoring Conversations",
        "summary": "Book one 20 to 60-minute conversation with an experienced colleague.",
        "kind": SchemeKind.FLASH,
        "intake": Intake.ROLLING,
        "phase": Phase.RUNNING,
        "coordinator": "coordinator",
    },
]


def scheme_specs(today: date) -> list[dict]:
    pilot = pilot_dates(today)
    pilot["phase"] = _pilot_phase(today, pilot["launch_date"])
    return [{**spec, **pilot} if spec["slug"] == PILOT_SLUG else dict(spec) for spec in SCHEMES]


QUESTIONS = [
    ("What prompted you to apply now?", QuestionType.LONG_TEXT, True, ""),
    (
        "Your line manager's name (so we never pair you with them)",
        QuestionType.SHORT_TEXT,
        False,
        "",
    ),
    (
        "How often would you like to meet?",
        QuestionType.SINGLE_CHOICE,
        True,
        "Monthly\nEvery six weeks\nEvery two months",
    ),
    (
        "Which topics would you like to cover?",
        QuestionType.MULTIPLE_CHOICE,
        False,
        "Career progression\nClinical reasoning\nLeading a team\nResearch\nWork-life balance",
    ),
    ("How many hours a month can you give?", QuestionType.NUMBER, True, ""),
    ("Have you been mentored before?", QuestionType.YES_NO, True, ""),
]


def ensure_forms(scheme: Scheme) -> None:
    for role in scheme.roles:
        form, created = ApplicationForm.objects.get_or_create(
            scheme=scheme,
            role=role,
            defaults={"intro": f"Tell us about yourself as a {scheme.role_label(role).lower()}."},
        )
        if created or not form.questions.exists():
            Question.objects.bulk_create(
                Question(
                    form=form, order=i, label=label, type=qtype, required=required, choices=choices
                )
                for i, (label, qtype, required, choices) in enumerate(QUESTIONS, start=1)
            )
    if scheme.slug == SCORED_TOPICS_SLUG:
        score_topics(scheme)


# The demo scheme whose topics question feeds the score (mentee's compared with mentor's).
SCORED_TOPICS_SLUG = "career-mentoring"
TOPICS = QUESTIONS[3][0]


def score_topics(scheme: Scheme) -> None:
    """The mentee's topics question scores the overlap with the mentor's (weight 2),
    validated like the administrator's form; topics are no secret, so members read them in
    their reasons."""
    mentor_q = Question.objects.get(form__scheme=scheme, form__role=Role.MENTOR, label=TOPICS)
    mentee_q = Question.objects.get(form__scheme=scheme, form__role=Role.MENTEE, label=TOPICS)
    mentee_q.score_rule = ScoringRule.OVERLAP
    mentee_q.score_weight = Decimal(2)
    mentee_q.compares_with = mentor_q
    mentee_q.shared_in_reasons = True
    mentee_q.full_clean()
    mentee_q.save()


def ensure_interest(scheme: Scheme, people: list[User], now: datetime) -> None:
    Subscription.objects.bulk_create(
        [
            Subscription(
                scheme=scheme,
                email=u.email,
                name=u.display_name,
                user=u,
                interested_as=Role.MENTOR if i % 3 == 0 else Role.MENTEE,
            )
            for i, u in enumerate(people)
        ],
        ignore_conflicts=True,
    )
    NewsItem.objects.get_or_create(
        scheme=scheme,
        title=f"{scheme.name}: news from the {BODY_NAME}",
        defaults={
            "body": "Thank you for your interest. We will open applications once funding is "
            "confirmed; in the meantime here is what we have learned from members so far.",
            "published_at": now - timedelta(days=10),
        },
    )
