"""How a member's partners reach them, and how they hear of new messages."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .user import User


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    MESSAGES = "messages", _("Messages on this site")


class MessageEmails(models.TextChoices):
    EACH = "each", _("An email for each new message")
    DAILY = "daily", _("A daily digest of new messages")


# "No emails" is not a ``message_emails`` value: it is the member's opt-out of MESSAGE_NEW
# (``EmailPreference``), so turning emails back on restores the way they chose before. The
# email preferences page offers the three together (``accounts.services.message_emails_set``).
MESSAGE_EMAILS_NONE = "none"
MESSAGE_EMAIL_CHOICES = [
    *MessageEmails.choices,
    (MESSAGE_EMAILS_NONE, _("No emails: I see new messages when I sign in")),
]


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
