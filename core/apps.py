"""The admin app with the project's site (``core.admin.GuardedAdminSite``) as its default:
listed in ``INSTALLED_APPS`` in place of ``django.contrib.admin``, so ``admin.site`` and every
``admin.register`` (ours and the libraries') go through the guarded site."""

from django.contrib.admin.apps import AdminConfig


class GuardedAdminConfig(AdminConfig):
    default_site = "core.admin.GuardedAdminSite"

    def ready(self) -> None:
        from django.contrib.admin import options
        from django.db import models

        from .admin import LabelledSplitDateTime

        # every admin date-and-time field names its time box in the HTML (not only by script)
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = (
            LabelledSplitDateTime
        )
        super().ready()  # registers the admins, which copy the defaults above
