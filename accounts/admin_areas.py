"""The body's list of areas in the admin: administrators add, relabel, reorder and retire
areas; coordinators may view the list (``accounts.rules``). An area is never deleted (a
profile or application may hold its code): it is retired instead, and its code is fixed
once saved."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .areas import ExpertiseArea, area_use
from .roles import user_is_administrator


class ExpertiseAreaForm(forms.ModelForm):
    """The area's fields under translatable names (the model's are derived from the field
    names, which no catalogue holds)."""

    class Meta:
        model = ExpertiseArea
        fields = ("label", "code", "position", "retired")
        labels = {
            "label": _("Label"),
            "code": _("Code"),
            "position": _("Position"),
            "retired": _("Retired"),
        }


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    form = ExpertiseAreaForm
    list_display = ("label", "code", "position", "retired")
    list_filter = ("retired",)
    search_fields = ("label", "code")
    fields = ("label", "code", "position", "retired", "in_use")

    def get_readonly_fields(self, request: HttpRequest, obj: ExpertiseArea | None = None):
        return ("code", "in_use") if obj is not None else ("in_use",)

    @admin.display(description=_("chosen by"))
    def in_use(self, obj: ExpertiseArea) -> str:
        if obj.pk is None:
            return "–"
        profiles, applications = area_use(obj.code)
        # Translators: "3 profiles and 2 applications" chose this area of expertise.
        return gettext("%(profiles)s and %(applications)s") % {
            "profiles": ngettext("%(count)s profile", "%(count)s profiles", profiles)
            % {"count": profiles},
            "applications": ngettext(
                "%(count)s application", "%(count)s applications", applications
            )
            % {"count": applications},
        }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return user_is_administrator(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return user_is_administrator(user=request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # retire instead: stored codes must keep their label
