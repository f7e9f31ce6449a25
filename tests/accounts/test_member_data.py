"""The accounts part of a member's data export: their own account records only."""

from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.consents import consent_record
from accounts.member_data import member_data
from accounts.models import (
    ConsentTopic,
    DataExport,
    EmailPreference,
    NotificationKind,
    SentNotification,
)

pytestmark = pytest.mark.django_db


def _sent(user, kind, subject):
    return SentNotification.objects.create(
        key=f"{user.pk}:{kind}:{subject}",
        recipient=user,
        email=user.email,
        kind=kind,
        subject=subject,
        body_text="Body",
        created_at=datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
    )


def test_accounts_part_holds_the_members_own_records(mentor, outsider):
    EmailPreference.objects.create(user=mentor, kind=NotificationKind.GOALS_REVIEW)
    EmailPreference.objects.create(user=outsider, kind=NotificationKind.SCHEME_NEWS)
    _sent(mentor, NotificationKind.MATCH_PROPOSED, "A match for you")
    _sent(outsider, NotificationKind.MATCH_PROPOSED, "Outsider's match")

    data = member_data(user=mentor)

    assert data["account"] == {
        "email": "mentor@example.org",
        "first_name": mentor.first_name,
        "last_name": mentor.last_name,
        "date_joined": mentor.date_joined,
        "last_login": None,
        "is_active": True,
    }
    assert data["profile"]["years_experience"] == 12
    assert data["email_preferences"] == {"turned_off": ["goals_review"]}
    assert data["emails_sent"] == [
        {
            "kind": "match_proposed",
            "subject": "A match for you",
            "email": "mentor@example.org",
            "status": "pending",
            "created_at": datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
            "sent_at": None,
            "text": "Body",
        }
    ]
    assert outsider.email not in repr(data)
    assert "Outsider's match" not in repr(data)


def test_accounts_part_holds_sign_in_consents_and_exports_never_secrets(mentor, outsider):
    EmailAddress.objects.create(user=mentor, email="old@example.org", verified=True, primary=False)
    Authenticator.objects.create(
        user=mentor, type=Authenticator.Type.TOTP, data={"secret": "SECRET-TOTP-SEED"}
    )
    for user, words in ((mentor, "Mentor agreed"), (outsider, "Outsider agreed")):
        consent_record(
            user=user,
            topic=ConsentTopic.FEEDBACK_SHARING,
            given=True,
            wording=words,
            source="Feedback form",
        )
    DataExport.objects.create(user=mentor)

    data = member_data(user=mentor)

    assert {"email": "old@example.org", "verified": True, "primary": False} in data[
        "email_addresses"
    ]
    assert [d["type"] for d in data["two_factor_devices"]] == ["totp"]
    assert [(c["wording"], c["given"]) for c in data["consents"]] == [("Mentor agreed", True)]
    assert [e["status"] for e in data["data_exports"]] == ["pending"]
    for text in ("SECRET-TOTP-SEED", "Outsider agreed"):
        assert text not in repr(data)


def test_accounts_part_without_a_profile(outsider):
    outsider.profile.delete()
    outsider.refresh_from_db()
    assert member_data(user=outsider)["profile"] is None
