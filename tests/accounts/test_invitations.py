"""Invitations for imported members: one email, branded with the body's name, whose link
sets a password and verifies the address in one step; the admin's bulk action and its
report of who has not yet signed in."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.invitations import (
    INVITATION_DAYS,
    invitation_url,
    invitations_send,
    invited_not_signed_in,
)
from accounts.models import NotificationKind, SentNotification
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def imported(db):
    """A member imported by staff: no usable password, address not verified."""
    user = UserFactory(email="imported@example.org", verified=False)
    user.set_unusable_password()
    user.save()
    return user


def link_of(notification: SentNotification) -> str:
    line = next(line for line in notification.body_text.splitlines() if "/invitation/" in line)
    return line.strip().replace("http://testserver", "")


def test_one_email_sets_the_password_verifies_and_signs_in(client, imported, settings):
    settings.SITE_NAME = "Royal College of OT"
    report = invitations_send(users=[imported])
    assert report.invited == [imported]
    notice = SentNotification.objects.get()
    assert notice.kind == NotificationKind.ACCOUNT_INVITATION
    assert notice.subject == "Your account with Royal College of OT: set your password"
    assert "example.com" not in notice.body_text
    assert "Royal College of OT has made an account for you" in notice.body_text
    url = link_of(notice)
    assert "Choose a password for" in client.get(url).content.decode()
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    imported.refresh_from_db()
    assert imported.check_password(NEW_PASSWORD)
    assert imported.last_login is not None  # signed in
    address = EmailAddress.objects.get(user=imported)
    assert (address.email, address.verified, address.primary) == (imported.email, True, True)
    assert client.get(reverse("dashboard")).status_code == 200
    # The link works once.
    client.logout()
    assert client.get(url).status_code == 400


def test_inviting_twice_sends_one_email_and_the_report_names_who_has_not_signed_in(imported):
    signed_in = UserFactory(email="active@example.org")
    signed_in.last_login = timezone.now()
    signed_in.save()
    first = invitations_send(users=[imported, signed_in])
    again = invitations_send(users=[imported, signed_in])
    assert (first.invited, first.signed_in) == ([imported], [signed_in])
    assert (again.invited, again.still_valid) == ([], [imported])
    assert SentNotification.objects.count() == 1
    assert invited_not_signed_in() == {imported.pk}


def test_an_expired_invitation_can_be_sent_again(client, imported):
    invitations_send(users=[imported])
    old = link_of(SentNotification.objects.get())
    later = timezone.now() + timedelta(days=INVITATION_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert client.get(old).status_code == 400
        assert invitations_send(users=[imported]).invited == [imported]
    assert SentNotification.objects.count() == 2


def test_the_admin_action_invites_and_the_filter_reports(client, admin_user, imported):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_changelist")
    response = client.post(
        url, {"action": "invite", "_selected_action": [imported.pk, admin_user.pk]}, follow=True
    )
    page = response.content.decode()
    assert "Invited 1." in page
    assert f"1 already signed in, not invited: {admin_user.email}." in page
    report = client.get(url, {"sign_in": "invited"}).content.decode()
    assert imported.email in report
    assert SentNotification.objects.filter(recipient=imported).count() == 1


# --- permission boundary --------------------------------------------------------------


def test_a_coordinator_cannot_invite(client, coordinator, imported):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "invite", "_selected_action": [imported.pk]},
    )
    assert response.status_code == 403
    assert not SentNotification.objects.exists()


def test_staff_never_see_the_invitation_body(client, admin_user, imported):
    invitations_send(users=[imported])
    notice = SentNotification.objects.get()
    client.force_login(admin_user)
    page = client.get(
        reverse("admin:accounts_sentnotification_change", args=[notice.pk])
    ).content.decode()
    assert "/invitation/" not in page


def test_the_link_of_one_member_does_not_open_anothers_account(client, imported):
    other = UserFactory(email="other@example.org")
    forged = invitation_url(imported).replace("http://testserver", "").split("/")
    forged[-3] = urlsafe_base64_encode(force_bytes(other.pk))  # the token is imported's
    response = client.post(
        "/".join(forged), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.check_password(PASSWORD)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"new_password1": NEW_PASSWORD, "new_password2": "different"}, "didn’t match"),
        ({"new_password1": "short", "new_password2": "short"}, "too short"),
    ],
)
def test_a_bad_password_is_refused_and_the_link_still_works(client, imported, data, message):
    invitations_send(users=[imported])
    url = link_of(SentNotification.objects.get())
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    imported.refresh_from_db()
    assert not imported.has_usable_password()
    assert client.get(url).status_code == 200


def test_a_garbled_link_is_refused(client):
    assert client.get(reverse("accounts:invitation", args=["zzz", "1-2"])).status_code == 400


def test_a_member_with_a_second_factor_signs_in_after_setting_the_password(client, imported):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=imported, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00", "used_mask": 0}
    )
    invitations_send(users=[imported])
    url = link_of(SentNotification.objects.get())
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("account_login")
    imported.refresh_from_db()
    assert imported.check_password(NEW_PASSWORD)
    assert imported.last_login is None  # not signed in without the second factor
