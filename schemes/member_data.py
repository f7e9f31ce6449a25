"""The schemes part of a member's data export: their applications with each question's
wording beside their answer and the history of each application's status, their
subscriptions to schemes' news, the scheme events they answered or attended, and, for
staff, the schemes they coordinate and the changes they made to schemes and applications
(which record and when, never another member's answers), and the online preparation they
completed."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q

from accounts.models import User

from .models import (
    Application,
    EventAttendance,
    PreparationCompletion,
    Question,
    Scheme,
    Subscription,
)

HistoricalApplication: Any = Application.history.model
HistoricalScheme: Any = Scheme.history.model

#: See ``accounts.member_data.EXPORTED``.
EXPORTED: tuple[type[Model], ...] = (
    Application,
    Question,
    HistoricalApplication,
    HistoricalScheme,
    Scheme,
    EventAttendance,
    Subscription,
    PreparationCompletion,
)
NOT_EXPORTED: dict[type[Model], str] = {}


def _answers(answers: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"question": labels.get(str(key), f"Question {key} (since removed)"), "answer": value}
        for key, value in (answers or {}).items()
    ]


def _applications(user: User) -> list[dict[str, Any]]:
    """Applications with their answers beside the questions' wording, and status history."""
    applications = list(
        Application.objects.filter(applicant=user).select_related("scheme").order_by("pk")
    )
    schemes = Application.objects.filter(applicant=user).values("scheme")
    labels = {str(q.pk): q.label for q in Question.objects.filter(form__scheme__in=schemes)}
    history: dict[int, list[dict[str, Any]]] = {}
    for h in HistoricalApplication.objects.filter(applicant=user).order_by("history_date"):
        history.setdefault(h.id, []).append({"status": h.status, "at": h.history_date})
    return [
        {
            "scheme": a.scheme.name,
            "role": a.role,
            "status": a.status,
            "goals_areas": a.goals_areas,
            "hopes": a.hopes,
            "capacity": a.capacity,
            "answers": _answers(a.answers, labels),
            "decision_note": a.decision_note,
            "created_at": a.created_at,
            "submitted_at": a.submitted_at,
            "decided_at": a.decided_at,
            "matched_at": a.matched_at,
            "status_history": history.get(a.pk, []),
        }
        for a in applications
    ]


def _staff(user: User) -> dict[str, Any]:
    """For staff: the schemes they coordinate and the changes they made (record, date)."""
    changes = [
        {"record": "scheme", "id": h.id, "change": h.history_type, "at": h.history_date}
        for h in HistoricalScheme.objects.filter(history_user=user).order_by("history_date")
    ] + [
        {"record": "application", "id": h.id, "change": h.history_type, "at": h.history_date}
        for h in HistoricalApplication.objects.filter(history_user=user)
        .exclude(applicant=user)
        .order_by("history_date")
    ]
    return {
        "schemes_coordinated": sorted(
            Scheme.objects.filter(coordinators=user).values_list("name", flat=True)
        ),
        "scheme_records_changed": changes,
    }


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own scheme records, as Python values (eight queries)."""
    subscriptions = Subscription.objects.filter(Q(user=user) | Q(email=user.email.lower()))
    attendances = EventAttendance.objects.filter(user=user).select_related("event__scheme")
    return {
        "applications": _applications(user),
        "subscriptions": [
            {
                "scheme": s.scheme.name,
                "email": s.email,
                "name": s.name,
                "interested_as": s.interested_as,
                "wants_news": s.wants_news,
                "created_at": s.created_at,
            }
            for s in subscriptions.select_related("scheme").order_by("created_at", "pk")
        ],
        "events": [
            {
                "scheme": a.event.scheme.name,
                "title": a.event.title,
                "starts_at": a.event.starts_at,
                "rsvp": a.rsvp,
                "attended": a.attended,
            }
            for a in attendances.order_by("event__starts_at", "pk")
        ],
        "preparation": [
            {
                "scheme": p.scheme.name,
                "role": p.role,
                "code_of_conduct_accepted": p.code_of_conduct_accepted,
                "completed_at": p.completed_at,
            }
            for p in PreparationCompletion.objects.filter(user=user)
            .select_related("scheme")
            .order_by("completed_at", "pk")
        ],
        **_staff(user),
    }
