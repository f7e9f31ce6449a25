"""Questions: what every question a member answers has in common (``QuestionBase``, used
here and by ``sessions_log.models.FeedbackQuestion``) and the application forms built from
them, one per role in a scheme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .schemes import Role, Scheme


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    NUMBER = "number", "Number"
    YES_NO = "yes_no", "Yes/no"


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)


class QuestionBase(models.Model):
    """The fields, options and validation shared by every kind of question."""

    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    required = models.BooleanField(default=True)
    choices = models.TextField(blank=True, help_text="For choice questions: one option per line.")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.type in CHOICE_TYPES and len(self.choice_list) < 2:
            raise ValidationError({"choices": "A choice question needs at least two options."})


class ApplicationForm(models.Model):
    """The questions asked of one role in one scheme, on top of the standing profile."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="forms")
    role = models.CharField(max_length=10, choices=Role.choices)
    intro = models.TextField(blank=True, help_text="Shown above the questions.")

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
                    "role": f"A {scheme.get_kind_display().lower()} scheme has {roles} "
                    f"applications only: choose {roles}."
                }
            )


class Question(QuestionBase):
    """A question on an application form."""

    form = models.ForeignKey(ApplicationForm, on_delete=models.CASCADE, related_name="questions")

    class Meta:
        ordering = ["order", "pk"]
