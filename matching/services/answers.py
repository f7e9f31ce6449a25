"""Members' answers: accept or decline a match, choose from a shortlist."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User
from schemes.models import Role
from schemes.services import application_mark_matched
from sessions_log.models import RelationshipKind
from sessions_log.selectors import contacts_for
from sessions_log.services import relationship_start
from sessions_log.services.messages import conversation_url

from ..models import (
    MatchingMode,
    Proposal,
    ProposalKind,
    ProposalMember,
    ProposalStatus,
    Response,
)
from ..rules import chooses_shortlist
from ..selectors import places_by_application
from .locks import lock_scheme
from .request_closing import requests_close_for_places_taken
from .review import _check_places, _notify_proposed
from .settings import matching_settings_create


def _confirm(proposal: Proposal, members: list[ProposalMember], by: User) -> None:
    """Start the relationship of a proposal every member accepted (an engine match, a
    shortlist choice, a member-led request): applications matched, the members' waiting
    requests to mentors closed (``request_closing``: the mentee has a mentor; a mentor
    with no place left), and the MATCH_CONFIRMED emails with each other's contacts."""
    scheme = proposal.scheme
    relationship = relationship_start(
        scheme=scheme,
        members=[(m.application.applicant, m.role, m.application) for m in members],
        kind=RelationshipKind.CIRCLE
        if proposal.kind == ProposalKind.CIRCLE
        else RelationshipKind.PAIR,
    )
    now = timezone.now()
    proposal.status = ProposalStatus.CONFIRMED
    proposal.relationship = relationship
    proposal.decided_at = now
    proposal.save(update_fields=["status", "relationship", "decided_at"])
    requests_close_for_places_taken([m.application for m in members], now=now)
    places = places_by_application(applications=[m.application for m in members])
    for member in members:
        is_mentor = member.application.role == Role.MENTOR
        application_mark_matched(
            application=member.application,
            by=by,
            places_left=is_mentor and not places[member.application_id].all_confirmed,
        )
    link = absolute_url(relationship.get_absolute_url())  # where the sessions are planned
    prefetch_related_objects([relationship], "members__user")
    for member in members:
        person = member.application.applicant
        contacts = contacts_for(relationship=relationship, viewer=person)
        notify(
            kind=NotificationKind.MATCH_CONFIRMED,
            key=f"proposal:{proposal.pk}",
            template="matching_confirmed",
            context={
                "proposal": proposal,
                "scheme": scheme,
                "others": [m.application.applicant for m in members if m.pk != member.pk],
                "contacts": contacts,
                "url": link,
                "messages_url": conversation_url(relationship),
            },
            user=person,
            scheme=scheme,
            reply_to=[c.email for c in contacts],
        )


def _notify_declined(proposal: Proposal, others: list[ProposalMember]) -> None:
    """Tell the other members the match will not go ahead, and what comes next: in a
    member-led scheme the directory (a mentee asks another mentor; mentees can ask a
    mentor again), otherwise the coordinators' next proposal."""
    link = absolute_url(reverse("matching:list"))
    member_led = (
        matching_settings_create(scheme=proposal.scheme).matching_mode == MatchingMode.MEMBER_LED
    )
    directory = absolute_url(
        reverse("matching:directory", kwargs={"scheme_pk": proposal.scheme_id})
    )
    for member in others:
        notify(
            kind=NotificationKind.MATCH_PROPOSED,
            key=f"proposal:{proposal.pk}:declined",
            template="matching_declined",
            context={
                "proposal": proposal,
                "scheme": proposal.scheme,
                "url": link,
                "member_led": member_led,
                "is_mentor": member.application.role == Role.MENTOR,
                "directory_url": directory,
            },
            user=member.application.applicant,
            scheme=proposal.scheme,
        )


def _decline(proposal_ids: list[int], *, decided_at: datetime) -> None:
    """Proposals declined by a member: their members' places are released (the pool takes
    them back at the next run) and those pairs are not proposed again
    (``matching.pool.declined_pairs``)."""
    Proposal.objects.filter(pk__in=proposal_ids).update(
        status=ProposalStatus.DECLINED, decided_at=decided_at
    )
    ProposalMember.objects.filter(proposal__in=proposal_ids).update(holds_place=False)


