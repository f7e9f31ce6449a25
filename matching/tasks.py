"""Celery tasks of the matching flow (thin: load, call one service). The services are
imported in the task bodies: ``matching.services.runs`` imports these tasks."""

from celery import shared_task

from .models import MatchingRun, RunStatus


@shared_task(name="matching.run_matching", acks_late=True)
def run_matching(*, run_id: int) -> int:
    """Run the engine for one queued run; returns how many proposals it made."""
    from . import services

    run = MatchingRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        # A redelivered (acks_late) or duplicate message: the run has been executed already.
        return run.proposals.count()
    run = services.run_execute(run=run)
    return run.proposals.count()


@shared_task(name="matching.propose_for_rolling_schemes", acks_late=True)
def propose_for_rolling_schemes() -> int:
    """Daily: propose matches for new applicants of rolling schemes that opted in."""
    from . import services

    return len(services.propose_for_rolling_schemes())


@shared_task(name="matching.send_proposal_reminders", acks_late=True)
def send_proposal_reminders() -> int:
    """Daily: remind members who have not answered a proposed match."""
    from . import reminders

    return reminders.proposal_reminders_send()


@shared_task(name="matching.sweep_mentor_requests", acks_late=True)
def sweep_mentor_requests() -> int:
    """Daily: remind mentors of requests about to expire, expire those left unanswered;
    returns how many requests changed."""
    from .services.request_expiry import mentor_requests_sweep

    reminded, expired = mentor_requests_sweep()
    return reminded + expired
