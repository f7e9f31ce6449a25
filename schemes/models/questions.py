"""Application forms: the questions asked of one role in one scheme."""

from __future__ import annotations

from django.db import models

from .schemes import Role, Scheme


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


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    NUMBER = "number", "Number"
    YES_NO = "yes_no", "Yes/no"


class Question(models.Model):
    form = models.ForeignKey(ApplicationForm, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    required = models.BooleanField(default=True)
    choices = models.TextField(blank=True, help_text="For choice questions: one option per line.")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        is_choice = self.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)
        if is_choice and len(self.choice_list) < 2:
            raise ValidationError({"choices": "A choice question needs at least two options."})
