"""Limit the admin to the schemes a coordinator coordinates (administrators see all).

Use ``SchemeScopedAdminMixin`` on every ModelAdmin whose objects belong to a scheme, and
set ``scheme_path`` to the lookup from the model to its scheme ("scheme",
"relationship__scheme", ...; empty string for Scheme itself). Foreign-key choices that
point at scheme-owned objects are limited the same way.
"""

from django.contrib import admin


def scope_queryset(queryset, user, scheme_path: str):
    if user.is_superuser:
        return queryset
    lookup = f"{scheme_path}__coordinators" if scheme_path else "coordinators"
    return queryset.filter(**{lookup: user}).distinct()


class SchemeScopedAdminMixin:
    scheme_path: str = "scheme"

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, self.scheme_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from .models import Scheme

        if db_field.related_model is Scheme and not request.user.is_superuser:
            kwargs["queryset"] = Scheme.objects.filter(coordinators=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SchemeScopedAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    pass
