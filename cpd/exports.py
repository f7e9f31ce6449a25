"""CSV of activities (safe to open in a spreadsheet) and the member's JSON export of
everything they have stored (also their data-portability export)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.spreadsheets import neutralise

from .selectors import (
    cpd_activities_for_user,
    cpd_profile_for_user,
    reflections_for_author,
)

CSV_HEADER = (
    "Date",
    "Activity",
    "Type",
    "Role",
    "Hours",
    "Scheme",
    "Source",
    "Standards",
    "Description",
    "Evidence",
)


def activities_csv(activities) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for a in activities:
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    a.date.isoformat(),
                    a.title,
                    a.type_label,
                    a.role_label,
                    f"{a.hours:.2f}",
                    a.scheme_name,
                    a.source_label,
                    "; ".join(f"{s.framework.name} {s.number}" for s in a.standards),
                    a.description,
                    "; ".join(e.original_name for e in a.evidence),
                )
            ]
        )
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def member_export(*, user) -> dict[str, Any]:
    """Everything the member has stored, as plain data (a constant number of queries).

    Sessions of their relationships carry dates and durations only: the notes belong to
    the pair and are exported from the relationship pages.
    """
    from accounts.models import PROFILE_FIELDS, Profile
    from schemes.models import Application
    from sessions_log.models import Goal, Relationship, RelationshipMember, Session

    profile = Profile.objects.filter(user=user).first()
    profile_data = None
    if profile is not None:
        profile_data = {f: _plain(getattr(profile, f)) for f in PROFILE_FIELDS}
    applications = [
        {
            "scheme": a.scheme.name,
            "role": a.role,
            "status": a.status,
            "goals_areas": a.goals_areas,
            "hopes": a.hopes,
            "capacity": a.capacity,
            "answers": a.answers,
            "created_at": _plain(a.created_at),
            "submitted_at": _plain(a.submitted_at),
        }
        for a in Application.objects.filter(applicant=user).select_related("scheme")
    ]
    memberships = {m.relationship_id: m.role for m in RelationshipMember.objects.filter(user=user)}
    sessions: dict[int, list] = {}
    for s in Session.objects.filter(relationship_id__in=memberships).order_by("number"):
        sessions.setdefault(s.relationship_id, []).append(
            {
                "number": s.number,
                "title": s.title,
                "status": s.status,
                "target_date": _plain(s.target_date),
                "held_on": _plain(s.held_on),
                "duration_minutes": s.duration_minutes,
            }
        )
    relationships = [
        {
            "id": r.pk,
            "scheme": r.scheme.name,
            "kind": r.kind,
            "status": r.status,
            "my_role": memberships[r.pk],
            "started_on": _plain(r.started_on),
            "ended_on": _plain(r.ended_on),
            "sessions": sessions.get(r.pk, []),
        }
        for r in Relationship.objects.filter(pk__in=memberships).select_related("scheme")
    ]
    goals = [
        {
            "relationship_id": g.relationship_id,
            "goal": g.what,
            "why": g.why,
            "success_looks_like": g.success_looks_like,
            "target_date": _plain(g.target_date),
            "status": g.status,
        }
        for g in Goal.objects.filter(owner=user)
    ]
    reflections = [
        {
            "id": r.pk,
            "title": r.title,
            "model": r.model,
            "status": r.status,
            "reflected_on": _plain(r.reflected_on),
            "entries": r.entries,
            "session_id": r.session_id,
            "relationship_id": r.relationship_id,
            "goal_id": r.goal_id,
            "event": r.event.title if r.event else None,
            "shared_with_partner": r.shared_with_partner,
        }
        for r in reflections_for_author(user=user)
    ]
    activities = [
        {
            "date": _plain(a.date),
            "title": a.title,
            "type": a.activity_type,
            "role": a.role,
            "hours": _plain(a.hours),
            "scheme": a.scheme_name,
            "source": a.source_type,
            "standards": [f"{s.framework.name} {s.number}" for s in a.standards],
            "description": a.description,
            "evidence": [
                {"name": e.original_name, "type": e.content_type, "size": e.size}
                for e in a.evidence
            ],
        }
        for a in cpd_activities_for_user(user=user)
    ]
    cpd = cpd_profile_for_user(user=user)
    return {
        "exported_at": _plain(timezone.now()),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _plain(user.date_joined),
        },
        "profile": profile_data,
        "applications": applications,
        "relationships": relationships,
        "goals": goals,
        "reflections": reflections,
        "cpd_activities": activities,
        "cpd_profile": {
            "framework": cpd.framework.name if cpd.framework else None,
            "summary_of_practice": cpd.summary_of_practice,
            "statements": cpd.statements,
        },
    }
