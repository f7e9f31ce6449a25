"""The body's list of areas in the admin: administrators add, relabel, reorder and retire
areas; coordinators may view the list (``accounts.rules``). An area is never deleted (a
profile or application may hold its code): it is retired instead, and its code is fixed
once saved."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .areas import ExpertiseArea, area_use
from .roles import user_is_administrator


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
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
        return f"{profiles} profile(s) and {applications} application(s)"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return user_is_administrator(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return user_is_administrator(user=request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # retire instead: stored codes must keep their label
