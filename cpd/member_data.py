"""The CPD part of a member's data export: their reflections, CPD activities (with the
evidence they uploaded: what each is, and the file itself, a file of the package under
``cpd-evidence/``) and CPD profile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils.text import get_valid_filename

from accounts.models import User

from .models import (
    ActivityTag,
    CpdProfile,
    Evidence,
    IssuedCertificate,
    ManualActivity,
    Reflection,
)
from .selectors import cpd_activities_for_user, cpd_profile_for_user, reflections_for_author

HistoricalManualActivity: Any = ManualActivity.history.model

#: See ``accounts.member_data.EXPORTED``. ``ActivityTag`` rows are the standards a member
#: tagged to a held session or an event: each activity's ``standards`` below.
EXPORTED: tuple[type[Model], ...] = (
    Reflection,
    ManualActivity,
    Evidence,
    ActivityTag,
    CpdProfile,
    IssuedCertificate,
    HistoricalManualActivity,
)
NOT_EXPORTED: dict[type[Model], str] = {}


#: The folder of the package (``mentoring_site.data_export``) holding the evidence files.
EVIDENCE_FOLDER = "cpd-evidence"


def evidence_path(evidence: Evidence) -> str:
    """Where the evidence file is in the package: its id (names repeat) and the name it
    was uploaded with, made safe for any file system."""
    try:
        name = get_valid_filename(evidence.original_name).lstrip(".")
    except SuspiciousFileOperation:
        name = ""
    return f"{EVIDENCE_FOLDER}/{evidence.pk}-{name or 'file'}"


def member_files(*, user: User) -> Iterator[tuple[str, FieldFile]]:
    """The member's evidence files, each with its place in the package (one query)."""
    for evidence in Evidence.objects.filter(activity__user=user).order_by("pk"):
        if evidence.file:
            yield evidence_path(evidence), evidence.file


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own CPD records, as Python values (eleven queries)."""
    profile = cpd_profile_for_user(user=user)
    return {
        "reflections": _reflections(user),
        "cpd_activities": _cpd_activities(user),
        "cpd_profile": {
            "framework": profile.framework.name if profile.framework else None,
            "summary_of_practice": profile.summary_of_practice,
            "statements": profile.statements,
        },
        "cpd_activity_versions": _cpd_activity_versions(user),
        "certificates_issued": _certificates_issued(user),
    }


def _reflections(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "title": r.title,
            "model": r.model,
            "status": r.status,
            "reflected_on": r.reflected_on,
            "entries": r.entries,
            "session_id": r.session_id,
            "relationship_id": r.relationship_id,
            "goal_id": r.goal_id,
            "event": r.event.title if r.event else None,
            "shared_with_partner": r.shared_with_partner,
        }
        for r in reflections_for_author(user=user)
    ]


def _cpd_activities(user: User) -> list[dict[str, Any]]:
    """Every CPD activity, with the standards tagged to it and the evidence uploaded."""
    return [
        {
            "date": a.date,
            "title": a.title,
            "type": a.activity_type,
            "role": a.role,
            "hours": a.hours,
            "scheme": a.scheme_name,
            "source": a.source_type,
            "standards": [f"{s.framework.name} {s.number}" for s in a.standards],
            "description": a.description,
            "evidence": [
                {
                    "name": e.original_name,
                    "description": e.description,
                    "type": e.content_type,
                    "size": e.size,
                    "uploaded_at": e.uploaded_at,
                    "file": evidence_path(e) if e.file else "",
                }
                for e in a.evidence
            ],
        }
        for a in cpd_activities_for_user(user=user)
    ]


def _cpd_activity_versions(user: User) -> list[dict[str, Any]]:
    """The saved versions of the member's own (manual) CPD activities, oldest first."""
    return [
        {
            "title": h.title,
            "date": h.date,
            "hours": h.hours,
            "change": h.get_history_type_display(),
            "at": h.history_date,
        }
        for h in HistoricalManualActivity.objects.filter(user=user).order_by("history_date")
    ]


def _certificates_issued(user: User) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name_printed": c.member_name,
            "role": c.role_label,
            "scheme": c.scheme_name,
            "started_on": c.started_on,
            "ended_on": c.ended_on,
            "hours": c.hours,
            "sessions": c.sessions,
            "issued_on": c.issued_on,
        }
        for c in IssuedCertificate.objects.filter(user=user).order_by("issued_on", "pk")
    ]
