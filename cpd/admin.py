"""Admin: CPD frameworks and their standards (a body adds its own), and each scheme's
reflection model. Reflections, activities and evidence are the member's own and have no
admin at all: coordinators and administrators never see reflection text."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledTabularInline
from schemes.admin_scoping import SchemeScopedAdminMixin

from .models import Framework, SchemeCpdSetting, Standard


class StandardInline(LabelledTabularInline):
    model = Standard
    extra = 1
    fields = ("number", "text")


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "body", "standard_count")
    search_fields = ("name", "body")
    inlines = [StandardInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(standards_total=Count("standards"))

    @admin.display(description=_("standards"), ordering="standards_total")
    def standard_count(self, obj) -> int:
        return obj.standards_total


@admin.register(SchemeCpdSetting)
class SchemeCpdSettingAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    scheme_path = "scheme"
    list_display = ("scheme", "reflection_model")
    list_select_related = ("scheme",)
