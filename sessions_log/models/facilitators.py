"""A circle's members accepting a facilitator: each member is asked, and the facilitator
joins only once every one of them has accepted (``services.facilitators``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .relationships import Relationship


class ConsentResponse(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class FacilitatorConsent(models.Model):
    """One circle member's answer to a facilitator proposed by the scheme's coordinator."""

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="facilitator_consents",
        verbose_name=_("relationship"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    response = models.CharField(
        _("response"),
        max_length=10,
        choices=ConsentResponse.choices,
        default=ConsentResponse.PENDING,
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("facilitator consent")
        verbose_name_plural = _("facilitator consents")
        ordering = ["relationship", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "facilitator", "member"], name="uniq_facilitator_consent"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(member)s on %(facilitator)s facilitating %(relationship)s") % {
            "member": self.member,
            "facilitator": self.facilitator,
            "relationship": self.relationship_id,
        }
