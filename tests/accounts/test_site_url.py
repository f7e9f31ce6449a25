"""Every link the app builds is on the configured public address (SITE_URL): allauth's
emails (which otherwise build theirs from the request's host, and name the Sites row,
``example.com`` until set), and the Sites row itself, set from settings at every migrate."""

from __future__ import annotations

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from accounts.site import site_from_settings

PUBLIC = "https://mentoring.example.org"


@pytest.fixture
def public_site(settings, db):
    """SITE_URL and SITE_NAME of a deployment, applied as a migrate applies them."""
    settings.SITE_URL = PUBLIC
    settings.SITE_NAME = "Example Institute mentoring"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    return PUBLIC


def test_the_sites_row_is_set_from_settings_at_migrate(public_site):
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("mentoring.example.org", "Example Institute mentoring")


def test_the_test_database_was_migrated_with_the_sites_row_set(db, settings):
    assert Site.objects.get(pk=settings.SITE_ID).domain == "testserver"


def test_setting_the_row_again_changes_nothing_else(public_site, settings):
    site_from_settings()
    assert Site.objects.count() == 1
    assert Site.objects.get().domain == "mentoring.example.org"


def test_password_reset_email_links_to_the_public_address(client, mentee, public_site):
    client.post(reverse("account_reset_password"), {"email": mentee.email})
    (message,) = mail.outbox
    assert "example.com" not in message.body
    assert "Example Institute mentoring" in message.body  # allauth's "Hello from …"
    links = re.findall(r"https?://\S+", str(message.body))
    assert links
    assert all(link.startswith(f"{PUBLIC}/") for link in links), links
    assert f"{PUBLIC}/accounts/password/reset/key/" in message.body


def test_signup_confirmation_links_to_the_public_address_whatever_the_host(client, public_site):
    """The request came to another allowed host: the link is still the public address."""
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-pass-9", "password2": "a-long-pass-9"},
        HTTP_HOST="localhost",
    )
    (message,) = mail.outbox
    assert f"{PUBLIC}/accounts/confirm-email/" in message.body
    assert "localhost" not in message.body
    assert "example.com" not in message.body


def test_unknown_address_email_links_to_the_public_address(client, public_site):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    (message,) = mail.outbox
    assert f"{PUBLIC}/accounts/signup/" in message.body
    assert "example.com" not in message.body


def test_a_body_name_longer_than_the_sites_row_is_named_whole(client, mentee, settings, db):
    """The Sites row holds 50 characters; allauth's "Hello from …" names the body in full."""
    settings.SITE_URL = PUBLIC
    settings.SITE_NAME = "Royal College of Rehabilitation and Occupational Practice"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    client.post(reverse("account_reset_password"), {"email": mentee.email})
    (message,) = mail.outbox
    assert "Hello from Royal College of Rehabilitation and Occupational Practice!" in message.body
    assert "Thank you for using Royal College of Rehabilitation and Occupational Practice!" in (
        message.body
    )
    assert "\nmentoring.example.org" in message.body
