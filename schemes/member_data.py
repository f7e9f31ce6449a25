"""The schemes part of a member's data export: their applications with their answers, their
subscriptions to schemes' news, the scheme events they answered or attended, and the online
preparation they completed."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import User

from .models import Application, EventAttendance, PreparationCompletion, Subscription


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own scheme records, as Python values (four queries)."""
    applications = Application.objects.filter(applicant=user).select_related("scheme")
    subscriptions = Subscription.objects.filter(Q(user=user) | Q(email=user.email.lower()))
    attendances = EventAttendance.objects.filter(user=user).select_related("event__scheme")
    return {
        "applications": [
            {
                "scheme": a.scheme.name,
                "role": a.role,
                "status": a.status,
                "goals_areas": a.goals_areas,
                "hopes": a.hopes,
                "capacity": a.capacity,
                "answers": a.answers,
                "created_at": a.created_at,
                "submitted_at": a.submitted_at,
            }
            for a in applications
        ],
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
    }
