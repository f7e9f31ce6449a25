"""Reads of the matching flow, scoped to who is asking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from accounts.models import User
from schemes.models import Application, ApplicationStatus, Scheme

from .models import (
    MentorRequest,
    Proposal,
    ProposalKind,
    ProposalMember,
    ProposalStatus,
    RequestStatus,
    Response,
)
from .rules import asked_to_answer, chooses_shortlist, is_proposals_mentee, shown_to_member


def proposals_for_user(*, user: User) -> QuerySet[Proposal]:
    """Approved (and since answered) matches that ``user`` is part of, nobody else's
    (``rules.shown_to_member``: not a shortlist option its mentee declined, to its mentor).

    Proposals still awaiting the administrator's approval are not shown to members.
    """
    shown = ProposalMember.objects.filter(shown_to_member(), application__applicant=user)
    return (
        Proposal.objects.filter(pk__in=shown.values("proposal_id"))
        .select_related("scheme", "relationship")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=ProposalMember.objects.select_related(
                    "application__applicant__profile"
                ).order_by("pk"),
            )
        )
        # A shortlist's options share their approval: listed by rank, as the mentee chooses.
        .order_by("-approved_at", "rank", "-pk")
    )


def proposal_for_user(*, user: User, pk: int) -> Proposal:
    """One of the user's matches, or 404 (never 403)."""
    return get_object_or_404(proposals_for_user(user=user), pk=pk)


def shortlist_for(*, proposal: Proposal, user: User) -> list[Proposal]:
    """The options ``user`` may choose between, best first (``proposal`` is one of them):
    every option for the mentee who chooses, none for anyone else (an option's mentor sees
    their own option only, never the competing mentors or their reasons)."""
    if not chooses_shortlist(user=user, proposal=proposal):
        return []
    mentee_ids = [m.application_id for m in proposal.members.all() if m.role == "mentee"]
    return list(
        Proposal.objects.filter(
            run_id=proposal.run_id,
            kind=proposal.kind,
            status=ProposalStatus.APPROVED,
            members__application_id__in=mentee_ids,
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=ProposalMember.objects.select_related(
                    "application__applicant__profile"
                ).order_by("pk"),
            )
        )
        .order_by("rank", "pk")
    )


def replacement_candidates(
    *, scheme: Scheme, role: str | None = None, query: str = ""
) -> QuerySet[Application]:
    """Accepted applications of ``scheme`` (in ``role`` if given) that a proposal's member
    may be replaced with, applicant loaded; ``query`` matches the start of a first name,
    last name or email. The caller has already checked that the user coordinates ``scheme``.
    """
    applications = Application.objects.filter(
        scheme=scheme, status=ApplicationStatus.ACCEPTED
    ).select_related("applicant")
    if role:
        applications = applications.filter(role=role)
    for word in query.split()[:3]:
        applications = applications.filter(
            Q(applicant__first_name__istartswith=word)
            | Q(applicant__last_name__istartswith=word)
            | Q(applicant__email__istartswith=word)
        )
    return applications.order_by("applicant__first_name", "applicant__last_name", "pk")


def option_to_choose(*, user: User, pk: int) -> Proposal:
    """A match of ``user``'s that they are the mentee of (the service refuses it unless it
    is a shortlist option still open), or 404: for the option's mentor too, since choosing
    is the mentee's alone."""
    proposal = proposal_for_user(user=user, pk=pk)
    if not is_proposals_mentee(user=user, proposal=proposal):
        raise Http404("No such option.")
    return proposal


class WaitState:
    # Lazy: compared as they are, shown in the reader's language (the waiting list, the
    # coordinators' digest).
    OK = _("within window")
    AT_RISK = _("at risk")
    BREACH = _("in breach")


@dataclass(frozen=True)
class Waiting:
    application: Application
    days: int
    window: int
    state: StrOrPromise

    @property
    def days_left(self) -> int:
        return self.window - self.days


def _state(days: int, window: int, scheme: Scheme) -> StrOrPromise:
    if days > window:
        return WaitState.BREACH
    if days > float(scheme.at_risk_fraction) * window:
        return WaitState.AT_RISK
    return WaitState.OK


