"""Who is a member of a relationship, and the coordinator's model permissions for this app.

A relationship's members (mentor, mentee, peers, a circle's facilitator) are the only
readers of its notes, expectations, goals and actions: ``relationship_membership`` answers
it for one relationship, ``filter_member_of`` for a queryset; selectors, services and views
call these rather than restate it.

What a member may read of it is ``filter_readable`` (expectations, goals, actions, shared
reflections: anything with a written date) and ``sessions_readable`` (session notes and
meeting places): everything for the members from the start; for a facilitator, who joins
a running circle once its members accept them (``RelationshipMember.joined_at``), only what
was written from then on. Nothing of the circle's earlier conversations reaches them.

Coordinators see relationships, sessions (dates, durations, statuses only), concerns,
early endings and reported messages (that message only) of their schemes, and set up
self-rating dimensions and feedback questions.
Expectations, goals, actions, session notes and messages are never in the admin.

Contact details (the email address, and the phone and preferred channel a member chose
to share, ``accounts.ContactSettings``) are ``may_see_contact``'s: the relationship page,
the confirmation email's Reply-To and its list of addresses, and the tests call it.

End-of-relationship feedback is read individually only where the member agreed
(``FEEDBACK_READABLE``), and then only by the readers the consent names
(``models.feedback.CONSENT``): the scheme's coordinators and the administrators.
``feedback_readable_by`` is the one place that says so; the admin and the evaluation
report's quotes call it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import user_is_administrator, user_is_staff_member
from schemes.models import BOOKED_KINDS, Application, ApplicationStatus, Scheme
from schemes.rules import filter_coordinated_by

from .models import (
    FeedbackResponse,
    FlashSlot,
    ProgrammeTemplate,
    Relationship,
    RelationshipMember,
    SessionStatus,
)

ModelT = TypeVar("ModelT", bound=Model)

COORDINATOR_PERMISSIONS = (
    "sessions_log.view_programmetemplate",
    "sessions_log.add_programmetemplate",
    "sessions_log.change_programmetemplate",
    "sessions_log.delete_programmetemplate",
    "sessions_log.view_programmestep",
    "sessions_log.add_programmestep",
    "sessions_log.change_programmestep",
    "sessions_log.delete_programmestep",
    "sessions_log.view_relationship",
    "sessions_log.view_session",
    "sessions_log.view_concern",
    "sessions_log.view_ending",
    "sessions_log.view_messagereport",
    "sessions_log.view_evaluationdimension",
    "sessions_log.add_evaluationdimension",
    "sessions_log.change_evaluationdimension",
    "sessions_log.delete_evaluationdimension",
    "sessions_log.view_feedbackquestion",
    "sessions_log.add_feedbackquestion",
    "sessions_log.change_feedbackquestion",
    "sessions_log.delete_feedbackquestion",
    "sessions_log.view_feedbackresponse",
    "sessions_log.view_flashslot",
)


def relationship_membership(
    *, user: User | AnonymousUser, relationship: Relationship
) -> RelationshipMember | None:
    """``user``'s membership of ``relationship``, or None when they are not a member. Reads
    ``relationship.members.all()``: with ``members`` prefetched it costs no query."""
    return next((m for m in relationship.members.all() if m.user_id == user.pk), None)


def may_see_contact(
    *, viewer: User | AnonymousUser, owner: User, relationship: Relationship
) -> bool:
    """Whether ``viewer`` may see ``owner``'s contact details through ``relationship``: both
    are its members (it exists only once every member accepted; a facilitator is a member
    once the circle accepted them), they are two people, and it is still open (an ending,
    perhaps after a concern, stops it). Never staff as such, never anyone outside it.
    Reads ``relationship.members.all()``: with ``members`` prefetched it costs no query."""
    if viewer.pk is None or viewer.pk == owner.pk or not relationship.is_open:
        return False
    members = {m.user_id for m in relationship.members.all()}
    return viewer.pk in members and owner.pk in members


def filter_member_of(
    queryset: QuerySet[ModelT], *, user: User, relationship_path: str = "relationship"
) -> QuerySet[ModelT]:
    """The rows of ``queryset`` that belong to a relationship ``user`` is a member of;
    ``relationship_path`` is the lookup from the model to its relationship ("" for
    Relationship itself)."""
    lookup = f"{relationship_path}__members__user" if relationship_path else "members__user"
    return queryset.filter(**{lookup: user})


#: Feedback whose author agreed that it be read individually (everything else is only
#: ever counted, through ``core.disclosure``).
FEEDBACK_READABLE = Q(share_individually=True)


def feedback_readable_by(
    queryset: QuerySet[FeedbackResponse], *, user: User | AnonymousUser
) -> QuerySet[FeedbackResponse]:
    """The feedback responses ``user`` may read one by one: consented ones, of the schemes
    they coordinate (every scheme for an administrator), as ``CONSENT`` tells the member.
    Nobody else (not the other members, not a staff member of another scheme) reads any."""
    if not user_is_staff_member(user=user):
        return queryset.none()
    return filter_coordinated_by(
        queryset.filter(FEEDBACK_READABLE), user=user, scheme_path="relationship__scheme"
    )


def facilitator_candidates(*, scheme: Scheme) -> QuerySet[User]:
    """Who may be proposed as a circle's facilitator in ``scheme``: members who applied to
    it (a draft is not an application). The facilitator reads the circle's plan and notes
    from their joining: never a stranger by a typo, and never staff by virtue of
    coordinating it. The admin looks emails up among these only, so its answer is the same
    for an unknown address and for someone who is not the scheme's applicant."""
    applied = Application.objects.filter(scheme=scheme).exclude(status=ApplicationStatus.DRAFT)
    return User.objects.filter(pk__in=applied.values("applicant"))


