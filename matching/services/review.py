"""The administrator's review: approve a run, reject or change proposals by hand."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User
from schemes.models import Application, ApplicationStatus, Role

from .. import pool as pools
from .. import scoring
from ..models import (
    MatchingRun,
    Proposal,
    ProposalKind,
    ProposalMember,
    ProposalStatus,
    RunStatus,
)
from ..selectors import places_by_application
from .locks import lock_scheme


def _member_link(proposal: Proposal) -> str:
    return absolute_url(reverse("matching:detail", kwargs={"pk": proposal.pk}))


def _notify_proposed(proposal: Proposal, members: list[ProposalMember]) -> None:
    for member in members:
        user = member.application.applicant
        others = [m.application.applicant for m in proposal.members.all() if m.pk != member.pk]
        notify(
            kind=NotificationKind.MATCH_PROPOSED,
            key=f"proposal:{proposal.pk}",
            template="matching_proposed",
            context={
                "proposal": proposal,
                "scheme": proposal.scheme,
                "others": others,
                # for the subject's translatable sentence (a loop cannot sit inside one)
                "other_names": ", ".join(o.display_name for o in others),
                "is_choice": proposal.kind == ProposalKind.OPTION,
                # called by the template, in the recipient's language and zone; only what
                # the other members show the recipient (``matching.reason_visibility``)
                "reasons": partial(proposal.reasons_for_members, user),
                "url": _member_link(proposal),
            },
            user=user,
            scheme=proposal.scheme,
        )


def _no_place_left(name: str, *, left: int, capacity: int) -> str:
    """A mentor's places are all taken, or fewer are left than the proposals chosen with them
    at once (the message says which, so a coordinator approves fewer, not none)."""
    if not left:
        return gettext("%(name)s has no place left (capacity %(capacity)s).") % {
            "name": name,
            "capacity": capacity,
        }
    return ngettext(
        "%(name)s has %(left)s place left (capacity %(capacity)s), too few for every "
        "proposal chosen with them: approve fewer of theirs.",
        "%(name)s has %(left)s places left (capacity %(capacity)s), too few for every "
        "proposal chosen with them: approve fewer of theirs.",
        left,
    ) % {"name": name, "left": left, "capacity": capacity}


def _check_places(members: list[ProposalMember], extra: dict[int, int]) -> list[str]:
    """Problems with giving ``members`` a place now (call under the scheme lock).

    ``extra``: places given earlier in the same approval, by application id (updated here).
    """
    problems = []
    apps = Application.objects.in_bulk([m.application_id for m in members])
    places = places_by_application(applications=apps.values())
    for member in members:
        app = apps[member.application_id]
        name = member.application.applicant.display_name
        given = extra.get(app.pk, 0)
        if app.status != ApplicationStatus.ACCEPTED:
            problems.append(
                gettext("%(name)s's application is %(status)s.")
                % {"name": name, "status": app.get_status_display().lower()}
            )
        elif app.role == Role.MENTOR:
            left = places[app.pk].left
            if left <= given:
                problems.append(_no_place_left(name, left=left, capacity=app.capacity))
            extra[app.pk] = given + 1
        elif places[app.pk].taken or given:
            problems.append(gettext("%(name)s is already in an approved match.") % {"name": name})
        elif places[app.pk].offered:
            problems.append(
                gettext("%(name)s already has shortlist options waiting for their choice.")
                % {"name": name}
            )
        else:
            extra[app.pk] = 1
    return problems


def _with_whole_shortlists(proposals: list[Proposal], chosen: set[int]) -> list[Proposal]:
    """The ``chosen`` proposals, with every other option of a chosen mentee's shortlist (a
    mentee chooses between their whole shortlist, so it is approved together)."""
    option_ids = [p.pk for p in proposals if p.pk in chosen and p.kind == ProposalKind.OPTION]
    mentees = set(
        ProposalMember.objects.filter(proposal_id__in=option_ids, role=Role.MENTEE).values_list(
            "application_id", flat=True
        )
    )
    if mentees:
        chosen = chosen | set(
            ProposalMember.objects.filter(
                proposal__in=[p for p in proposals if p.kind == ProposalKind.OPTION],
                application_id__in=mentees,
            ).values_list("proposal_id", flat=True)
        )
    return [p for p in proposals if p.pk in chosen]


def _placed(
    proposals: list[Proposal], members_of: dict[int, list[ProposalMember]]
) -> list[ProposalMember]:
    """The members whose places an approval takes: everyone in a pair or circle; for a
    shortlist, each option's mentor (an option holds a mentor's place until the mentee
    chooses) and its mentee once."""
    placed, mentees = [], set()
    for proposal in proposals:
        for member in members_of[proposal.pk]:
            if proposal.kind == ProposalKind.OPTION and member.role == Role.MENTEE:
                if member.application_id in mentees:
                    continue
                mentees.add(member.application_id)
            placed.append(member)
    return placed


@transaction.atomic
def run_approve(
    *, run: MatchingRun, by: User | None, proposal_ids: Iterable[int] | None = None
) -> list[Proposal]:
    """Approve the proposals of ``run`` still awaiting approval: every one, or only those
    in ``proposal_ids`` (a shortlist option brings its whole shortlist). All or none.

    Pairs and circles take their members' places (``Places``: a mentor's capacity, one
    place for a mentee or peer) and each member is asked to accept; shortlist options are
    offered to the mentee to choose from. Ids that are not awaiting approval in this run
    are ignored. Raises ValidationError (and approves nothing) if nothing is left to
    approve or someone's place has gone meanwhile.
    Side effects: a MATCH_PROPOSED email to each member (mentee only for options).
    Member-led requests are left waiting: a proposal may still be declined, so they close
    when it is confirmed (``answers._confirm``).
    """
    lock_scheme(run.scheme_id)
    run = MatchingRun.objects.select_related("scheme").get(pk=run.pk)
    if run.status != RunStatus.FINISHED:
        raise ValidationError(gettext("Only a finished run can be approved."))
    proposals = list(
        Proposal.objects.select_for_update()
        .filter(run=run, status=ProposalStatus.PROPOSED)
        .order_by("pk")
    )
    if proposal_ids is not None:
        proposals = _with_whole_shortlists(proposals, set(proposal_ids))
    if not proposals:
        raise ValidationError(gettext("This run has no proposals awaiting approval."))
    members_of: dict[int, list[ProposalMember]] = {p.pk: [] for p in proposals}
    for member in ProposalMember.objects.filter(proposal__in=proposals).select_related(
        "application__applicant"
    ):
        members_of[member.proposal_id].append(member)
    problems = _check_places(_placed(proposals, members_of), {})
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for proposal in proposals:
        proposal.scheme = run.scheme
        proposal.status = ProposalStatus.APPROVED
        proposal.approved_by = by
        proposal.approved_at = now
        proposal.full_clean()
        proposal.save()
        members = members_of[proposal.pk]
        if proposal.kind == ProposalKind.OPTION:
            mentees = [m for m in members if m.role == Role.MENTEE]
            if proposal.rank == 1:
                _notify_proposed(proposal, mentees)
            continue
        ProposalMember.objects.filter(proposal=proposal).update(holds_place=True)
        _notify_proposed(proposal, members)
    return proposals


@transaction.atomic
def proposal_reject(*, proposal: Proposal, by: User) -> Proposal:
    """Drop one proposal from a run before approval. Side effects: none."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(gettext("Only a proposal awaiting approval can be rejected."))
    proposal.status = ProposalStatus.REJECTED
    proposal.overridden_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "overridden_by", "decided_at"])
    return proposal


