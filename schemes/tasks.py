"""Periodic scheme tasks (thin: load, call a service)."""

from celery import shared_task

from accounts.models import DigestFrequency

from . import digest, reminders, services
from .models import Scheme

DIGEST_FREQUENCIES = (DigestFrequency.DAILY, DigestFrequency.WEEKLY, DigestFrequency.MONTHLY)


@shared_task(name="schemes.apply_supply_demand_rules", acks_late=True)
def apply_supply_demand_rules() -> int:
    """Re-check every scheme with a supply-and-demand rule; return how many are tripped."""
    tripped = 0
    for scheme in Scheme.objects.filter(demand_threshold__isnull=False):
        tripped += services.scheme_apply_supply_demand_rule(scheme=scheme)
    return tripped


@shared_task(name="schemes.send_application_draft_reminders", acks_late=True)
def send_application_draft_reminders() -> int:
    """Daily: remind applicants of drafts left unfinished."""
    return reminders.application_draft_reminders_send()


@shared_task(name="schemes.send_coordinator_digests", acks_late=True)
def send_coordinator_digests(*, frequency: str | None = None) -> int:
    """Daily: each coordinator's digest, once per the period they chose (all frequencies
    unless ``frequency`` is given)."""
    frequencies = [frequency] if frequency else list(DIGEST_FREQUENCIES)
    return sum(digest.coordinator_digests_send(frequency=f) for f in frequencies)
