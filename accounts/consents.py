"""Recording and reading what members consented to (``ConsentRecord``).

``consent_record`` is called by the owner of each consent in the transaction that changes
it (``sessions_log.services.feedback`` for feedback sharing); ``consent_history`` is the
member's own read, for their consents page. The latest row of a (topic, subject) is the
current state; the switch itself stays with the app that acts on it.
"""

from __future__ import annotations

from .models import ConsentRecord, ConsentTopic, User


def consent_record(
    *,
    user: User,
    topic: ConsentTopic,
    given: bool,
    wording: str,
    source: str,
    subject: str = "",
    subject_label: str = "",
) -> ConsentRecord:
    """Add one choice to ``user``'s consent history (never edits an earlier row)."""
    record = ConsentRecord(
        user=user,
        topic=topic,
        subject=subject,
        subject_label=subject_label,
        given=given,
        wording=wording,
        source=source,
    )
    record.full_clean()
    record.save()
    return record


def consent_history(*, user: User) -> list[ConsentRecord]:
    """Every choice ``user`` made, newest first (one query)."""
    return list(ConsentRecord.objects.filter(user=user).order_by("-recorded_at", "-pk"))
