"""The accounts part of a member's data export: their account, sign-in addresses and
two-factor devices (never a secret), standing profile, email preferences, the contact
details they share with partners, coordinator settings, their consent history, the exports
they asked for and the emails sent to them (subject, date and text)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.db.models import Model
from django.db.models.fields.files import FieldFile

from .models import (
    PROFILE_FIELDS,
    ConsentRecord,
    ContactSettings,
    CoordinatorSettings,
    DataExport,
    EmailPreference,
    ErasureRequest,
    Profile,
    RetentionRun,
    SentNotification,
    User,
)

#: The models this part exports (``tests/test_member_data_graph.py`` checks that every
#: model leading to a member is exported by some part or excluded with a reason, and that
#: the export reads each exported model's table).
EXPORTED: tuple[type[Model], ...] = (
    User,
    Profile,
    EmailAddress,
    Authenticator,
    ContactSettings,
    CoordinatorSettings,
    EmailPreference,
    SentNotification,
    ConsentRecord,
    DataExport,
    ErasureRequest,
)
#: The photo's place in the package (``mentoring_site.data_export``).
PHOTO_PATH = "profile-photo.jpg"
NOT_EXPORTED: dict[type[Model], str] = {
    RetentionRun: "a record that the body's retention periods were applied, with counts of "
    "records only; it names no member, just the administrator who may have started it",
    EmailConfirmation: "one-time keys (secrets) confirming an address, kept for days; the "
    "addresses themselves are exported with whether each is verified",
    LogEntry: "the administrators' audit log of their own edits in the admin: it names other "
    "members' records, so it is never part of anyone's export",
}


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
    }


def _profile(user: User) -> dict[str, Any] | None:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return None
    values = {f: getattr(profile, f) for f in PROFILE_FIELDS}
    values["country"] = str(profile.country)
    values["country_as_entered"] = profile.country_as_entered
    values["updated_at"] = profile.updated_at
    values["shown_before_match"] = list(profile.shown_before_match or ())
    values["language"] = profile.language
    # The photo itself is a file of the package (``mentoring_site.data_export``).
    values["photo"] = PHOTO_PATH if profile.photo else ""
    return values


def member_files(*, user: User) -> Iterator[tuple[str, FieldFile]]:
    """The member's profile photo (the redrawn copy we keep), as a file of the package."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.photo:
        yield PHOTO_PATH, profile.photo


def _sign_in(user: User) -> dict[str, Any]:
    """Sign-in addresses and two-factor devices: kinds and dates, never keys or codes."""
    return {
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_devices": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }


def _settings(user: User) -> dict[str, Any]:
    contact = ContactSettings.objects.filter(user=user).first()
    digest = CoordinatorSettings.objects.filter(user=user).first()
    return {
        "contact_settings": {
            "phone": contact.phone,
            "preferred_channel": contact.preferred_channel,
            "message_emails": contact.message_emails,
        }
        if contact
        else None,
        "coordinator_settings": {"digest_frequency": digest.digest_frequency} if digest else None,
        "email_preferences": {
            "turned_off": sorted(
                EmailPreference.objects.filter(user=user).values_list("kind", flat=True)
            )
        },
    }


def _records(user: User) -> dict[str, Any]:
    return {
        "consents": [
            {
                "topic": c.topic,
                "about": c.subject_label,
                "given": c.given,
                "wording": c.wording,
                "where": c.source,
                "recorded_at": c.recorded_at,
            }
            for c in ConsentRecord.objects.filter(user=user).order_by("recorded_at", "pk")
        ],
        "erasure_requests": [
            {
                "status": r.status,
                "reason": r.reason,
                "requested_at": r.requested_at,
                "decided_at": r.decided_at,
                "decision_note": r.decision_note,
            }
            for r in ErasureRequest.objects.filter(user=user).order_by("requested_at", "pk")
        ],
        "data_exports": [
            {"requested_at": e.requested_at, "status": e.status, "expires_at": e.expires_at}
            for e in DataExport.objects.filter(user=user).order_by("requested_at", "pk")
        ],
        "emails_sent": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "email": n.email,
                "status": n.status,
                "created_at": n.created_at,
                "sent_at": n.sent_at,
                "text": n.body_text,
            }
            for n in SentNotification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
    }


def member_data(*, user: User) -> dict[str, Any]:
    """The member's own account records, as Python values (ten queries)."""
    return {
        "account": _account(user),
        "profile": _profile(user),
        **_sign_in(user),
        **_settings(user),
        **_records(user),
    }
