"""The privacy notice and the accessibility statement exist from the first migration, are
linked from every page, readable without signing in, and edited only by administrators."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

from tests.legal_pages import ensure_legal_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def legal_pages():
    """As migrated (a browser test earlier in this process may have emptied the tables)."""
    ensure_legal_pages()


@pytest.mark.parametrize(
    ("name", "title"),
    [("privacy", "Privacy notice"), ("accessibility", "Accessibility statement")],
)
def test_page_is_served_to_anyone_and_linked_from_the_footer(client, name, title):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<h1 class="h2 mb-3">{title}</h1>' in body
    assert "[The body's name]" in body  # the placeholders an administrator fills in
    assert f'href="{reverse(name)}"' in client.get("/").content.decode()


def test_an_administrators_edit_is_what_members_read(client):
    page = FlatPage.objects.get(url="/privacy/")
    page.content = "<p>The Royal Society of Examples is the controller.</p>"
    page.save()
    assert "Royal Society of Examples" in client.get(reverse("privacy")).content.decode()


def test_coordinators_cannot_edit_the_pages(client, coordinator):
    client.force_login(coordinator)
    page = FlatPage.objects.get(url="/privacy/")
    response = client.get(reverse("admin:flatpages_flatpage_change", args=[page.pk]))
    assert response.status_code in (302, 403)


def test_a_page_removed_by_an_administrator_is_a_404_not_an_error(client):
    FlatPage.objects.filter(url="/accessibility/").delete()
    assert client.get(reverse("accessibility")).status_code == 404


@pytest.mark.parametrize("name", ["privacy", "accessibility"])
def test_sign_up_and_the_admin_link_both_pages(client, admin_user, name):
    signup = client.get(reverse("account_signup")).content.decode()
    # beside the form, not only in the footer
    notices = signup[signup.index('id="signup-notices"') :]
    assert f'href="{reverse(name)}"' in notices
    client.force_login(admin_user)
    admin_page = client.get(reverse("admin:index"), follow=True).content.decode()
    assert f'href="{reverse(name)}"' in admin_page[admin_page.index('id="footer"') :]


def test_the_default_notices_say_what_is_true_now(client):
    """Members delete their account and withdraw consents themselves, coordinators read
    concerns and early-ending reasons, and the PDFs are tagged."""
    privacy = client.get(reverse("privacy")).content.decode()
    accessibility = client.get(reverse("accessibility")).content.decode()

    assert "Delete my account" in privacy
    assert "My consents" in privacy
    assert "raise a concern about a relationship or end one early" in privacy
    assert "PDF/UA" in accessibility
    assert "is not tagged" not in accessibility


def test_a_bodys_own_notice_is_left_as_they_wrote_it():
    import importlib

    from django.apps import apps

    update = importlib.import_module("accounts.migrations.0024_default_notices_current")
    FlatPage.objects.filter(url="/privacy/").update(content="<p>Our own words.</p>")

    update.notices_update(apps, None)

    assert FlatPage.objects.get(url="/privacy/").content == "<p>Our own words.</p>"
    assert "PDF/UA" in FlatPage.objects.get(url="/accessibility/").content
