"""The accounts part of a member's data export: their account, standing profile, email
preferences, the contact details they share with partners and the emails sent to them
(subjects and dates, not bodies)."""

from __future__ import annotations

from typing import Any

from .models import (
    PROFILE_FIELDS,
    ContactSettings,
    EmailPreference,
    Profile,
    SentNotification,
    User,
)


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own account records, as Python values (four queries)."""
    profile = Profile.objects.filter(user=user).first()
    profile_values = {f: getattr(profile, f) for f in PROFILE_FIELDS} if profile else None
    if profile is not None and profile_values is not None:
        profile_values["country"] = str(profile.country)
        profile_values["country_as_entered"] = profile.country_as_entered
    contact = ContactSettings.objects.filter(user=user).first()
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
        },
        "profile": profile_values,
        "contact_settings": {
            "phone": contact.phone,
            "preferred_channel": contact.preferred_channel,
            "message_emails": contact.message_emails,
        }
        if contact
        else None,
        "email_preferences": {
            "turned_off": sorted(
                EmailPreference.objects.filter(user=user).values_list("kind", flat=True)
            )
        },
        "emails_sent": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "email": n.email,
                "status": n.status,
                "created_at": n.created_at,
                "sent_at": n.sent_at,
            }
            for n in SentNotification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
    }
