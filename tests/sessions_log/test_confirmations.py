"""Irreversible actions on a relationship go through one confirmation page
(``core.confirm``): adding a session, pausing, completing. Expectations are decided by the
other side only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sessions_log import services
from sessions_log.models import ExpectationStatus, RelationshipStatus, SessionStatus
from tests.sessions_log.factories import start_pair

YES = {"confirm": "yes"}


@pytest.fixture
def pair(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee, steps=2)


def url(name, relationship, **more):
    return reverse(f"sessions_log:{name}", kwargs={"pk": relationship.pk, **more})


def test_adding_a_session_asks_first_then_adds_one(client, pair, mentee):
    client.force_login(mentee)
    page = client.get(url("session_add", pair))
    assert page.status_code == 200
    assert "Yes, add a session" in page.text
    assert client.post(url("session_add", pair)).status_code == 200  # not confirmed
    assert pair.sessions.count() == 2

    response = client.post(url("session_add", pair), YES)

    assert response.url == pair.get_absolute_url()
    assert pair.sessions.count() == 3


def test_pausing_asks_first_and_resuming_does_not(client, pair, mentee):
    client.force_login(mentee)
    client.post(url("pause", pair), {"paused": "1"})
    pair.refresh_from_db()
    assert pair.status == RelationshipStatus.ACTIVE

    client.post(url("pause", pair), {"paused": "1", **YES})
    pair.refresh_from_db()
    assert pair.status == RelationshipStatus.PAUSED
    assert "Resume the relationship" in client.get(pair.get_absolute_url()).text

    client.post(url("pause", pair), {"paused": "0"})
    pair.refresh_from_db()
    assert pair.status == RelationshipStatus.ACTIVE


def test_completing_before_enough_sessions_is_refused_on_the_page(client, pair, mentee):
    client.force_login(mentee)
    response = client.post(url("complete", pair), YES)
    assert response.status_code == 400
    assert "Hold and log the programme" in response.text
    pair.refresh_from_db()
    assert pair.status == RelationshipStatus.ACTIVE


def test_confirmation_pages_are_not_found_for_others(client, pair, outsider, coordinator):
    for who in (outsider, coordinator):
        client.force_login(who)
        for name in ("session_add", "pause", "complete"):
            assert client.get(url(name, pair)).status_code == 404
            assert client.post(url(name, pair), YES).status_code == 404
    assert pair.sessions.exclude(status=SessionStatus.PLANNED).count() == 0
    assert pair.sessions.count() == 2


def test_an_expectation_is_agreed_by_the_other_partner_only(client, pair, mentor, mentee):
    expectation = services.expectation_add(relationship=pair, by=mentee, text="Meet monthly")
    decide = url("expectation_decide", pair, expectation_pk=expectation.pk)
    client.force_login(mentee)
    assert "Waiting for your partner" in client.get(pair.get_absolute_url()).text

    refused = client.post(decide, {"status": ExpectationStatus.AGREED}, follow=True)

    assert refused.redirect_chain == [(pair.get_absolute_url(), 302)]
    assert "Your partner decides" in refused.text
    expectation.refresh_from_db()
    assert expectation.status == ExpectationStatus.STATED
    client.force_login(mentor)
    client.post(decide, {"status": ExpectationStatus.AGREED})
    expectation.refresh_from_db()
    assert (expectation.status, expectation.decided_by) == (ExpectationStatus.AGREED, mentor)
    # once agreed, neither says "waiting" any more; the partner who decided may change it
    page = client.get(pair.get_absolute_url()).text
    assert "You agreed to this." in page
    assert '>Change your answer<span class="visually-hidden"> to “Meet monthly”</span></a>' in page
    client.force_login(mentee)
    assert "Waiting for your partner" not in client.get(pair.get_absolute_url()).text


def test_cancelling_a_session_asks_first_then_cancels(client, pair, mentor, mentee):
    session = pair.sessions.get(number=2)
    cancel = url("session_cancel", pair, number=2)
    client.force_login(mentee)
    page = client.get(cancel)
    assert "Yes, cancel the session" in page.text
    client.post(cancel)  # not confirmed
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED

    response = client.post(cancel, YES)

    assert response.url == pair.get_absolute_url()
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    again = client.post(cancel, YES)
    assert again.status_code == 400
    assert "Only a planned session can be cancelled." in again.text


def test_the_author_typing_the_decide_address_gets_the_refusal_not_the_form(
    client, pair, mentor, mentee
):
    expectation = services.expectation_add(relationship=pair, by=mentee, text="Meet monthly")
    decide = url("expectation_decide", pair, expectation_pk=expectation.pk)
    client.force_login(mentee)

    response = client.get(decide, follow=True)

    assert response.redirect_chain == [(pair.get_absolute_url(), 302)]
    assert "Your partner decides on your expectation" in response.text
    assert 'name="status"' not in response.text
    # The partner gets the form.
    client.force_login(mentor)
    form = client.get(decide)
    assert form.status_code == 200
    assert 'name="status"' in form.text


def test_asking_or_clarifying_out_of_turn_is_refused_before_the_form(client, pair, mentor, mentee):
    expectation = services.expectation_add(relationship=pair, by=mentee, text="Meet monthly")
    ask = url("expectation_ask", pair, expectation_pk=expectation.pk)
    clarify = url("expectation_clarify", pair, expectation_pk=expectation.pk)
    client.force_login(mentee)
    # The author cannot ask about their own; nothing was asked, so nothing to clarify.
    assert "not your own" in client.get(ask, follow=True).text
    assert "No clarification was asked for" in client.get(clarify, follow=True).text
    client.force_login(mentor)
    assert client.get(ask).status_code == 200
    assert client.get(clarify).url == pair.get_absolute_url()  # only the author clarifies


def test_a_decide_address_for_someone_elses_relationship_is_not_found(
    client, pair, mentee, outsider
):
    expectation = services.expectation_add(relationship=pair, by=mentee, text="Meet monthly")
    client.force_login(outsider)
    decide = url("expectation_decide", pair, expectation_pk=expectation.pk)
    assert client.get(decide).status_code == 404
    assert client.get(url("expectation_decide", pair, expectation_pk=999999)).status_code == 404
