"""Preparation members can complete: the scheme's online module, and telling an applicant
(once) that preparation is all that keeps them from being matched."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, SentNotification, User

from ..models import Application, ApplicationStatus, PreparationCompletion, Scheme
from ..selectors import preparation_blocked, preparation_complete, preparation_role

NOT_ACCEPTED = gettext_noop("Tick the box to confirm you have read and accept the code of conduct.")


@transaction.atomic
def preparation_module_complete(
    *, application: Application, code_of_conduct_accepted: bool, by: User
) -> PreparationCompletion:
    """The applicant completed the scheme's online preparation and accepted its code of
    conduct: the preparation gate of their role is satisfied. Completing it twice keeps
    the first record. Side effects: none."""
    if application.applicant_id != by.pk:
        raise ValidationError(gettext("Only the applicant can complete their own preparation."))
    if application.status not in ApplicationStatus.live_states:
        raise ValidationError(
            gettext("This application is closed; there is nothing to prepare for.")
        )
    scheme = application.scheme
    if not scheme.preparation_required or not hasattr(scheme, "preparation_module"):
        raise ValidationError(
            gettext("%(name)s has no online preparation to complete.") % {"name": scheme.name}
        )
    if not code_of_conduct_accepted:
        raise ValidationError(gettext(NOT_ACCEPTED))
    completion, _ = PreparationCompletion.objects.get_or_create(
        scheme=scheme,
        user=by,
        role=preparation_role(application.role),
        defaults={"code_of_conduct_accepted": True},
    )
    return completion


def preparation_page_url(application: Application) -> str:
    return absolute_url(reverse("schemes:preparation", args=[application.pk]))


def preparation_blocked_notify(*, application: Application) -> SentNotification | None:
    """Tell an accepted applicant, once, that only the scheme's preparation keeps them from
    being matched, and how to complete it. Nothing when they are not blocked.
    Side effects: one APPLICATION_DECISION email per application (the outbox key)."""
    scheme = application.scheme
    if application.status != ApplicationStatus.ACCEPTED or preparation_complete(
        scheme=scheme, user=application.applicant, role=application.role
    ):
        return None
    return notify(
        kind=NotificationKind.APPLICATION_DECISION,
        key=f"preparation:{application.pk}",
        template="schemes_preparation_required",
        context={
            "application": application,
            "scheme": scheme,
            "url": preparation_page_url(application),
        },
        user=application.applicant,
        scheme=scheme,
    )


def preparation_reminders_send() -> int:
    """Daily sweep: email every accepted applicant blocked by preparation who has not been
    told (a scheme that starts requiring preparation, an import of accepted applicants).
    Idempotent: each application is emailed once. Returns how many were emailed."""
    sent = 0
    for application in preparation_blocked(Scheme.objects.all()):
        with transaction.atomic():
            sent += preparation_blocked_notify(application=application) is not None
    return sent
