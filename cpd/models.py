"""Reflections, CPD activities and the audit standards they are tagged to.

Only what a member writes is stored here: reflections, manual activities with their
evidence, a profile for the audit submission, and standards tags on activities derived
from sessions and events. Derived activities themselves are computed at read time
(``cpd.selectors.cpd_activities_for_user``) from held sessions and attended events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import DateBoundsMixin, DateWindow, sane_window


class ReflectionModel(models.TextChoices):
    """The structure of a reflection; prompts for each are in ``cpd.prompts``."""

    WHAT_SO_WHAT = "what_so_what", _("What? So what? Now what?")
    GIBBS = "gibbs", _("Gibbs' reflective cycle")
    FREE = "free", _("Free text")


class Framework(models.Model):
    """A regulator's or body's CPD audit standards (the HCPC's ship as data)."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    body = models.CharField(
        _("body"), max_length=160, blank=True, help_text=_("Regulator or body.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Standard(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="standards", verbose_name=_("framework")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="uniq_standard_number")
        ]

    def __str__(self) -> str:
        return gettext("%(framework)s %(number)s") % {
            "framework": self.framework.name,
            "number": self.number,
        }

    @property
    def label(self) -> str:
        """The standard as a member reads it: the wording is the framework's (data), the
        "Standard n:" around it is the site's."""
        return gettext("Standard %(number)s: %(text)s") % {"number": self.number, "text": self.text}


class SchemeCpdSetting(models.Model):
    """A scheme's choice of reflection model (members may still choose another)."""

    scheme = models.OneToOneField(
        "schemes.Scheme",
        on_delete=models.CASCADE,
        related_name="cpd_setting",
        verbose_name=_("scheme"),
    )
    reflection_model = models.CharField(
        _("reflection model"),
        max_length=20,
        choices=ReflectionModel.choices,
        default=ReflectionModel.WHAT_SO_WHAT,
    )

    class Meta:
        verbose_name = _("scheme CPD setting")
        verbose_name_plural = _("scheme CPD settings")

    def __str__(self) -> str:
        return gettext("CPD settings of %(scheme)s") % {"scheme": self.scheme}


class ReflectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")


class Reflection(DateBoundsMixin, models.Model):
    """A member's written reflection. Private to its author unless shared with the partner(s)
    of the linked relationship. Never shown to coordinators or administrators."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    model = models.CharField(
        _("reflective model"),
        max_length=20,
        choices=ReflectionModel.choices,
        default=ReflectionModel.WHAT_SO_WHAT,
    )
    entries = models.JSONField(
        _("entries"),
        default=dict,
        blank=True,
        help_text=_("Answers keyed by the model's prompt keys."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReflectionStatus.choices,
        default=ReflectionStatus.DRAFT,
    )
    reflected_on = models.DateField(_("date"))
    session = models.ForeignKey(
        "sessions_log.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
        verbose_name=_("session"),
    )
    relationship = models.ForeignKey(
        "sessions_log.Relationship",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
        verbose_name=_("relationship"),
    )
    goal = models.ForeignKey(
        "sessions_log.Goal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
        verbose_name=_("goal"),
    )
    event = models.ForeignKey(
        "schemes.SchemeEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
        verbose_name=_("learning set or event"),
        help_text=_("A learning set or other event attended."),
    )
    shared_with_partner = models.BooleanField(_("shared with partner"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-reflected_on", "-pk"]
        indexes = [models.Index(fields=["author", "reflected_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with_partner=False) | Q(relationship__isnull=False),
                name="shared_reflection_has_relationship",
            )
        ]

    def __str__(self) -> str:
        return gettext("Reflection #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("cpd:reflection", kwargs={"pk": self.pk})

    def date_bounds(self) -> dict[str, DateWindow]:
        return {"reflected_on": sane_window()}


class ActivityType(models.TextChoices):
    MENTORING_SESSION = "mentoring_session", _("Mentoring session")
    LEARNING_SET = "learning_set", _("Learning set")
    BRIEFING = "briefing", _("Briefing or preparation")
    EVENT = "event", _("Scheme event")
    COURSE = "course", _("Course or training")
    CONFERENCE = "conference", _("Conference or seminar")
    READING = "reading", _("Reading or self-directed learning")
    SUPERVISION = "supervision", _("Supervision or peer review")
    WORK_BASED = "work_based", _("Work-based learning")
    OTHER = "other", _("Other")


MANUAL_TYPES = [
    (t.value, t.label)
    for t in ActivityType
    if t not in (ActivityType.MENTORING_SESSION, ActivityType.EVENT)
]


class ActivityRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    PEER = "peer", _("Peer")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")


class ManualActivity(DateBoundsMixin, models.Model):
    """A CPD activity a member adds by hand (anything outside the scheme's records)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cpd_activities",
        verbose_name=_("user"),
    )
    title = models.CharField(_("title"), max_length=200)
    activity_type = models.CharField(_("type"), max_length=20, choices=MANUAL_TYPES)
    role = models.CharField(
        _("role"), max_length=12, choices=ActivityRole.choices, default=ActivityRole.PARTICIPANT
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What you did and what you learned from it.")
    )
    standards = models.ManyToManyField(
        Standard, blank=True, related_name="+", verbose_name=_("audit standards")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Each edit keeps the version before it (cpd.services.manual_activity_edit).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("manual activity")
        verbose_name_plural = _("manual activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=500), name="activity_hours_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def date_bounds(self) -> dict[str, DateWindow]:
        """Something already done: not in the future."""
        return {"date": sane_window(past=True)}


class Evidence(models.Model):
    """An uploaded file supporting a member's manual activity."""

    activity = models.ForeignKey(
        ManualActivity,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("activity"),
    )
    file = models.FileField(_("file"), upload_to="cpd/evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(_("what the evidence is"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class SourceType(models.TextChoices):
    SESSION = "session", _("Mentoring session")
    EVENT = "event", _("Scheme event")
    MANUAL = "manual", _("Added by the member")


class ActivityTag(models.Model):
    """A standard tagged by a member to a derived activity (a held session or an event)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    source_type = models.CharField(
        _("source type"),
        max_length=10,
        choices=[c for c in SourceType.choices if c[0] != SourceType.MANUAL],
    )
    source_id = models.PositiveBigIntegerField(_("session or event number"))
    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="+", verbose_name=_("standard")
    )

    class Meta:
        verbose_name = _("activity tag")
        verbose_name_plural = _("activity tags")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source_type", "source_id", "standard"], name="uniq_activity_tag"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_type}:{self.source_id} → {self.standard}"


class CpdProfile(models.Model):
    """The member's words for the audit submission: summary of practice and a statement per
    standard of their chosen framework (``statements`` is keyed by standard id)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cpd_profile",
        verbose_name=_("user"),
    )
    framework = models.ForeignKey(
        Framework,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("framework"),
    )
    summary_of_practice = models.TextField(_("summary of practice"), blank=True)
    statements = models.JSONField(_("statements"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("CPD profile")
        verbose_name_plural = _("CPD profiles")

    def __str__(self) -> str:
        return gettext("CPD profile of %(user)s") % {"user": self.user}


class IssuedCertificate(models.Model):
    """A certificate of participation as issued: what it printed, under a code anyone holding
    the paper can check at ``/verify/<code>/``. Only what the certificate shows is kept (the
    name, scheme, dates and hours), so the public page can disclose nothing more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("user"),
    )
    relationship = models.ForeignKey(
        "sessions_log.Relationship",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("relationship"),
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    member_name = models.CharField(_("member name"), max_length=300)
    role_label = models.CharField(_("role"), max_length=40)
    scheme_name = models.CharField(_("scheme name"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    sessions = models.PositiveIntegerField(_("sessions"))
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("issued certificate")
        verbose_name_plural = _("issued certificates")
        constraints = [
            models.UniqueConstraint(fields=["user", "relationship"], name="uniq_certificate")
        ]

    def __str__(self) -> str:
        return gettext("Certificate %(code)s") % {"code": self.code}
