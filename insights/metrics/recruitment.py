"""Recruitment figures: the pipeline funnel, supply against demand, and time to match."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from schemes.models import (
    ONE_POOL_KINDS,
    Application,
    ApplicationStatus,
    Intake,
    OverThresholdAction,
    Role,
    Subscription,
)
from sessions_log.models import RelationshipMember, RelationshipStatus, SessionStatus

from .base import Scope, Table, as_date, month_label, percent, range_label, yes_no

ROLE_LABELS: dict[str, StrOrPromise] = {
    Role.MENTOR: _("Mentors"),
    Role.MENTEE: _("Mentees"),
    Role.PEER: _("Peers"),
}
FUNNEL_STAGES = (
    _("Registered interest"),
    _("Applied"),
    _("Accepted"),
    _("Matched"),
    _("Active"),
    _("Completed"),
)


def _roles(scope: Scope) -> list[str]:
    kinds = {r.kind for r in scope.rules}
    roles: list[str] = []
    if any(k not in ONE_POOL_KINDS for k in kinds):
        roles += [Role.MENTOR, Role.MENTEE]
    if any(k in ONE_POOL_KINDS for k in kinds):
        roles.append(Role.PEER)
    return roles


def _interest_by_role(scope: Scope, roles: list[str]) -> dict[str, int]:
    """Registrations of interest naming each role."""
    return dict(
        Subscription.objects.filter(
            scheme__in=scope.scheme_ids, interested_as__in=roles, **scope.dated("created_at__date")
        )
        .values_list("interested_as")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _applications_by_role(scope: Scope) -> dict[str, Mapping[str, Any]]:
    """Submitted applications by role: applied, accepted at some point, matched."""
    return {
        row["role"]: row
        for row in Application.objects.filter(
            scheme__in=scope.scheme_ids,
            submitted_at__isnull=False,
            **scope.dated("submitted_at__date"),
        )
        .values("role")
        .annotate(
            applied=Count("pk"),
            accepted=Count(
                "pk",
                filter=Q(accepted_at__isnull=False)
                | Q(status__in=ApplicationStatus.accepted_states),
            ),
            matched=Count(
                "pk", filter=Q(matched_at__isnull=False) | Q(status=ApplicationStatus.MATCHED)
            ),
        )
        .order_by()
    }


def _members_by_role(scope: Scope, roles: list[str]) -> dict[str, Mapping[str, Any]]:
    """Members of relationships by role: active (a session held) and completed."""
    return {
        row["role"]: row
        for row in RelationshipMember.objects.filter(
            relationship__scheme__in=scope.scheme_ids,
            role__in=roles,
            **scope.dated("relationship__started_on"),
        )
        .values("role")
        .annotate(
            # people, not memberships: a mentor with two mentees counts once
            active=Count(
                "user", filter=Q(relationship__sessions__status=SessionStatus.HELD), distinct=True
            ),
            completed=Count(
                "user", filter=Q(relationship__status=RelationshipStatus.COMPLETED), distinct=True
            ),
        )
        .order_by()
    }


def funnel(scope: Scope) -> Table:
    """People at each stage, by role. Interest: registrations of interest naming the role;
    applied: applications submitted; accepted: accepted at some point (including those since
    matched); matched: matched to a partner or circle; active: members of a relationship
    that has held at least one session; completed: members of a completed relationship."""
    roles = _roles(scope)
    interest = _interest_by_role(scope, roles)
    applications = _applications_by_role(scope)
    members = _members_by_role(scope, roles)

    def stage(role: str, index: int) -> int:
        if index == 0:
            return interest.get(role, 0)
        key = ("applied", "accepted", "matched", "active", "completed")[index - 1]
        source = applications if index <= 3 else members
        return source.get(role, {}).get(key, 0)

    rows: list[list[str | int | float | None]] = [
        [str(label), *(stage(role, i) for role in roles)] for i, label in enumerate(FUNNEL_STAGES)
    ]
    return Table(
        slug="funnel",
        title=gettext("Pipeline: from interest to completion"),
        columns=[gettext("Stage"), *(str(ROLE_LABELS[r]) for r in roles)],
        rows=rows,
        note=gettext("Active: in a relationship that has held at least one session."),
        chart="grouped",
    )


def _rule(scope: Scope) -> tuple[Decimal | None, str]:
    """The supply-and-demand rule shared by the schemes, and a sentence describing it."""
    two_pool = [r for r in scope.rules if r.kind not in ONE_POOL_KINDS]
    if not two_pool:
        return None, gettext("Peer schemes have one pool: supply and demand do not apply.")
    if all(r.demand_threshold is None for r in two_pool):
        return None, gettext("No supply-and-demand rule is set.")
    rules = {(r.demand_threshold, r.over_threshold_action) for r in two_pool}
    if len(rules) > 1:
        return None, gettext("The schemes have different supply-and-demand rules: see each scheme.")
    [(threshold, action)] = rules
    what = OverThresholdAction(action).label.lower()
    return threshold, (
        gettext(
            "Rule: above %(threshold)s mentees per mentor place, "
            "%(what)s. The rule limit is that ratio times the places "
            "offered."
        )
        % {"threshold": threshold, "what": what}
    )


def supply_demand(scope: Scope) -> Table:
    """Mentor places offered (the capacity mentors offered) against mentee demand (mentees
    who applied), accumulated month by month by the date applications were submitted.
    Applications withdrawn or declined are left out."""
    threshold, rule_note = _rule(scope)
    per_month = list(
        Application.objects.live()
        .filter(
            scheme__in=scope.scheme_ids,
            submitted_at__isnull=False,
            role__in=[Role.MENTOR, Role.MENTEE],
            **scope.dated("submitted_at__date"),
        )
        .annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(
            places=Sum("capacity", filter=Q(role=Role.MENTOR)),
            demand=Count("pk", filter=Q(role=Role.MENTEE)),
        )
        .order_by("month")
    )
    by_month = {as_date(r["month"]): (r["places"] or 0, r["demand"]) for r in per_month}
    rows = []
    chart = scope.chart_months(by_month)
    # Running totals: anything dated before the chart's first month opens it.
    before = [v for m, v in by_month.items() if chart and m < chart[0]]
    places, demand = sum(p for p, _ in before), sum(d for _, d in before)
    for month in chart:
        new_places, new_demand = by_month.get(month, (0, 0))
        places += new_places
        demand += new_demand
        row = [month_label(month), places, demand]
        if threshold is not None:
            row.append(round(float(threshold) * places, 2))
        rows.append(row)
    columns = [gettext("Month"), gettext("Mentor places offered"), gettext("Mentee demand")]
    if threshold is not None:
        columns.append(gettext("Rule limit"))
    return Table(
        slug="supply-demand",
        title=gettext("Supply and demand over time"),
        columns=columns,
        rows=rows,
        note=gettext("Running totals by month of application. %(rule_note)s")
        % {"rule_note": rule_note},
        chart="line",
    )


def _buckets(window: int) -> list[tuple[int, int | None]]:
    """Day ranges (inclusive) around a window: three inside it, three past it."""
    third, two_thirds = window // 3, (2 * window) // 3
    return [
        (0, third),
        (third + 1, two_thirds),
        (two_thirds + 1, window),
        (window + 1, (3 * window) // 2),
        ((3 * window) // 2 + 1, 2 * window),
        (2 * window + 1, None),
    ]


RELATIVE_LABELS = (
    _("First third of the window"),
    _("Second third"),
    _("Last third"),
    _("Up to half a window late"),
    _("Up to a window late"),
    _("More than a window late"),
)


def time_to_match(scope: Scope) -> Table:
    """Days from submitting an application to being matched (the measure the matching
    app's waiting list uses: whole days, ``matched_at - submitted_at``), in six ranges
    around each rolling scheme's target window; matched applications submitted in the
    cohort. A cohort scheme pairs its applicants for its launch date, not within a rolling
    window, so it is left out (its windows and launch head its page)."""
    rolling = [r for r in scope.rules if r.intake == Intake.ROLLING]
    windows = sorted({r.target_window_days for r in rolling})
    counts = _wait_counts(scope, [r.pk for r in rolling], windows)
    labels, window_text = _wait_labels(windows)
    applicants = [counts.get(f"b{i}", 0) for i in range(len(labels))]
    rows: list[list[str | int | float | None]] = [
        [label, applicants[i], yes_no(i < 3)] for i, label in enumerate(labels)
    ]
    return Table(
        slug="time-to-match",
        title=gettext("Time to match"),
        columns=[
            gettext("Days from application to match"),
            gettext("Applicants"),
            gettext("Within the target window"),
        ],
        rows=rows,
        note=_time_to_match_note(scope, bool(rolling), window_text, applicants),
        chart="histogram",
    )


def _in_range(windows: list[int], index: int) -> Q:
    """Applications whose wait falls in range ``index`` of their scheme's target window."""
    q = Q(pk__in=[])
    for window in windows:
        low, high = _buckets(window)[index]
        part = Q(scheme__target_window_days=window, wait__gte=timedelta(days=low))
        if high is not None:
            part &= Q(wait__lt=timedelta(days=high + 1))
        q |= part
    return q


def _wait_counts(scope: Scope, scheme_ids: list[int], windows: list[int]) -> dict[str, int]:
    """Matched applications to the rolling schemes in each of the six ranges (``b0`` to
    ``b5``), in one query (none without a window)."""
    if not windows:
        return {}
    wait = ExpressionWrapper(F("matched_at") - F("submitted_at"), output_field=DurationField())
    aggregates = {f"b{i}": Count("pk", filter=_in_range(windows, i)) for i in range(6)}
    return (
        Application.objects.filter(
            scheme__in=scheme_ids,
            submitted_at__isnull=False,
            matched_at__isnull=False,
            **scope.dated("submitted_at__date"),
        )
        .annotate(wait=wait)
        .aggregate(**aggregates)
    )


def _wait_labels(windows: list[int]) -> tuple[list[str], str]:
    """The six ranges' labels (in days for one window, relative for several) and a sentence
    naming the window."""
    if len(windows) == 1:
        labels = [range_label(low, high) for low, high in _buckets(windows[0])]
        return labels, gettext("Target window: %(days)s days.") % {"days": windows[0]}
    labels = [str(label) for label in RELATIVE_LABELS]
    return labels, gettext("Ranges are relative to each scheme's target window.")


def _time_to_match_note(
    scope: Scope, has_rolling: bool, window_text: str, counts: list[int]
) -> str:
    """The table's note: the window and how many were paired within it (the first three
    ranges), or why a cohort scheme has no such figure."""
    matched = sum(counts)
    within = sum(counts[:3])
    share = percent(within, matched)
    summary = (
        gettext(
            "%(within)s of %(matched)s matched applicants (%(share)s%%) "
            "were paired within the window."
        )
        % {"within": within, "matched": matched, "share": share}
        if matched
        else gettext("Nobody has been matched yet.")
    )
    if not has_rolling and scope.rules:
        window_text = ""
        summary = gettext(
            "A cohort scheme pairs its applicants for its launch date, not within a "
            "rolling target window: see its recruitment windows and launch."
        )
    if window_text:
        return gettext("%(window)s %(summary)s") % {"window": window_text, "summary": summary}
    return summary
