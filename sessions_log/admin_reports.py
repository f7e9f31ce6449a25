"""Reports of messages in the admin: the one message of a conversation staff may read, and
whether a coordinator has dealt with it.

The scheme's coordinators and the administrators read the reported message, its author
and date, the reporter and their reason, and nothing else of the conversation (messages
have no admin of their own). They mark a report handled, from the list or from the
report's page (who and when are kept), filter the list by open or handled, and the
coordinators' digest counts the open ones (``insights.digest``).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from schemes.admin_scoping import SchemeScopedAdminMixin

from .admin import PairRecordAdminMixin
from .models import MessageReport, Relationship
from .services import message_reports_handle

# The list filter's values (also in the digest's link to the open reports).
OPEN, HANDLED = "open", "handled"
# Posted by the report page's button: the action then returns to that page.
FROM_REPORT_PAGE = "_from_report"


class HandledFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(OPEN, _("Open")), (HANDLED, _("Handled"))]

    def queryset(self, request, queryset):
        if self.value() == OPEN:
            return queryset.filter(handled_at__isnull=True)
        if self.value() == HANDLED:
            return queryset.filter(handled_at__isnull=False)
        return queryset


def when(value) -> str:
    """A date and time as the admin shows its own fields ("4 Dec 2026, 11:41 a.m."), in the
    staff member's time zone: a method's datetime is otherwise shown raw."""
    return str(display_for_value(value, "-"))


@admin.register(MessageReport)
class MessageReportAdmin(PairRecordAdminMixin, SchemeScopedAdminMixin, admin.ModelAdmin):
    """A reported message, the one message of a conversation staff may read."""

    scheme_path = "message__relationship__scheme"
    change_form_template = "sessions_log/admin/messagereport_change_form.html"
    actions = ("mark_handled", "mark_open")
    list_display = ("relationship", "reported_by", "created_at", "status")
    list_filter = (HandledFilter, "message__relationship__scheme")
    list_select_related = (
        "message__relationship__scheme",
        "message__author",
        "reported_by",
        "handled_by",
    )
    fields = (
        "relationship",
        "author",
        "written_at",
        "body",
        "reported_by",
        "reason",
        "created_at",
        "status",
    )
    readonly_fields = fields

    @admin.display(description=_("relationship"))
    def relationship(self, obj: MessageReport) -> Relationship:
        return obj.message.relationship

    @admin.display(description=_("written by"))
    def author(self, obj: MessageReport) -> User:
        return obj.message.author

    @admin.display(description=_("written at"))
    def written_at(self, obj: MessageReport) -> str:
        return when(obj.message.created_at)

    @admin.display(description=_("the reported message"))
    def body(self, obj: MessageReport) -> str:
        return obj.message.body

    @admin.display(description=_("status"), ordering="handled_at")
    def status(self, obj: MessageReport) -> str:
        if obj.handled_at is None:
            return gettext("Open")
        if obj.handled_by is None:  # the coordinator's account was deleted since
            return gettext("Handled, %(when)s") % {"when": when(obj.handled_at)}
        return gettext("Handled by %(name)s, %(when)s") % {
            "name": obj.handled_by.display_name,
            "when": when(obj.handled_at),
        }

    def has_handle_permission(self, request) -> bool:
        """Whoever may read the reports (the queryset is already scoped to their schemes,
        and the service scopes again)."""
        return request.user.has_perm("sessions_log.view_messagereport")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"can_handle": self.has_handle_permission(request), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    @admin.action(description=_("Mark the selected reports handled"), permissions=["handle"])
    def mark_handled(self, request, queryset):
        changed = message_reports_handle(reports=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked handled.", "%(count)d reports marked handled.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )
        return self._back(request, queryset)

    @admin.action(description=_("Mark the selected reports open again"), permissions=["handle"])
    def mark_open(self, request, queryset):
        changed = message_reports_handle(reports=queryset, by=request.user, handled=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d report is open again.", "%(count)d reports are open again.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )
        return self._back(request, queryset)

    def _back(self, request, queryset):
        """From the report's own page, back to it; from the list, the list."""
        report = queryset.first() if FROM_REPORT_PAGE in request.POST else None
        if report is None:
            return None
        return redirect("admin:sessions_log_messagereport_change", report.pk)