def _member(user: User, relationship_path: str) -> QuerySet[RelationshipMember]:
    return RelationshipMember.objects.filter(relationship=OuterRef(relationship_path), user=user)


def filter_readable(
    queryset: QuerySet[ModelT],
    *,
    user: User,
    relationship_path: str = "relationship",
    written: str = "created_at",
) -> QuerySet[ModelT]:
    """The rows of ``queryset`` that ``user`` may read: of a relationship they are a member
    of, and written (``written``, a date-time field) since they joined it; a member from
    the start (``joined_at`` empty) reads all. One subquery, no extra query."""
    since_joining = Q(joined_at__isnull=True) | Q(joined_at__lte=OuterRef(written))
    return queryset.filter(Exists(_member(user, relationship_path).filter(since_joining)))


def sessions_readable(queryset: QuerySet[ModelT], *, user: User) -> QuerySet[ModelT]:
    """The sessions (of ``user``'s relationships) whose notes and meeting place ``user`` may
    read: every session not yet held (a facilitator needs the place of the next one), and
    held ones logged and held since they joined."""
    since_joining = Q(joined_at__isnull=True) | Q(
        joined_at__lte=OuterRef("logged_at"), joined_at__date__lte=OuterRef("held_on")
    )
    return queryset.filter(
        ~Q(status=SessionStatus.HELD) | Exists(_member(user, "relationship").filter(since_joining))
    )


def programme_templates_usable_by(*, user: User | AnonymousUser) -> QuerySet[ProgrammeTemplate]:
    """The programme templates ``user`` may see and give a scheme: every one for an
    administrator; for a coordinator the body's (no owner), their own, and those of the
    schemes they coordinate; none for anyone else."""
    if user_is_administrator(user=user):
        return ProgrammeTemplate.objects.all()
    if not user_is_staff_member(user=user):
        return ProgrammeTemplate.objects.none()
    mine = Q(owner__isnull=True) | Q(owner=user.pk)
    used = ProgrammeTemplate.objects.filter(schemes__coordinators=user.pk).values("pk")
    return ProgrammeTemplate.objects.filter(mine | Q(pk__in=used))


def programme_template_editable_by(
    *, user: User | AnonymousUser, template: ProgrammeTemplate
) -> bool:
    """Administrators change any template; a coordinator only their own (the body's
    templates, and other coordinators', are theirs to use, not to change)."""
    if user_is_administrator(user=user):
        return True
    return template.owner_id is not None and template.owner_id == user.pk


def flash_application(*, user: User, scheme: Scheme, role: str) -> Application | None:
    """The user's accepted application in ``role`` to a flash mentoring scheme, or None:
    an accepted mentor offers slots, an accepted mentee books them (nobody else does)."""
    if not scheme.is_booked or not user.is_authenticated:
        return None
    return (
        Application.objects.filter(
            scheme=scheme,
            applicant=user,
            role=role,
            status__in=ApplicationStatus.accepted_states,
        )
        .order_by("pk")
        .first()
    )


def flash_cancel_refusal(slot: FlashSlot, *, now: datetime | None = None) -> str:
    """Why the booking of ``slot`` cannot be cancelled ("" when it can): only a booked
    conversation still to come whose session is still planned is. A held one is a record of
    what happened (it completed the relationship and counts as CPD), never cancelled."""
    if not slot.is_booked or slot.relationship is None:
        return _("This slot is not booked.")
    session = slot.relationship.sessions.order_by("number").first()
    if session is not None and session.status == SessionStatus.HELD:
        return _("This conversation was held: a held conversation cannot be cancelled.")
    if session is None or session.status != SessionStatus.PLANNED:
        return _("This conversation is already cancelled.")
    if slot.starts_at <= (now or timezone.now()):
        return _("This conversation has started: it can no longer be cancelled.")
    return ""


def profiles_unlocked(prefix: str = "") -> Q:
    """A filter on relationships (``prefix`` reaches them from another model): those whose
    members see each other's whole profile. Every relationship of a match all its members
    accepted; a flash booking only once its conversation was held, because booking is not
    accepting: otherwise booking and cancelling would open any mentor's hidden profile.
    ``relationship_profiles_unlocked`` answers the same for one relationship."""
    return ~Q(**{f"{prefix}scheme__kind__in": BOOKED_KINDS}) | Q(
        **{f"{prefix}sessions__status": SessionStatus.HELD}
    )


def relationship_profiles_unlocked(relationship: Relationship) -> bool:
    """``profiles_unlocked`` for one relationship (a query only for a flash booking)."""
    if relationship.scheme.kind not in BOOKED_KINDS:
        return True
    return relationship.sessions.filter(status=SessionStatus.HELD).exists()
