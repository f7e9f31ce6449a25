"""CSV exports of a scheme for a funder's own analysis, in a constant number of queries.

What a funder gets, and what they never get:
- Members appear only as a pseudonym ("M-" and ten hex digits): a keyed hash of the scheme
  and the member, the same in every export of that scheme (so the files join up) and
  different between schemes. No names, emails or membership numbers.
- No free text of any kind: no application answers or hopes, no decision notes, no session
  notes or titles, no goals, expectations, reflections, concerns, reasons for ending, or
  feedback. Only statuses, roles, dates, counts and hours.
- A period selects applications submitted in it, relationships (and their sessions) that
  started in it, and CPD activities dated in it.
- CPD hours are the scheme's share of each member's CPD record, by the CPD app's own rule
  (``cpd.selectors.cpd_activities_for_scheme``): held sessions and attended scheme events.
  Activities a member adds by hand are private and not counted.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import neutralise
from cpd.models import SourceType
from cpd.selectors import cpd_activities_for_scheme, hours_summary, session_hours
from schemes.models import Application, ApplicationStatus, Scheme
from schemes.services import eligibility_error
from sessions_log.models import Relationship, RelationshipMember, Session, SessionStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ExportKind:
    slug: str
    title: StrOrPromise
    description: StrOrPromise


EXPORTS: dict[str, ExportKind] = {
    e.slug: e
    for e in (
        ExportKind(
            "applications",
            _("Applications"),
            _(
                "One row per submitted application: role, status, dates, days to match and "
                "whether the member meets the scheme's eligibility rule."
            ),
        ),
        ExportKind(
            "relationships",
            _("Relationships"),
            _("One row per pair or circle: kind, status, dates and its members' pseudonyms."),
        ),
        ExportKind(
            "sessions",
            _("Sessions per relationship"),
            _("Sessions in the programme, held, still planned and cancelled, and hours held."),
        ),
        ExportKind(
            "cpd-hours",
            _("CPD hours per member"),
            _("Hours of held sessions and attended scheme events each member can claim as CPD."),
        ),
    )
}


def pseudonym(scheme_id: int, user_id: int) -> str:
    """A member's stable, scheme-specific pseudonym (changes if SECRET_KEY changes)."""
    digest = salted_hmac("insights.exports.member", f"{scheme_id}:{user_id}").hexdigest()
    return f"M-{digest[:10]}"


def relationship_pseudonym(relationship_id: int) -> str:
    """A relationship's stable pseudonym, the same in every file of an export so rows join,
    and not its database number (which the admin shows beside the members' names)."""
    digest = salted_hmac("insights.exports.relationship", str(relationship_id)).hexdigest()
    return f"R-{digest[:10]}"


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _hours_text(value: Decimal) -> str:
    return f"{value:.2f}"


def relationships_in(*, scheme: Scheme, start: date | None, end: date | None) -> QuerySet:
    qs = Relationship.objects.filter(scheme=scheme)
    if start:
        qs = qs.filter(started_on__gte=start)
    if end:
        qs = qs.filter(started_on__lte=end)
    return qs


APPLICATION_HEADER = [
    "member",
    "role",
    "status",
    "eligibility",
    "submitted_on",
    "accepted_on",
    "decided_on",
    "matched_on",
    "days_to_match",
]


def application_rows(*, scheme: Scheme, start=None, end=None) -> list[list[str]]:
    """Submitted applications (drafts are not applications yet), oldest first. Eligibility is
    the scheme's rule checked against the member's profile as it is now. One query."""
    qs = (
        Application.objects.filter(scheme=scheme)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("applicant__profile")
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )
    if start:
        qs = qs.filter(submitted_at__date__gte=start)
    if end:
        qs = qs.filter(submitted_at__date__lte=end)
    rows = []
    for a in qs:
        profile = getattr(a.applicant, "profile", None)
        error = eligibility_error(scheme=scheme, profile=profile, role=a.role)
        days = (a.matched_at - a.submitted_at).days if a.matched_at and a.submitted_at else ""
        rows.append(
            [
                pseudonym(scheme.pk, a.applicant_id),
                a.role,
                a.status,
                "not eligible" if error else "eligible",
                _day(a.submitted_at),
                _day(a.accepted_at),
                _day(a.decided_at),
                _day(a.matched_at),
                str(days),
            ]
        )
    return rows


MEMBER_ROLES = ("mentor", "mentee", "peer", "facilitator")
RELATIONSHIP_HEADER = [
    "relationship",
    "kind",
    "status",
    "started_on",
    "planned_end_on",
    "ended_on",
    "members",
    *[f"{role}s" for role in MEMBER_ROLES],
]


