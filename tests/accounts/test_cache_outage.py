"""The cache is a database table: sign-in and its rate limit never depend on Redis."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse

import mentoring_site.settings as production


def test_production_cache_is_the_database_table():
    assert production.CACHES == {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }


@pytest.fixture
def db_cache(settings, db):
    settings.CACHES = production.CACHES
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_database_cache_round_trip(db_cache):
    db_cache.set("k", "v", 30)
    assert (db_cache.get("k"), db_cache.get("missing", "default")) == ("v", "default")


def test_sign_in_and_its_rate_limit_work_on_the_database_cache(db_cache, client, mentee, password):
    url = reverse("account_login")
    limit = int(django_settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    wrong = {"login": mentee.email, "password": "wrong password"}
    for _ in range(limit):
        client.post(url, wrong)
    limited = client.post(url, {"login": mentee.email, "password": password})
    assert limited.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    db_cache.clear()  # the window passes
    signed_in = client.post(url, {"login": mentee.email, "password": password})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(mentee.pk)
