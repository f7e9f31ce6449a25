"""Schemes: their kind, intake, lifecycle phase, eligibility and supply-and-demand rule."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from enum import nonmember

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import MAX_PROGRAMME_MONTHS, DateBoundsMixin, DateWindow, sane_window


class SchemeKind(models.TextChoices):
    SENIOR_JUNIOR = "senior_junior", _("Senior/junior mentoring")
    RECIPROCAL = "reciprocal", _("Reciprocal peer co-mentoring")
    GROUP = "group", _("Group mentoring circles")
    REVERSE = "reverse", _("Reverse mentoring")
    BUDDY = "buddy", _("Buddy scheme")
    FLASH = "flash", _("Flash mentoring: one-off conversations")


ONE_POOL_KINDS = frozenset({SchemeKind.RECIPROCAL, SchemeKind.GROUP, SchemeKind.BUDDY})
# Kinds whose members book each other (a mentor's offered slot) instead of being matched by
# a run; each booking is one conversation, with no programme.
BOOKED_KINDS = frozenset({SchemeKind.FLASH})


class Intake(models.TextChoices):
    ROLLING = "rolling", _("Rolling: apply any time")
    COHORT = "cohort", _("Cohort: recruitment windows and a launch date")


class Phase(models.TextChoices):
    FOUNDATIONS = "foundations", _("Building the foundations")
    RECRUITING = "recruiting", _("Recruiting")
    MATCHING = "matching", _("Matching")
    RUNNING = "running", _("Running")
    REVIEW = "review", _("Review and develop")
    CLOSED = "closed", _("Closed")

    # Phases in which the scheme may take applications and match people.
    recruiting_states = nonmember(("recruiting", "matching", "running"))


class OverThresholdAction(models.TextChoices):
    WAITLIST = "waitlist", _("Waitlist new mentee applications")
    CLOSE = "close", _("Close the scheme to new applicants")


class Role(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    PEER = "peer", _("Peer")


CIRCLE_SIZES = _(
    "A circle has at least two members, and its largest size is at least its smallest."
)

DATE_FIELDS = (
    "mentor_recruitment_opens",
    "mentor_recruitment_closes",
    "mentee_recruitment_opens",
    "mentee_recruitment_closes",
    "launch_date",
)


class Scheme(DateBoundsMixin, models.Model):
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence for the list of schemes.")
    )
    description = models.TextField(_("description"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    how_it_works = models.TextField(_("how it works"), blank=True)
    commitment = models.TextField(
        _("commitment"),
        blank=True,
        help_text=_("Time asked of participants, e.g. six 1-hour sessions over 6 months."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SchemeKind.choices)
    intake = models.CharField(
        _("intake"), max_length=10, choices=Intake.choices, default=Intake.ROLLING
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.FOUNDATIONS
    )

    # rolling intake
    target_window_days = models.PositiveSmallIntegerField(
        _("target window (days)"),
        default=90,
        help_text=_("Days within which the body aims to pair each applicant."),
    )
    at_risk_fraction = models.DecimalField(
        _("at-risk fraction"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.67"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "An accepted applicant not yet paired is at risk past this fraction of their "
            "window: the target window in a rolling scheme, the time from their "
            "application to the launch in a cohort scheme."
        ),
    )
    # cohort intake
    mentor_recruitment_opens = models.DateField(
        _("mentor recruitment opens"), null=True, blank=True
    )
    mentor_recruitment_closes = models.DateField(
        _("mentor recruitment closes"), null=True, blank=True
    )
    mentee_recruitment_opens = models.DateField(
        _("mentee recruitment opens"), null=True, blank=True
    )
    mentee_recruitment_closes = models.DateField(
        _("mentee recruitment closes"), null=True, blank=True
    )
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    programme_length_months = models.PositiveSmallIntegerField(
        _("programme length (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PROGRAMME_MONTHS)],
    )

    # foundations (lifecycle phase 1)
    need = models.TextField(_("need"), blank=True, help_text=_("Why the scheme is needed."))
    stakeholders = models.TextField(_("stakeholders"), blank=True)
    resources_funding = models.TextField(_("resources and funding"), blank=True)
    time_cost = models.TextField(
        _("time cost"), blank=True, help_text=_("Time costs for staff and participants.")
    )

    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_schemes",
    )
    programme_template = models.ForeignKey(
        "sessions_log.ProgrammeTemplate",
        verbose_name=_("programme template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schemes",
        help_text=_("The sequence of sessions each relationship follows."),
    )
    momentum_weeks = models.PositiveSmallIntegerField(
        _("weeks without a session before an alert"),
        default=6,
        help_text=_("Coordinators hear of a pair with no session logged for this many weeks."),
    )
    preparation_required = models.BooleanField(
        _("preparation required"),
        default=False,
        help_text=_("Mentors must complete preparation, and mentees a briefing, before matching."),
    )
    # eligibility
    senior_min_years = models.PositiveSmallIntegerField(
        _("minimum years to be the senior partner"),
        null=True,
        blank=True,
        # Empty is no rule, so a new scheme has none until it is set (the form is empty too).
        default=None,
        help_text=_(
            "Members with fewer years' experience may only apply as the junior "
            "partner. Empty: no rule."
        ),
    )
    # group schemes
    circle_size_min = models.PositiveSmallIntegerField(_("smallest circle size"), default=4)
    circle_size_max = models.PositiveSmallIntegerField(_("largest circle size"), default=6)
    circles_have_facilitator = models.BooleanField(_("circles have facilitator"), default=False)
    # flash mentoring (booked schemes)
    flash_bookings_max = models.PositiveSmallIntegerField(
        _("future bookings per mentee"),
        default=2,
        blank=True,  # a form without it (another kind's) keeps the default
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many upcoming flash conversations one mentee may hold at a time."),
    )
    # matching choice
    mentee_choice = models.BooleanField(
        _("mentee choice"),
        default=False,
        help_text=_("Mentees choose from a shortlist instead of being assigned."),
    )
    shortlist_size = models.PositiveSmallIntegerField(_("shortlist size"), default=3)
    # supply and demand
    demand_threshold = models.DecimalField(
        _("demand threshold"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Mentee demand per mentor place above which the rule below applies. Empty: no rule."
        ),
    )
    over_threshold_action = models.CharField(
        _("over threshold action"),
        max_length=10,
        choices=OverThresholdAction.choices,
        default=OverThresholdAction.WAITLIST,
    )
    accepting_applications = models.BooleanField(
        _("accepting applications"),
        default=True,
        help_text=_("Turned off by the supply-and-demand rule or by hand."),
    )
    over_threshold_since = models.DateTimeField(
        _("over threshold since"), null=True, blank=True, editable=False
    )
    waitlist_offers_need_approval = models.BooleanField(
        _("staff approve waiting-list offers"),
        default=False,
        help_text=_(
            "When places free up, waitlisted mentees are offered them in the order they "
            "applied: at once, or (ticked) once a coordinator accepts them."
        ),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(circle_size_min__gte=2)
                & Q(circle_size_max__gte=models.F("circle_size_min")),
                name="scheme_circle_sizes_valid",
                violation_error_message=CIRCLE_SIZES,
            ),
            models.CheckConstraint(
                condition=Q(target_window_days__gte=1),
                name="scheme_window_positive",
                violation_error_message=_("The target window is at least one day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schemes:detail", kwargs={"slug": self.slug})

    def date_bounds(self) -> dict[str, DateWindow]:
        return dict.fromkeys(DATE_FIELDS, sane_window())

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Each field, then the scheme's own rules (``scheme_rule_errors``), each message on
        the field to fix; a rule on a field the form leaves out is named in the message.
        Every path that saves a scheme (the admin, the set-up service) runs ``full_clean``."""
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        from .scheme_rules import scheme_rule_errors  # the rules read this module's enums

        for name, message in scheme_rule_errors(self).items():
            if name in errors:
                continue
            if exclude and name in exclude:
                field = self._meta.get_field(name)
                assert isinstance(field, models.Field)  # a concrete field of the scheme
                label = str(field.verbose_name).capitalize()
                name, message = NON_FIELD_ERRORS, f"{label}: {message}"
            errors.setdefault(name, []).append(ValidationError(message, code="scheme_rule"))
        if errors:
            raise ValidationError(errors)

    @property
    def is_one_pool(self) -> bool:
        return self.kind in ONE_POOL_KINDS

    @property
    def is_booked(self) -> bool:
        """Members book their conversations themselves (``BOOKED_KINDS``): no matching run,
        no programme, one session per booking (``sessions_log.services.flash``)."""
        return self.kind in BOOKED_KINDS

    @property
    def roles(self) -> list[str]:
        if self.is_one_pool:
            return [Role.PEER]
        return [Role.MENTOR, Role.MENTEE]

    @property
    def junior_role(self) -> str | None:
        """The role taken by the less experienced partner (the mentor in reverse schemes)."""
        if self.kind == SchemeKind.SENIOR_JUNIOR:
            return Role.MENTEE
        if self.kind == SchemeKind.REVERSE:
            return Role.MENTOR
        return None

    def role_label(self, role: str) -> str:
        if self.kind == SchemeKind.SENIOR_JUNIOR:
            return {
                Role.MENTOR: gettext("Senior partner (mentor)"),
                Role.MENTEE: gettext("Junior partner (mentee)"),
            }[Role(role)]
        if self.kind == SchemeKind.REVERSE:
            return {
                Role.MENTOR: gettext("Reverse mentor (junior colleague)"),
                Role.MENTEE: gettext("Senior colleague (mentee)"),
            }[Role(role)]
        return str(Role(role).label)

    def recruitment_window(self, role: str) -> tuple[date | None, date | None]:
        """A cohort scheme's recruitment dates for ``role`` (mentees' for every role but
        mentor: peers are recruited in the mentees' window)."""
        if role == Role.MENTOR:
            return self.mentor_recruitment_opens, self.mentor_recruitment_closes
        return self.mentee_recruitment_opens, self.mentee_recruitment_closes

    def recruitment_open_for(self, role: str, today: date | None = None) -> bool:
        """Whether new applications in ``role`` are taken now."""
        if self.phase not in Phase.recruiting_states:
            return False
        if not self.accepting_applications:
            return False
        if self.intake == Intake.ROLLING:
            return True
        today = today or timezone.localdate()
        opens, closes = self.recruitment_window(role)
        return bool(opens and closes and opens <= today <= closes)

    def recruitment_closed_text(self, role: str, today: date | None = None) -> str:
        """Why applications in ``role`` are not taken now, in words for the member ("" when
        they are): the same conditions as ``recruitment_open_for``."""
        if self.recruitment_open_for(role, today):
            return ""
        label = self.role_label(role).lower()
        if self.phase not in Phase.recruiting_states or not self.accepting_applications:
            return gettext("%(name)s is not recruiting for the %(label)s role at the moment.") % {
                "name": self.name,
                "label": label,
            }
        today = today or timezone.localdate()
        opens, closes = self.recruitment_window(role)
        if opens and today < opens:
            return gettext("Recruitment for the %(label)s role opens on %(day)s.") % {
                "label": label,
                "day": date_format(opens, "j F Y"),
            }
        if closes and today > closes:
            return gettext("Recruitment for the %(label)s role closed on %(day)s.") % {
                "label": label,
                "day": date_format(closes, "j F Y"),
            }
        return gettext("%(name)s has not set dates for recruiting the %(label)s role yet.") % {
            "name": self.name,
            "label": label,
        }

    @property
    def is_open(self) -> bool:
        return any(self.recruitment_open_for(r) for r in self.roles)

    def pairing_window_days(self, submitted_on: date) -> int:
        """The days an applicant who applied on ``submitted_on`` may wait to be paired: a
        rolling scheme's target window; a cohort scheme's time to its launch (at least a
        day), since its pairs start together then. Waiting lists, the digest's at-risk
        applicants and time-to-match count against it."""
        if self.intake == Intake.COHORT and self.launch_date is not None:
            return max(1, (self.launch_date - submitted_on).days)
        return self.target_window_days

    @property
    def end_date(self) -> date | None:
        if self.launch_date and self.programme_length_months:
            return self.launch_date + relativedelta(months=self.programme_length_months)
        return None
