"""core.admin: the read-only mixins refuse exactly what they say."""

from django.contrib import admin
from django.test import RequestFactory

from core.admin import NoAddAdminMixin, ReadOnlyAdminMixin
from sessions_log.models import Concern


def _can(model_admin: admin.ModelAdmin, request) -> dict[str, bool]:
    return {
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_change_permission(request),
        "delete": model_admin.has_delete_permission(request),
        "view": model_admin.has_view_permission(request),
    }


def test_mixins_refuse_adding_and_what_else_they_name(admin_user):
    class ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
        pass

    class ReadOnlyDeletable(ReadOnlyAdminMixin, admin.ModelAdmin):
        deletable = True

    class NoAdd(NoAddAdminMixin, admin.ModelAdmin):
        pass

    class NoAddKept(NoAddAdminMixin, admin.ModelAdmin):
        deletable = False

    request = RequestFactory().get("/")
    request.user = admin_user
    site = admin.AdminSite()
    assert {
        cls.__name__: _can(cls(Concern, site), request)
        for cls in (ReadOnly, ReadOnlyDeletable, NoAdd, NoAddKept)
    } == {
        "ReadOnly": {"add": False, "change": False, "delete": False, "view": True},
        "ReadOnlyDeletable": {"add": False, "change": False, "delete": True, "view": True},
        "NoAdd": {"add": False, "change": True, "delete": True, "view": True},
        "NoAddKept": {"add": False, "change": True, "delete": False, "view": True},
    }
