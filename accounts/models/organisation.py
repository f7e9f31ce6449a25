"""Organisations members belong to, and the other names each is known by."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..organisations import organisation_key


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
