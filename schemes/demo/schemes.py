"""Demo schemes of every kind, their application forms, applications in every status,
events with RSVPs and attendance, registered interest and news."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import CAREER_STAGE_ORDER, Area, User
from schemes.models import (
    Application,
    ApplicationForm,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Intake,
    NewsItem,
    OverThresholdAction,
    Phase,
    Question,
    Role,
    Scheme,
    SchemeEvent,
    SchemeKind,
    Subscription,
)
from schemes.question_base import QuestionType

from .people import BODY_NAME, SEED

SCHEME_SLUGS = (
    "career-mentoring",
    "international-peer-co-mentoring",
    "modern-mentoring-circles",
    "reverse-mentoring-for-leaders",
    "new-graduate-buddies",
    "leadership-pilot",
    "practice-educators-network",
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


def scheme_specs(today: date) -> list[dict]:
    pilot = pilot_dates(today)
    pilot_end = pilot["launch_date"] + timedelta(days=92)
    if today < pilot["launch_date"]:
        pilot_phase = Phase.RECRUITING
    elif today <= pilot_end:
        pilot_phase = Phase.RUNNING
    else:
        pilot_phase = Phase.REVIEW
    return [
        {
            "slug": "career-mentoring",
            "name": "Career Mentoring Scheme",
            "summary": "One-to-one mentoring from an experienced colleague, all year round.",
            "kind": SchemeKind.SENIOR_JUNIOR,
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
            "slug": "leadership-pilot",
            "name": "Leadership Mentoring Pilot",
            "summary": "A three-month pilot for aspiring leaders, evaluated for impact.",
            "kind": SchemeKind.SENIOR_JUNIOR,
            "intake": Intake.COHORT,
            "phase": pilot_phase,
            "mentee_choice": True,
            "preparation_required": True,
            "coordinator": "coordinator2",
            **pilot,
        },
        {
            "slug": "practice-educators-network",
            "name": "Practice Educators' Mentoring Network",
            "summary": "Coming soon: mentoring for practice educators. Register your interest.",
            "kind": SchemeKind.SENIOR_JUNIOR,
            "intake": Intake.ROLLING,
            "phase": Phase.FOUNDATIONS,
            "need": "Practice educators report isolation and little support for their role.",
            "stakeholders": "Universities, practice placement leads, the education committee.",
            "resources_funding": "A two-year grant from the College's education fund.",
            "time_cost": "0.2 FTE coordinator; six hours a year from each mentor.",
            "coordinator": "coordinator",
        },
    ]


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


def _answers(rng: random.Random, questions: list[Question], complete: bool) -> dict:
    answers = {}
    for q in questions if complete else questions[:2]:
        if q.type == QuestionType.SHORT_TEXT:
            value = rng.choice(["", "A. Manager", "Not applicable"])
        elif q.type == QuestionType.LONG_TEXT:
            value = rng.choice(
                [
                    "I have just moved into a new role and want support to find my feet.",
                    "I want to give back and develop my own coaching skills.",
                    "I am thinking about a move into leadership and would value a sounding board.",
                ]
            )
        elif q.type == QuestionType.SINGLE_CHOICE:
            value = rng.choice(q.choice_list)
        elif q.type == QuestionType.MULTIPLE_CHOICE:
            value = rng.sample(q.choice_list, rng.randint(1, 3))
        elif q.type == QuestionType.NUMBER:
            value = rng.randint(1, 4)
        else:
            value = rng.random() < 0.4
        answers[str(q.pk)] = value
    return answers


STATUS_CYCLE = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.MATCHED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.DRAFT,
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.MATCHED,
]


def _role_for(scheme: Scheme, user: User, rng: random.Random) -> str:
    if scheme.is_one_pool:
        return Role.PEER
    years = user.profile.years_experience or 0
    senior = CAREER_STAGE_ORDER.get(user.profile.career_stage, 0) >= 2 and years >= 2
    if scheme.kind == SchemeKind.REVERSE:
        return Role.MENTEE if senior else Role.MENTOR
    return Role.MENTOR if senior and rng.random() < 0.45 else Role.MENTEE


def ensure_applications(
    scheme: Scheme,
    applicants: list[User],
    now: datetime,
    fixed: dict[User, tuple] | None = None,
    *,
    match_later: bool = False,
) -> list[Application]:
    """Create each applicant's application unless they already have one to the scheme.

    With ``match_later``, applications planned as matched are created accepted instead and
    returned: ``schemes.demo.matching`` then matches them through the real matching flow.
    """
    rng = random.Random(f"{SEED}-{scheme.slug}")
    done = set(Application.objects.filter(scheme=scheme).values_list("applicant_id", flat=True))
    questions = {
        role: list(Question.objects.filter(form__scheme=scheme, form__role=role))
        for role in scheme.roles
    }
    window = scheme.target_window_days
    new = []
    to_match = []
    plan = [
        (u, _role_for(scheme, u, rng), STATUS_CYCLE[i % len(STATUS_CYCLE)])
        for i, u in enumerate(applicants)
    ]
    plan += [(u, role, status) for u, (role, status) in (fixed or {}).items()]
    for user, role, status in plan:
        if user.pk in done:
            continue
        done.add(user.pk)
        submitted = None
        if status != ApplicationStatus.DRAFT:
            submitted = now - timedelta(
                days=rng.randint(1, int(window * 1.6)), hours=rng.randint(0, 23)
            )
        app = Application(
            scheme=scheme,
            applicant=user,
            role=role,
            status=status,
            goals_areas=rng.sample([a.value for a in Area], 2),
            hopes=rng.choice(
                [
                    "Confidence to apply for a band 7 post.",
                    "A wider view of the profession outside my trust.",
                    "Support as I step up to lead a team.",
                    "To share what I have learned and keep learning myself.",
                ]
            ),
            capacity=rng.randint(1, 3) if role == Role.MENTOR else 1,
            answers=_answers(rng, questions[role], status != ApplicationStatus.DRAFT),
            submitted_at=submitted,
        )
        if status in (
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.MATCHED,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.DECLINED,
        ):
            app.decided_at = submitted + timedelta(days=rng.randint(1, 10))
        if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.MATCHED):
            app.accepted_at = app.decided_at
        if status == ApplicationStatus.MATCHED and match_later:
            app.status = ApplicationStatus.ACCEPTED
            to_match.append(app)
        elif status == ApplicationStatus.MATCHED:
            app.matched_at = app.decided_at + timedelta(days=rng.randint(5, 40))
            app.matched_at = min(app.matched_at, now)
        if status == ApplicationStatus.WITHDRAWN:
            app.decided_at = submitted + timedelta(days=3)
        new.append(app)
    Application.objects.bulk_create(new)
    return to_match


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def ensure_events(scheme: Scheme, today: date) -> None:
    start = scheme.launch_date or today - timedelta(days=60)
    specs = [
        (EventKind.LAUNCH, f"{scheme.name}: launch event", start, 18, ""),
        (EventKind.BRIEFING, "Mentee briefing", start + timedelta(days=7), 12, Role.MENTEE),
        (
            EventKind.MENTOR_PREPARATION,
            "Mentor preparation workshop",
            start + timedelta(days=5),
            10,
            Role.MENTOR,
        ),
        (EventKind.LEARNING_SET, "Mentors' learning set", today + timedelta(days=21), 13, ""),
    ]
    if scheme.is_one_pool:
        specs[1] = (
            EventKind.BRIEFING,
            "Participant briefing",
            start + timedelta(days=7),
            12,
            Role.PEER,
        )
    applicants = list(
        Application.objects.filter(scheme=scheme)
        .exclude(status=ApplicationStatus.DRAFT)
        .order_by("pk")  # the same invitees on every run, whatever statuses changed since
        .values_list("applicant_id", "role")
    )
    rng = random.Random(f"{SEED}-events-{scheme.slug}")
    for kind, title, day, hour, prepares in specs:
        event, _ = SchemeEvent.objects.get_or_create(
            scheme=scheme,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": _at(day, hour),
                "ends_at": _at(day, hour + 2),
                "location": "Online (link sent to everyone who says yes)",
                "satisfies_preparation_for": prepares,
            },
        )
        past = event.ends_at < timezone.now()
        invited = [
            uid
            for uid, role in applicants
            if not prepares or role == prepares or kind == EventKind.LAUNCH
        ]
        if kind == EventKind.LEARNING_SET:
            invited = [uid for uid, role in applicants if role in (Role.MENTOR, Role.PEER)]
        rows = []
        for uid in invited[:25]:
            rsvp = rng.choices(list(EventAttendance.Rsvp), weights=[7, 2, 1])[0]
            rows.append(
                EventAttendance(
                    event=event,
                    user_id=uid,
                    rsvp=rsvp,
                    attended=past and rsvp == EventAttendance.Rsvp.YES and rng.random() < 0.85,
                )
            )
        EventAttendance.objects.bulk_create(rows, ignore_conflicts=True)


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
