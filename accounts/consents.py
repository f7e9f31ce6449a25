"""Recording and reading what members consented to (``ConsentRecord``).

``consent_record`` is called by the owner of each consent in the transaction that changes
it (``sessions_log.services.feedback`` for feedback sharing); ``consents_current`` and
``consent_history`` are the member's own reads, for their profile's consent page and their
data export.
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


def consents_current(*, user: User) -> list[ConsentRecord]:
    """The latest choice per (topic, subject) of ``user``, newest first (one query)."""
    latest: dict[tuple[str, str], ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(user=user).order_by("-recorded_at", "-pk"):
        latest.setdefault((record.topic, record.subject), record)
    return list(latest.values())


def consent_history(*, user: User) -> list[ConsentRecord]:
    """Every choice ``user`` made, newest first (one query)."""
    return list(ConsentRecord.objects.filter(user=user).order_by("-recorded_at", "-pk"))
