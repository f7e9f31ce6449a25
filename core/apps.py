"""The admin app with the project's site (``core.admin.GuardedAdminSite``) as its default:
listed in ``INSTALLED_APPS`` in place of ``django.contrib.admin``, so ``admin.site`` and every
``admin.register`` (ours and the libraries') go through the guarded site."""

from django.contrib.admin.apps import AdminConfig


class GuardedAdminConfig(AdminConfig):
    default_site = "core.admin.GuardedAdminSite"
