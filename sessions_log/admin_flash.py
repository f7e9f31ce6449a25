"""Flash slots in the admin: dates, mentor, length, how, and whether booked, for the
coordinators of the slot's scheme. Never the mentee's note nor the meeting link: those
are the pair's (``sessions_log.rules``)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from schemes.admin_scoping import SchemeScopedAdminMixin

from .admin import PairRecordAdminMixin
from .models import FlashSlot

FLASH_SLOT_FIELDS = (
    "scheme",
    "mentor",
    "starts_at",
    "duration_minutes",
    "mode",
    "booked",
    "booked_at",
    "relationship",
    "cancelled_at",
)


@admin.register(FlashSlot)
class FlashSlotAdmin(PairRecordAdminMixin, SchemeScopedAdminMixin, admin.ModelAdmin):
    scheme_path = "scheme"
    list_display = ("starts_at", "scheme", "mentor", "duration_minutes", "booked", "cancelled_at")
    list_select_related = ("scheme", "mentor")
    date_hierarchy = "starts_at"
    fields = FLASH_SLOT_FIELDS
    readonly_fields = fields

    @admin.display(description=_("booked"), boolean=True)
    def booked(self, obj: FlashSlot) -> bool:
        return obj.is_booked
