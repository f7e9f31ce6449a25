"""A finished matching run at the size of a large body, for the review page's benchmark and
its size test: one scheme of ``applicants`` accepted applicants (a fifth of them mentors
with two places each) and a run of ``proposals`` pairs awaiting approval, the rest of the
mentees listed as unmatched.

Written in bulk (a few queries per thousand rows): running the matching engine over 5,000
applicants, or the services row by row, would take minutes. The rows are what a run
writes: profiles (a fifth blank, the rest with names in many scripts, namesakes,
countries spelt as members spell them), accepted applications (a few popular mentors),
tied scores, proposals with the scorer's four kinds
of reasons, one member row per person, and the unmatched list in the run's shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.countries import country_code
from accounts.models import CareerStage, Profile, User
from matching.models import (
    MatchingRun,
    Proposal,
    ProposalKind,
    ProposalMember,
    ProposalStatus,
    RunStatus,
)
from schemes.models import Application, ApplicationStatus, Role, Scheme

# Names in many scripts; with no number added for every seventh person, namesakes too.
FIRST = ("Amara", "Łukasz", "Σοφία", "Иван", "王芳", "محمد", "प्रिया", "김민준", "Siobhán", "Jun")
LAST = ("Okafor", "Wiśniewski", "Παπαδοπούλου", "Смирнов", "李", "الحسن", "शर्मा", "박", "Nguyễn")
ORGANISATIONS = ("North Trust", "north trust ", "City Hospital", "Rural Practice Ltd", "")
# Spelling variants and blanks, as members type them (stored as codes, as the import does).
COUNTRIES = ("United Kingdom", "UK", "GB", "Kenya", "España", "Spain", "India", "")
INTERESTS = ("leadership", "research", "education", "clinical", "management", "policy")


@dataclass(frozen=True)
class ReviewWorld:
    scheme: Scheme
    run: MatchingRun
    mentors: list[Application]
    mentees: list[Application]


def _people(scheme: Scheme, count: int, role: str, password: str) -> list[Application]:
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"{role}{i:05d}@scheme{scheme.pk}.example",
                first_name=FIRST[i % len(FIRST)],
                last_name=LAST[i % len(LAST)] if i % 7 == 0 else f"{LAST[i % len(LAST)]}-{i}",
                password=password,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    senior = role == Role.MENTOR
    Profile.objects.bulk_create(
        [
            # every fifth profile left blank, as many members leave it
            Profile(user=user)
            if i % 5 == 4
            else Profile(
                user=user,
                membership_number=f"{role[:2].upper()}{scheme.pk:03d}{i:05d}",
                job_title="Consultant" if senior else "Staff therapist",
                organisation=ORGANISATIONS[i % len(ORGANISATIONS)],
                country=country_code(COUNTRIES[i % len(COUNTRIES)]),
                years_experience=15 if senior else 3,
                career_stage=CareerStage.SENIOR if senior else CareerStage.EARLY,
                expertise=[INTERESTS[i % 6], INTERESTS[(i + 2) % 6]],
                interests=[INTERESTS[(i + 1) % 6]],
                availability=["weekday_evening"],
            )
            for i, user in enumerate(users)
        ],
        batch_size=1000,
    )
    return Application.objects.bulk_create(
        [
            Application(
                scheme=scheme,
                applicant=user,
                role=role,
                status=ApplicationStatus.ACCEPTED,
                # a few popular mentors take many mentees
                capacity=(8 if i % 50 == 0 else 2) if senior else 1,
                goals_areas=[INTERESTS[i % 6]],
                hopes="To grow as a leader and share what I have learnt.",
                submitted_at=now,
                decided_at=now,
                accepted_at=now,
            )
            for i, user in enumerate(users)
        ],
        batch_size=1000,
    )


def _reasons(i: int, mentor: Application, mentee: Application) -> list[dict]:
    area = INTERESTS[i % 6]
    return [
        {
            "criterion": "expertise",
            "points": 30.0,
            "text": f"mentor's expertise in {area} meets the mentee's goal",
            "plain": f"your mentor has expertise in {area}, which you want to develop",
        },
        {
            "criterion": "interests",
            "points": 15.0,
            "text": f"both interested in {INTERESTS[(i + 1) % 6]}",
            "plain": f"you are both interested in {INTERESTS[(i + 1) % 6]}",
        },
        {
            "criterion": "career_gap",
            "points": 12.5,
            "text": "12 years more experience",
            "plain": "your mentor has 12 more years of experience",
        },
        {
            "criterion": "availability",
            "points": 10.0,
            "text": "both free on weekday evenings",
            "plain": "you are both free on weekday evenings",
        },
    ]


def seed_review(scheme: Scheme, *, applicants: int = 5000, proposals: int = 2000) -> ReviewWorld:
    """A finished run of ``scheme`` with ``proposals`` pairs awaiting approval among
    ``applicants`` accepted applicants (mentors two places each; at most one pair per
    mentee, so ``proposals`` is capped by the mentees and twice the mentors)."""
    password = make_password(None)  # nobody signs in as these members
    mentors = _people(scheme, max(applicants // 5, 1), Role.MENTOR, password)
    mentees = _people(scheme, applicants - len(mentors), Role.MENTEE, password)
    proposals = min(proposals, len(mentees), 2 * len(mentors))
    run = MatchingRun.objects.create(
        scheme=scheme,
        status=RunStatus.FINISHED,
        progress=100,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        objective=67.5 * proposals,
        upper_bound=70.0 * proposals,
        unmatched=[
            {
                "application": app.pk,
                "name": f"{app.applicant.first_name} {app.applicant.last_name}",
                "role": app.role,
                "reason": "no mentor place left in the same areas",
            }
            for app in mentees[proposals:]
        ],
    )
    pairs = [(mentors[i % len(mentors)], mentees[i]) for i in range(proposals)]
    made = Proposal.objects.bulk_create(
        [
            Proposal(
                run=run,
                scheme=scheme,
                kind=ProposalKind.PAIR,
                status=ProposalStatus.PROPOSED,
                score=67.5 - (i % 40) / 4,
                reasons=_reasons(i, mentor, mentee),
            )
            for i, (mentor, mentee) in enumerate(pairs)
        ],
        batch_size=1000,
    )
    ProposalMember.objects.bulk_create(
        [
            ProposalMember(proposal=proposal, application=app, role=app.role)
            for proposal, pair in zip(made, pairs, strict=True)
            for app in pair
        ],
        batch_size=1000,
    )
    return ReviewWorld(scheme=scheme, run=run, mentors=mentors, mentees=mentees)
