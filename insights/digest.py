"""The coordinators' digest: what needs attention in the schemes they coordinate.

Built for all schemes at once in a handful of set-based queries (applicants past the at-risk
point of the pairing window, pairs with no session for the scheme's ``momentum_weeks``,
pairs nearing their planned end, supply-and-demand warnings, proposals waiting, accepted
applicants blocked by preparation, waitlisted mentees who can be offered a place, reported
messages not yet marked handled: their number and a link, never the message), then sent
to each coordinator whose chosen frequency is due, once per period (day, ISO week, month).
Coordinators see dates, counts and statuses, never the content of a pair's sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.emails.links import absolute_url
from accounts.emails.outbox import Due, notify_batch, opted_out
from accounts.models import CoordinatorSettings, DigestFrequency, NotificationKind, User
from matching.models import Proposal, ProposalKind, ProposalMember, ProposalStatus, Response
from matching.selectors import Waiting, waiting_applicants
from schemes.models import Application, Phase, Scheme
from schemes.selectors import (
    SupplyDemand,
    preparation_blocked,
    waitlist_places_free,
    with_waitlist_places,
)
from sessions_log.models import MessageReport, Relationship, RelationshipStatus

DEFAULT_MOMENTUM_WEEKS = 6
# How far back a digest of each frequency reports declined matches.
PERIOD_LENGTH: dict[str, timedelta] = {
    DigestFrequency.DAILY: timedelta(days=1),
    DigestFrequency.WEEKLY: timedelta(days=7),
    DigestFrequency.MONTHLY: timedelta(days=31),
    DigestFrequency.OFF: timedelta(days=7),
}
ENDING_WITHIN_DAYS = 30


@dataclass
class SchemeDigest:
    scheme: Scheme
    at_risk: list[Waiting] = field(default_factory=list)
    stalled: list[Relationship] = field(default_factory=list)
    ending: list[Relationship] = field(default_factory=list)
    supply_demand: SupplyDemand | None = None  # set only when it is a warning
    awaiting_approval: int = 0
    awaiting_answers: int = 0
    # accepted but kept out of matching until they complete the scheme's preparation
    preparation_blocked: list[Application] = field(default_factory=list)
    # waitlisted mentees who can have a place, waiting for a coordinator to accept them
    waitlist_offers: int = 0
    # members who declined a proposed match in the period, with the reason they gave
    # (the answer form promises it to the coordinators; never shown to the other member)
    declined: list[ProposalMember] = field(default_factory=list)
    # reports of messages no coordinator has marked handled yet (a count: never the text)
    open_reports: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.open_reports
            or self.declined
            or self.preparation_blocked
            or self.waitlist_offers
            or self.at_risk
            or self.stalled
            or self.ending
            or self.supply_demand
            or self.awaiting_approval
            or self.awaiting_answers
        )


def period_of(frequency: str, now: datetime) -> str:
    """The period a digest covers, in its key: 2026-02-02, 2026-W06 or 2026-02."""
    today = timezone.localdate(now)
    if frequency == DigestFrequency.DAILY:
        return today.isoformat()
    if frequency == DigestFrequency.MONTHLY:
        return f"{today:%Y-%m}"
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def momentum_weeks(scheme: Scheme) -> int:
    return getattr(scheme, "momentum_weeks", None) or DEFAULT_MOMENTUM_WEEKS


def _active_relationships(schemes: list[Scheme]) -> QuerySet[Relationship]:
    return (
        Relationship.objects.filter(scheme__in=schemes, status=RelationshipStatus.ACTIVE)
        .with_last_activity()
        .prefetch_related("members__user")
        .order_by("started_on", "pk")
    )


def _add_applicants(digests: dict[int, SchemeDigest], schemes: QuerySet[Scheme]) -> None:
    """Supply-and-demand warnings, waitlisted mentees who can be offered a place (where a
    coordinator approves offers), applicants blocked by preparation and the number of open
    message reports. Three queries."""
    for s in with_waitlist_places(schemes):
        sd = SupplyDemand.of(s)
        if s.over_threshold_since or sd.exceeds(s.demand_threshold):
            digests[s.pk].supply_demand = sd
        if s.waitlist_offers_need_approval:
            digests[s.pk].waitlist_offers = waitlist_places_free(s)
    for application in preparation_blocked(schemes):
        digests[application.scheme_id].preparation_blocked.append(application)
    open_reports = (
        MessageReport.objects.filter(
            message__relationship__scheme__in=schemes, handled_at__isnull=True
        )
        .values("message__relationship__scheme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in open_reports:
        digests[row["message__relationship__scheme_id"]].open_reports = row["n"]


def digests_build(
    *, schemes: list[Scheme], now: datetime, since: datetime | None = None
) -> dict[int, SchemeDigest]:
    """What needs attention in each of ``schemes`` (a constant number of queries); matches
    declined since ``since`` (default: the last week)."""
    today = timezone.localdate(now)
    digests = {s.pk: SchemeDigest(scheme=s) for s in schemes}
    if not schemes:
        return digests
    ids = [s.pk for s in schemes]
    for waiting in waiting_applicants(
        schemes=Scheme.objects.filter(pk__in=ids), now=now, only_late=True
    ):
        digests[waiting.application.scheme_id].at_risk.append(waiting)
    stalled = Q()
    for s in schemes:
        cutoff = today - timedelta(weeks=momentum_weeks(s))
        stalled |= Q(scheme_id=s.pk, last_activity__lte=cutoff)
    for rel in _active_relationships(schemes).filter(stalled):
        digests[rel.scheme_id].stalled.append(rel)
    ending = _active_relationships(schemes).filter(
        planned_end_on__gte=today, planned_end_on__lte=today + timedelta(days=ENDING_WITHIN_DAYS)
    )
    for rel in ending:
        digests[rel.scheme_id].ending.append(rel)
    _add_applicants(digests, Scheme.objects.filter(pk__in=ids))
    shortlists_told: set[tuple[int, int | None]] = set()
    for member in (
        ProposalMember.objects.filter(
            proposal__scheme_id__in=ids,
            response=Response.DECLINED,
            responded_at__gt=since or now - timedelta(days=7),
            responded_at__lte=now,
        )
        .select_related("application__applicant", "proposal")
        .order_by("responded_at", "pk")
    ):
        if member.proposal.kind == ProposalKind.OPTION:
            # "none of these suit me" declines a shortlist's options at once: one entry
            shortlist = (member.application_id, member.proposal.run_id)
            if shortlist in shortlists_told:
                continue
            shortlists_told.add(shortlist)
        digests[member.proposal.scheme_id].declined.append(member)
    pending = ProposalMember.objects.filter(proposal=OuterRef("pk"), response=Response.PENDING)
    counts = (
        Proposal.objects.filter(scheme_id__in=ids)
        .values("scheme_id")
        .annotate(
            approval=Count("pk", filter=Q(status=ProposalStatus.PROPOSED)),
            answers=Count("pk", filter=Q(status=ProposalStatus.APPROVED) & Q(Exists(pending))),
        )
        .order_by()
    )
    for row in counts:
        digests[row["scheme_id"]].awaiting_approval = row["approval"]
        digests[row["scheme_id"]].awaiting_answers = row["answers"]
    return digests


def coordinators_due(*, frequency: str) -> QuerySet[User]:
    """Active coordinators of open schemes whose digest frequency is ``frequency`` (weekly
    for those who never chose), who have not turned the digest off."""
    chosen = CoordinatorSettings.objects.filter(user=OuterRef("pk"))
    with_frequency = Exists(chosen.filter(digest_frequency=frequency))
    query: Exists | Q = with_frequency
    if frequency == DigestFrequency.WEEKLY:
        query = with_frequency | ~Exists(chosen)
    return (
        User.objects.filter(query, is_active=True, is_staff=True)
        .filter(coordinated_schemes__isnull=False)
        .exclude(opted_out(NotificationKind.COORDINATOR_DIGEST, "pk"))
        .distinct()
        .order_by("pk")
    )


def _links(digest: SchemeDigest) -> dict[str, str]:
    pk = digest.scheme.pk
    return {
        "applications": absolute_url(
            reverse("admin:schemes_application_changelist") + f"?scheme__id__exact={pk}"
        ),
        "relationships": absolute_url(
            reverse("admin:sessions_log_relationship_changelist") + f"?scheme__id__exact={pk}"
        ),
        "proposals": absolute_url(
            reverse("admin:matching_proposal_changelist") + f"?scheme__id__exact={pk}"
        ),
        "scheme": absolute_url(reverse("admin:schemes_scheme_change", args=[pk])),
        "open_reports": absolute_url(
            reverse("admin:sessions_log_messagereport_changelist")
            + f"?message__relationship__scheme__id__exact={pk}&status=open"
        ),
    }


def digest_due(
    *, coordinator: User, digests: list[SchemeDigest], frequency: str, now: datetime, key: str
) -> Due | None:
    """The digest email of ``coordinator`` over their schemes' ``digests`` (those with
    something to report, by name), or None when none has. The one shape of the digest: the
    scheduled send and the coordinator's preview and "send me now" all build it here."""
    mine = sorted((d for d in digests if not d.is_empty), key=lambda d: d.scheme.name)
    if not mine:
        return None
    sections: list[dict[str, Any]] = [{"digest": d, "links": _links(d)} for d in mine]
    one = mine[0].scheme if len(mine) == 1 else None
    return Due(
        kind=NotificationKind.COORDINATOR_DIGEST,
        key=key,
        template="reminders_coordinator_digest",
        context={
            "sections": sections,
            "scheme": one,
            "frequency": DigestFrequency(frequency).label.lower(),
            "today": timezone.localdate(now),
            "url": sections[0]["links"]["scheme"] if one else absolute_url(reverse("admin:index")),
        },
        user=coordinator,
        scheme=one,
    )


