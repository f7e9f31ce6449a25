"""Demo applications in every status, with answers to the scheme's questions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from accounts.models import CAREER_STAGE_ORDER, Area, User
from schemes.models import (
    Application,
    ApplicationStatus,
    Question,
    QuestionType,
    Role,
    Scheme,
    SchemeKind,
)

from .people import SEED

HOPES = [
    "Confidence to apply for a band 7 post.",
    "A wider view of the profession outside my trust.",
    "Support as I step up to lead a team.",
    "To share what I have learned and keep learning myself.",
]
DECIDED = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.MATCHED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.DECLINED,
)


def _answers(rng: random.Random, questions: list[Question], complete: bool) -> dict:
    answers = {}
    for q in questions if complete else questions[:2]:
        if q.type == QuestionType.SHORT_TEXT:
            value: str | list[str] | int | bool = rng.choice(["", "A. Manager", "Not applicable"])
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
    returned: ``demo.matching`` then matches them through the real matching flow.
    """
    rng = random.Random(f"{SEED}-{scheme.slug}")
    done = set(Application.objects.filter(scheme=scheme).values_list("applicant_id", flat=True))
    questions = {
        role: list(Question.objects.filter(form__scheme=scheme, form__role=role))
        for role in scheme.roles
    }
    plan = [
        (u, _role_for(scheme, u, rng), STATUS_CYCLE[i % len(STATUS_CYCLE)])
        for i, u in enumerate(applicants)
    ]
    plan += [(u, role, status) for u, (role, status) in (fixed or {}).items()]
    new, to_match = [], []
    for user, role, status in plan:
        if user.pk in done:
            continue
        done.add(user.pk)
        app = _application(
            scheme,
            user,
            role=role,
            status=status,
            questions=questions[role],
            rng=rng,
            now=now,
            match_later=match_later,
        )
        new.append(app)
        if status == ApplicationStatus.MATCHED and match_later:
            to_match.append(app)
    Application.objects.bulk_create(new)
    return to_match


def _application(
    scheme: Scheme,
    user: User,
    *,
    role: str,
    status: str,
    questions: list[Question],
    rng: random.Random,
    now: datetime,
    match_later: bool,
) -> Application:
    """One applicant's application in ``status``, with the dates that status implies (one
    to be matched later is accepted for now)."""
    submitted = None
    if status != ApplicationStatus.DRAFT:
        submitted = now - timedelta(
            days=rng.randint(1, int(scheme.target_window_days * 1.6)), hours=rng.randint(0, 23)
        )
    app = Application(
        scheme=scheme,
        applicant=user,
        role=role,
        status=status,
        goals_areas=rng.sample([a.value for a in Area], 2),
        hopes=rng.choice(HOPES),
        capacity=rng.randint(1, 3) if role == Role.MENTOR else 1,
        answers=_answers(rng, questions, status != ApplicationStatus.DRAFT),
        submitted_at=submitted,
    )
    if status in DECIDED:
        assert submitted is not None  # every status but a draft was submitted
        app.decided_at = min(submitted + timedelta(days=rng.randint(1, 10)), now)
    if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.MATCHED):
        app.accepted_at = app.decided_at
    if status == ApplicationStatus.MATCHED and match_later:
        app.status = ApplicationStatus.ACCEPTED
    elif status == ApplicationStatus.MATCHED:
        assert app.decided_at is not None  # set above: a match is a decision
        app.matched_at = min(app.decided_at + timedelta(days=rng.randint(5, 40)), now)
    if status == ApplicationStatus.WITHDRAWN:
        assert submitted is not None  # every status but a draft was submitted
        app.decided_at = min(submitted + timedelta(days=3), now)
    return app
