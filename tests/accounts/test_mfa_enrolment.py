"""A staff member's first authenticator app is set up only after a link emailed to them is
opened in their signed-in session (no trust on first use): the finding was that whoever
signed in first with a staff password could enrol their own authenticator app."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.mfa


def the_link(message) -> str:
    match = re.search(r"http://testserver(/portal/two-factor/confirm/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def ask_for_link(client) -> str:
    response = client.post(reverse("accounts:mfa_enrol"))
    assert response.status_code == 200
    return the_link(mail.outbox[-1])


@pytest.mark.parametrize("who", ["admin_user", "coordinator"])
def test_staff_cannot_reach_the_activation_page_before_the_email(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_enrol")
    response = client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_enrol")
    assert not Authenticator.objects.exists()


def test_the_emailed_link_opens_the_activation_page(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("accounts:mfa_enrol"))
    assert coordinator.email in page.text
    assert mail.outbox == []  # only a POST sends
    link = ask_for_link(client)
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert message.subject == "[Mentoring schemes] Set up two-factor authentication"
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth's activation page (it asks for the password again first)
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_link_works_only_for_its_owner_in_their_session(client, coordinator, admin_user):
    client.force_login(coordinator)
    link = ask_for_link(client)
    client.logout()
    assert client.get(link).status_code == 302  # signed out: sent to sign in
    client.force_login(admin_user)
    assert client.get(link).status_code == 404
    assert client.get(reverse("mfa_activate_totp"))["Location"] == reverse("accounts:mfa_enrol")


def test_stale_or_changed_links_refused(client, coordinator):
    client.force_login(coordinator)
    link = ask_for_link(client)
    assert client.get(link[:-4] + "xyz/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert client.get(link).status_code == 404
    assert client.get(reverse("mfa_activate_totp"))["Location"] == reverse("accounts:mfa_enrol")


def test_members_enrol_without_the_email(client, mentee):
    """Two-factor authentication is optional for members: no email step."""
    client.force_login(mentee)
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("accounts:mfa_enrol"))["Location"] == reverse("mfa_activate_totp")


def test_staff_with_an_authenticator_are_not_asked(client, admin_user):
    Authenticator.objects.create(
        user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("accounts:mfa_enrol"))["Location"] == reverse("mfa_activate_totp")
