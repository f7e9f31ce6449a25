"""A scheme's matching settings: the weights, rules and mode of its matching."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import scoring

_DEFAULT = scoring.Weights()


class DifferenceRule(models.TextChoices):
    """How a scheme treats partners' different countries or organisations."""

    REQUIRED = scoring.REQUIRED, _("Required (never pair two from the same one)")
    PREFERRED = scoring.PREFERRED, _("Preferred (earns the difference weight)")
    IGNORED = scoring.IGNORED, _("Ignored")


class MatchingMode(models.TextChoices):
    """Who makes the matches: the engine's runs, or mentees requesting mentors from the
    directory (``matching.directory``, ``matching.services.requests``)."""

    ENGINE = "engine", _("Matching runs (the engine proposes)")
    MEMBER_LED = "member_led", _("Member-led (mentees request mentors from a directory)")


class MatchingSettings(models.Model):
    """How one scheme weighs the criteria (created with the defaults on first use)."""

    scheme = models.OneToOneField(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="matching_settings",
        verbose_name=_("scheme"),
    )
    weight_expertise = models.DecimalField(
        _("weight expertise"),
        max_digits=4,
        decimal_places=1,
        default=_DEFAULT.expertise,
        help_text=_("Expertise offered against the goals sought."),
    )
    weight_interests = models.DecimalField(
        _("weight interests"),
        max_digits=4,
        decimal_places=1,
        default=_DEFAULT.interests,
        help_text=_("Interests in common."),
    )
    weight_career_gap = models.DecimalField(
        _("weight career gap"),
        max_digits=4,
        decimal_places=1,
        default=_DEFAULT.career_gap,
        help_text=_("Difference in experience inside the preferred range."),
    )
    weight_difference = models.DecimalField(
        _("weight difference"),
        max_digits=4,
        decimal_places=1,
        default=_DEFAULT.difference,
        help_text=_("Different organisation and/or country, as required or preferred below."),
    )
    weight_mode = models.DecimalField(
        _("weight mode"),
        max_digits=4,
        decimal_places=1,
        default=_DEFAULT.mode,
        help_text=_("Compatible meeting mode."),
    )
    weight_availability = models.DecimalField(
        _("weight availability"),
        max_digits=4,
        decimal_places=1,
        default=_DEFAULT.availability,
        help_text=_(
            "Hours a week both are free at the same time, across their time zones "
            "(4 hours earn the whole weight; half of it when either gave no times)."
        ),
    )
    weight_language = models.DecimalField(
        _("weight language"),
        max_digits=4,
        decimal_places=1,
        default=_DEFAULT.language,
        help_text=_("A language in common."),
    )
    gap_min_years = models.PositiveSmallIntegerField(
        _("preferred experience gap: at least (years)"), default=_DEFAULT.gap_min_years
    )
    gap_max_years = models.PositiveSmallIntegerField(
        _("preferred experience gap: at most (years)"), default=_DEFAULT.gap_max_years
    )
    country_rule = models.CharField(
        _("partners from different countries"),
        max_length=10,
        choices=DifferenceRule.choices,
        default=_DEFAULT.country_rule,
        help_text=_(
            "Required: two people known to be in one country are never paired. "
            "Preferred: different countries earn the difference weight."
        ),
    )
    organisation_rule = models.CharField(
        _("partners from different organisations"),
        max_length=10,
        choices=DifferenceRule.choices,
        default=_DEFAULT.organisation_rule,
        help_text=_(
            "Organisations are compared as on the organisation list, so its aliases "
            "and spellings count as one."
        ),
    )
    min_overlap_hours = models.DecimalField(
        _("minimum hours a week in common"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
        help_text=_(
            "Hard constraint: never pair people with fewer hours a week free at the same "
            "time, across their time zones. 0 turns it off."
        ),
    )
    scheduled_runs = models.BooleanField(
        _("scheduled runs"),
        default=False,
        help_text=_("Rolling schemes: propose matches for new applicants automatically every day."),
    )
    approve_automatically = models.BooleanField(
        _("approve automatically"),
        default=False,
        help_text=_("Scheduled runs: approve their proposals without a person reviewing them."),
    )
    matching_mode = models.CharField(
        _("how mentees are matched"),
        max_length=12,
        choices=MatchingMode.choices,
        default=MatchingMode.ENGINE,
    )
    requests_need_approval = models.BooleanField(
        _("member-led: a coordinator approves each accepted request"),
        default=False,
        help_text=_("Otherwise the relationship starts as soon as the mentor accepts."),
    )
    max_requests = models.PositiveSmallIntegerField(
        _("member-led: requests a mentee may have waiting"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    request_days = models.PositiveSmallIntegerField(
        _("member-led: days a mentor has to answer"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(gap_max_years__gte=models.F("gap_min_years")),
                name="matching_gap_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Matching settings of %(scheme)s") % {"scheme": self.scheme}

    def as_weights(self) -> scoring.Weights:
        return scoring.Weights(
            expertise=float(self.weight_expertise),
            interests=float(self.weight_interests),
            career_gap=float(self.weight_career_gap),
            difference=float(self.weight_difference),
            mode=float(self.weight_mode),
            availability=float(self.weight_availability),
            language=float(self.weight_language),
            gap_min_years=self.gap_min_years,
            gap_max_years=self.gap_max_years,
            country_rule=self.country_rule,
            organisation_rule=self.organisation_rule,
            min_overlap_hours=float(self.min_overlap_hours),
        )
