"""Periodic scheme tasks (thin: load, call a service)."""

from celery import shared_task

from . import reminders, services
from .models import Scheme


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


@shared_task(name="schemes.send_lifecycle_notices", acks_late=True)
def send_lifecycle_notices() -> int:
    """Daily: tell applicants blocked by preparation, and everyone who registered interest
    in a role whose recruitment window has opened (each email once)."""
    from .services.preparation import preparation_reminders_send
    from .services.recruitment import recruitment_open_notices_send

    return preparation_reminders_send() + recruitment_open_notices_send()


@shared_task(name="schemes.send_recruitment_open_notices", acks_late=True)
def send_recruitment_open_notices(scheme_id: int) -> int:
    """After a scheme is saved: its interested people hear at once of a window open today
    (each email once, as the daily run would send it)."""
    from .services.recruitment import recruitment_open_notices_send

    return recruitment_open_notices_send(scheme_id=scheme_id)
