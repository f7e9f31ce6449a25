"""The matching part of a member's data export: the matches proposed to them (once approved,
as they see them) and their own answers; for staff, the matching runs they started and the
proposals they approved or overrode (scheme and dates, never the members' names)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q

from accounts.models import User

from .models import MatchingRun, MentorRequest, Proposal, ProposalMember
from .rules import shown_to_member

#: See ``accounts.member_data.EXPORTED``.
EXPORTED: tuple[type[Model], ...] = (ProposalMember, Proposal, MatchingRun, MentorRequest)
NOT_EXPORTED: dict[type[Model], str] = {}


def _staff(user: User) -> dict[str, Any]:
    runs = MatchingRun.objects.filter(started_by=user).select_related("scheme")
    decided = Proposal.objects.filter(Q(approved_by=user) | Q(overridden_by=user))
    return {
        "matching_runs_started": [
            {"scheme": r.scheme.name, "status": r.status, "created_at": r.created_at}
            for r in runs.order_by("created_at", "pk")
        ],
        "proposals_approved_or_overridden": [
            {
                "scheme": p.scheme.name,
                "approved_by_me": p.approved_by_id == user.pk,
                "overridden_by_me": p.overridden_by_id == user.pk,
                "approved_at": p.approved_at,
            }
            for p in decided.select_related("scheme").order_by("created_at", "pk")
        ],
    }


def _requests(user: User) -> list[dict[str, Any]]:
    """Member-led requests the member made (with their message) or received (the message
    was written to them, so it is theirs to see too; the mentor's decline reason is
    included only for the mentor who wrote it)."""
    requests = (
        MentorRequest.objects.filter(
            Q(mentee_application__applicant=user) | Q(mentor_application__applicant=user)
        )
        .select_related("scheme", "mentee_application", "mentor_application")
        .order_by("created_at", "pk")
    )
    return [
        {
            "scheme": r.scheme.name,
            "my_side": "asked" if r.mentee_application.applicant_id == user.pk else "was asked",
            "message": r.message,
            "status": r.status,
            "my_decline_reason": (
                r.decline_reason if r.mentor_application.applicant_id == user.pk else ""
            ),
            "created_at": r.created_at,
            "expires_at": r.expires_at,
            "decided_at": r.decided_at,
        }
        for r in requests
    ]


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own matching records, as Python values (four queries)."""
    places = (
        ProposalMember.objects.filter(shown_to_member(), application__applicant=user)
        .select_related("proposal__scheme")
        .order_by("proposal__approved_at", "pk")
    )
    return {
        "match_proposals": [
            {
                "scheme": m.proposal.scheme.name,
                "kind": m.proposal.kind,
                "status": m.proposal.status,
                "approved_at": m.proposal.approved_at,
                "decided_at": m.proposal.decided_at,
                "my_role": m.role,
                "my_response": m.response,
                "my_reason": m.response_reason,
                "responded_at": m.responded_at,
            }
            for m in places
        ],
        "mentor_requests": _requests(user),
        **_staff(user),
    }