def waiting_applicants(
    *, schemes: QuerySet[Scheme], now: datetime | None = None, only_late: bool = False
) -> list[Waiting]:
    """Every accepted applicant not yet matched, with days waiting against their window
    (``Scheme.pairing_window_days``: the target window, or the time to a cohort's launch).

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
        window = app.scheme.pairing_window_days(timezone.localdate(app.submitted_at))
        state = _state(days, window, app.scheme)
        if only_late and state == WaitState.OK:
            continue
        rows.append(Waiting(app, days, window, state))
    return rows


def with_open_proposals(rows: Iterable[Waiting]) -> list[tuple[Waiting, StrOrPromise | None]]:
    """Each waiting row with where its open proposal stands, if it has one: awaiting staff
    approval, or approved and waiting for the applicant's answer or their partner's. The
    waiting list shows it so nobody is chased twice (one query)."""
    rows = list(rows)
    states: dict[int, StrOrPromise] = {}
    members = ProposalMember.objects.filter(
        application_id__in=[row.application.pk for row in rows],
        proposal__status__in=(ProposalStatus.PROPOSED, ProposalStatus.APPROVED),
    ).values_list("application_id", "proposal__status", "response")
    for application_id, status, response in members.order_by("proposal_id"):
        if status == ProposalStatus.PROPOSED:
            state = _("a proposal awaits staff approval")
        elif response == Response.PENDING:
            state = _("a match waits for their answer")
        else:
            state = _("they accepted; the partner has not answered")
        states.setdefault(application_id, state)
    return [(row, states.get(row.application.pk)) for row in rows]


@dataclass(frozen=True)
class TimeToMatch:
    scheme: Scheme
    matched: int
    median_days: float | None
    mean_days: float | None
    within_window: int


def time_to_match(*, schemes: QuerySet[Scheme]) -> list[TimeToMatch]:
    """Days from application to match, per scheme (matched applications only), and how
    many within their window (``Scheme.pairing_window_days``)."""
    ordered = list(schemes.order_by("name"))
    by_pk = {scheme.pk: scheme for scheme in ordered}
    waits: dict[int, list[tuple[int, int]]] = {}  # (days to match, days of the window)
    for scheme_id, submitted, matched in Application.objects.filter(
        scheme__in=schemes, matched_at__isnull=False, submitted_at__isnull=False
    ).values_list("scheme_id", "submitted_at", "matched_at"):
        # both are non-null by the filter
        window = by_pk[scheme_id].pairing_window_days(timezone.localdate(submitted))
        waits.setdefault(scheme_id, []).append(((matched - submitted).days, window))  # type: ignore[operator]
    figures = []
    for scheme in ordered:
        pairs = waits.get(scheme.pk, [])
        values = [days for days, _ in pairs]
        figures.append(
            TimeToMatch(
                scheme=scheme,
                matched=len(values),
                median_days=float(median(values)) if values else None,
                mean_days=round(sum(values) / len(values), 1) if values else None,
                within_window=sum(1 for days, window in pairs if days <= window),
            )
        )
    return figures


@dataclass(frozen=True)
class Places:
    """An application's places in matches: the ``capacity`` offered (a mentor may take
    several mentees), those ``held`` by approved matches awaiting the members' answers, and
    those ``confirmed`` (the relationship started). A mentee or peer holds one place at most.

    ``offered``: approved shortlist options waiting for the mentee's choice (mentee-choice
    schemes). Each holds its mentor's place until the mentee chooses, so it counts against
    ``left``; a mentee with options ``waiting`` is not in a run's pool either.
    """

    capacity: int
    held: int = 0
    confirmed: int = 0
    offered: int = 0

    @property
    def waiting(self) -> bool:
        """A place held or offered and not yet confirmed: an answer (or choice) is awaited."""
        return bool(self.held or self.offered)

    @property
    def taken(self) -> int:
        return self.held + self.confirmed

    @property
    def left(self) -> int:
        """Places still free (never below zero, even if more are taken than offered):
        neither taken nor held by an option waiting for a mentee's choice."""
        return max(self.capacity - self.taken - self.offered, 0)

    @property
    def all_confirmed(self) -> bool:
        """Every place offered is in a started relationship: the application is matched."""
        return self.confirmed >= self.capacity


# A shortlist option approved and waiting for its mentee's choice.
_OFFERED = Q(proposal__kind=ProposalKind.OPTION, proposal__status=ProposalStatus.APPROVED)


def places_by_application(*, applications: Iterable[Application]) -> dict[int, Places]:
    """The places of each application, by its id, in one query (none for no applications).

    A place is taken while ``ProposalMember.holds_place`` is set: from the approval of a
    match until a member declines it; it is confirmed once the match is confirmed. An
    approved shortlist option holds none yet but is ``offered`` until the mentee chooses.
    """
    capacities = {a.pk: a.capacity for a in applications}
    if not capacities:
        return {}
    counts = {
        row["application_id"]: row
        for row in ProposalMember.objects.filter(application_id__in=capacities)
        .filter(Q(holds_place=True) | _OFFERED)
        .values("application_id")
        .annotate(
            taken=Count("pk", filter=Q(holds_place=True)),
            confirmed=Count(
                "pk", filter=Q(holds_place=True, proposal__status=ProposalStatus.CONFIRMED)
            ),
            offered=Count("pk", filter=_OFFERED & Q(holds_place=False)),
        )
        .order_by()
    }
    places = {}
    for pk, capacity in capacities.items():
        row = counts.get(pk, {"taken": 0, "confirmed": 0, "offered": 0})
        places[pk] = Places(
            capacity=capacity,
            held=row["taken"] - row["confirmed"],
            confirmed=row["confirmed"],
            offered=row["offered"],
        )
    return places


def places_of(*, application: Application) -> Places:
    """One application's places (one query); ``places_by_application`` for many."""
    return places_by_application(applications=[application])[application.pk]


def answers_awaited(*, user: User) -> list[ProposalMember]:
    """``user``'s places in approved matches still waiting for their answer (or choice),
    with the proposal and its scheme, in one query (``rules.asked_to_answer``)."""
    return list(
        ProposalMember.objects.filter(asked_to_answer(), application__applicant=user)
        .select_related("proposal__scheme")
        .order_by("proposal__approved_at", "pk")
    )


def mentor_requests_waiting(*, scheme_id: int) -> int:
    """How many member-led requests of the scheme wait for their mentor's answer (one
    query): a run's review says so, as a match it makes closes some once confirmed."""
    return MentorRequest.objects.filter(
        scheme_id=scheme_id, status__in=RequestStatus.open_states
    ).count()
