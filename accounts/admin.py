"""People in the admin: users (email login) with their profile, the record of every email
sent, and email opt-outs. Only administrators (superusers) manage users; coordinators see
the notifications of their own schemes, read-only and without the message bodies."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from import_export.admin import ImportExportMixin

from schemes.admin_scoping import SchemeScopedAdminMixin
from schemes.resources import AllOrNothingImportMixin

from .models import EmailPreference, NotificationKind, Profile, SentNotification, User
from .resources import MemberResource


class SuperuserOnlyMixin:
    """Every permission on this model belongs to administrators alone."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    extra = 0
    fields = (
        ("membership_number", "job_title"),
        ("organisation", "country"),
        ("years_experience", "career_stage"),
        "expertise",
        "interests",
        "availability",
        "preferred_mode",
        "languages",
        "do_not_pair_with",
    )


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
        return request.user.is_superuser

    def has_export_permission(self, request):
        return request.user.is_superuser


# Emails about a pair's sessions can carry the place or meeting link, which no staff member
# sees anywhere else: their bodies stay hidden in the admin, even from administrators.
PRIVATE_BODY_KINDS = frozenset(
    {
        NotificationKind.SESSION_UPCOMING,
        NotificationKind.SESSION_UNLOGGED,
        NotificationKind.REFLECTION_PROMPT,
        NotificationKind.GOALS_REVIEW,
    }
)


@admin.register(SentNotification)
class SentNotificationAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    """The outbox, read-only. Bodies are shown to administrators only, and never for emails
    about a pair's sessions (``PRIVATE_BODY_KINDS``)."""

    list_display = (
        "kind",
        "email",
        "subject",
        "scheme",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("kind", "status", ("scheme", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("scheme",)
    search_fields = ("email", "subject")
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        fields = [
            "kind",
            "email",
            "recipient",
            "subject",
            "scheme",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "claimed_at",
            "sent_at",
        ]
        if request.user.is_superuser and (obj is None or obj.kind not in PRIVATE_BODY_KINDS):
            fields += ["body_text", "body_html"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailPreference)
class EmailPreferenceAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "kind")
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "kind")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
