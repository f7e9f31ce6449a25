"""The receipt an applicant gets when they submit an application."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.emails.links import absolute_url
from accounts.emails.outbox import receipt_send

from ..models import Application, ApplicationStatus


def application_receipt_send(*, application: Application) -> None:
    """Tell the applicant their submitted application was received, and what comes next
    (the waiting list, or the coordinators' review). Side effects: a receipt email."""
    scheme = application.scheme
    if application.status == ApplicationStatus.WAITLISTED:
        next_step = gettext(
            "It is on the waiting list: we will write as soon as a place is available."
        )
    else:
        next_step = gettext(
            "The scheme's coordinators will review it; we will email you their decision."
        )
    receipt_send(
        user=application.applicant,
        key=f"application:{application.pk}:submitted",
        subject=gettext("your application to %(name)s") % {"name": scheme.name},
        received=gettext(
            "Thank you: your application to %(name)s as %(role)s was received on %(day)s."
        )
        % {
            "name": scheme.name,
            "role": application.get_role_display().lower(),
            "day": date_format(timezone.localtime(application.submitted_at), "j F Y"),
        },
        next_step=next_step,
        url=absolute_url(application.get_absolute_url()),
        link_text=gettext("See your application"),
    )
