"""A member's standing profile, its choices (career stage, preferred mode, language) and
the check of its weekly availability."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.zones import validate_zone

from ..availability import AvailabilityError, parse_lines
from ..availability_words import join_list
from .organisation import Organisation
from .user import User


class CareerStage(models.TextChoices):
    STUDENT = "student", _("Student or trainee")
    EARLY = "early", _("Early career")
    MID = "mid", _("Mid career")
    SENIOR = "senior", _("Senior")
    LEADER = "leader", _("Leader / head of service")


CAREER_STAGE_ORDER = {c.value: i for i, c in enumerate(CareerStage)}


class Area(models.TextChoices):
    """The areas the body's list started with (migration 0015 copied them into
    ``ExpertiseArea``). Kept only so older code still imports; forms, imports and labels
    use the list (``accounts.areas``), which administrators edit."""

    MANAGEMENT = "management", _("Management")
    LEADERSHIP = "leadership", _("Leadership")
    INTERPERSONAL = "interpersonal", _("Interpersonal skills")
    SPECIALIST = "specialist", _("Specialist technical skills")
    CLINICAL = "clinical", _("Clinical practice")
    RESEARCH = "research", _("Research and evidence")
    EDUCATION = "education", _("Teaching and education")
    CAREER = "career", _("Career development")
    WELLBEING = "wellbeing", _("Wellbeing and resilience")
    DIGITAL = "digital", _("Digital and technology")
    POLICY = "policy", _("Policy and influencing")
    ENTERPRISE = "enterprise", _("Private practice and enterprise")


def validate_availability(value: list) -> None:
    """Each item a weekly window in the member's zone ("tue 18:00-20:00": ``availability``)."""
    if value is not None and not isinstance(value, list):
        raise ValidationError(
            _('Enter a list of weekly times, for example ["tue 18:00-20:00"].'), code="not_a_list"
        )
    try:
        parse_lines(str(item) for item in (value or []))
    except AvailabilityError as exc:
        raise ValidationError(str(exc), code="bad_window") from None


class PreferredMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    EITHER = "either", _("Either")


def language_choices() -> list[tuple[str, str]]:
    """The languages a member may choose: the site's (``settings.LANGUAGES``), read when the
    form is built, so adding a language needs no migration."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class Profile(models.Model):
    """A member's standing profile: captured once, reused by every application.

    ``organisation`` is the name as the member typed it; ``organisation_record`` the
    organisation it resolves to (set by ``accounts.services.profile_resolve``). ``country``
    is an ISO code; ``country_as_entered`` keeps text that named no known country (from
    before codes) until someone chooses the country.
    """

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile"
    )
    membership_number = models.CharField(_("membership number"), max_length=40, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    organisation_record = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name=_("organisation (from the list)"),
    )
    country = CountryField(_("country"), blank=True)
    country_as_entered = models.CharField(
        _("country as entered (not recognised)"),
        max_length=80,
        blank=True,
        help_text=_("Text that named no country we know; choose the country, then clear this."),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_zone],
        help_text=_(
            "IANA name, e.g. Australia/Sydney. Blank until chosen: the site's zone is used."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        choices=language_choices,
        help_text=_("The language of your pages and emails. Blank: the site's language."),
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    profession = models.CharField(
        _("profession"),
        max_length=120,
        blank=True,
        help_text=_(
            "As your regulator names it, e.g. Occupational therapist. Printed on your "
            "CPD portfolio."
        ),
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        blank=True,
        help_text=_(
            "Your number on the regulator's register, e.g. OT12345. Printed on your CPD portfolio."
        ),
    )
    career_stage = models.CharField(
        _("career stage"), max_length=20, choices=CareerStage.choices, blank=True
    )
    expertise = models.JSONField(
        _("expertise"),
        default=list,
        blank=True,
        help_text=_("Areas of expertise (codes from the list of areas)."),
    )
    interests = models.JSONField(
        _("interests"), default=list, blank=True, help_text=_("Free-text interests.")
    )
    availability = models.JSONField(
        _("availability"),
        default=list,
        blank=True,
        validators=[validate_availability],
        help_text=_('Weekly windows in the member\'s own time zone, e.g. "tue 18:00-20:00".'),
    )
    preferred_mode = models.CharField(
        _("preferred mode"),
        max_length=20,
        choices=PreferredMode.choices,
        default=PreferredMode.EITHER,
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    do_not_pair_with = models.JSONField(
        _("do not pair with"),
        default=list,
        blank=True,
        help_text=_("Email addresses of people this member must not be paired with."),
    )
    bio = models.CharField(
        _("short bio"),
        max_length=600,
        blank=True,
        help_text=_("A few sentences about you and your work, in your own words."),
    )
    # Always a re-encoded JPEG under a random name (``accounts.photos.photo_prepare``),
    # read only through an access-checked view.
    photo = models.FileField(_("photo"), upload_to="profiles/photos/", blank=True)
    shown_before_match = models.JSONField(
        _("shown before a match"),
        default=list,
        blank=True,
        help_text=_("Profile parts shown to proposed partners (codes of ProfilePart)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return gettext("Profile of %(user)s") % {"user": self.user}

    #: The fields schemes rely on for eligibility and matching: the profile is complete
    #: when each has a value (years of experience may be 0).
    COMPLETE_FIELDS = ("job_title", "organisation", "country", "years_experience", "career_stage")

    @property
    def missing_fields(self) -> list[str]:
        """The names of ``COMPLETE_FIELDS`` still blank, in the form's order (a blank
        country is a falsy ``Country`` that compares equal to 0: only years may be 0)."""
        return [
            name
            for name in self.COMPLETE_FIELDS
            if (value := getattr(self, name)) is None or (name != "years_experience" and not value)
        ]

    @property
    def missing_fields_text(self) -> str:
        """The fields still blank as words mid-sentence ("career stage and country"), for
        messages that say what to add; empty when the profile is complete."""
        missing = [str(MISSING_FIELD_WORDS[name]) for name in self.missing_fields]
        return join_list(missing) if missing else ""

    @property
    def is_complete(self) -> bool:
        return not self.missing_fields


#: ``Profile.COMPLETE_FIELDS`` as they read mid-sentence ("your career stage").
MISSING_FIELD_WORDS = {
    "job_title": _("job title"),
    "organisation": _("organisation"),
    "country": _("country"),
    "years_experience": _("years of experience"),
    "career_stage": _("career stage"),
}


# The fields a member fills in on their profile, in the order the profile form, the member
# import and export, the admin and the member's data export show them.
PROFILE_FIELDS = (
    "membership_number",
    "job_title",
    "organisation",
    "country",
    "timezone",
    "years_experience",
    "career_stage",
    "expertise",
    "interests",
    "availability",
    "preferred_mode",
    "languages",
    "do_not_pair_with",
    "profession",
    "registration_number",
    "bio",
)
