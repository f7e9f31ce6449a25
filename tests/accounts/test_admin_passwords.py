"""Passwords in the admin: staff never set a member's password (they could read the
member's messages as them); they may email the member a link to set one. Every password
changed in the admin is emailed to its holder and kept in the admin's history."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db

NEW = "a-Different-pass-phrase-77"


def _page(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def _set(client, user: User):
    return client.post(_page(user), {"usable_password": "true", "password1": NEW, "password2": NEW})


def _signs_in(client, user: User, password: str) -> bool:
    client.logout()
    return client.login(email=user.email, password=password)


def test_the_page_for_a_member_offers_a_reset_link_not_a_password_form(client, admin_user, mentee):
    client.force_login(admin_user)
    response = client.get(_page(mentee))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Staff cannot set or change a member" in page
    assert "mentee@example.org" in page  # where the link would go
    assert 'name="password1"' not in page


def test_setting_a_members_password_is_refused_and_a_link_goes_to_them_instead(
    client, admin_user, mentee
):
    client.force_login(admin_user)
    response = _set(client, mentee)
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.check_password(PASSWORD)
    assert not mentee.check_password(NEW)
    assert not _signs_in(client, mentee, NEW)
    # Only the member receives the link, at their verified address.
    assert [m.to for m in mail.outbox] == [["mentee@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    entry = LogEntry.objects.get(object_id=str(mentee.pk), action_flag=CHANGE)
    assert "link to set a new password" in entry.change_message
    assert entry.user_id == admin_user.pk


def test_a_member_without_a_verified_address_gets_no_link_and_keeps_their_password(
    client, admin_user
):
    member = ProfileFactory(user__verified=False).user
    EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    client.force_login(admin_user)
    assert "no verified email address" in client.get(_page(member)).content.decode()
    response = _set(client, member)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert mail.outbox == []


def test_a_staff_members_password_is_set_and_they_are_told(client, admin_user, coordinator):
    client.force_login(admin_user)
    response = _set(client, coordinator)
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "password" in mail.outbox[0].subject.lower()
    assert LogEntry.objects.filter(object_id=str(coordinator.pk), action_flag=CHANGE).exists()


def test_a_member_made_staff_for_the_purpose_is_still_told(client, admin_user, mentee):
    """The rule is on the account's role, so the way round it is told to the member."""
    User.objects.filter(pk=mentee.pk).update(is_staff=True)
    client.force_login(admin_user)
    _set(client, mentee)
    assert [m.to for m in mail.outbox] == [["mentee@example.org"]]
    assert "changed" in mail.outbox[0].body.lower()


def test_an_invalid_password_for_staff_changes_nothing_and_tells_nobody(
    client, admin_user, coordinator
):
    client.force_login(admin_user)
    response = client.post(
        _page(coordinator), {"usable_password": "true", "password1": NEW, "password2": "other"}
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)
    assert mail.outbox == []


def test_an_administrator_changing_their_own_password_is_told(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[admin_user.email]]


def test_a_coordinator_cannot_open_anyones_password_page(client, coordinator, mentee):
    client.force_login(coordinator)
    assert client.get(_page(mentee)).status_code == 403
    assert _set(client, mentee).status_code == 403
    mentee.refresh_from_db()
    assert mentee.check_password(PASSWORD)
    assert mail.outbox == []


def test_an_unknown_account_is_not_found(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:auth_user_password_change", args=[999999]))
    assert response.status_code in (302, 404)


def test_a_member_changing_their_own_password_on_the_site_is_told(client, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["mentee@example.org"]]
