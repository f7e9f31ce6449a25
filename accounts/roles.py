"""The two staff roles. Administrators are superusers. Coordinators are staff in the
"Coordinators" group: each installed app lists the model permissions they need in its
``rules.COORDINATOR_PERMISSIONS`` ("app_label.codename"), found the way Django's admin finds
``admin`` modules (so this module names no app above it), and each app's admin limits what
they see to the schemes they coordinate (``schemes.rules``, ``schemes.admin_scoping``)."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db.models import Q
from django.utils.module_loading import module_has_submodule

from .models import User

COORDINATOR_GROUP = "Coordinators"


def user_is_staff_member(*, user: User | AnonymousUser) -> bool:
    """Administrators and coordinators: signed in, active and staff (the admin's own test)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def user_is_administrator(*, user: User | AnonymousUser) -> bool:
    """Administrators are the staff members who are superusers."""
    return user_is_staff_member(user=user) and user.is_superuser


def coordinator_permission_codes() -> list[str]:
    """Every installed app's ``rules.COORDINATOR_PERMISSIONS``, in app order."""
    codes: list[str] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "rules"):
            module = import_module(f"{config.name}.rules")
            codes.extend(getattr(module, "COORDINATOR_PERMISSIONS", ()))
    return codes


def coordinator_group() -> Group:
    """Create or refresh the Coordinators group with exactly the listed permissions."""
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    query = Q(pk__in=[])
    for code in coordinator_permission_codes():
        app_label, codename = code.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(query))
    return group
