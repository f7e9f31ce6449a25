"""The Sites framework's row, from settings: allauth's emails name the site and its domain
from it (``current_site``), and without this it would say ``example.com``.

Set at the end of every ``migrate`` (``post_migrate``; run.sh and docker-compose's migrate
service run it), so a changed ``SITE_URL`` or ``SITE_NAME`` takes effect at the next start.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import router


def site_domain() -> str:
    """The host (and port, if any) of ``SITE_URL``: ``mentoring.example.org``."""
    return urlsplit(settings.SITE_URL).netloc


def site_from_settings(apps: Any = None, using: str = "default", **kwargs: Any) -> None:
    """Give the current Site (``SITE_ID``) the domain of ``SITE_URL`` and ``SITE_NAME``.
    A ``post_migrate`` receiver; ``apps`` is the migration state's registry when called so."""
    if apps is None:
        from django.apps import apps
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:  # the sites app is not migrated (yet)
        return
    if not router.allow_migrate_model(using, site_model):
        return
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": site_domain(), "name": settings.SITE_NAME[:50]},
    )
    from django.contrib.sites.models import SITE_CACHE

    SITE_CACHE.clear()  # Site.objects.get_current() caches the row it read
