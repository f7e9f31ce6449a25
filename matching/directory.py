"""Member-led matching: the directory of a scheme's accepted mentors, as one mentee sees it.

Ordered by places left, then by application, never by score: the score counts the parts a
mentor hides (directly, and through the criteria that apply and so how the rest is scaled),
and a mentee changing their own profile and watching the order would learn them one guess at
a time. Each card carries the reasons members are shown that tell only parts the mentor
shows (``reason_visibility``, ``scoring.member_reasons``); a pair a hard constraint forbids
is left out. Places come from the one count of places (``selectors.places_by_application``).
A fixed number of queries whatever the number of mentors: the mentors with their profiles,
their places, the mentee's requests, the scheme's settings, the area labels and the declined
pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.areas import area_labels
from accounts.availability import overlap, overlap_hours, windows_of
from accounts.models import PreferredMode, Profile, User
from accounts.profile_cards import (
    ProfileCard,
    ProfileContext,
    ProfilePart,
    profile_parts_visible,
    visible_profile,
)
from schemes.models import Application, ApplicationStatus, Role, Scheme

from . import pool as pools
from . import scoring
from .models import MatchingMode, MentorRequest, RequestStatus
from .reason_visibility import reasons_visible
from .selectors import Places, places_by_application


@dataclass(frozen=True)
class Filters:
    """What the mentee narrowed the directory to (empty: no narrowing)."""

    expertise: str = ""
    country: str = ""
    language: str = ""
    mode: str = ""
    overlap: bool = False


@dataclass
class MentorCard:
    """One mentor as the browsing mentee may see them: the parts of the profile the mentor
    shows before a match (``accounts.profile_cards``), never more."""

    application: Application
    places: Places
    score: float
    reasons: list[str]
    profile: ProfileCard = field(default_factory=lambda: ProfileCard(name=""))
    # The browsing mentee's latest request to this mentor, if any.
    request: MentorRequest | None = None

    @property
    def may_ask(self) -> bool:
        """Whether the card offers to ask this mentor: a place left, and no request of the
        mentee's waiting for them or accepted (one ended may be made again)."""
        waiting = (*RequestStatus.open_states, RequestStatus.ACCEPTED)
        return bool(self.places.left) and (
            self.request is None or self.request.status not in waiting
        )


def directory_application(*, user: User, scheme_pk: int) -> Application:
    """``user``'s accepted mentee application in a member-led scheme, or 404 (to anyone
    else: a mentor, an applicant not accepted, a member of another scheme)."""
    application = get_object_or_404(
        Application.objects.select_related("scheme", "applicant__profile__organisation_record"),
        scheme_id=scheme_pk,
        applicant=user,
        role=Role.MENTEE,
        status=ApplicationStatus.ACCEPTED,
    )
    if pools.settings_for(application.scheme).matching_mode != MatchingMode.MEMBER_LED:
        raise Http404("No directory in this scheme.")
    return application


def directory_mentor(*, mentee_application: Application, pk: int) -> Application:
    """An accepted mentor of the mentee's scheme, or 404."""
    return get_object_or_404(
        Application.objects.select_related("applicant__profile"),
        pk=pk,
        scheme_id=mentee_application.scheme_id,
        role=Role.MENTOR,
        status=ApplicationStatus.ACCEPTED,
    )


def _mentors(scheme: Scheme) -> list[Application]:
    return list(
        Application.objects.filter(
            scheme=scheme, role=Role.MENTOR, status=ApplicationStatus.ACCEPTED
        )
        .select_related("applicant__profile__organisation_record")
        .order_by("pk")
    )


def _zone(profile: Profile | None) -> ZoneInfo:
    return ZoneInfo((profile.timezone if profile else "") or settings.TIME_ZONE)


def _has_overlap(mentee: Profile | None, mentor: Profile | None) -> bool:
    if mentee is None or mentor is None:
        return False
    common = overlap(
        [
            (windows_of(mentee.availability), _zone(mentee)),
            (windows_of(mentor.availability), _zone(mentor)),
        ],
        week_of=timezone.localdate(),
    )
    return overlap_hours(common) > 0


def _passes(
    filters: Filters, mentee: Profile | None, mentor: Profile | None, parts: frozenset[str]
) -> bool:
    """Whether the mentor fits the filters. A filter on a part the mentor hides before a
    match leaves them out whatever its value, so filtering learns nothing hidden."""
    if mentor is None:
        return not (filters.expertise or filters.country or filters.language or filters.overlap)
    expertise = mentor.expertise if ProfilePart.EXPERTISE in parts else []
    place = ProfilePart.PLACE in parts
    if filters.expertise and filters.expertise not in expertise:
        return False
    if filters.country and not (place and str(mentor.country) == filters.country):
        return False
    if filters.language and not (place and filters.language in mentor.languages):
        return False
    if filters.mode and mentor.preferred_mode not in (filters.mode, PreferredMode.EITHER):
        return False
    return not filters.overlap or _has_overlap(mentee, mentor)