class Change(NamedTuple):
    """A proposal a replacement would change: its score now and after (None: forbidden,
    and ``rule`` names the hard constraints that forbid it)."""

    proposal: Proposal
    before: float
    after: float | None
    rule: str = ""


def _change(pool: pools.Pool, proposal: Proposal, applications: list[Application]) -> Change:
    score = pools.score_group(pool, applications)
    rule = ""
    if score.forbidden:
        rule = scoring.forbidding_rules(score, pool.weights) or gettext("a hard constraint")
    return Change(proposal, proposal.score, score.value, rule)


def override_preview(
    *, proposal: Proposal, member: ProposalMember, application: Application
) -> list[Change]:
    """The proposals a replacement would change, with their scores now and after.

    Replacing ``member`` by ``application``: if the application is in another proposal of
    the same run awaiting approval, the two swap places.
    """
    if member.proposal_id != proposal.pk:
        raise ValidationError(gettext("That person is not in this proposal."))
    if application.scheme_id != proposal.scheme_id or application.role != member.application.role:
        raise ValidationError(gettext("Choose someone in the same scheme and role."))
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(gettext("Only a proposal awaiting approval can be changed."))
    pool = pools.build_pool(proposal.scheme)
    other = (
        ProposalMember.objects.filter(
            proposal__run_id=proposal.run_id,
            proposal__status=ProposalStatus.PROPOSED,
            application=application,
        )
        .exclude(proposal=proposal)
        .select_related("proposal")
        .first()
    )
    changes: list[Change] = []
    apps = [m.application for m in proposal.members.select_related("application__applicant")]
    new_apps = [application if a.pk == member.application_id else a for a in apps]
    if application.pk in {a.pk for a in apps}:
        raise ValidationError(gettext("That person is already in this proposal."))
    changes.append(_change(pool, proposal, new_apps))
    if other is not None:
        other_apps = [
            m.application for m in other.proposal.members.select_related("application__applicant")
        ]
        swapped = [member.application if a.pk == application.pk else a for a in other_apps]
        changes.append(_change(pool, other.proposal, swapped))
    return changes


@transaction.atomic
def proposal_override(
    *, proposal: Proposal, member: ProposalMember, application: Application, by: User
) -> list[Proposal]:
    """Replace (or swap) one member of a proposal by hand and rescore what changed.

    Raises ValidationError when the change would pair people a hard constraint forbids.
    Side effects: none (nothing is sent before approval).
    """
    lock_scheme(proposal.scheme_id)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    member = ProposalMember.objects.select_related("application__applicant").get(pk=member.pk)
    changes = override_preview(proposal=proposal, member=member, application=application)
    refused = next((c for c in changes if c.after is None), None)
    if refused is not None:
        raise ValidationError(
            gettext("A hard constraint forbids that match: %(rule)s.") % {"rule": refused.rule}
        )
    pool = pools.build_pool(proposal.scheme)
    old_application = member.application
    if len(changes) == 2:
        other = changes[1].proposal
        ProposalMember.objects.filter(proposal=other, application=application).update(
            application=old_application
        )
    member.application = application
    member.save(update_fields=["application"])
    updated = []
    for changed, *_ in changes:
        apps = [m.application for m in changed.members.select_related("application__applicant")]
        score = pools.score_group(pool, apps)
        changed.score = score.value or 0.0
        changed.reasons = score.reasons_as_dicts()
        changed.overridden_by = by
        changed.save(update_fields=["score", "reasons", "overridden_by"])
        updated.append(changed)
    return updated