@transaction.atomic
def coordinator_digests_send(*, frequency: str = DigestFrequency.WEEKLY, now=None) -> int:
    """Email each coordinator who chose ``frequency`` a digest of their schemes, once per
    period (day, ISO week, month): the first run in a period sends it, later runs find the
    key and send nothing, so a daily schedule never loses a digest to one failed run.

    Schemes with nothing to report are left out; a coordinator with nothing at all gets no
    email. Side effects: COORDINATOR_DIGEST emails (batch outbox).
    """
    now = now or timezone.now()
    coordinators = list(coordinators_due(frequency=frequency))
    if not coordinators:
        return 0
    schemes = list(
        Scheme.objects.filter(coordinators__in=coordinators)
        .exclude(phase=Phase.CLOSED)
        .distinct()
        .order_by("name", "pk")
    )
    digests = digests_build(schemes=schemes, now=now, since=now - PERIOD_LENGTH[frequency])
    coordinated: dict[int, list[int]] = {}
    for user_id, scheme_id in Scheme.coordinators.through.objects.filter(
        user__in=coordinators, scheme__in=schemes
    ).values_list("user_id", "scheme_id"):
        coordinated.setdefault(user_id, []).append(scheme_id)
    key = f"digest:{frequency}:{period_of(frequency, now)}"
    dues = []
    for coordinator in coordinators:
        mine = [digests[pk] for pk in coordinated.get(coordinator.pk, []) if pk in digests]
        due = digest_due(
            coordinator=coordinator, digests=mine, frequency=frequency, now=now, key=key
        )
        if due is not None:
            dues.append(due)
    return notify_batch(dues=dues, lookback=now - timedelta(days=32))
