"""Celery tasks of the matching flow (thin: load, call one service)."""

from celery import shared_task

from . import services
from .models import MatchingRun


@shared_task(name="matching.run_matching", acks_late=True)
def run_matching(*, run_id: int) -> int:
    """Run the engine for one queued run; returns how many proposals it made."""
    run = services.run_execute(run=MatchingRun.objects.get(pk=run_id))
    return run.proposals.count()


@shared_task(name="matching.propose_for_rolling_schemes", acks_late=True)
def propose_for_rolling_schemes() -> int:
    """Daily: propose matches for new applicants of rolling schemes that opted in."""
    return len(services.propose_for_rolling_schemes())