def relationship_rows(*, scheme: Scheme, start=None, end=None) -> list[list[str]]:
    """Relationships, oldest first, with their members' pseudonyms by role. Two queries."""
    relationships = list(
        relationships_in(scheme=scheme, start=start, end=end).order_by("started_on", "pk")
    )
    members: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for m in RelationshipMember.objects.filter(
        relationship__in=relationships_in(scheme=scheme, start=start, end=end)
    ).values("relationship_id", "user_id", "role"):
        members[m["relationship_id"]][m["role"]].append(pseudonym(scheme.pk, m["user_id"]))
    rows = []
    for r in relationships:
        by_role = members[r.pk]
        rows.append(
            [
                relationship_pseudonym(r.pk),
                r.kind,
                r.status,
                _iso(r.started_on),
                _iso(r.planned_end_on),
                _iso(r.ended_on),
                str(sum(len(v) for v in by_role.values())),
                *["; ".join(sorted(by_role.get(role, []))) for role in MEMBER_ROLES],
            ]
        )
    return rows


SESSION_HEADER = [
    "relationship",
    "sessions_in_programme",
    "held",
    "planned",
    "cancelled",
    "hours_held",
    "first_held_on",
    "last_held_on",
]


def session_rows(*, scheme: Scheme, start=None, end=None) -> list[list[str]]:
    """Session counts and hours held per relationship (hours by the CPD rule: each held
    session's minutes in hours to the hundredth, added up). Two queries."""
    selected = relationships_in(scheme=scheme, start=start, end=end)
    ids = list(selected.order_by("started_on", "pk").values_list("pk", flat=True))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    hours: dict[int, Decimal] = defaultdict(Decimal)
    held_on: dict[int, list[date]] = defaultdict(list)
    for relationship_id, status, minutes, day in Session.objects.filter(
        relationship__in=selected
    ).values_list("relationship_id", "status", "duration_minutes", "held_on"):
        counts[relationship_id][status] += 1
        if status == SessionStatus.HELD and day:
            hours[relationship_id] += session_hours(minutes=minutes)
            held_on[relationship_id].append(day)
    rows = []
    for pk in ids:
        c = counts[pk]
        days = held_on[pk]
        rows.append(
            [
                relationship_pseudonym(pk),
                str(sum(c.values())),
                str(c[SessionStatus.HELD]),
                str(c[SessionStatus.PLANNED]),
                str(c[SessionStatus.CANCELLED]),
                _hours_text(hours[pk] or Decimal("0.00")),
                _iso(min(days)) if days else "",
                _iso(max(days)) if days else "",
            ]
        )
    return rows


CPD_HEADER = [
    "member",
    "roles",
    "sessions_held",
    "session_hours",
    "events_attended",
    "event_hours",
    "total_hours",
]


def cpd_rows(*, scheme: Scheme, start=None, end=None) -> list[list[str]]:
    """One row per member of the selected relationships and per member with CPD activity
    from the scheme in the period, sorted by pseudonym. Four queries."""
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in RelationshipMember.objects.filter(
        relationship__in=relationships_in(scheme=scheme, start=start, end=end)
    ).values_list("user_id", "role"):
        roles[user_id].add(role)
    activities = cpd_activities_for_scheme(scheme=scheme, start=start, end=end)
    rows = []
    for user_id in set(roles) | set(activities):
        acts = activities.get(user_id, [])
        sessions = [a for a in acts if a.source_type == SourceType.SESSION]
        events = [a for a in acts if a.source_type == SourceType.EVENT]
        member_roles = roles.get(user_id) or {a.role for a in acts}
        rows.append(
            [
                pseudonym(scheme.pk, user_id),
                "; ".join(sorted(member_roles)),
                str(len(sessions)),
                _hours_text(hours_summary(sessions).total),
                str(len(events)),
                _hours_text(hours_summary(events).total),
                _hours_text(hours_summary(acts).total),
            ]
        )
    return sorted(rows)


BUILDERS = {
    "applications": (APPLICATION_HEADER, application_rows),
    "relationships": (RELATIONSHIP_HEADER, relationship_rows),
    "sessions": (SESSION_HEADER, session_rows),
    "cpd-hours": (CPD_HEADER, cpd_rows),
}


def export_csv(*, kind: str, scheme: Scheme, start: date | None, end: date | None) -> str:
    """The CSV text of one export, every cell guarded against spreadsheet formulas."""
    header, build = BUILDERS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in build(scheme=scheme, start=start, end=end):
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()
