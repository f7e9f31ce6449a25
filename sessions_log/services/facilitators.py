"""A circle's facilitator: proposed by the scheme's coordinator, accepted by every member.

The facilitator joins the circle only once each of its members has accepted them (as both
members accept a proposed match), and from then on reads only what is written after their
joining (``sessions_log.rules.filter_readable``, ``sessions_readable``): a coordinator
cannot make someone, least of all themselves, a reader of a circle's earlier notes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.models import NotificationKind, User
from schemes.models import Scheme
from schemes.rules import user_coordinates_scheme

from ..models import (
    ConsentResponse,
    FacilitatorConsent,
    MemberRole,
    Relationship,
    RelationshipKind,
    RelationshipMember,
    SessionStatus,
)
from ..rules import facilitator_candidates, relationship_membership


def _check_can_facilitate(relationship: Relationship, user: User) -> None:
    """Refuse unless ``relationship`` is a live circle of a scheme with facilitators and
    ``user`` can sign in."""
    if relationship.kind != RelationshipKind.CIRCLE:
        raise ValidationError(gettext("Only a circle has a facilitator."))
    if not relationship.scheme.circles_have_facilitator:
        raise ValidationError(
            gettext(
                "%(name)s does not use facilitators: turn on “circles have a "
                "facilitator” on the scheme first."
            )
            % {"name": relationship.scheme.name}
        )
    if not relationship.is_open:
        raise ValidationError(gettext("This circle has finished."))
    if not user.is_active:
        raise ValidationError(
            gettext("%(email)s cannot sign in, so cannot facilitate.") % {"email": user.email}
        )


def _check_has_part_in_scheme(scheme: Scheme, user: User) -> None:
    """The facilitator reads the circle's plan and notes from their joining, so it must be
    a member who applied to the scheme: never a stranger by a typo, and never staff by
    virtue of coordinating it (staff see dates and counts, never a circle's content)."""
    if not facilitator_candidates(scheme=scheme).filter(pk=user.pk).exists():
        raise ValidationError(
            gettext(
                "%(email)s has not applied to %(name)s: a facilitator must be "
                "a member who applied to the scheme."
            )
            % {"email": user.email, "name": scheme.name}
        )


def _check_may_appoint(relationship: Relationship, user: User, by: User) -> None:
    """Only the scheme's coordinators (and administrators) propose, and never themselves."""
    if not user_coordinates_scheme(user=by, scheme=relationship.scheme):
        raise PermissionDenied(gettext("Only the scheme's coordinators appoint a facilitator."))
    if user.pk == by.pk:
        raise ValidationError(gettext("Nobody can appoint themselves facilitator of a circle."))


def _circle_url(relationship: Relationship, name: str = "sessions_log:relationship") -> str:
    return absolute_url(reverse(name, args=[relationship.pk]))


def _notify(
    relationship: Relationship, template: str, key: str, recipients: list[User], **context: Any
) -> None:
    for recipient in recipients:
        notify(
            kind=NotificationKind.RELATIONSHIP_UPDATE,
            key=key,
            template=template,
            context={"relationship": relationship, "scheme": relationship.scheme, **context},
            user=recipient,
            scheme=relationship.scheme,
        )


@transaction.atomic
def circle_facilitator_set(
    *, relationship: Relationship, user: User, by: User
) -> list[FacilitatorConsent]:
    """Propose ``user`` as the facilitator of a circle: each member is asked to accept, and
    ``user`` joins once all have (``facilitator_answer``). Replaces an earlier proposal
    still awaiting answers; a facilitator who has not yet held a session with the circle
    is replaced when the new one joins.

    Only circles of schemes that have facilitators, while active or paused; ``by`` must
    coordinate the scheme and cannot propose themselves; the facilitator must have applied
    to the scheme and cannot be one of the circle's members.
    Side effects: a RELATIONSHIP_UPDATE email to each member asking them to answer.
    """
    relationship = (
        Relationship.objects.select_for_update().select_related("scheme").get(pk=relationship.pk)
    )
    _check_may_appoint(relationship, user, by)
    _check_can_facilitate(relationship, user)
    members = list(relationship.members.select_related("user"))
    current = next((m for m in members if m.role == MemberRole.FACILITATOR), None)
    _check_not_in_circle(relationship, user, current)
    _check_has_part_in_scheme(relationship.scheme, user)
    _check_replaceable(relationship, current)
    # One proposal at a time; asking again about the same person starts afresh.
    relationship.facilitator_consents.filter(response=ConsentResponse.PENDING).delete()
    relationship.facilitator_consents.filter(facilitator=user).delete()
    circle = [m.user for m in members if m.role != MemberRole.FACILITATOR]
    consents = _ask(relationship, user, by, circle)
    _notify(
        relationship,
        "sessions_log_facilitator_proposed",
        f"facilitator-proposed:{consents[0].pk}",
        circle,
        facilitator=user,
        url=_circle_url(relationship, "sessions_log:facilitator_answer"),
    )
    return consents


def _check_not_in_circle(
    relationship: Relationship, user: User, current: RelationshipMember | None
) -> None:
    """Refuse the circle's facilitator (``current``) or one of its members."""
    mine = relationship_membership(user=user, relationship=relationship)
    if mine is not None and mine == current:
        raise ValidationError(
            gettext("%(display_name)s already facilitates this circle.")
            % {"display_name": user.display_name}
        )
    if mine is not None:
        raise ValidationError(
            gettext("%(display_name)s is a member of this circle.")
            % {"display_name": user.display_name}
        )


def _check_replaceable(relationship: Relationship, current: RelationshipMember | None) -> None:
    """A facilitator who has held a session with the circle stays its facilitator."""
    if current is not None and relationship.sessions.filter(status=SessionStatus.HELD).exists():
        raise ValidationError(
            gettext(
                "%(display_name)s has facilitated sessions of this circle, so "
                "stays its facilitator."
            )
            % {"display_name": current.user.display_name}
        )


def _ask(
    relationship: Relationship, facilitator: User, by: User, circle: list[User]
) -> list[FacilitatorConsent]:
    """A consent awaiting an answer from each member of ``circle``."""
    consents = []
    for member in circle:
        consent = FacilitatorConsent(
            relationship=relationship, facilitator=facilitator, member=member, invited_by=by
        )
        consent.full_clean()
        consent.save()
        consents.append(consent)
    return consents


def _join(relationship: Relationship, facilitator: User) -> RelationshipMember:
    """Every member accepted: ``facilitator`` joins now (and reads from now on)."""
    relationship.members.filter(role=MemberRole.FACILITATOR).delete()
    joined = RelationshipMember(
        relationship=relationship,
        user=facilitator,
        role=MemberRole.FACILITATOR,
        joined_at=timezone.now(),
    )
    joined.full_clean()
    joined.save()
    circle = [m.user for m in relationship.members.exclude(pk=joined.pk).select_related("user")]
    for recipient in [facilitator, *circle]:
        _notify(
            relationship,
            "sessions_log_facilitator",
            f"facilitator:{joined.pk}",
            [recipient],
            facilitator=facilitator,
            is_facilitator=recipient.pk == facilitator.pk,
            members=circle,
            url=_circle_url(relationship),
        )
    return joined


@transaction.atomic
def facilitator_answer(
    *, relationship: Relationship, by: User, accept: bool
) -> RelationshipMember | None:
    """A circle member accepts or declines the facilitator proposed to them.

    A decline ends the proposal (the other members' questions are withdrawn; the
    coordinator may propose someone else). When the last member accepts, the facilitator
    joins and is returned. Side effects: when they join, a RELATIONSHIP_UPDATE email to the
    facilitator and to each member.
    """
    relationship = (
        Relationship.objects.select_for_update().select_related("scheme").get(pk=relationship.pk)
    )
    consent = relationship.facilitator_consents.filter(
        member=by, response=ConsentResponse.PENDING
    ).first()
    if consent is None or relationship_membership(user=by, relationship=relationship) is None:
        raise ValidationError(gettext("There is no facilitator waiting for your answer."))
    if not relationship.is_open:
        raise ValidationError(gettext("This circle has finished."))
    consent.response = ConsentResponse.ACCEPTED if accept else ConsentResponse.DECLINED
    consent.responded_at = timezone.now()
    consent.full_clean()
    consent.save()
    proposal = relationship.facilitator_consents.filter(facilitator=consent.facilitator_id)
    if not accept:
        proposal.filter(response=ConsentResponse.PENDING).delete()
        return None
    if proposal.exclude(response=ConsentResponse.ACCEPTED).exists():
        return None
    return _join(relationship, consent.facilitator)
