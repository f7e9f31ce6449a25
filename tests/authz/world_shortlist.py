"""The world's shortlist: a mentee-choice scheme where the mentee E chooses between two
mentors' options, approved through the matching service (which emails E).

Option A is a mentor outside the cast (the rival) whose name and reasons carry markers;
option B is the other mentor O's. Only E, who chooses, sees both options; O sees their own
option only (``matching.rules.chooses_shortlist``), never the rival's name or reasons.
"""

from __future__ import annotations

from matching import services as matching_services
from matching.models import ProposalKind
from schemes.models import Role
from tests.factories import ProfileFactory, SchemeFactory
from tests.matching.factories import accepted, finished_run, proposal


def _reasons(marker: str) -> list[dict]:
    # a reason telling no part of a profile, so only the shortlist rules decide who reads
    # it (reasons telling hidden parts: ``matching.reason_visibility``)
    text = f"both prefer to meet {marker}"
    return [{"criterion": "mode", "points": 30.0, "text": text, "plain": text}]


def build_shortlist(*, coord, mentee, other_mentor, rival_name, rival_reason, own_reason):
    """The choice scheme, its run and the two approved options (A: the rival's, ranked
    first; B: O's), by name."""
    scheme = SchemeFactory(
        name="Scheme Choice", slug="choice", mentee_choice=True, coordinators=[coord]
    )
    rival = ProfileFactory(
        user__email="rival-mentor@example.org",
        user__first_name="Rival",
        user__last_name=rival_name,
        years_experience=14,
    ).user
    mentee_app = accepted(scheme, user=mentee)
    run = finished_run(scheme, by=coord)
    option_a = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=rival), mentee_app,
        kind=ProposalKind.OPTION, rank=1, score=80,
    )  # fmt: skip
    option_b = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=other_mentor), mentee_app,
        kind=ProposalKind.OPTION, rank=2, score=60,
    )  # fmt: skip
    option_a.reasons = _reasons(rival_reason)
    option_a.save(update_fields=["reasons"])
    option_b.reasons = _reasons(own_reason)
    option_b.save(update_fields=["reasons"])
    matching_services.run_approve(run=run, by=coord)
    return {
        "scheme_choice": scheme,
        "shortlist_run": run,
        "option_rival": option_a,
        "option_own": option_b,
        "rival": rival,
    }
