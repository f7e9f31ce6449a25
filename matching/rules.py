"""Who may see what of the matching flow, and the coordinator's model permissions for it.
Which schemes' runs a coordinator starts, reviews and approves is ``schemes.rules`` (the
admin composes the two).

A shortlist (mentee-choice schemes) is the mentee's to choose from: only the mentee who
chooses sees every option, with the other mentors' names and the reasons drawn from their
profiles. An option's mentor is a member of their own option only and learns nothing about
the competing ones (``chooses_shortlist``; ``matching.selectors.shortlist_for`` and
``option_to_choose`` call it, and the portal's pages and emails show an option's mentor
nothing but their own option), and only while the mentee is choosing: once the mentee
chose another or said none suit them, the option is gone for its mentor
(``shown_to_member``).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.models import User
from sessions_log.models import MemberRole

from .models import Proposal, ProposalKind, ProposalStatus, Response

COORDINATOR_PERMISSIONS = (
    "matching.view_matchingsettings",
    "matching.change_matchingsettings",
    "matching.view_matchingrun",
    "matching.add_matchingrun",
    "matching.change_matchingrun",
    "matching.view_proposal",
    "matching.view_mentorrequest",
    "matching.change_mentorrequest",
)


def shown_to_member() -> Q:
    """A filter on ``ProposalMember``: the member's places in the proposals shown to them
    (``selectors.proposals_for_user``, ``profiles.profile_context_for``, their data export).

    Approved proposals and their outcomes, except a shortlist option its mentee declined
    ("none of these suit me"): that one is its mentee's alone. Its mentor learns nothing of
    it, exactly as of an option the mentee did not choose (superseded, shown to nobody):
    no row in their matches, a 404 on its page, no reasons, no profile."""
    declined_option = Q(
        proposal__kind=ProposalKind.OPTION, proposal__status=ProposalStatus.DECLINED
    )
    return Q(proposal__status__in=ProposalStatus.member_visible_states) & (
        ~declined_option | Q(role=MemberRole.MENTEE)
    )


def asked_to_answer() -> Q:
    """A filter on ``ProposalMember``: asked to accept or decline an approved match (or,
    for a shortlist, its mentee asked to choose, once: on the first option) and not answered
    yet. The dashboard's "a match is waiting" and the reminder sweep both use it."""
    asked = ~Q(proposal__kind=ProposalKind.OPTION) | Q(proposal__rank=1, role=MemberRole.MENTEE)
    return asked & Q(response=Response.PENDING, proposal__status=ProposalStatus.APPROVED)


def is_proposals_mentee(*, user: User | AnonymousUser, proposal: Proposal) -> bool:
    """Whether ``user`` is the mentee of ``proposal``: the one who chooses when it is a
    shortlist option. Reads ``proposal.members.all()`` with their applications (prefetch
    them to spare the queries)."""
    return any(
        m.role == MemberRole.MENTEE and m.application.applicant_id == user.pk
        for m in proposal.members.all()
    )


def chooses_shortlist(*, user: User | AnonymousUser, proposal: Proposal) -> bool:
    """Whether ``user`` chooses between the options ``proposal`` is one of: the only member
    who may see the other options (their mentors' names, the reasons drawn from their
    profiles, their ranks)."""
    return proposal.kind == ProposalKind.OPTION and is_proposals_mentee(
        user=user, proposal=proposal
    )


def choosing_now(*, user: User | AnonymousUser, proposal: Proposal) -> bool:
    """Whether ``user`` is still asked to choose between the options ``proposal`` is one
    of: its mentee while the shortlist is open (approved). Once they chose, or said none
    suit them, nothing is left to choose (``chooses_shortlist`` still says whose it is)."""
    return proposal.status == ProposalStatus.APPROVED and chooses_shortlist(
        user=user, proposal=proposal
    )