def scoring_pool(scheme: Scheme) -> pools.Pool:
    """What scoring one pair of ``scheme`` needs (its weights, area labels and declined
    pairs), without building the whole pool: three queries."""
    return pools.Pool(
        scheme=scheme,
        weights=pools.settings_for(scheme).as_weights(),
        area_labels=area_labels(),
        declined=pools.declined_pairs(scheme),
    )


def _latest_requests(mentee: Application) -> dict[int, MentorRequest]:
    """The mentee's latest request to each mentor they asked, by mentor application (one
    query)."""
    latest: dict[int, MentorRequest] = {}
    for request in MentorRequest.objects.filter(mentee_application=mentee).order_by(
        "created_at", "pk"
    ):
        latest[request.mentor_application_id] = request
    return latest


@dataclass(frozen=True)
class Directory:
    cards: list[MentorCard]
    countries: list[str]  # what the scheme's mentors have, for the filters
    languages: list[str]


def mentor_directory(
    *, mentee_application: Application, filters: Filters | None = None
) -> Directory:
    """The scheme's accepted mentors that ``filters`` let through, most places left first
    (then the earlier application; never by score, see the module docstring), each with
    their places, the reasons this mentee is shown and the mentee's latest request to them."""
    filters = filters or Filters()
    scheme = mentee_application.scheme
    pool = scoring_pool(scheme)
    labels = pool.area_labels
    mentors = _mentors(scheme)
    places = places_by_application(applications=mentors)
    asked = _latest_requests(mentee_application)
    mentee_profile = getattr(mentee_application.applicant, "profile", None)
    zone = timezone.get_current_timezone()
    cards = []
    countries: set[str] = set()
    languages: set[str] = set()
    for mentor in mentors:
        profile = getattr(mentor.applicant, "profile", None)
        parts = profile_parts_visible(profile=profile, context=ProfileContext.DIRECTORY)
        if profile is not None and ProfilePart.PLACE in parts:
            if profile.country:
                countries.add(str(profile.country))
            languages.update(str(code) for code in profile.languages)
        if not _passes(filters, mentee_profile, profile, parts):
            continue
        score = pools.score_applications(pool, mentor, mentee_application)
        if score.value is None:
            continue  # a hard constraint forbids the pair
        reasons = scoring.member_reasons(reasons_visible(score.reasons_as_dicts(), parts), zone)
        card = visible_profile(
            subject=mentor.applicant, context=ProfileContext.DIRECTORY, labels=labels
        )
        cards.append(
            MentorCard(mentor, places[mentor.pk], score.value, reasons, card, asked.get(mentor.pk))
        )
    cards.sort(key=lambda c: (-c.places.left, c.application.pk))  # never by score: see above
    return Directory(cards, sorted(countries), sorted(languages))


def requests_for_user(*, user: User) -> QuerySet[MentorRequest]:
    """Requests ``user`` made (as mentee) or received (as mentor), nobody else's."""
    return (
        MentorRequest.objects.filter(
            Q(mentee_application__applicant=user) | Q(mentor_application__applicant=user)
        )
        .select_related(
            "scheme",
            "mentee_application__applicant__profile",
            "mentor_application__applicant__profile",
            "proposal",
        )
        .order_by("-created_at", "-pk")
    )


def request_to_answer(*, user: User, pk: int) -> MentorRequest:
    """A request ``user`` received as its mentor, or 404 (the mentee too: only the mentor
    answers)."""
    return get_object_or_404(
        requests_for_user(user=user), pk=pk, mentor_application__applicant=user
    )


def request_to_withdraw(*, user: User, pk: int) -> MentorRequest:
    """A request ``user`` made as its mentee, or 404."""
    return get_object_or_404(
        requests_for_user(user=user), pk=pk, mentee_application__applicant=user
    )


def open_request_count(*, user: User) -> int:
    return MentorRequest.objects.filter(
        mentor_application__applicant=user, status__in=RequestStatus.open_states
    ).count()


def directory_schemes_for(*, user: User) -> QuerySet[Scheme]:
    """The member-led schemes ``user`` is an accepted mentee of (their directories)."""
    return Scheme.objects.filter(
        applications__applicant=user,
        applications__role=Role.MENTEE,
        applications__status=ApplicationStatus.ACCEPTED,
        matching_settings__matching_mode=MatchingMode.MEMBER_LED,
    ).order_by("name")
