"""The way from a new account to a match, for the dashboard: complete the profile (naming
the fields still missing), choose a scheme open to the member and apply, finish a draft,
complete preparation, then where each application stands.

Each part reuses the owner of its rule (``Profile.missing_fields``, ``eligible_roles``,
``Scheme.recruitment_open_for``, ``preparation_due_for``,
``matching.selectors.answers_awaited`` and ``places_by_application``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Profile, User
from accounts.services import profile_get_or_create
from matching.models import MatchingMode, MatchingSettings, ProposalKind, ProposalMember
from matching.selectors import Places, answers_awaited, places_by_application
from schemes.models import Application, ApplicationStatus, Role
from schemes.selectors import applications_for_user, preparation_due_for, public_schemes
from schemes.services import eligible_roles
from sessions_log.models import Relationship, RelationshipStatus

from .step import NextStep

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

#: How many schemes open to a new member the dashboard names (the home page lists them all).
SCHEMES_SHOWN = 3


def _profile_steps(profile: Profile) -> list[NextStep]:
    if profile.is_complete:
        return []
    text = _(
        "Your profile is missing your %(fields)s: schemes use it to check which roles you "
        "may apply for and to find you a good match."
    )
    return [
        NextStep(
            "profile",
            text % {"fields": profile.missing_fields_text},
            _("Complete your profile"),
            reverse("accounts:profile"),
        )
    ]


def _apply_steps(profile: Profile) -> list[NextStep]:
    """Schemes taking applications in a role open to the member (``eligible_roles`` and
    ``Scheme.recruitment_open_for``, the owners of both rules); one query."""
    open_to_them = [
        scheme
        for scheme in public_schemes().order_by("name", "pk")
        if any(
            scheme.recruitment_open_for(role)
            for role in eligible_roles(scheme=scheme, profile=profile)
        )
    ]
    if not open_to_them:
        return [
            NextStep(
                "apply",
                _(
                    "No scheme is taking applications just now: see the schemes and ask to "
                    "hear when one opens."
                ),
                _("See the schemes"),
                reverse("schemes:home"),
            )
        ]
    return [
        NextStep(
            "apply",
            _("%(scheme)s is taking applications: choose a role and apply.")
            % {"scheme": scheme.name},
            _("Apply to %(scheme)s") % {"scheme": scheme.name},
            reverse("schemes:apply", kwargs={"slug": scheme.slug}),
        )
        for scheme in open_to_them[:SCHEMES_SHOWN]
    ]


_WAITING_TEXT: dict[str, StrPromise] = {
    ApplicationStatus.DRAFT: gettext_lazy(
        "Your application to %(scheme)s is a draft: the coordinators see it only once you "
        "submit it."
    ),
    ApplicationStatus.SUBMITTED: gettext_lazy(
        "Your application to %(scheme)s is submitted: the coordinators will review it and "
        "email you."
    ),
    ApplicationStatus.ACCEPTED: gettext_lazy(
        "Your application to %(scheme)s is accepted: we are looking for a match and will "
        "email you when one is proposed."
    ),
    ApplicationStatus.WAITLISTED: gettext_lazy(
        "Your application to %(scheme)s is on the waiting list: we will email you when a "
        "place comes up."
    ),
}


def _accepted_step(application: Application, member_led: set[int]) -> NextStep | None:
    """What an accepted member does themselves where the scheme is not matched for them: a
    flash scheme's mentee books a conversation and its mentor offers times; a member-led
    scheme's mentee finds a mentor in its directory. None where matching is the scheme's."""
    scheme = application.scheme
    names = {"scheme": scheme.name}
    if scheme.is_booked and application.role == Role.MENTEE:
        return NextStep(
            "book",
            _("Your application to %(scheme)s is accepted: book a conversation with one of "
              "its mentors.") % names,
            _("Book a conversation in %(scheme)s") % names,
            reverse("sessions_log:flash_directory", kwargs={"slug": scheme.slug}),
        )  # fmt: skip
    if scheme.is_booked:
        return NextStep(
            "offer",
            _("Your application to %(scheme)s is accepted: offer times for short "
              "conversations, and members book them.") % names,
            _("Offer conversation times in %(scheme)s") % names,
            reverse("sessions_log:flash_slots", kwargs={"slug": scheme.slug}),
        )  # fmt: skip
    if scheme.pk in member_led and application.role == Role.MENTEE:
        return NextStep(
            "directory",
            _("Your application to %(scheme)s is accepted: choose the mentors you would "
              "like and ask them.") % names,
            _("Find a mentor in %(scheme)s") % names,
            reverse("matching:directory", kwargs={"scheme_pk": scheme.pk}),
        )  # fmt: skip
    if scheme.pk in member_led:
        return NextStep(
            "requests",
            _("Your application to %(scheme)s is accepted: mentees find you in its "
              "directory and ask you; we email you each request to answer.") % names,
            _("Your requests"),
            reverse("matching:requests"),
        )  # fmt: skip
    return None


def _answer_awaited_step(application: Application, member: ProposalMember) -> NextStep:
    """An accepted application whose match is proposed and waits for the member: said so,
    never "we are looking for a match" (the dashboard's answer step asks for the answer)."""
    scheme = {"scheme": application.scheme.name}
    if member.proposal.kind == ProposalKind.OPTION:
        text = _(
            "Your application to %(scheme)s is accepted, and a shortlist of mentors is "
            "waiting for your choice."
        )
    else:
        text = _(
            "Your application to %(scheme)s is accepted, and a proposed match is waiting for "
            "your answer."
        )
    return NextStep(
        "waiting", text % scheme, _("View your application"), application.get_absolute_url()
    )


def _matched_step(
    application: Application, places: Places | None, in_relationship: bool
) -> NextStep | None:
    """An accepted application that is not simply waiting for a match: a match it took a
    place in waits for the others' answers (or a mentee's choice between options), or a
    relationship from it is under way (a mentor with places left). Never "we are looking
    for a match" then; None when nothing of the kind (``Places``, the one count)."""
    scheme = {"scheme": application.scheme.name}
    if places is not None and places.held:
        text = _(
            "Your application to %(scheme)s is accepted, and a proposed match is waiting for "
            "the other members to answer: we will email you when the relationship starts."
        )
    elif places is not None and places.offered:
        text = _(
            "Your application to %(scheme)s is accepted, and a mentee is choosing between "
            "mentors who include you: we will email you if they choose you."
        )
    elif in_relationship:
        text = _(
            "Your application to %(scheme)s is accepted and a relationship from it is under "
            "way: we will email you if a match is proposed for a place you have left."
        )
    else:
        return None
    return NextStep(
        "waiting", text % scheme, _("View your application"), application.get_absolute_url()
    )


def _in_open_relationships(user: User, relationships: list[Relationship]) -> set[int]:
    """The applications of ``user``'s that a running relationship came from (members
    prefetched: no query)."""
    return {
        m.application_id
        for r in relationships
        if r.status in RelationshipStatus.open_states
        for m in r.members.all()
        if m.user_id == user.pk and m.application_id is not None
    }


def _application_steps(
    user: User,
    applications: list[Application],
    awaited: list[ProposalMember] | None,
    relationships: list[Relationship],
) -> list[NextStep]:
    """A draft to finish, preparation to complete (``preparation_due_for``), or where a
    submitted application stands (or what an accepted member does themselves). ``awaited``:
    the member's places in matches waiting for their answer (``answers_awaited``, fetched
    here when not given and an application is accepted); an accepted application with a
    match waiting for others or a running relationship says so (``_matched_step``)."""
    preparing = {due.application.pk: due for due in preparation_due_for(user=user)}
    accepted = [a.scheme_id for a in applications if a.status == ApplicationStatus.ACCEPTED]
    member_led = (
        set(
            MatchingSettings.objects.filter(
                scheme_id__in=accepted, matching_mode=MatchingMode.MEMBER_LED
            ).values_list("scheme_id", flat=True)
        )
        if accepted
        else set()
    )
    if awaited is None:
        awaited = answers_awaited(user=user) if accepted else []
    answer_for = {m.application_id: m for m in awaited}
    places = places_by_application(
        applications=[a for a in applications if a.status == ApplicationStatus.ACCEPTED]
    )
    running = _in_open_relationships(user, relationships)
    steps = []
    for application in applications:
        scheme = {"scheme": application.scheme.name}
        url = application.get_absolute_url()
        if application.pk in preparing:
            steps.append(
                NextStep(
                    "prepare",
                    _("%(scheme)s asks you to complete its preparation before matching.") % scheme,
                    _("Complete the preparation"),
                    reverse("schemes:preparation", kwargs={"pk": application.pk}),
                )
            )
        elif application.status == ApplicationStatus.ACCEPTED and application.pk in answer_for:
            steps.append(_answer_awaited_step(application, answer_for[application.pk]))
        elif application.status == ApplicationStatus.ACCEPTED and (
            own := _accepted_step(application, member_led)
            or _matched_step(application, places.get(application.pk), application.pk in running)
        ):
            steps.append(own)
        elif application.status == ApplicationStatus.DRAFT:
            text = _WAITING_TEXT[ApplicationStatus.DRAFT] % scheme
            steps.append(NextStep("draft", text, _("Finish your application"), url))
        elif application.status in _WAITING_TEXT:
            text = _WAITING_TEXT[application.status] % scheme
            steps.append(NextStep("waiting", text, _("View your application"), url))
    return steps


def first_steps_for(
    *,
    user: User,
    relationships: list[Relationship],
    profile: Profile | None = None,
    applications: list[Application] | None = None,
    awaited: list[ProposalMember] | None = None,
) -> list[NextStep]:
    """The way from a new account to a match: complete the profile, choose a scheme open to
    them and apply (only while they have no live application or relationship), finish a
    draft, complete preparation, then where each application stands (``awaited``: the
    member's matches waiting for their answer, ``answers_awaited``, when already fetched)."""
    profile = profile or profile_get_or_create(user=user)
    if applications is None:
        applications = list(applications_for_user(user=user))
    live = [a for a in applications if a.status in ApplicationStatus.live_states]
    steps = _profile_steps(profile)
    if not live and not relationships:
        steps += _apply_steps(profile)
    return steps + _application_steps(user, live, awaited, relationships)
