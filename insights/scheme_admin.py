"""The scheme admin with its guided set-up: a new scheme is saved by ``scheme_create`` (with
its matching settings and default feedback questions), and the scheme's page opens with the
checklist of what it still needs before recruitment can open (``insights.setup``).

The scheme admin itself belongs to ``schemes``; the set-up reads every app, which only this
layer may import, so it extends that admin here and registers the extension in its place.
Coordinators reach the page only for the schemes they coordinate (the scheme admin's scope).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schemes.admin.scheme import SchemeAdmin
from schemes.models import Phase, Scheme
from sessions_log.programme_fit import programme_overrun
from sessions_log.rules import programme_templates_usable_by

from .services import scheme_create
from .setup import missing_items, recruitment_step, scheme_checklist

CHECKLIST_FIELDSET = (
    _("Set-up checklist"),
    {
        "description": _(
            "What the scheme needs before recruitment can open. Each item links "
            "to the page that puts it right."
        ),
        "fields": ("setup_checklist",),
    },
)

admin.site.unregister(Scheme)


@admin.register(Scheme)
class SchemeSetupAdmin(SchemeAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme_template":
            # the body's templates, the coordinator's own and those their schemes use
            kwargs["queryset"] = programme_templates_usable_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _programme_fit_form(super().get_form(request, obj, change=change, **kwargs))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "setup_checklist"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        return [CHECKLIST_FIELDSET, *fieldsets] if obj is not None else fieldsets

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            scheme_create(scheme=obj, by=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        scheme = form.instance
        missing = missing_items(scheme_checklist(scheme=scheme))
        if missing and scheme.phase in Phase.recruiting_states:
            self.message_user(
                request,
                gettext(
                    "%(name)s is %(phase)s but still needs: %(missing)s. See its set-up checklist."
                )
                % {
                    "name": scheme.name,
                    "phase": scheme.get_phase_display().lower(),
                    "missing": "; ".join(item.label.lower() for item in missing),
                },
                messages.WARNING,
            )

    @admin.display(description=_("what it still needs"))
    def setup_checklist(self, obj: Scheme) -> SafeString:
        items = scheme_checklist(scheme=obj)
        return SafeString(
            render_to_string(
                "insights/setup_checklist.html",
                {
                    "items": items,
                    "missing": missing_items(items),
                    "recruitment": recruitment_step(scheme=obj),
                    "scheme": obj,
                },
            )
        )


# A change to any of these may make the programme outlast the scheme.
PROGRAMME_FIT_FIELDS = {"programme_template", "launch_date", "programme_length_months"}


def _programme_fit_form(form: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """The scheme form refusing, beside the programme, a programme that runs past the end
    of the scheme (``sessions_log.programme_fit``) when either is chosen or changed."""

    class ProgrammeFitForm(form):  # type: ignore[valid-type, misc]
        def _post_clean(self) -> None:
            super()._post_clean()
            if "programme_template" not in self.fields or self.has_error("programme_template"):
                return
            if not PROGRAMME_FIT_FIELDS & set(self.changed_data):
                return
            overrun = programme_overrun(
                template=self.instance.programme_template, scheme=self.instance
            )
            if overrun:
                self.add_error("programme_template", overrun)

    ProgrammeFitForm.base_fields = form.base_fields  # as the admin made them, not remade
    return ProgrammeFitForm
