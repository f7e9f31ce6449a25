"""The matching part of a member's data export: the approved matches they were in and their
own answers, nobody else's."""

import pytest

from matching.member_data import member_data
from matching.models import ProposalMember, ProposalStatus, Response
from schemes.models import Role
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


def test_matching_part_holds_the_members_own_answers(scheme, mentor, mentee, outsider):
    run = finished_run(scheme)
    mine = accepted(scheme, user=mentee)
    theirs = accepted(scheme, role=Role.MENTOR, user=mentor)
    approved = proposal(run, theirs, mine, status=ProposalStatus.APPROVED)
    proposal(run, theirs, mine, status=ProposalStatus.PROPOSED)  # not shown to members yet
    ProposalMember.objects.filter(proposal=approved, application=theirs).update(
        response=Response.DECLINED, response_reason="Mentor's reason"
    )
    proposal(  # someone else's match
        run,
        accepted(scheme, role=Role.MENTOR),
        accepted(scheme, user=outsider),
        status=ProposalStatus.APPROVED,
    )

    data = member_data(user=mentee)

    assert data["matching_runs_started"] == data["proposals_approved_or_overridden"] == []
    assert {"match_proposals": data["match_proposals"]} == {
        "match_proposals": [
            {
                "scheme": scheme.name,
                "kind": "pair",
                "status": "approved",
                "approved_at": None,
                "decided_at": None,
                "my_role": "mentee",
                "my_response": "pending",
                "my_reason": "",
                "responded_at": None,
            }
        ]
    }
