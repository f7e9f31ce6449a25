"""Questions: what every question a member answers has in common (``QuestionBase``, used
here and by ``sessions_log.models.FeedbackQuestion``) and the application forms built from
them, one per role in a scheme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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

    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    required = models.BooleanField(default=True)
    choices = models.TextField(
        blank=True, help_text=_("For choice questions: one option per line.")
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

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="forms")
    role = models.CharField(max_length=10, choices=Role.choices)
    intro = models.TextField(blank=True, help_text=_("Shown above the questions."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "role"], name="uniq_form_per_scheme_role")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.get_role_display()} form"

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


class Question(QuestionBase):
    """A question on an application form."""

    form = models.ForeignKey(ApplicationForm, on_delete=models.CASCADE, related_name="questions")

    class Meta:
        ordering = ["order", "pk"]
