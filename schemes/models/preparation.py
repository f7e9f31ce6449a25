"""Online preparation: a scheme's own module (its text and a short code of conduct) and who
completed it. Completing the module satisfies the scheme's preparation gate as attending a
preparation event does (``schemes.selectors.preparation_complete``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .schemes import Role, Scheme


class PreparationModule(models.Model):
    """The body's online preparation for one scheme, set in the admin."""

    scheme = models.OneToOneField(
        Scheme,
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="preparation_module",
    )
    title = models.CharField(_("title"), max_length=160, default=_("Online preparation"))
    text = models.TextField(
        _("text"),
        help_text=_("What members read to prepare: the body's own guidance, in plain text."),
    )
    code_of_conduct = models.TextField(
        _("code of conduct"),
        help_text=_("A short code of conduct each member confirms they have read and accept."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("preparation module")
        verbose_name_plural = _("preparation modules")

    def __str__(self) -> str:
        return gettext("%(title)s (%(scheme)s)") % {"title": self.title, "scheme": self.scheme}


class PreparationCompletion(models.Model):
    """A member completed a scheme's online preparation for a role and accepted its code
    of conduct."""

    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="preparation_completions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="preparations",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    code_of_conduct_accepted = models.BooleanField(_("code of conduct accepted"), default=False)
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("preparation completion")
        verbose_name_plural = _("preparation completions")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "user", "role"], name="uniq_preparation_completion"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(user)s prepared for %(scheme)s (%(role)s)") % {
            "user": self.user,
            "scheme": self.scheme,
            "role": self.get_role_display(),
        }
