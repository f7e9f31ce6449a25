"""Site-wide error pages: a clear message in the site's layout."""

import pytest
from django.test import Client


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


def test_500_page_needs_no_context():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "<h1>Something went wrong</h1>" in html
