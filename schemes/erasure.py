"""The schemes part of erasure (``accounts.erasure``): a person's applications keep their
scheme, role, status, areas and dates (the funnel, time to match and the funders'
applications export count them) and lose their answers, hopes and decision notes, in
their history too; registrations of interest keep their role and date and lose the name
and address; an erased coordinator no longer coordinates any scheme."""

from __future__ import annotations

from django.db.models import Q

from accounts.erasure import PLACEHOLDER_DOMAIN, ErasureSubject
from core.history import history_scrub

from .models import Application, Scheme, Subscription

#: An application's content once erased (retention of closed applications uses it too).
EMPTIED_APPLICATION = {"hopes": "", "answers": {}, "decision_note": ""}


def applications_empty(pks: list[int]) -> int:
    """Empty the content of the applications ``pks`` and of their history rows."""
    changed = Application.objects.filter(pk__in=pks).update(**EMPTIED_APPLICATION)
    history_scrub(Application, pks, EMPTIED_APPLICATION)
    return changed


def erase(subject: ErasureSubject) -> None:
    user = subject.user
    applications = list(Application.objects.filter(applicant=user))
    for application in applications:
        subject.quoted(application.hopes, application.decision_note)
        subject.quoted(*(str(v) for v in (application.answers or {}).values()))
    subject.count("applications", applications_empty([a.pk for a in applications]))
    emails = [m for m in subject.markers if "@" in m]
    registered = Q(user=user) | Q(email__in=emails)
    for email in emails:
        registered |= Q(email__iexact=email)
    for subscription in Subscription.objects.filter(registered):
        Subscription.objects.filter(pk=subscription.pk).update(
            email=f"erased-subscription-{subscription.pk}@{PLACEHOLDER_DOMAIN}", name=""
        )
        subject.count("registrations of interest", 1)
    # A coordinator erased coordinates nothing (no digest goes to the placeholder).
    coordinated = Scheme.coordinators.through.objects.filter(user=user)
    subject.count("schemes coordinated", coordinated.delete()[0])
