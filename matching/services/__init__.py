"""Writes of the matching flow: runs, approval, overrides, answers, shortlist choices.

Concurrency: every write that takes or releases a place locks the scheme's row first
(``select_for_update``), so two approvals, choices or confirmations on one scheme run one
after the other; the partial unique constraint on ``ProposalMember`` (one live place per
mentee or peer) makes the database refuse a double booking even if a lock were missed.
"""

from .answers import NONE_SUIT_NOTE_MAX, proposal_respond, shortlist_choose, shortlist_decline_all
from .requests import (
    mentor_request_answer,
    mentor_request_approve,
    mentor_request_cancel,
    mentor_request_create,
    mentor_request_withdraw,
)
from .review import override_preview, proposal_override, proposal_reject, run_approve
from .runs import propose_for_rolling_schemes, run_execute, run_start

__all__ = [
    "mentor_request_answer",
    "mentor_request_approve",
    "mentor_request_cancel",
    "mentor_request_create",
    "mentor_request_withdraw",
    "NONE_SUIT_NOTE_MAX",
    "override_preview",
    "propose_for_rolling_schemes",
    "proposal_override",
    "proposal_reject",
    "proposal_respond",
    "run_approve",
    "run_execute",
    "run_start",
    "shortlist_choose",
    "shortlist_decline_all",
]
