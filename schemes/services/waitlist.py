"""The waiting list: when mentor places free up, waitlisted mentees are offered them in the
order they applied, at once or (a scheme setting) once a coordinator accepts them."""

from __future__ import annotations

from accounts.models import User

from ..models import Scheme
from ..notes import OFFER_NOTE
from ..selectors import waitlist_offers
from .decisions import application_decide


def waitlist_offer_places(*, scheme: Scheme, by: User | None = None) -> int:
    """Accept the waitlisted mentees who can now have a place (``waitlist_offers``), oldest
    first, unless the scheme's offers need a coordinator's approval (then the digest lists
    them and nothing changes here). Returns how many were offered a place.
    Side effects: as ``application_decide`` (an email to each applicant, once)."""
    if scheme.waitlist_offers_need_approval:
        return 0
    offered = 0
    for application in waitlist_offers(scheme=scheme):
        application_decide(application=application, status="accepted", by=by, note=OFFER_NOTE)
        offered += 1
    return offered
