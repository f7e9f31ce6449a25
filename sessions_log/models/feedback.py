"""End-of-relationship feedback and, for pilot schemes, baseline and exit self-ratings.

Feedback is confidential: administrators see aggregates; individual answers only where the
member agreed (``share_individually``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from schemes.models import QuestionBase, QuestionType, Role

from .relationships import Relationship

RATING_MIN = 1
RATING_MAX = 5


class EvaluationDimension(models.Model):
    """A dimension on which members of a (pilot) scheme rate themselves at start and end."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="evaluation_dimensions",
        verbose_name=_("scheme"),
    )
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation dimension")
        verbose_name_plural = _("evaluation dimensions")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="uniq_dimension_name")
        ]

    def __str__(self) -> str:
        return self.name


class RatingPhase(models.TextChoices):
    BASELINE = "baseline", _("Baseline (at the start)")
    EXIT = "exit", _("Exit (at the end)")


class SelfRating(models.Model):
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="self_ratings",
        verbose_name=_("relationship"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    dimension = models.ForeignKey(
        EvaluationDimension,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("dimension"),
    )
    phase = models.CharField(_("phase"), max_length=10, choices=RatingPhase.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("self rating")
        verbose_name_plural = _("self ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "user", "dimension", "phase"], name="uniq_self_rating"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=RATING_MIN, score__lte=RATING_MAX),
                name="self_rating_in_range",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(dimension)s (%(phase)s): %(score)s") % {
            "dimension": self.dimension,
            "phase": self.phase,
            "score": self.score,
        }


class FeedbackQuestion(QuestionBase):
    """A question of a scheme's end-of-relationship feedback form (empty role: everyone)."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="feedback_questions",
        verbose_name=_("scheme"),
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=Role.choices,
        blank=True,
        help_text=_("Empty: asked of everyone."),
    )

    class Meta:
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")
        ordering = ["scheme", "order", "pk"]

    def clean(self) -> None:
        """Once a question has an answer, what decides how its answers are classified and
        disclosed (its type: written or counted; its scheme: whose staff read them) is
        fixed: a score must never become a "written answer" (nor the reverse)."""
        super().clean()
        if self.pk is None or not self.has_answers():
            return
        before = FeedbackQuestion.objects.filter(pk=self.pk).values("type", "scheme_id").first()
        if before is None:
            return
        errors = {}
        if before["type"] != self.type:
            errors["type"] = gettext(ANSWERED_LOCKED).format(what=gettext("type"))
        if before["scheme_id"] != self.scheme_id:
            errors["scheme"] = gettext(ANSWERED_LOCKED).format(what=gettext("scheme"))
        if errors:
            raise ValidationError(errors)

    def has_answers(self) -> bool:
        """Whether any feedback response holds an answer (even an empty one) to it."""
        return FeedbackResponse.objects.filter(answers__has_key=str(self.pk)).exists()


ANSWERED_LOCKED = gettext_noop(
    "Members have already answered this question, so its {what} cannot change: their "
    "answers were given, and are shown or only counted, as it was. Add a new question instead."
)


#: What a member agrees to when they share their feedback individually. It names exactly
#: who may read what: ``sessions_log.rules.feedback_readable_by`` admits those readers and
#: nobody else, and the admin shows them the written answers only (``WRITTEN_TYPES``);
#: scores are only ever counted (``core.disclosure``).
CONSENT = _(
    "The coordinators of this scheme and the professional body's administrators may read "
    "my written answers individually, and quote them without my name in the scheme's "
    "evaluation report"
)
CONSENT_RECORDED = _(
    "The member agreed that the coordinators of this scheme and the professional body's "
    "administrators may read their written answers individually and quote them, without "
    "the member's name, in the scheme's evaluation report. Scores are only counted."
)
#: The question types whose answers a consenting member lets staff read (and quote).
WRITTEN_TYPES = (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT)


class FeedbackResponse(models.Model):
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("relationship"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    answers = models.JSONField(
        _("answers"), default=dict, blank=True, help_text=_("Answers keyed by question id.")
    )
    share_individually = models.BooleanField(
        _("share individually"), default=False, help_text=CONSENT_RECORDED
    )
    question_types = models.JSONField(
        _("question types"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Each answered question's type when the member answered, by question id: "
            "what decides which answers are written ones."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "user"], name="uniq_feedback")
        ]

    def __str__(self) -> str:
        return gettext("Feedback on relationship %(relationship_id)s") % {
            "relationship_id": self.relationship_id
        }

    def save(self, *args, **kwargs) -> None:
        """A new response records the type of every question it answers, as it is now."""
        if self._state.adding and not self.question_types:
            keys = [k for k in (self.answers or {}) if str(k).isdigit()]
            self.question_types = {
                str(pk): kind
                for pk, kind in FeedbackQuestion.objects.filter(pk__in=keys).values_list(
                    "pk", "type"
                )
            }
        super().save(*args, **kwargs)

    def written_answer(self, question: FeedbackQuestion) -> str:
        """The member's answer to ``question`` if it is a written one ("" otherwise): the
        question was free text when they answered (``question_types``) and still is, and
        the answer is text. The one place that tells a written answer from a score; what
        a consenting member lets staff read and quote (``CONSENT``)."""
        key = str(question.pk)
        if question.type not in WRITTEN_TYPES:
            return ""
        if (self.question_types or {}).get(key) not in WRITTEN_TYPES:
            return ""
        value = (self.answers or {}).get(key)
        return value.strip() if isinstance(value, str) else ""
