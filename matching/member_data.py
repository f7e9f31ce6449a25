"""The matching part of a member's data export: the matches proposed to them (once approved,
as they see them) and their own answers."""

from __future__ import annotations

from typing import Any

from accounts.models import User

from .models import ProposalMember, ProposalStatus


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own matching records, as Python values (one query)."""
    places = (
        ProposalMember.objects.filter(
            application__applicant=user, proposal__status__in=ProposalStatus.member_visible_states
        )
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
        ]
    }
