"""The calendar feed page: the whole address readable on a phone, a copy button shown by
script only, and replacing the address asks first (``core.confirm``)."""

from __future__ import annotations

import re

from django.urls import reverse

from sessions_log import services
from sessions_log.models import CalendarFeed

PAGE = "sessions_log:calendar"
RESET = "sessions_log:calendar_reset"


def test_the_page_shows_the_whole_address_and_a_copy_button_for_scripts(client, mentee):
    client.force_login(mentee)
    html = client.get(reverse(PAGE)).content.decode()
    token = CalendarFeed.objects.get(user=mentee).token
    # The address is text that wraps (no read-only box cutting it off).
    code = re.search(r'<code class="([^"]*)" id="feed-url">([^<]*)</code>', html)
    assert code
    assert "text-break" in code[1]
    assert code[2].endswith(f"/{token}.ics")
    assert 'readonly value="' not in html
    # The button is hidden until js/copy_button.js knows the browser can copy.
    assert re.search(r'<button[^>]*data-copy-target="feed-url"[^>]*hidden>', html)
    assert "js/copy_button.js" in html
    # Replacing is a link to its confirmation page, not a one-click form.
    assert f'href="{reverse(RESET)}"' in html
    assert '<form method="post"' not in html


def test_replacing_the_address_asks_first(client, mentee):
    client.force_login(mentee)
    old = services.calendar_feed_for(user=mentee).token
    page = client.get(reverse(RESET))
    assert page.status_code == 200
    assert "Yes, replace the address" in page.text
    assert "stops working at once" in page.text
    assert CalendarFeed.objects.get(user=mentee).token == old

    # A POST without the "Yes" (an old form, a double submit) changes nothing.
    assert client.post(reverse(RESET)).status_code == 200
    assert CalendarFeed.objects.get(user=mentee).token == old

    response = client.post(reverse(RESET), {"confirm": "yes"})
    assert response.url == reverse(PAGE)
    new = CalendarFeed.objects.get(user=mentee).token
    assert new != old
    old_feed = reverse("sessions_log:calendar_feed", kwargs={"token": old})
    assert client.get(old_feed).status_code == 404
    new_feed = reverse("sessions_log:calendar_feed", kwargs={"token": new})
    assert client.get(new_feed).status_code == 200


def test_replacing_touches_only_ones_own_address(client, mentor, mentee):
    theirs = services.calendar_feed_for(user=mentor).token
    client.force_login(mentee)
    client.post(reverse(RESET), {"confirm": "yes"})
    assert CalendarFeed.objects.get(user=mentor).token == theirs


def test_the_page_no_longer_replaces_on_a_post(client, mentee):
    client.force_login(mentee)
    old = services.calendar_feed_for(user=mentee).token
    assert client.post(reverse(PAGE)).status_code == 405
    assert CalendarFeed.objects.get(user=mentee).token == old


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.post(reverse(RESET), {"confirm": "yes"})
    assert response.status_code == 302
    assert "login" in response.url
    assert not CalendarFeed.objects.exists()
