"""What is decided about an application once submitted: staff accept, waitlist or decline
it (one at a time or in bulk); matching marks it matched, or returns it to the pool after
its relationship ended early."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User
from core.history import with_history_user

from ..models import Application, ApplicationStatus
from ..notes import decision_note_lazy
from .preparation import preparation_blocked_notify


@transaction.atomic
def application_decide(
    *, application: Application, status: str, by: User | None, note: str = ""
) -> Application:
    """Accept, waitlist or decline an application waiting for a match.

    ``by`` is recorded as the one who decided, in the application's history (None: the
    waiting list's automatic offer). Side effects: an email to the applicant (once per
    decision); on acceptance, the preparation notice when preparation is still to do.
    """
    if status not in ApplicationStatus.decision_states:
        raise ValidationError(gettext("'%(status)s' is not a decision.") % {"status": status})
    application = (
        Application.objects.select_for_update()
        .select_related("scheme", "applicant")
        .get(pk=application.pk)
    )
    if application.status not in ApplicationStatus.waiting_states or application.status == status:
        now = application.get_status_display().lower()
        article = "an" if now[:1] in "aeiou" else "a"
        raise ValidationError(
            gettext("Cannot mark %(article)s %(now)s application as %(status)s.")
            % {"article": article, "now": now, "status": status}
        )
    application.status = status
    application.decided_at = timezone.now()
    application.decision_note = note
    if status == ApplicationStatus.ACCEPTED:
        application.accepted_at = application.decided_at
    with_history_user(application, by).save()
    shown = decision_note_lazy(note) if note else ""  # in the recipient's language
    notify(
        kind=NotificationKind.APPLICATION_DECISION,
        key=f"application:{application.pk}:{status}",
        template="application_decision",
        context={"application": application, "scheme": application.scheme, "note": shown},
        user=application.applicant,
        scheme=application.scheme,
    )
    if status == ApplicationStatus.ACCEPTED:
        preparation_blocked_notify(application=application)
    return application


def applications_decide(
    *, applications: Iterable[Application], status: str, by: User, note: str = ""
) -> tuple[int, list[str]]:
    """Bulk decision, each application in its own transaction; returns (how many changed,
    a message naming each one that did not: not open to the decision, or the database busy
    or out of reach past its timeout, when nothing of that application changed).

    Side effects: as ``application_decide``, for each one changed.
    """
    done, problems = 0, []
    for application in applications:
        try:
            application_decide(application=application, status=status, by=by, note=note)
            done += 1
        except ValidationError as exc:
            problems.append(
                gettext("%(application)s: %(messages)s")
                % {"application": application, "messages": " ".join(exc.messages)}
            )
        except (OperationalError, InterfaceError):
            problems.append(
                gettext(
                    "%(application)s: not changed, the database was busy or out "
                    "of reach; select it and try again."
                )
                % {"application": application}
            )
    return done, problems


@transaction.atomic
def application_mark_matched(
    *, application: Application, by: User, places_left: bool = False
) -> Application:
    """Record that the application joined a confirmed match (called by matching).

    ``matched_at`` is set the first time. The status becomes MATCHED, unless
    ``places_left`` (a mentor with places still free), who stays ACCEPTED, in the pool.
    ``by`` (the member whose answer confirmed the match) is recorded in the history.
    Side effects: none.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.matched_at = application.matched_at or timezone.now()
    fields = ["matched_at", "updated_at"]
    if not places_left:
        application.status = ApplicationStatus.MATCHED
        fields.append("status")
    with_history_user(application, by).save(update_fields=fields)
    return application


@transaction.atomic
def application_return_to_pool(*, application: Application, by: User) -> Application:
    """Put a matched (or accepted) application back in the matching pool, as ACCEPTED,
    after its relationship ended early. Other statuses are left as they are.

    ``by`` (the member who asked) is recorded in the history. Side effects: none.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in ApplicationStatus.accepted_states:
        application.status = ApplicationStatus.ACCEPTED
        application.full_clean()
        with_history_user(application, by).save(update_fields=["status", "updated_at"])
    return application
