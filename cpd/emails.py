"""The reflection-prompt email, for the reminders task to call once per awaiting session
(``selectors.sessions_awaiting_reflection``)."""

from __future__ import annotations

from django.urls import reverse

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, SentNotification, User
from sessions_log.models import Session


def reflection_prompt_send(*, user: User, session: Session) -> SentNotification | None:
    """Email ``user`` a link to reflect on ``session``; once per user and session.

    Side effects: a SentNotification row; delivery on commit (skipped if opted out).
    """
    url = absolute_url(reverse("cpd:reflection_for_session", kwargs={"session_id": session.pk}))
    return notify(
        kind=NotificationKind.REFLECTION_PROMPT,
        key=f"session:{session.pk}",
        template="cpd_reflection_prompt",
        context={"session": session, "scheme": session.relationship.scheme, "url": url},
        user=user,
        scheme=session.relationship.scheme,
    )
