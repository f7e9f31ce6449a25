"""The body's own list of areas of expertise and development (``ExpertiseArea``).

Profiles (``Profile.expertise``) and applications (``Application.goals_areas``) store the
areas' codes; the list gives each code its label and its place. Administrators edit the list
in the admin (coordinators may view it). A code never changes once made, and an area is
never deleted, only retired: a retired area is no longer offered on forms, but a profile or
application that chose it keeps it, shows its label and still offers it to keep. A code
that is on no list (data older than the list) is shown as itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ExpertiseArea(models.Model):
    code = models.CharField(
        _("code"),
        max_length=80,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9_-]*$",
                _("Use lower-case letters, digits, hyphens and underscores, e.g. data-science."),
            )
        ],
        help_text=_("Stored on profiles and applications; cannot be changed once saved."),
    )
    label = models.CharField(_("label"), max_length=120, help_text=_("Shown to members and staff."))
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Areas are listed by position, then label.")
    )
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "No longer offered on forms. Profiles and applications that chose it "
            "keep it, and its label is still shown."
        ),
    )

    class Meta:
        app_label = "accounts"
        ordering = ["position", "label"]
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")
        constraints = [
            models.UniqueConstraint(
                Lower("label"),
                name="expertise_area_label_unique",
                violation_error_message=_("An area with this label already exists."),
            )
        ]

    def __str__(self) -> str:
        if self.retired:
            return gettext("%(label)s (retired)") % {"label": self.label}
        return self.label


def area_labels() -> dict[str, str]:
    """Every area's label by code, retired ones included, in list order."""
    return dict(ExpertiseArea.objects.values_list("code", "label"))


def area_choices(*, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The areas a form offers: the current ones in list order, then those of ``keep`` (the
    codes already chosen) that are retired or on no list, so saving never drops them."""
    rows = list(ExpertiseArea.objects.values_list("code", "label", "retired"))
    choices = [(code, label) for code, label, retired in rows if not retired]
    offered = {code for code, _ in choices}
    labels = {code: label for code, label, _ in rows}
    for code in keep or ():
        if code not in offered:
            choices.append((code, labels.get(code, code)))
            offered.add(code)
    return choices


def area_text(codes: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """Codes as their labels, comma separated, in the order given (a code on no list as
    itself). Pass ``labels`` (``area_labels()``) when showing many rows."""
    known = area_labels() if labels is None else labels
    return ", ".join(known.get(code, code) for code in codes or ())


def area_use(code: str) -> tuple[int, int]:
    """How many profiles and applications chose the area (read in Python: JSON containment
    is not portable across the databases the project runs on). Applications are a layer
    above: found through the app registry, never imported."""
    from .models import Profile  # noqa: PLC0415  (models imports this module)

    Application = apps.get_model("schemes", "Application")

    profiles = sum(code in (v or ()) for v in Profile.objects.values_list("expertise", flat=True))
    applications = sum(
        code in (v or ()) for v in Application.objects.values_list("goals_areas", flat=True)
    )
    return profiles, applications
