"""Questions: what every question a member answers has in common (``QuestionBase``, used
here and by ``sessions_log.models.FeedbackQuestion``) and the application forms built from
them, one per role in a scheme."""

from __future__ import annotations

from decimal import Decimal
from enum import nonmember

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .schemes import Role, Scheme


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    NUMBER = "number", _("Number")
    YES_NO = "yes_no", _("Yes/no")


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)


class QuestionBase(models.Model):
    """The fields, options and validation shared by every kind of question."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice questions: one option per line.")
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.type in CHOICE_TYPES and len(self.choice_list) < 2:
            raise ValidationError(
                {"choices": gettext("A choice question needs at least two options.")}
            )


class ApplicationForm(models.Model):
    """The questions asked of one role in one scheme, on top of the standing profile."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="forms"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    intro = models.TextField(_("intro"), blank=True, help_text=_("Shown above the questions."))

    class Meta:
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "role"], name="uniq_form_per_scheme_role")
        ]

    def __str__(self) -> str:
        return gettext("%(scheme)s: %(role)s form") % {
            "scheme": self.scheme,
            "role": self.get_role_display(),
        }

    def clean(self) -> None:
        """A form only for a role the scheme's kind has (no mentor form in a peer scheme)."""
        super().clean()
        scheme = self.scheme if self.scheme_id else None
        if scheme is not None and self.role and self.role not in scheme.roles:
            roles = " and ".join(Role(r).label.lower() for r in scheme.roles)
            raise ValidationError(
                {
                    "role": gettext(
                        "A %(kind)s scheme has %(roles)s applications only: choose %(roles)s."
                    )
                    % {"kind": scheme.get_kind_display().lower(), "roles": roles}
                }
            )


class ScoringRule(models.TextChoices):
    """How a question's answers feed the matching score (``matching.scoring.questions``
    holds the same values)."""

    NONE = "", _("Not scored")
    SAME_ANSWER = "same_answer", _("Same answer")
    OVERLAP = "overlap", _("Overlap of choices")
    WITHIN_RANGE = "within_range", _("Number within a range")

    # The question types each rule can compare.
    types = nonmember(
        {
            "same_answer": (
                QuestionType.SINGLE_CHOICE,
                QuestionType.YES_NO,
                QuestionType.SHORT_TEXT,
            ),
            "overlap": (QuestionType.MULTIPLE_CHOICE,),
            "within_range": (QuestionType.NUMBER,),
        }
    )


class Question(QuestionBase):
    """A question on an application form; optionally a matching factor (``score_rule``
    with ``score_weight``). In a mentor/mentee scheme the rule is set on the mentee's
    question, linked by ``compares_with`` to the mentor's question it is compared with; in
    a one-pool scheme a question compares with itself."""

    form = models.ForeignKey(
        ApplicationForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="questions"
    )
    score_rule = models.CharField(
        _("scoring rule"),
        max_length=20,
        choices=ScoringRule.choices,
        blank=True,
        default=ScoringRule.NONE,
        help_text=_(
            "Let the answers feed the matching score: the same answer (single choice, yes/no, "
            "short text), the overlap of choices (multiple choice) or numbers within a range."
        ),
    )
    score_weight = models.DecimalField(
        _("scoring weight"),
        max_digits=3,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
        help_text=_("0 to 10, beside the matching settings' weights."),
    )
    score_range = models.DecimalField(
        _("range width"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Number within a range: how far apart two answers may be and still match."),
    )
    shared_in_reasons = models.BooleanField(
        _("named in members' match reasons"),
        default=False,
        help_text=_(
            "When ticked, members read “you both answered …” for this question among the "
            "reasons for their match, which tells them their partner's answer. Leave it "
            "unticked for answers a member would not tell a stranger: the answer still "
            "counts towards the score, and staff still see the reason."
        ),
    )
    compares_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compared_by",
        verbose_name=_("compared with"),
        help_text=_(
            "Mentor/mentee schemes: the mentor's question this mentee question is compared "
            "with. Leave blank in peer schemes (a question compares with itself)."
        ),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def clean(self) -> None:
        super().clean()
        errors = question_scoring_errors(self)
        if errors:
            raise ValidationError(errors)


def question_scoring_errors(question: Question) -> dict[str, str]:
    """What is wrong with a question's scoring: a rule that does not fit its type, a
    missing range or weight, a link to a question of another scheme, role or type."""
    errors: dict[str, str] = {}
    rule = question.score_rule
    if rule and question.type not in ScoringRule.types[rule]:
        fits = ", ".join(
            str(ScoringRule(r).label).lower()
            for r, t in ScoringRule.types.items()
            if question.type in t
        )
        errors["score_rule"] = gettext(
            "“%(rule)s” cannot compare %(type)s answers: use %(fits)s."
        ) % {
            "rule": ScoringRule(rule).label,
            "type": QuestionType(question.type).label.lower(),
            "fits": fits or gettext("no scoring rule"),
        }
    if rule == ScoringRule.WITHIN_RANGE and question.score_range is None:
        errors["score_range"] = gettext("Give the range: how far apart two answers may be.")
    if rule and not question.score_weight:
        errors["score_weight"] = gettext("Give a weight above 0 for a scored question.")
    errors.update(_link_errors(question))
    return errors


def _link_errors(question: Question) -> dict[str, str]:
    try:  # a question added with its new form (the admin's add page) has the unsaved form
        form = question.form
    except ObjectDoesNotExist:
        return {}
    if not form.scheme_id:
        return {}
    other = question.compares_with
    if other is None:
        if not question.score_rule or form.scheme.is_one_pool:
            return {}
        if form.role != Role.MENTEE:
            return {
                "score_rule": gettext(
                    "Set the scoring on the mentee's question and link it to this one."
                )
            }
        return {"compares_with": gettext("Choose the mentor's question to compare with.")}
    problem = _link_problem(question, other)
    return {"compares_with": problem} if problem else {}


def _link_problem(question: Question, other: Question) -> str:
    """Why ``question`` cannot be compared with ``other`` ("" when it can)."""
    form = question.form
    checks = (
        (
            other.form.scheme_id != form.scheme_id,
            gettext("Choose a question of this scheme's mentor form."),
        ),
        (
            form.scheme.is_one_pool,
            gettext("In a peer scheme a question is compared with itself: leave this blank."),
        ),
        (
            form.role != Role.MENTEE or other.form.role != Role.MENTOR,
            gettext("Link a mentee's question to a mentor's question."),
        ),
        (
            other.type != question.type,
            gettext(
                "The mentor's question is %(other)s, this one is %(mine)s: link questions "
                "of the same type."
            )
            % {
                "other": QuestionType(other.type).label.lower(),
                "mine": QuestionType(question.type).label.lower(),
            },
        ),
    )
    return next((message for failed, message in checks if failed), "")
