"""Reads of the matching flow, scoped to who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schemes.models import Application, ApplicationStatus, Scheme

from .models import Proposal, ProposalMember, ProposalStatus

MEMBER_VISIBLE = (
    ProposalStatus.APPROVED,
    ProposalStatus.CONFIRMED,
    ProposalStatus.DECLINED,
)


def proposals_for_user(*, user) -> QuerySet[Proposal]:
    """Approved (and since answered) matches that ``user`` is part of, nobody else's.

    Proposals still awaiting the administrator's approval are not shown to members.
    """
    return (
        Proposal.objects.filter(members__application__applicant=user, status__in=MEMBER_VISIBLE)
        .select_related("scheme", "relationship")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=ProposalMember.objects.select_related("application__applicant").order_by(
                    "pk"
                ),
            )
        )
        .distinct()
        .order_by("-approved_at", "-pk")
    )


def proposal_for_user(*, user, pk: int) -> Proposal:
    """One of the user's matches, or 404 (never 403)."""
    return get_object_or_404(proposals_for_user(user=user), pk=pk)


def shortlist_for(*, proposal: Proposal) -> list[Proposal]:
    """The options a mentee may choose between, best first (``proposal`` is one of them)."""
    mentee_ids = [m.application_id for m in proposal.members.all() if m.role == "mentee"]
    return list(
        Proposal.objects.filter(
            run_id=proposal.run_id,
            kind=proposal.kind,
            status=ProposalStatus.APPROVED,
            members__application_id__in=mentee_ids,
        )
        .prefetch_related("members__application__applicant")
        .order_by("rank", "pk")
    )


class WaitState:
    OK = "within window"
    AT_RISK = "at risk"
    BREACH = "in breach"


@dataclass(frozen=True)
class Waiting:
    application: Application
    days: int
    window: int
    state: str

    @property
    def days_left(self) -> int:
        return self.window - self.days


def _state(days: int, scheme: Scheme) -> str:
    if days > scheme.target_window_days:
        return WaitState.BREACH
    if days > float(scheme.at_risk_fraction) * scheme.target_window_days:
        return WaitState.AT_RISK
    return WaitState.OK


def waiting_applicants(
    *, schemes: QuerySet[Scheme], now: datetime | None = None, only_late: bool = False
) -> list[Waiting]:
    """Every accepted applicant not yet matched, with days waiting against the window.

    ``only_late``: just those at risk (past the scheme's fraction of the window) or in breach.
    Longest-waiting first.
    """
    now = now or timezone.now()
    applications = (
        Application.objects.filter(
            scheme__in=schemes,
            status=ApplicationStatus.ACCEPTED,
            matched_at__isnull=True,
            submitted_at__isnull=False,
        )
        .select_related("scheme", "applicant")
        .order_by("submitted_at", "pk")
    )
    rows = []
    for app in applications:
        days = app.days_waiting(now=now) or 0
        state = _state(days, app.scheme)
        if only_late and state == WaitState.OK:
            continue
        rows.append(Waiting(app, days, app.scheme.target_window_days, state))
    return rows


@dataclass(frozen=True)
class TimeToMatch:
    scheme: Scheme
    matched: int
    median_days: float | None
    mean_days: float | None
    within_window: int


def time_to_match(*, schemes: QuerySet[Scheme]) -> list[TimeToMatch]:
    """Days from application to match, per scheme (matched applications only)."""
    days: dict[int, list[int]] = {}
    for scheme_id, submitted, matched in Application.objects.filter(
        scheme__in=schemes, matched_at__isnull=False, submitted_at__isnull=False
    ).values_list("scheme_id", "submitted_at", "matched_at"):
        # both are non-null by the filter
        days.setdefault(scheme_id, []).append((matched - submitted).days)  # type: ignore[operator]
    figures = []
    for scheme in schemes.order_by("name"):
        values = days.get(scheme.pk, [])
        figures.append(
            TimeToMatch(
                scheme=scheme,
                matched=len(values),
                median_days=float(median(values)) if values else None,
                mean_days=round(sum(values) / len(values), 1) if values else None,
                within_window=sum(1 for v in values if v <= scheme.target_window_days),
            )
        )
    return figures
