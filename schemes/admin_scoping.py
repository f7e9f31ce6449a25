"""Limit the admin to the schemes a coordinator coordinates (administrators see all).

Use ``SchemeScopedAdminMixin`` on every ModelAdmin whose objects belong to a scheme, and
set ``scheme_path`` to the lookup from the model to its scheme ("scheme",
"relationship__scheme", ...; empty string for Scheme itself). Foreign-key choices and the
list filters that point at schemes are limited the same way, so a coordinator never sees
the names of schemes they do not coordinate. The rule itself is ``schemes.rules``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from accounts.roles import user_is_administrator

from .models import Scheme
from .rules import filter_coordinated_by, schemes_coordinated_by

# The type checker sees the mixin as the model admin (or inline) it is mixed into, for
# ``super()``; at run time it is a plain mixin.
if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin
    from django.utils.functional import _StrPromise as StrPromise

    _ModelAdmin = BaseModelAdmin[Any]
else:
    _ModelAdmin = object


class CoordinatedSchemeFilter(admin.RelatedFieldListFilter):
    """A "By scheme" list filter offering only the schemes the user coordinates."""

    def field_choices(
        self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str | StrPromise]]:
        schemes = schemes_coordinated_by(user=request.user).order_by("name")
        return [(str(scheme.pk), str(scheme)) for scheme in schemes]


#: How a changelist filtered by scheme names it in its query (the list filters' parameter,
#: or a plain ``?scheme=``), carried to its "Add" page in ``_changelist_filters``.
SCHEME_FILTER_PARAMETERS = ("scheme__id__exact", "scheme__exact", "scheme")


def scheme_of_changelist_filters(request: HttpRequest) -> str | None:
    """The scheme id a changelist was filtered by, read on its "Add" page (Django's admin
    passes the list's query on as ``_changelist_filters``), or None."""
    filters = QueryDict(request.GET.get("_changelist_filters", ""))
    return next(
        (filters[name] for name in SCHEME_FILTER_PARAMETERS if filters.get(name, "").isdigit()),
        None,
    )


def _points_at_scheme(model: type[models.Model], path: str) -> bool:
    return getattr(get_fields_from_path(model, path)[-1], "related_model", None) is Scheme


class SchemeScopedAdminMixin(_ModelAdmin):
    scheme_path: str = "scheme"

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Plain filters on a scheme offer only the user's schemes (``RelatedOnly`` filters
        already read the scoped queryset)."""
        return [
            (f, CoordinatedSchemeFilter)
            if isinstance(f, str) and _points_at_scheme(self.model, f)
            else f
            # only a ModelAdmin has list filters; an inline using the mixin never calls this
            for f in super().get_list_filter(request)  # type: ignore[misc]
        ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """An "Add" page reached from a list filtered by scheme has that scheme chosen (one
        the user may not pick is not offered by the scheme field, so stays unchosen)."""
        initial = super().get_changeform_initial_data(request)  # type: ignore[misc]
        if self.scheme_path == "scheme" and not initial.get("scheme"):
            chosen = scheme_of_changelist_filters(request)
            if chosen is not None:
                initial["scheme"] = chosen
        return initial

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return filter_coordinated_by(
            super().get_queryset(request), user=request.user, scheme_path=self.scheme_path
        )

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.related_model is Scheme and not user_is_administrator(user=request.user):
            kwargs["queryset"] = schemes_coordinated_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SchemeScopedAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    pass
