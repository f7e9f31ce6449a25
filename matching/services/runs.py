"""Start and execute matching runs; the scheduled run for rolling schemes."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from schemes.models import Scheme

from .. import pool as pools
from .. import runner
from ..models import (
    MatchingRun,
    Proposal,
    ProposalMember,
    ProposalStatus,
    RunStatus,
)
from ..tasks import run_matching as run_matching_task
from .locks import lock_scheme
from .review import run_approve


def _refuse_second_run(scheme: Scheme, *, excluding: int | None = None) -> None:
    """Refuse a run while another of ``scheme`` is queued or running (call under the
    scheme's lock): repeated requests must not stack up work for the worker. The database's
    ``one_unfinished_run_per_scheme`` constraint refuses what would slip past."""
    runs = MatchingRun.objects.filter(scheme=scheme, status__in=RunStatus.unfinished_states)
    if excluding is not None:
        runs = runs.exclude(pk=excluding)
    unfinished = runs.order_by("pk").first()
    if unfinished is not None:
        raise ValidationError(
            gettext(
                "Matching run #%(pk)s for %(name)s is already %(status)s: wait "
                "for it to finish before starting another."
            )
            % {
                "pk": unfinished.pk,
                "name": scheme.name,
                "status": unfinished.get_status_display().lower(),
            }
        )


@transaction.atomic
def run_start(
    *, scheme: Scheme, by: User | None, parameters: dict[str, Any] | None = None
) -> MatchingRun:
    """Queue a matching run for ``scheme``.

    Raises ValidationError (and queues nothing) while another run of the scheme is queued
    or running. Side effects: on commit, the Celery task ``matching.run_matching`` runs it.
    """
    if scheme.is_booked:
        raise ValidationError(
            gettext(
                "%(scheme)s is a flash mentoring scheme: members book conversations from "
                "the mentors' slots, so it has no matching run."
            )
            % {"scheme": scheme.name}
        )
    lock_scheme(scheme.pk)
    _refuse_second_run(scheme)
    settings = pools.settings_for(scheme)
    params = {
        "kind": scheme.kind,
        "mentee_choice": scheme.mentee_choice,
        "shortlist_size": scheme.shortlist_size,
        "circle_size_min": scheme.circle_size_min,
        "circle_size_max": scheme.circle_size_max,
        "weights": settings.as_weights().__dict__,
        **(parameters or {}),
    }
    run = MatchingRun(scheme=scheme, started_by=by, parameters=params)
    run.full_clean()
    run.save()

    def enqueue() -> None:
        run_matching_task.delay(run_id=run.pk)

    transaction.on_commit(enqueue)
    return run


def _progress(run: MatchingRun, progress: int, **fields: Any) -> None:
    """Record progress outside any transaction so the admin sees it while the run works."""
    MatchingRun.objects.filter(pk=run.pk).update(progress=progress, **fields)


def run_execute(*, run: MatchingRun) -> MatchingRun:
    """Score the scheme's pool, solve, and store the proposals of ``run``.

    Earlier runs' proposals still awaiting approval are superseded. Side effects: none
    (nobody is told until an administrator approves).
    """
    run = MatchingRun.objects.select_related("scheme").get(pk=run.pk)
    if run.status not in (RunStatus.QUEUED, RunStatus.FAILED):
        raise ValidationError(gettext("Run #%(pk)s has already been run.") % {"pk": run.pk})
    if run.status == RunStatus.FAILED:
        # A retry becomes unfinished again: not beside another run of the scheme.
        _refuse_second_run(run.scheme, excluding=run.pk)
    _progress(run, 5, status=RunStatus.RUNNING, started_at=timezone.now(), error="")
    try:
        pool = pools.build_pool(run.scheme)
        _progress(run, 30)
        outcome = runner.solve(pool)
        _progress(run, 80)
        _store(run=run, outcome=outcome)
    except Exception as exc:
        _progress(run, 100, status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    return run


@transaction.atomic
def _store(*, run: MatchingRun, outcome: runner.Outcome) -> None:
    lock_scheme(run.scheme_id)
    Proposal.objects.filter(scheme_id=run.scheme_id, status=ProposalStatus.PROPOSED).exclude(
        run=run
    ).update(status=ProposalStatus.SUPERSEDED, decided_at=timezone.now())
    _store_groups(run=run, groups=outcome.groups)
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FINISHED,
        progress=100,
        objective=outcome.objective,
        upper_bound=outcome.upper_bound,
        optimality=outcome.optimality,
        optimality_gap=outcome.gap,
        placed=outcome.placed,
        placed_max=outcome.placed_max,
        unmatched=outcome.unmatched,
        finished_at=timezone.now(),
    )


def _store_groups(*, run: MatchingRun, groups: list[runner.Group]) -> None:
    """The run's proposals and their members in a fixed number of queries, however many."""
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                run=run,
                scheme_id=run.scheme_id,
                kind=group.kind,
                score=group.score.value or 0.0,
                reasons=group.score.reasons_as_dicts(),
                rank=group.rank,
            )
            for group in groups
        ],
        batch_size=1000,
    )
    ProposalMember.objects.bulk_create(
        [
            ProposalMember(proposal=proposal, application=app, role=pools.member_role(app.role))
            for proposal, group in zip(proposals, groups, strict=True)
            for app in group.applications
        ],
        batch_size=1000,
    )


@transaction.atomic
def _queue_scheduled(scheme: Scheme) -> MatchingRun:
    """A scheduled run of ``scheme`` (executed here, not by the worker)."""
    lock_scheme(scheme.pk)
    _refuse_second_run(scheme)
    return MatchingRun.objects.create(
        scheme=scheme, started_by=None, parameters={"kind": scheme.kind, "scheduled": True}
    )


def propose_for_rolling_schemes() -> list[MatchingRun]:
    """Scheduled: a run for each rolling scheme that opted in and has someone waiting.

    Runs are approved at once only where the scheme opted out of human approval.
    Side effects: as ``run_execute`` and, when approving, ``run_approve``.
    """
    from schemes.models import Intake, Phase

    from ..models import MatchingSettings

    runs = []
    opted = MatchingSettings.objects.filter(
        scheduled_runs=True,
        scheme__intake=Intake.ROLLING,
        scheme__phase__in=Phase.recruiting_states,
    ).select_related("scheme")
    for settings in opted:
        scheme = settings.scheme
        pool = pools.build_pool(scheme)
        waiting = pool.peers if scheme.is_one_pool else pool.mentees
        if not waiting:
            continue
        try:
            run = _queue_scheduled(scheme)
        except ValidationError:  # a run of the scheme is queued or running: wait for it
            continue
        run = run_execute(run=run)
        if settings.approve_automatically and run.proposals.exists():
            # If someone's place went meanwhile, a person reviews this run instead.
            with contextlib.suppress(ValidationError):
                run_approve(run=run, by=None)
        runs.append(run)
    return runs
