"""Data protection in the admin, for administrators only: erasure requests (recorded on a
member's behalf, reviewed, carried out or refused through ``accounts.erasure``), the
body's retention settings (one row) and the record of each retention run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin

from .admin import SuperuserOnlyMixin
from .erasure import erasure_request_carry_out, erasure_request_create, erasure_request_refuse
from .models import (
    ErasureRequest,
    ErasureRequestStatus,
    RetentionRun,
    RetentionSettings,
    User,
)


def _administrator(request: HttpRequest) -> User:
    """The signed-in administrator (every view of these admins requires one)."""
    assert isinstance(request.user, User)
    return request.user


class RefuseForm(forms.Form):
    note = forms.CharField(
        label=_("Why the request is refused"), widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(ErasureRequest)
class ErasureRequestAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "user", "status", "requested_at", "decided_at", "decided_by")
    list_filter = ("status",)
    # Search by name or email (the user admin's search, administrators' alone like this one).
    autocomplete_fields = ("user",)
    actions = ("carry_out", "refuse")
    readonly_fields = (
        "status",
        "requested_at",
        "recorded_by",
        "decided_at",
        "decided_by",
        "decision_note",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return ("user", "reason", *self.readonly_fields)
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A request made by letter or email, recorded by the administrator."""
        if change:
            return
        created = erasure_request_create(
            user=obj.user, reason=obj.reason, by=_administrator(request)
        )
        obj.pk = created.pk

    def _confirm(self, request: HttpRequest, queryset: QuerySet, action: str, **extra: Any):
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Erase these accounts?")
            if action == "carry_out"
            else gettext("Refuse these requests?"),
            "opts": self.model._meta,
            "requests": queryset,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **extra,
        }
        return TemplateResponse(request, "admin/accounts/erasurerequest/confirm.html", context)

    @admin.action(description=_("Carry out the selected requests (erase the accounts)"))
    def carry_out(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]):
        pending = queryset.filter(status=ErasureRequestStatus.PENDING).select_related("user")
        if not pending.exists():
            self.message_user(request, gettext("Select requests still waiting."), messages.WARNING)
            return None
        if "apply" not in request.POST:
            return self._confirm(request, pending, "carry_out")
        done = 0
        for erasure in pending:
            try:
                erasure_request_carry_out(request=erasure, by=_administrator(request))
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{erasure}: {' '.join(exc.messages)}", messages.ERROR)
        if done:
            erased = ngettext("%(count)s account erased.", "%(count)s accounts erased.", done) % {
                "count": done
            }
            self.message_user(request, erased, messages.SUCCESS)
        return None

    @admin.action(description=_("Refuse the selected requests"))
    def refuse(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]):
        pending = queryset.filter(status=ErasureRequestStatus.PENDING)
        if not pending.exists():
            self.message_user(request, gettext("Select requests still waiting."), messages.WARNING)
            return None
        form = RefuseForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._confirm(request, pending, "refuse", form=form)
        for erasure in pending:
            erasure_request_refuse(
                request=erasure, by=_administrator(request), note=form.cleaned_data["note"]
            )
        count = pending.count()
        refused = ngettext("%(count)s request refused.", "%(count)s requests refused.", count) % {
            "count": count
        }
        self.message_user(request, refused, messages.SUCCESS)
        return None


RETENTION_GROUPS = (
    (
        _("Relationships and applications"),
        ("confidential_content_days", "closed_application_days"),
    ),
    (_("Emails and change history"), ("email_body_days", "history_days")),
    (_("Accounts and erasure requests"), ("inactive_account_days", "erasure_request_days")),
)


def _defaults_text(fields: tuple[str, ...]) -> str:
    """ "Defaults: 730 days for …" from the model's own defaults."""
    parts = []
    for name in fields:
        field = RetentionSettings._meta.get_field(name)
        assert isinstance(field, models.Field)  # a concrete field of the settings
        days = field.get_default()
        parts.append(
            ngettext(
                "%(days)d day for %(what)s",
                "%(days)d days for %(what)s",
                days,
            )
            % {"days": days, "what": field.verbose_name}
        )
    return gettext("Defaults: %(list)s.") % {"list": "; ".join(parts)}


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """One row (the defaults until an administrator adds it)."""

    list_display = ("__str__", "updated_at")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """The periods grouped by what they erase, each with its default (the model's)."""
        return [
            (title, {"description": _defaults_text(fields), "fields": fields})
            for title, fields in RETENTION_GROUPS
        ]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request) and not RetentionSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdminMixin, SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "finished_at", "started_by", "summary")
    fields = ("started_at", "finished_at", "started_by", "summary")
    readonly_fields = fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("what it did"))
    def summary(self, obj: RetentionRun) -> str:
        counts = obj.counts or {}
        return "; ".join(f"{what}: {n}" for what, n in counts.items()) or gettext("nothing was due")
