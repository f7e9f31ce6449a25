"""A scheme's supply-and-demand rule: what happens when more mentees wait than its
mentors have places."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.emails.outbox import notify
from accounts.models import NotificationKind

from .. import selectors
from ..models import OverThresholdAction, Scheme
from .waitlist import waitlist_offer_places


@transaction.atomic
def scheme_apply_supply_demand_rule(*, scheme: Scheme) -> bool:
    """Trip or reset the scheme's supply-and-demand rule; return whether it is tripped.

    When demand per mentor place first passes the threshold: record when and email its
    coordinators once. While it is over and the rule is "close", the scheme is closed to
    new applicants (so switching the action to "close" takes effect at the next check: a
    save in the admin, a submission, the half-hourly task). When it falls back below, the
    record is cleared (re-opening stays a human decision). Either way, places not spoken
    for are offered to the waiting list (``waitlist_offer_places``).
    """
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    sd = selectors.supply_demand(scheme=scheme)
    tripped = sd.exceeds(scheme.demand_threshold)
    closing = (
        tripped
        and scheme.over_threshold_action == OverThresholdAction.CLOSE
        and scheme.accepting_applications
    )
    if closing:
        scheme.accepting_applications = False
        scheme.save(update_fields=["accepting_applications", "updated_at"])
    if tripped and scheme.over_threshold_since is None:
        scheme.over_threshold_since = timezone.now()
        scheme.save(update_fields=["over_threshold_since", "updated_at"])
        period = scheme.over_threshold_since.strftime("%Y%m%d%H%M%S%f")
        for coordinator in scheme.coordinators.all():
            notify(
                kind=NotificationKind.SUPPLY_DEMAND,
                key=f"scheme:{scheme.pk}:{period}",
                template="supply_demand_alert",
                context={"scheme": scheme, "supply_demand": sd},
                user=coordinator,
                scheme=scheme,
            )
    elif not tripped and scheme.over_threshold_since is not None:
        scheme.over_threshold_since = None
        scheme.save(update_fields=["over_threshold_since", "updated_at"])
    waitlist_offer_places(scheme=scheme)
    return tripped
