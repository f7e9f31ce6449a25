"""Factories for the matching tests: accepted applicants with profiles, runs, proposals."""

from __future__ import annotations

from django.utils import timezone

from matching.models import (
    MatchingRun,
    Proposal,
    ProposalKind,
    ProposalMember,
    ProposalStatus,
    RunStatus,
)
from schemes.models import ApplicationStatus, Role
from tests.factories import ApplicationFactory, ProfileFactory


def accepted(scheme, *, role=Role.MENTEE, user=None, capacity=1, goals=("leadership",), **profile):
    """An accepted application (with a complete profile) of ``user`` or a new member."""
    if user is None:
        defaults = {"years_experience": 12 if role == Role.MENTOR else 3}
        user = ProfileFactory(**{**defaults, **profile}).user
    elif profile:
        for key, value in profile.items():
            setattr(user.profile, key, value)
        user.profile.save()
    return ApplicationFactory(
        scheme=scheme,
        applicant=user,
        role=role,
        status=ApplicationStatus.ACCEPTED,
        capacity=capacity,
        goals_areas=list(goals),
        accepted_at=timezone.now(),
    )


def finished_run(scheme, *, by=None) -> MatchingRun:
    return MatchingRun.objects.create(
        scheme=scheme, started_by=by, status=RunStatus.FINISHED, progress=100, objective=0.0
    )


def proposal(run, *applications, score=70.0, kind=ProposalKind.PAIR, rank=1, status=None):
    """A proposal of ``run`` with ``applications`` as members (roles from the applications)."""
    made = Proposal.objects.create(
        run=run,
        scheme=run.scheme,
        kind=kind,
        score=score,
        rank=rank,
        status=status or ProposalStatus.PROPOSED,
        reasons=[
            {
                # As a run stores it (worded when shown); a reason that tells no part of a
                # profile, so members read it whatever their partner shows before a match.
                "criterion": "mode",
                "points": 20.0,
                "code": "mode.same",
                "params": {"modes": ["online"]},
                "text": "both prefer to meet online",
                "plain": "you both prefer to meet online",
            }
        ],
    )
    for app in applications:
        ProposalMember.objects.create(proposal=made, application=app, role=app.role)
    return made
