"""End-of-relationship feedback and self-ratings (confidential to administrators)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.consents import consent_record
from accounts.models import ConsentTopic, User

from ..models import (
    FeedbackResponse,
    RatingPhase,
    Relationship,
    SelfRating,
)
from ..models.feedback import CONSENT, RATING_MAX, RATING_MIN
from ._common import member_of


@transaction.atomic
def self_ratings_record(
    *, relationship: Relationship, by: User, phase: str, scores: dict[int, int]
) -> list[SelfRating]:
    """Record a member's baseline (while open) or exit (once ended) self-ratings, one score
    per dimension of the scheme. Recording again replaces the scores. Side effects: none."""
    member_of(relationship, by)
    dimensions = list(relationship.scheme.evaluation_dimensions.all())
    if not dimensions:
        raise ValidationError(gettext("This scheme does not ask for self-ratings."))
    ended = relationship.has_ended
    if phase == RatingPhase.BASELINE and ended:
        raise ValidationError(gettext("The baseline is rated at the start of the relationship."))
    if phase == RatingPhase.EXIT and not ended:
        raise ValidationError(gettext("The exit rating is given when the relationship has ended."))
    if set(scores) != {d.pk for d in dimensions}:
        raise ValidationError(gettext("Rate every dimension."))
    if any(not RATING_MIN <= s <= RATING_MAX for s in scores.values()):
        raise ValidationError(
            gettext("Scores go from %(min)s to %(max)s.") % {"min": RATING_MIN, "max": RATING_MAX}
        )
    SelfRating.objects.filter(relationship=relationship, user=by, phase=phase).delete()
    ratings = [
        SelfRating(relationship=relationship, user=by, dimension=d, phase=phase, score=scores[d.pk])
        for d in dimensions
    ]
    for rating in ratings:
        rating.full_clean()
    return SelfRating.objects.bulk_create(ratings)


@transaction.atomic
def feedback_submit(
    *, relationship: Relationship, by: User, answers: dict[str, Any], share_individually: bool
) -> FeedbackResponse:
    """Submit the member's end-of-relationship feedback (once). Side effects: none."""
    member_of(relationship, by)
    if not relationship.has_ended:
        raise ValidationError(gettext("Feedback is given when the relationship has ended."))
    if FeedbackResponse.objects.filter(relationship=relationship, user=by).exists():
        raise ValidationError(gettext("You have already given feedback on this relationship."))
    response = FeedbackResponse(
        relationship=relationship,
        user=by,
        answers=answers,
        share_individually=share_individually,
    )
    response.full_clean()
    response.save()
    _record_feedback_consent(response, source="Feedback form")
    return response


def _record_feedback_consent(response: FeedbackResponse, *, source: str) -> None:
    """The member's choice about ``response`` in their consent history (``CONSENT``'s
    words, as the feedback form shows them)."""
    consent_record(
        user=response.user,
        topic=ConsentTopic.FEEDBACK_SHARING,
        given=response.share_individually,
        wording=str(CONSENT),
        source=source,
        subject=f"feedback:{response.pk}",
        subject_label=gettext("Feedback on %(name)s") % {"name": response.relationship.scheme.name},
    )


@transaction.atomic
def feedback_consent_set(
    *, response: FeedbackResponse, share_individually: bool, by: User
) -> FeedbackResponse:
    """Give or withdraw consent to ``response`` being read individually and quoted (its
    author only). Withdrawn, staff no longer read it one by one and reports no longer
    print its quotes (``insights.selectors.report_themes``). Side effects: none."""
    if response.user_id != by.pk:
        raise ValidationError(
            gettext("Only the member who gave this feedback can change its consent.")
        )
    if response.share_individually == share_individually:
        return response
    response.share_individually = share_individually
    response.save(update_fields=["share_individually"])
    _record_feedback_consent(response, source="Consents page")
    return response
