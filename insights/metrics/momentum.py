"""Momentum figures: days since the last session, sessions held against planned, and how
far through their programme the active relationships are."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sessions_log.models import Relationship, RelationshipStatus, Session, SessionStatus

from .base import Scope, Table, as_date, month_label, range_label, yes_no


def _relationships(scope: Scope):
    return Relationship.objects.filter(scheme__in=scope.scheme_ids, **scope.dated("started_on"))


def _momentum_buckets(days: int) -> list[tuple[int, int | None]]:
    half = days // 2
    return [(0, half), (half + 1, days), (days + 1, 2 * days), (2 * days + 1, None)]


RELATIVE_LABELS = (
    _("Within half the momentum period"),
    _("Within the momentum period"),
    _("Up to twice the momentum period"),
    _("More than twice the momentum period"),
)


def last_session(scope: Scope) -> Table:
    """Active relationships by days since their last held session (or since they started,
    if none has been held yet), in ranges around each scheme's momentum period
    (``momentum_weeks``: coordinators hear of a pair that goes quiet for that long)."""
    periods = sorted({r.momentum_weeks * 7 for r in scope.rules})

    def in_range(index: int) -> Q:
        q = Q(pk__in=[])
        for days in periods:
            low, high = _momentum_buckets(days)[index]
            part = Q(
                scheme__momentum_weeks=days // 7,
                last_activity__lte=scope.today - timedelta(days=low),
            )
            if high is not None:
                part &= Q(last_activity__gte=scope.today - timedelta(days=high))
            q |= part
        return q

    counts = (
        _relationships(scope)
        .filter(status=RelationshipStatus.ACTIVE)
        .with_last_activity()
        .aggregate(**{f"b{i}": Count("pk", filter=in_range(i)) for i in range(4)})
        if periods
        else {}
    )
    if len(periods) == 1:
        labels = [range_label(low, high) for low, high in _momentum_buckets(periods[0])]
        period_text = gettext("Momentum period: %(weeks)s weeks (%(days)s days).") % {
            "weeks": periods[0] // 7,
            "days": periods[0],
        }
    else:
        labels = [str(label) for label in RELATIVE_LABELS]
        period_text = gettext("Ranges are relative to each scheme's momentum period.")
    rows = [[label, counts.get(f"b{i}", 0), yes_no(i < 2)] for i, label in enumerate(labels)]
    return Table(
        slug="momentum-last-session",
        title=gettext("Days since the last session (active relationships)"),
        columns=[
            gettext("Days since the last session"),
            gettext("Relationships"),
            gettext("Within the momentum period"),
        ],
        rows=rows,
        note=gettext("%(period_text)s Counted from the start when no session has been held yet.")
        % {"period_text": period_text},
        chart="histogram",
    )


def sessions_per_month(scope: Scope) -> Table:
    """Sessions held (by the date held) against sessions planned (by their target date,
    cancelled ones left out), per month within the scope's chart range (``chart_start`` to
    the current month: a date typed far in the past or future is left out)."""
    sessions = Session.objects.filter(relationship__in=_relationships(scope).values("pk"))
    first = scope.chart_start
    planned = dict(
        sessions.filter(target_date__gte=first, target_date__lte=scope.today)
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(month=TruncMonth("target_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    held = dict(
        sessions.filter(status=SessionStatus.HELD, held_on__gte=first, held_on__lte=scope.today)
        .annotate(month=TruncMonth("held_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    planned = {as_date(k): v for k, v in planned.items()}
    held = {as_date(k): v for k, v in held.items()}
    rows = [
        [month_label(m), planned.get(m, 0), held.get(m, 0)]
        for m in scope.chart_months(set(planned) | set(held))
    ]
    return Table(
        slug="sessions-per-month",
        title=gettext("Sessions held against planned, per month"),
        columns=[gettext("Month"), gettext("Planned"), gettext("Held")],
        rows=rows,
        note=gettext("Planned: sessions whose target date falls in the month."),
        chart="grouped",
    )


def programme_steps(scope: Scope) -> Table:
    """Active relationships by the furthest session of their programme they have held."""
    furthest = Subquery(
        Session.objects.filter(relationship=OuterRef("pk"), status=SessionStatus.HELD)
        .order_by("-number")
        .values("number")[:1]
    )
    counts = dict(
        _relationships(scope)
        .filter(status=RelationshipStatus.ACTIVE)
        .annotate(step=furthest)
        .values_list("step")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [[gettext("Not started"), counts.pop(None, 0)]]
    top = max(counts, default=0)
    rows += [[gettext("Session %(n)s") % {"n": n}, counts.get(n, 0)] for n in range(1, top + 1)]
    return Table(
        slug="programme-steps",
        title=gettext("Where active relationships are in their programme"),
        columns=[gettext("Furthest session held"), gettext("Relationships")],
        rows=rows,
        note=gettext("Not started: no session held yet."),
        chart="bar",
    )
