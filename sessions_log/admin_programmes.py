"""Programme templates in the admin: the body's templates (administrators') and each
coordinator's own. Coordinators see the body's, their own and those their schemes use
(``rules.programme_templates_usable_by``) and change only their own
(``rules.programme_template_editable_by``); a template a coordinator adds is theirs."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import user_is_administrator

from .models import ProgrammeStep, ProgrammeTemplate
from .rules import programme_template_editable_by, programme_templates_usable_by


class ProgrammeStepInline(admin.TabularInline):
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Administrators choose whose a template is (empty: the body's); a coordinator's
        is theirs, shown but fixed, so a name they already use is refused on the form."""
        form = super().get_form(request, obj, change, **kwargs)
        owner = form.base_fields.get("owner")
        if owner is not None:
            staff = User.objects.filter(is_staff=True).order_by("email")
            if not user_is_administrator(user=request.user):
                owner.disabled, owner.initial = True, request.user.pk
                staff = staff.filter(pk=request.user.pk)
            owner.queryset = staff  # type: ignore[attr-defined]
        return form

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
        return obj.owner.display_name if obj.owner_id else "The body's"

    @admin.display(description=_("Steps"), ordering="n_steps")
    def step_count(self, obj) -> int:
        return obj.n_steps
