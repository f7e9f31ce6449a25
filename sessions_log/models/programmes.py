"""Programme templates: the ordered steps (sessions) a relationship follows."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import MAX_PROGRAMME_MONTHS


class ProgrammeTemplate(models.Model):
    """An ordered sequence of steps a relationship follows (e.g. six sessions in six months)."""

    name = models.CharField(_("name"), max_length=160)
    #: The coordinator whose own template this is (they alone may change it); empty: one of
    #: the body's templates, which administrators keep and every coordinator may use.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_templates",
        help_text=_("Empty: one of the body's templates, for every scheme."),
        verbose_name=_("owner"),
    )
    description = models.TextField(_("description"), blank=True)
    min_sessions = models.PositiveSmallIntegerField(_("minimum sessions"), default=1)
    duration_months = models.PositiveSmallIntegerField(
        _("duration months"),
        help_text=_("Planned length of a relationship on this template."),
        validators=[MaxValueValidator(MAX_PROGRAMME_MONTHS)],
    )

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(owner__isnull=True), name="uniq_body_template_name"
            ),
            models.UniqueConstraint(fields=["owner", "name"], name="uniq_own_template_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeStep(models.Model):
    template = models.ForeignKey(
        ProgrammeTemplate,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("template"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=160)
    purpose = models.TextField(_("purpose"), blank=True)
    prompts = models.TextField(
        _("prompts"), blank=True, help_text=_("Conversation prompts, one per line.")
    )
    expected_minutes = models.PositiveSmallIntegerField(_("expected minutes"), default=60)
    offset_days = models.PositiveSmallIntegerField(
        _("offset days"),
        help_text=_("Days after the relationship starts."),
        validators=[MaxValueValidator(MAX_PROGRAMME_MONTHS * 31)],
    )
    optional = models.BooleanField(_("optional"), default=False)

    class Meta:
        verbose_name = _("programme step")
        verbose_name_plural = _("programme steps")
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="uniq_step_number")
        ]

    def __str__(self) -> str:
        return gettext("%(number)s. %(title)s") % {"number": self.number, "title": self.title}

    @property
    def prompt_list(self) -> list[str]:
        return [p.strip() for p in self.prompts.splitlines() if p.strip()]
