"""Shared admin base: scheme scoping plus simple_history views that respect it."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from ..admin_scoping import SchemeScopedAdminMixin


class ScopedHistoryAdmin(SchemeScopedAdminMixin, SimpleHistoryAdmin):
    """simple_history falls back to historical rows for objects outside ``get_queryset``;
    a coordinator must get a 404 for another scheme's object, history included."""

    def _check_in_scope(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )
