"""The outbox (``accounts.SentNotification``) in the admin, read-only and scoped: each email
about a scheme belongs to it, so a coordinator sees the emails of the schemes they
coordinate (registered here, where the scoping rule lives, not in accounts)."""

from __future__ import annotations

from django.contrib import admin

from accounts.models import PRIVATE_ACTIVITY_KINDS, PRIVATE_BODY_KINDS, SentNotification
from accounts.roles import user_is_administrator
from core.admin import ReadOnlyAdminMixin

from ..admin_scoping import SchemeScopedAdminMixin


@admin.register(SentNotification)
class SentNotificationAdmin(ReadOnlyAdminMixin, SchemeScopedAdminMixin, admin.ModelAdmin):
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
    list_per_page = 50
    # The outbox grows by every email sent: a filtered list does not count the whole table.
    show_full_result_count = False
    search_fields = ("email", "subject")
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        """Every email but those of a private conversation (``PRIVATE_ACTIVITY_KINDS``)."""
        return super().get_queryset(request).exclude(kind__in=PRIVATE_ACTIVITY_KINDS)

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
        if user_is_administrator(user=request.user) and (
            obj is None or obj.kind not in PRIVATE_BODY_KINDS
        ):
            fields += ["body_text", "body_html"]
        return fields
