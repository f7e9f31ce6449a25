"""Scheme setup: description, intake, lifecycle, coordinators, eligibility, matching
choice and the supply-and-demand rule, with supply against demand in the list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from copy import copy
from functools import partial

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import user_is_administrator

from ..models import Intake, PreparationModule, Scheme
from ..models.scheme_rules import (
    kind_fields_unused,
    kind_fields_unused_by_choice,
    scheme_rule_errors,
)
from ..selectors import SupplyDemand, supply_demand_by_scheme
from ..services import scheme_apply_supply_demand_rule
from ..tasks import send_recruitment_open_notices
from .base import ScopedHistoryAdmin

COHORT_AT_RISK_HELP = _(
    "An accepted applicant not yet paired is at risk past this fraction of the time from "
    "their application to the launch (the waiting list and the coordinators' digest say so)."
)


class PreparationModuleInline(admin.StackedInline):
    """The scheme's online preparation (its text and code of conduct): completing it
    satisfies the preparation gate as attending a preparation event does. Shown once the
    scheme requires preparation (after the save that ticks it)."""

    model = PreparationModule
    extra = 0
    max_num = 1
    verbose_name = _("online preparation")
    verbose_name_plural = _("online preparation")
    fields = ("title", "text", "code_of_conduct")


@admin.register(Scheme)
class SchemeAdmin(ScopedHistoryAdmin):
    scheme_path = ""
    list_display = (
        "name",
        "kind",
        "intake",
        "phase",
        "accepting_applications",
        "places_display",
        "demand_display",
        "ratio_display",
    )
    list_filter = ("kind", "intake", "phase", "accepting_applications")
    search_fields = ("name", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("coordinators",)
    readonly_fields = ("over_threshold_since", "supply_demand_summary")
    actions = ("apply_supply_demand_rule",)
    fieldsets = (
        (
            _("Description and audience"),
            {
                "fields": (
                    "name",
                    "slug",
                    "summary",
                    "description",
                    "audience",
                    "how_it_works",
                    "commitment",
                )
            },
        ),
        (
            _("Kind and intake"),
            {
                "description": _(
                    "Rolling schemes take applications at any time and aim to pair "
                    "each applicant within the target window. Cohort schemes recruit mentors and "
                    "mentees (or peers, in the mentee window) in windows before a launch date, "
                    "when every pair starts; an applicant's window is the time to the launch. "
                    "After a save, only the fields of the chosen kind and intake are shown."
                ),
                "fields": (
                    "kind",
                    "intake",
                    ("target_window_days", "at_risk_fraction"),
                    ("mentor_recruitment_opens", "mentor_recruitment_closes"),
                    ("mentee_recruitment_opens", "mentee_recruitment_closes"),
                    ("launch_date", "programme_length_months"),
                    "programme_template",
                ),
            },
        ),
        (
            _("Lifecycle and foundations"),
            {
                "description": _(
                    "Plan the scheme while it is being built: the need, who has a "
                    "stake in it, the resources and the time it costs."
                ),
                "fields": (
                    "phase",
                    "need",
                    "stakeholders",
                    "resources_funding",
                    "time_cost",
                    "preparation_required",
                ),
            },
        ),
        (_("Coordinators"), {"fields": ("coordinators",)}),
        (_("Eligibility"), {"fields": ("senior_min_years",)}),
        (
            _("Group circles"),
            {"fields": (("circle_size_min", "circle_size_max"), "circles_have_facilitator")},
        ),
        (_("Matching choice"), {"fields": ("mentee_choice", "shortlist_size")}),
        (_("Flash mentoring"), {"fields": ("flash_bookings_max",)}),
        (
            _("Supply and demand"),
            {
                "fields": (
                    "supply_demand_summary",
                    "demand_threshold",
                    "over_threshold_action",
                    "waitlist_offers_need_approval",
                    "accepting_applications",
                    "over_threshold_since",
                )
            },
        ),
    )

    class Media:
        js = ("js/scheme_kind_fields.js",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The kind select names the fields each kind and intake leaves unused, for the
        script that hides them as the choice changes (on a new scheme too)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        kind = form.base_fields.get("kind")
        if kind is not None:
            kind.widget.attrs["data-unused-fields"] = json.dumps(kind_fields_unused_by_choice())
        at_risk = form.base_fields.get("at_risk_fraction")
        if at_risk is not None and obj is not None and obj.intake == Intake.COHORT:
            # a cohort has no target window: its applicants' window is the time to the launch
            # (``Scheme.pairing_window_days``), which waiting lists and the digest count against
            at_risk.help_text = COHORT_AT_RISK_HELP
        return form

    def get_queryset(self, request):
        return supply_demand_by_scheme(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        """Only the fields the scheme's kind and intake use (a field its kind does not use
        stays while it holds a value, so the message asking to clear it has a place; on a
        save, the fields of the kind and intake chosen too). A new scheme's form holds them
        all, and its script shows those of the kind and intake chosen; a value left in a
        field the kind does not use is refused on save (``scheme_rule_errors``)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        hidden = kind_fields_unused(obj) - set(scheme_rule_errors(obj))
        if request.method == "POST":  # the kind or intake being chosen: its fields too
            chosen = copy(obj)
            chosen.kind = request.POST.get("kind", obj.kind)
            chosen.intake = request.POST.get("intake", obj.intake)
            hidden &= kind_fields_unused(chosen)
        shown = []
        for name, options in fieldsets:
            fields = [kept for line in options["fields"] if (kept := _without(line, hidden))]
            if fields:
                shown.append((name, {**options, "fields": fields}))
        return shown

    def get_inlines(self, request, obj):
        return (PreparationModuleInline,) if obj is not None and obj.preparation_required else ()

    def save_model(self, request, obj, form, change):
        """A changed threshold or over-threshold action takes effect at once, and so does a
        recruitment window opened today: those who registered interest are emailed now (in
        the background, after the save commits), not at the next daily run."""
        super().save_model(request, obj, form, change)
        if change and {"demand_threshold", "over_threshold_action"} & set(form.changed_data):
            scheme_apply_supply_demand_rule(scheme=obj)
        transaction.on_commit(partial(send_recruitment_open_notices.delay, obj.pk))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coordinators":
            from accounts.models import User

            kwargs["queryset"] = User.objects.filter(is_staff=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not user_is_administrator(user=request.user):
            readonly.append("coordinators")
        return readonly

    @admin.display(description=_("mentor places"), ordering="places")
    def places_display(self, obj: Scheme) -> int | str:
        return "–" if obj.is_one_pool else SupplyDemand.of(obj).places

    @admin.display(description=_("mentee demand (peers waiting)"), ordering="demand")
    def demand_display(self, obj: Scheme) -> int | str:
        """Mentees waiting in a scheme of mentors and mentees; peers waiting for a match
        in a peer scheme (it has no mentor places)."""
        if obj.is_one_pool:
            return _peers_waiting(SupplyDemand.of(obj).peers_waiting)
        return SupplyDemand.of(obj).demand

    @admin.display(description=_("demand per place"))
    def ratio_display(self, obj: Scheme) -> str:
        ratio = None if obj.is_one_pool else SupplyDemand.of(obj).ratio
        return "–" if ratio is None else str(ratio)

    @admin.display(description=_("supply and demand now"))
    def supply_demand_summary(self, obj: Scheme) -> str:
        if obj is None or obj.pk is None:
            return "–"
        sd = SupplyDemand.of(obj)
        if obj.is_one_pool:
            return _peers_waiting(sd.peers_waiting)
        ratio = (
            gettext("no places")
            if sd.ratio is None
            else gettext("%(ratio)s per place") % {"ratio": sd.ratio}
        )
        return gettext("%(places)s mentor places, %(demand)s mentees waiting (%(ratio)s)") % {
            "places": sd.places,
            "demand": sd.demand,
            "ratio": ratio,
        }

    @admin.action(description=_("Apply the supply-and-demand rule now"), permissions=["change"])
    @transaction.atomic  # all the schemes or none: a busy database answers 503, nothing saved
    def apply_supply_demand_rule(self, request, queryset):
        tripped = [s.name for s in queryset if scheme_apply_supply_demand_rule(scheme=s)]
        if tripped:
            self.message_user(
                request,
                gettext("Demand is over the threshold in: %(schemes)s.")
                % {"schemes": ", ".join(tripped)},
                messages.WARNING,
            )
        else:
            self.message_user(request, gettext("No selected scheme is over its threshold."))


def _peers_waiting(count: int) -> str:
    """ "3 peers waiting for a match": accepted and not yet matched, as the "Applicants
    waiting" page counts them."""
    return ngettext(
        "%(count)s peer waiting for a match", "%(count)s peers waiting for a match", count
    ) % {"count": count}


def _without(line: str | Sequence[str], hidden: set[str]) -> str | tuple[str, ...] | None:
    """A fieldset line without the hidden fields (None when nothing is left)."""
    if isinstance(line, str):
        return None if line in hidden else line
    kept = tuple(name for name in line if name not in hidden)
    return kept or None
