"""People: the user (email login), their standing profile, email preferences and the
record of every notification sent (the key that makes a retried task harmless)."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.dates import DateBoundsMixin, DateWindow, sane_window
from core.zones import validate_zone

from .areas import ExpertiseArea  # noqa: F401  (a model of this app, kept in its own module)
from .availability import AvailabilityError, parse_lines
from .names import full_name
from .organisations import organisation_key


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(DateBoundsMixin, AbstractUser):
    """A person. Email is the login; there is no username."""

    # No username column: the email is the login. The stubs declare the inherited field.
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # Set when the person was erased: the row is then an anonymous placeholder that keeps
    # their records counted (``accounts.erasure``).
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # An email-only manager where the stubs expect Django's username one.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    def date_bounds(self) -> dict[str, DateWindow]:
        """Joining and signing in have happened (administrators can edit both)."""
        return dict.fromkeys(("date_joined", "last_login"), sane_window(past=True))

    def get_full_name(self) -> str:
        """The name in its script's order (``accounts.names.full_name``)."""
        return full_name(given=self.first_name, family=self.last_name)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


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


class Organisation(models.Model):
    """An employer or body members belong to, kept as data so that spellings agree.

    ``key`` is the name normalised (``accounts.organisations.organisation_key``: case,
    spacing, punctuation, "The" and suffixes such as Ltd or plc ignored); an
    ``OrganisationAlias`` is another name for the same organisation. A name typed anywhere
    resolves to the organisation whose key or alias key it has, so "N.H.S. Trust A" and
    "NHS Trust A" are one organisation, and a same-organisation rule holds across spellings.
    """

    name = models.CharField(_("name"), max_length=160, unique=True)
    key = models.CharField(_("normalised name"), max_length=160, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = organisation_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.key = organisation_key(self.name)
        _check_organisation_key(self.key, organisation=self, alias=None)


class OrganisationAlias(models.Model):
    """Another name of an organisation (one left behind by a merge, or added by hand)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("name"), max_length=160)
    key = models.CharField(_("normalised name"), max_length=160, unique=True, editable=False)

    class Meta:
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = organisation_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.key = organisation_key(self.name)
        _check_organisation_key(self.key, organisation=None, alias=self)


def _check_organisation_key(
    key: str, *, organisation: Organisation | None, alias: OrganisationAlias | None
) -> None:
    """A name (normalised) belongs to one organisation only, as its name or an alias."""
    if not key:
        raise ValidationError({"name": _("Enter a name with at least one letter or digit.")})
    named = Organisation.objects.filter(key=key)
    aliased = OrganisationAlias.objects.filter(key=key).select_related("organisation")
    if organisation is not None and organisation.pk:
        named = named.exclude(pk=organisation.pk)
    if alias is not None and alias.pk:
        aliased = aliased.exclude(pk=alias.pk)
    if (other := named.first()) is not None:
        raise ValidationError(
            {"name": _("This is the name of %(name)s (spelt alike).") % {"name": other.name}}
        )
    if (found := aliased.first()) is not None:
        raise ValidationError(
            {
                "name": _("This is an alias of %(name)s (spelt alike).")
                % {"name": found.organisation.name}
            }
        )


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
        """The names of ``COMPLETE_FIELDS`` still blank, in the form's order."""
        return [
            name
            for name in self.COMPLETE_FIELDS
            if (value := getattr(self, name)) is None or (value != 0 and not value)
        ]

    @property
    def is_complete(self) -> bool:
        return not self.missing_fields


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


class NotificationKind(models.TextChoices):
    """Every kind of email the platform sends. ``REQUIRED_KINDS`` cannot be turned off."""

    APPLICATION_DECISION = "application_decision", _("Decisions on my applications")
    APPLICATION_DRAFT = "application_draft", _("Unfinished application reminders")
    MATCH_PROPOSED = "match_proposed", _("A match to accept or decline")
    MATCH_CONFIRMED = "match_confirmed", _("A match confirmed")
    RELATIONSHIP_UPDATE = "relationship_update", _("Changes to my relationships")
    SESSION_UPCOMING = "session_upcoming", _("Reminders of upcoming sessions")
    SESSION_UNLOGGED = "session_unlogged", _("Session to log")
    REFLECTION_PROMPT = "reflection_prompt", _("Reflection prompts")
    GOALS_REVIEW = "goals_review", _("Goals review")
    FEEDBACK_DUE = "feedback_due", _("Feedback due")
    COORDINATOR_DIGEST = "coordinator_digest", _("Coordinator digest")
    COORDINATOR_ALERT = "coordinator_alert", _("Coordinator alerts (concerns, early endings)")
    SUPPLY_DEMAND = "supply_demand", _("Supply and demand warnings")
    SCHEME_NEWS = "scheme_news", _("Scheme news")
    MESSAGE_NEW = "message_new", _("New messages from my partners")
    DATA_EXPORT = "data_export", _("My data export is ready")
    ACCOUNT_INVITATION = "account_invitation", _("Invitation to set up my account")
    PARTNER_ACTIVITY = (
        "partner_activity",
        _("Sessions planned, moved or cancelled (with the calendar invitation)"),
    )
    RECEIPT = "receipt", _("Receipts for what I send (applications, concerns, event replies)")


# Emails only staff receive: never offered to members on their preferences page.
STAFF_KINDS = frozenset(
    {
        NotificationKind.COORDINATOR_DIGEST,
        NotificationKind.COORDINATOR_ALERT,
        NotificationKind.SUPPLY_DEMAND,
    }
)


REQUIRED_KINDS = frozenset(
    {
        NotificationKind.APPLICATION_DECISION,
        NotificationKind.MATCH_PROPOSED,
        NotificationKind.MATCH_CONFIRMED,
        NotificationKind.RELATIONSHIP_UPDATE,
        NotificationKind.COORDINATOR_ALERT,
        NotificationKind.DATA_EXPORT,
        NotificationKind.ACCOUNT_INVITATION,
    }
)

# Emails about a pair's sessions can carry the place or meeting link, which no staff member
# sees anywhere else: their bodies stay hidden in the admin, even from administrators.
# Match confirmations carry the partners' contact details and message emails come from a
# private conversation: the same rule applies to them. So do a relationship's own changes
# (a flash booking carries the mentee's note and the meeting link).
PRIVATE_BODY_KINDS = frozenset(
    {
        NotificationKind.MATCH_CONFIRMED,
        NotificationKind.RELATIONSHIP_UPDATE,
        NotificationKind.MESSAGE_NEW,
        NotificationKind.PARTNER_ACTIVITY,
        NotificationKind.SESSION_UPCOMING,
        NotificationKind.SESSION_UNLOGGED,
        NotificationKind.REFLECTION_PROMPT,
        NotificationKind.GOALS_REVIEW,
        NotificationKind.ACCOUNT_INVITATION,  # its link sets the password: a key to the account
    }
)


# Emails whose very existence tells of a private conversation (who wrote to whom, and
# when): kept in the outbox so each is sent once, never listed to staff.
PRIVATE_ACTIVITY_KINDS = frozenset({NotificationKind.MESSAGE_NEW})


class EmailPreference(models.Model):
    """A kind of email a member has turned off (absence means on)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="uniq_email_opt_out"),
        ]

    def __str__(self) -> str:
        return gettext("%(user)s opted out of %(kind)s") % {"user": self.user, "kind": self.kind}


class SentNotification(models.Model):
    """One email decided and sent. ``key`` is unique: (recipient, kind, object, period).

    The row is written in the transaction that decides to send, before the send; a
    retried or concurrent task hits the unique key and sends nothing. Delivery claims a
    pending row (``sending``, ``claimed_at``) in a committed transaction before it sends:
    ``accounts.emails.delivery`` says what happens to a claim that is never resolved.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending (claimed; may have gone out)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=255, unique=True)
    recipient = models.ForeignKey(
        User,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(_("email"))
    kind = models.CharField(
        _("kind"), max_length=40, choices=NotificationKind.choices, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("body text"))
    body_html = models.TextField(_("HTML body"), blank=True)
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"),
        default=0,
        help_text=_("Times delivery claimed it to send (each may have reached SMTP)."),
    )
    last_error = models.TextField(_("last problem"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # One-click unsubscribe link (RFC 8058), sent as List-Unsubscribe headers when set.
    unsubscribe_url = models.URLField(_("unsubscribe URL"), max_length=500, blank=True)
    # Addresses a reply goes to (comma-separated): a partner's, once they may be reached.
    reply_to = models.CharField(_("reply to"), max_length=1000, blank=True)
    # An iCalendar invitation (METHOD:REQUEST or CANCEL) attached as invite.ics.
    calendar = models.TextField(_("calendar"), blank=True)

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return gettext("%(kind)s to %(email)s (%(status)s)") % {
            "kind": self.kind,
            "email": self.email,
            "status": self.status,
        }


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    OFF = "off", _("Never")


class CoordinatorSettings(models.Model):
    """How often a coordinator receives the digest of what needs attention."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="coordinator_settings"
    )
    digest_frequency = models.CharField(
        _("digest frequency"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )

    class Meta:
        verbose_name = _("coordinator settings")
        verbose_name_plural = _("coordinator settings")

    def __str__(self) -> str:
        return gettext("%(user)s: %(frequency)s digest") % {
            "user": self.user,
            "frequency": self.get_digest_frequency_display(),
        }


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    MESSAGES = "messages", _("Messages on this site")


class MessageEmails(models.TextChoices):
    EACH = "each", _("An email for each new message")
    DAILY = "daily", _("A daily digest of new messages")


class ContactSettings(models.Model):
    """How a member's partners reach them: what they share once every member of a
    relationship has accepted (``sessions_log.rules.may_see_contact``; the email address
    always), and how they hear of new messages. Not in the admin: staff never read it."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="contact_settings"
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()./-]{4,38}$",
                _(
                    "Give a phone number of digits, spaces and + ( ) - . only, "
                    "e.g. +44 20 7946 0958."
                ),
            )
        ],
        help_text=_("Shared only with your partners, once every one of you has accepted."),
    )
    preferred_channel = models.CharField(
        _("preferred channel"),
        max_length=10,
        choices=ContactChannel.choices,
        blank=True,
        help_text=_("How you would rather your partners reach you."),
    )
    message_emails = models.CharField(
        _("emails about new messages"),
        max_length=10,
        choices=MessageEmails.choices,
        default=MessageEmails.EACH,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contact settings")
        verbose_name_plural = _("contact settings")

    def __str__(self) -> str:
        return gettext("Contact settings of %(user)s") % {"user": self.user}


# Erasure requests, retention settings and runs (a module of their own for its size).
from .data_protection_models import (  # noqa: E402, F401
    ErasureRequest,
    ErasureRequestStatus,
    RetentionRun,
    RetentionSettings,
)

# Consent history and data exports (their own module; imported here so Django finds them).
from .privacy_models import ConsentRecord, ConsentTopic, DataExport, DataExportStatus  # noqa: E402, F401
