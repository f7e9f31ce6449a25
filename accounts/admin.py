"""People in the admin: users (email login) with their profile, and email opt-outs. Only
administrators (superusers) manage them. The record of every email sent is registered by
``schemes.admin.outbox``, which scopes it to a coordinator's schemes."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from import_export.admin import ImportExportMixin

from core.admin import ReadOnlyAdminMixin
from core.imports import AllOrNothingImportMixin

from .models import PROFILE_FIELDS, EmailPreference, Profile, User
from .resources import MemberResource
from .roles import user_is_administrator


class SuperuserOnlyMixin:
    """Every permission on this model belongs to administrators alone."""

    def has_module_permission(self, request):
        return user_is_administrator(user=request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_administrator(user=request.user)

    def has_add_permission(self, request, *args):
        return user_is_administrator(user=request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_administrator(user=request.user)

    def has_delete_permission(self, request, obj=None):
        return user_is_administrator(user=request.user)


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileAdminForm(forms.ModelForm):
    """The profile's list fields are JSON in the admin: an emptied box means an empty list
    (the column is NOT NULL), and anything but a list is a clear error, never a 500."""

    LIST_FIELDS = ("expertise", "interests", "languages")

    class Meta:
        model = Profile
        fields = PROFILE_FIELDS

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name in self.LIST_FIELDS:
            if name not in cleaned:
                continue
            if cleaned[name] in (None, ""):
                cleaned[name] = []
            elif not isinstance(cleaned[name], list):
                self.add_error(
                    name, 'Enter a list, for example ["first", "second"], or leave it empty.'
                )
        return cleaned


class ProfileInline(admin.StackedInline):
    model = Profile
    form = ProfileAdminForm
    can_delete = False
    extra = 0
    # The six short fields two to a line, then the lists.
    fields = (PROFILE_FIELDS[0:2], PROFILE_FIELDS[2:4], PROFILE_FIELDS[4:6], *PROFILE_FIELDS[6:])


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, AllOrNothingImportMixin, ImportExportMixin, DjangoUserAdmin):
    resource_classes = [MemberResource]
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    inlines = (ProfileInline,)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_superuser", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name", "profile__membership_number")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name")}),
        (
            "Permissions",
            {
                "description": "Administrators are superusers. Coordinators are staff in the "
                "Coordinators group and are added to schemes on each scheme's page.",
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("profile")

    def has_import_permission(self, request):
        return user_is_administrator(user=request.user)

    def has_export_permission(self, request):
        return user_is_administrator(user=request.user)


@admin.register(EmailPreference)
class EmailPreferenceAdmin(ReadOnlyAdminMixin, SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "kind")
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "kind")