@transaction.atomic
def proposal_respond(*, proposal: Proposal, user: User, accept: bool, reason: str = "") -> Proposal:
    """A member accepts or declines an approved match.

    A decline returns everyone in it to the pool (the pair is not proposed again). When the
    last member accepts, the relationship starts and the applications become matched.
    Side effects: when all accept, a MATCH_CONFIRMED email to each member with the others'
    contact details (``sessions_log.rules.may_see_contact``) and Reply-To set to them (a
    pair: the partner; a circle: every other member); on a decline, an
    email to the other members saying the match will not go ahead (never the reason, which
    only the coordinators see).
    """
    lock_scheme(proposal.scheme_id)
    proposal = Proposal.objects.select_for_update().select_related("scheme").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.APPROVED or proposal.kind == ProposalKind.OPTION:
        raise ValidationError(gettext("This match is no longer waiting for an answer."))
    members = list(proposal.members.select_related("application__applicant").order_by("pk"))
    mine = next((m for m in members if m.application.applicant_id == user.pk), None)
    if mine is None:
        raise ValidationError(gettext("You are not part of this match."))
    if mine.response != Response.PENDING:
        raise ValidationError(gettext("You have already answered."))
    mine.response = Response.ACCEPTED if accept else Response.DECLINED
    mine.response_reason = reason.strip()
    now = timezone.now()
    mine.responded_at = now
    mine.full_clean()
    mine.save()
    if not accept:
        _decline([proposal.pk], decided_at=now)
        _notify_declined(proposal, [m for m in members if m.pk != mine.pk])
    elif all(m.response == Response.ACCEPTED for m in members):
        _confirm(proposal, members, by=user)
    return proposal


def _open_options(application_id: int, *, but: int | None = None) -> list[int]:
    """The ids of the shortlist options still open to a mentee's application, in any run
    of the scheme (a later run never offers more, but older data may hold some)."""
    options = Proposal.objects.filter(
        kind=ProposalKind.OPTION,
        status=ProposalStatus.APPROVED,
        members__application_id=application_id,
    )
    if but is not None:
        options = options.exclude(pk=but)
    return list(options.values_list("pk", flat=True))


@transaction.atomic
def shortlist_choose(*, option: Proposal, user: User) -> Proposal:
    """A mentee picks one option of their shortlist: it becomes their (approved) match,
    accepted on their side; the other options are withdrawn.

    Side effects: a MATCH_PROPOSED email to the chosen mentor (member-led requests close
    when the match is confirmed, ``_confirm``).
    """
    lock_scheme(option.scheme_id)
    option = Proposal.objects.select_for_update().select_related("scheme").get(pk=option.pk)
    if option.kind != ProposalKind.OPTION or option.status != ProposalStatus.APPROVED:
        raise ValidationError(gettext("This option is no longer available."))
    prefetch_related_objects(
        [option],
        Prefetch("members", ProposalMember.objects.select_related("application__applicant")),
    )
    members = list(option.members.all())
    if not chooses_shortlist(user=user, proposal=option):
        raise ValidationError(gettext("Only the mentee can choose from this shortlist."))
    mine = next(m for m in members if m.application.applicant_id == user.pk)
    if places_by_application(applications=[mine.application])[mine.application_id].taken:
        raise ValidationError(gettext("You are already in an approved match in this scheme."))
    now = timezone.now()
    # Every other option still open to the mentee (in any run) is withdrawn, and this one
    # stops being an option, before the places are checked: its own offer is not counted
    # against its mentor (rolled back with the rest if a place has gone).
    Proposal.objects.filter(pk__in=_open_options(mine.application_id, but=option.pk)).update(
        status=ProposalStatus.SUPERSEDED, decided_at=now
    )
    option.kind = ProposalKind.PAIR
    option.save(update_fields=["kind"])
    problems = _check_places(members, {})
    if problems:
        raise ValidationError(problems)
    mine.response = Response.ACCEPTED
    mine.responded_at = now
    mine.save(update_fields=["response", "responded_at"])
    ProposalMember.objects.filter(proposal=option).update(holds_place=True)
    _notify_proposed(option, [m for m in members if m.pk != mine.pk])
    return option


# The longest note a mentee may leave when none of their options suit them.
NONE_SUIT_NOTE_MAX = 1000


@transaction.atomic
def shortlist_decline_all(*, option: Proposal, user: User, note: str) -> list[Proposal]:
    """The mentee says none of the options of their shortlist (``option`` is one of them)
    suit them: every option still open is declined with their note, held places are
    released and the mentee is back in the pool for the next run, where those mentors are
    not offered again.

    Side effects: none by email. The options' mentors are told nothing (they never heard
    of the shortlist); the coordinators read the note on the proposals and the application
    in the admin and in their digest (``insights.digest``).
    """
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Tell the coordinator why none of these suit you.")})
    if len(note) > NONE_SUIT_NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note to %(max)d characters.") % {"max": NONE_SUIT_NOTE_MAX}}
        )
    lock_scheme(option.scheme_id)
    option = Proposal.objects.select_for_update().get(pk=option.pk)
    if option.kind != ProposalKind.OPTION or option.status != ProposalStatus.APPROVED:
        raise ValidationError(_("This shortlist is no longer open."))
    prefetch_related_objects([option], "members__application")
    if not chooses_shortlist(user=user, proposal=option):
        raise ValidationError(_("Only the mentee can answer this shortlist."))
    mine = next(m for m in option.members.all() if m.application.applicant_id == user.pk)
    options = list(
        Proposal.objects.filter(pk__in=_open_options(mine.application_id)).order_by("rank", "pk")
    )
    now = timezone.now()
    ids = [o.pk for o in options]
    ProposalMember.objects.filter(proposal__in=ids, application_id=mine.application_id).update(
        response=Response.DECLINED, response_reason=note, responded_at=now
    )
    _decline(ids, decided_at=now)
    return options
