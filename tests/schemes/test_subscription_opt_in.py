"""News subscriptions are double opt-in: from the scheme's page, a subscription or a change
to one takes effect only when the address's owner confirms the emailed link (a signed-in
member's own address excepted). The finding: anyone signed out could re-point, rename or
unsubscribe anyone's subscription by typing their address."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from schemes import services
from schemes.models import Subscription
from schemes.reminders import subscription_confirm_token

VICTIM = "victim@example.org"


@pytest.fixture
def victims_subscription(scheme):
    return services.subscription_register(scheme=scheme, email=VICTIM, name="Vic", wants_news=True)


def post(client, scheme, capture, **data):
    with capture(execute=True):
        return client.post(scheme.get_absolute_url(), {"interested_as": "", **data})


def state(subscription):
    subscription.refresh_from_db()
    return (subscription.email, subscription.name, subscription.wants_news, subscription.user_id)


def link(message) -> str:
    match = re.search(r"http://testserver(/news/confirm/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "another member"])
def test_nobody_changes_someone_elses_subscription_by_address(
    client, scheme, outsider, victims_subscription, django_capture_on_commit_callbacks, signed_in
):
    if signed_in:
        client.force_login(outsider)
    before = state(victims_subscription)
    response = post(
        client, scheme, django_capture_on_commit_callbacks, email=VICTIM.upper(), name="Mallory"
    )  # no wants_news: an unsubscribe
    assert response.status_code == 302
    assert state(victims_subscription) == before
    assert Subscription.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[VICTIM]]  # only the address's owner can confirm


def test_the_owner_confirms_and_only_then_it_changes(
    client, scheme, victims_subscription, django_capture_on_commit_callbacks
):
    post(client, scheme, django_capture_on_commit_callbacks, email=VICTIM, name="Victoria")
    confirm = link(mail.outbox[0])
    assert client.get(confirm).status_code == 200
    assert state(victims_subscription) == (VICTIM, "Vic", True, None)
    assert client.post(confirm, {"name": "Victoria", "interested_as": ""}).status_code == 200
    assert state(victims_subscription) == (VICTIM, "Victoria", False, None)


def test_a_members_own_address_takes_effect_at_once(
    client, scheme, mentee, django_capture_on_commit_callbacks
):
    client.force_login(mentee)
    post(client, scheme, django_capture_on_commit_callbacks, email=mentee.email, wants_news="on")
    assert list(Subscription.objects.values_list("email", "user")) == [(mentee.email, mentee.pk)]
    assert mail.outbox == []


def test_confirmation_links_the_account_of_the_address_not_the_requester(
    client, scheme, mentee, outsider, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    post(client, scheme, django_capture_on_commit_callbacks, email=mentee.email, wants_news="on")
    client.post(link(mail.outbox[0]))
    assert list(Subscription.objects.values_list("email", "user")) == [(mentee.email, mentee.pk)]


def test_expired_or_tampered_links_change_nothing(
    client, scheme, django_capture_on_commit_callbacks
):
    post(client, scheme, django_capture_on_commit_callbacks, email="ann@example.org")
    confirm = link(mail.outbox[0])
    assert client.post(confirm[:-5] + "xyz/").status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(confirm).status_code == 400
    assert Subscription.objects.count() == 0


def test_a_link_for_a_scheme_no_longer_public_changes_nothing(client, db):
    from tests.factories import SchemeFactory

    hidden = SchemeFactory(phase="foundations")
    request = {"email": "ann@example.org", "name": "", "as": "", "news": True}
    token = subscription_confirm_token(scheme_id=hidden.pk, request=request)
    assert client.post(f"/news/confirm/{token}/").status_code == 400
    assert Subscription.objects.count() == 0


def test_one_confirmation_email_a_day_per_scheme_and_address(
    client, scheme, django_capture_on_commit_callbacks
):
    """Nobody can flood an address with confirmation emails."""
    for name in ["One", "Two", "Three"]:
        post(client, scheme, django_capture_on_commit_callbacks, email=VICTIM, name=name)
    assert len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        post(client, scheme, django_capture_on_commit_callbacks, email=VICTIM, name="Four")
    assert len(mail.outbox) == 2


def test_whoever_asks_first_does_not_decide_what_the_owner_saves(
    client, scheme, victims_subscription, django_capture_on_commit_callbacks
):
    """The finding: one confirmation email a day, so the first request of the day (an
    attacker's: unsubscribe, rename) carried the only link. The owner's confirmation page
    shows that request's choices and saves the owner's own."""
    post(client, scheme, django_capture_on_commit_callbacks, email=VICTIM, name="Mallory")
    post(  # the owner asks the same day: no second email
        client,
        scheme,
        django_capture_on_commit_callbacks,
        email=VICTIM,
        name="Vic",
        wants_news="on",
    )
    [message] = mail.outbox
    confirm = link(message)
    form = client.get(confirm).context["form"]
    assert form.initial == {"name": "Mallory", "interested_as": "", "wants_news": False}
    assert "email" not in form.fields  # the address is the link's, not editable
    mentor = scheme.roles[0]
    response = client.post(
        confirm, {"name": "Victoria", "interested_as": mentor, "wants_news": "on"}
    )
    assert response.status_code == 200
    assert state(victims_subscription) == (VICTIM, "Victoria", True, None)
    victims_subscription.refresh_from_db()
    assert victims_subscription.interested_as == mentor


def test_the_confirmation_form_cannot_change_the_address(
    client, scheme, victims_subscription, django_capture_on_commit_callbacks
):
    post(client, scheme, django_capture_on_commit_callbacks, email=VICTIM, wants_news="on")
    confirm = link(mail.outbox[0])
    client.post(confirm, {"email": "mallory@example.net", "name": "M", "wants_news": "on"})
    assert list(Subscription.objects.values_list("email", "name")) == [(VICTIM, "M")]


def test_bad_choices_on_the_confirmation_page_save_nothing(
    client, scheme, victims_subscription, django_capture_on_commit_callbacks
):
    post(client, scheme, django_capture_on_commit_callbacks, email=VICTIM, name="Victoria")
    before = state(victims_subscription)
    response = client.post(link(mail.outbox[0]), {"name": "V", "interested_as": "pilot"})
    assert response.status_code == 200
    assert response.context["state"] == "confirm"
    assert "interested_as" in response.context["form"].errors
    assert state(victims_subscription) == before
