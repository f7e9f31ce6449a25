"""The kinds of email the platform sends, a member's choices among them, a coordinator's
digest frequency and the record of every notification sent (the key that makes a retried
task harmless)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .user import User


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
