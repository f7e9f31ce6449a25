"""Programme templates in the admin: the body's templates (administrators') and each
coordinator's own. Coordinators see the body's, their own and those their schemes use
(``rules.programme_templates_usable_by``) and change only their own
(``rules.programme_template_editable_by``); a template a coordinator adds is theirs."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import user_is_administrator
from core.admin import LabelledTabularInline

from .models import ProgrammeStep, ProgrammeTemplate
from .rules import programme_template_editable_by, programme_templates_usable_by


class ProgrammeStepInline(LabelledTabularInline):
    model = ProgrammeStep
    extra = 1
    fields = (
        "number",
        "title",
        "purpose",
        "prompts",
        "expected_minutes",
        "offset_days",
        "optional",
    )


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "whose", "min_sessions", "duration_months", "step_count")
    list_select_related = ("owner",)
    inlines = [ProgrammeStepInline]

    def get_queryset(self, request):
        usable = programme_templates_usable_by(user=request.user)
        return usable.select_related("owner").annotate(n_steps=Count("steps"))

    fields = ("name", "owner", "description", "min_sessions", "duration_months")

    def get_fields(self, request, obj=None):
        """A coordinator's template is theirs: the owner is not theirs to choose, so it is
        not shown; administrators choose whose a template is (empty: shared)."""
        fields = super().get_fields(request, obj)
        if user_is_administrator(user=request.user):
            return fields
        return [name for name in fields if name != "owner"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        owner = form.base_fields.get("owner")
        if owner is not None:  # an administrator's form
            owner.queryset = User.objects.filter(is_staff=True).order_by("email")  # type: ignore[attr-defined]
            owner.empty_label = _("Shared with every coordinator")  # type: ignore[attr-defined]
            owner.help_text = _(
                "Empty: one of the body's templates, which every coordinator may use."
            )
            return form
        return _own_template_form(form, user=request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or programme_template_editable_by(user=request.user, template=obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or programme_template_editable_by(user=request.user, template=obj)
        )

    def save_model(self, request, obj, form, change) -> None:
        if not change and not user_is_administrator(user=request.user):
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("Whose"), ordering="owner__email")
    def whose(self, obj) -> str:
        return obj.owner.display_name if obj.owner_id else gettext("The body's")

    @admin.display(description=_("Steps"), ordering="n_steps")
    def step_count(self, obj) -> int:
        return obj.n_steps


def _own_template_form(form: type[forms.ModelForm], *, user: User) -> type[forms.ModelForm]:
    """A coordinator's template form: the template is theirs, so a name they already use is
    refused beside the name (the owner is not on the form, so the model's unique rule on
    owner and name is not checked by it)."""

    class OwnTemplateForm(form):  # type: ignore[valid-type, misc]
        def clean(self) -> dict:
            cleaned = super().clean()
            name = cleaned.get("name")
            owner = self.instance.owner_id or user.pk
            taken = ProgrammeTemplate.objects.filter(owner=owner, name=name)
            if name and taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "name", _("A programme template of yours with this name already exists.")
                )
            return cleaned

    OwnTemplateForm.base_fields = form.base_fields  # as the admin made them, not remade
    return OwnTemplateForm
