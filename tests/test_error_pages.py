"""Site-wide error pages: a clear message in the site's layout."""

from typing import Any, cast

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from accounts.models import EmailPreference
from tests.faults import write_lock_held

DRIVER = cast(Any, connection).Database  # the DB-API module of the test database


@pytest.mark.django_db
def test_404_page_explains_and_links_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body
    assert '<a href="/">Go to the home page</a>' in body


@pytest.mark.django_db
def test_400_page_for_an_oversized_form(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post("/accounts/login/", {"login": "x" * 2000, "password": "y"})
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()
    assert "Nothing was changed." in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_is_the_sites_own_page_under_the_policy():
    """Django's stock CSRF page names the framework and carries an inline <style>."""
    from tests.csp import blocked_markup, policy_problems

    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"login": "a@example.org", "password": "x"}
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>This page has expired</h1>" in body
    assert "DEBUG" not in body
    assert "CSRF verification failed" not in body
    assert policy_problems(response.headers.get("Content-Security-Policy")) == []
    assert blocked_markup(body) == []


def test_500_page_needs_no_context():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "<h1>Something went wrong</h1>" in html


class FailingUrls:
    """A URLconf whose one view raises ``exc`` (the outside world failing)."""

    handler500 = "mentoring_site.errors.server_error"

    def __init__(self, exc: Exception):
        from django.urls import path

        def boom(request):
            raise exc

        self.urlpatterns = [path("boom/", boom)]


@pytest.mark.parametrize(
    ("exc", "status", "heading"),
    [
        (OperationalError("server closed the connection unexpectedly"), 503, "Briefly unavailable"),
        (InterfaceError("connection already closed"), 503, "Briefly unavailable"),
        # The driver's own class, unwrapped: Django raises it when closing a chunked cursor
        # (a select's options) after the server went away.
        (
            DRIVER.OperationalError("server closed the connection unexpectedly"),
            503,
            "Briefly unavailable",
        ),
        (
            DRIVER.InterfaceError("connection already closed"),
            503,
            "Briefly unavailable",
        ),
        (ValueError("a bug"), 500, "Something went wrong"),
    ],
)
def test_server_error_handler_answers_503_for_a_lost_database(settings, exc, status, heading):
    settings.ROOT_URLCONF = FailingUrls(exc)
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert response.get("Retry-After") == ("30" if status == 503 else None)


def test_root_urlconf_uses_the_handler():
    import mentoring_site.urls

    assert mentoring_site.urls.handler500 == "mentoring_site.errors.server_error"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("debug", [False, True])
def test_write_lock_held_past_the_timeout_answers_503_busy_not_500(
    client, settings, mentee, lock_wait_shortened, debug
):
    """Another connection holds the write lock longer than a request waits for it: the member
    is told the site is busy and nothing was saved (with DEBUG on too, as in the run
    command), and nothing was."""
    settings.DEBUG = debug
    client.force_login(mentee)
    url = reverse("accounts:email_preferences")
    with write_lock_held(table=EmailPreference._meta.db_table):
        response = client.post(url, {})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "<h1>Busy: please try again</h1>" in body
    assert "Nothing from this request was saved." in body
    assert EmailPreference.objects.filter(user=mentee).count() == 0
    # Once the lock is gone the same request goes through.
    assert client.post(url, {}).status_code == 302
    assert EmailPreference.objects.filter(user=mentee).count() > 0


def test_server_error_handler_answers_503_busy_for_a_lock_not_granted(settings):
    settings.ROOT_URLCONF = FailingUrls(OperationalError("database is locked"))
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 503
    assert "<h1>Busy: please try again</h1>" in response.content.decode()
    assert response["Retry-After"] == "10"


def test_a_lock_not_granted_raised_by_the_driver_itself_is_busy_too(settings):
    exc = DRIVER.OperationalError("database is locked")
    settings.ROOT_URLCONF = FailingUrls(exc)
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
