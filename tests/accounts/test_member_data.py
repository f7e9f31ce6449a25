"""The accounts part of a member's data export: their own account records only."""

from datetime import UTC, datetime

import pytest

from accounts.member_data import member_data
from accounts.models import EmailPreference, NotificationKind, SentNotification

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
        }
    ]
    assert outsider.email not in repr(data)
    assert "Outsider's match" not in repr(data)


def test_accounts_part_without_a_profile(outsider):
    outsider.profile.delete()
    outsider.refresh_from_db()
    assert member_data(user=outsider)["profile"] is None
