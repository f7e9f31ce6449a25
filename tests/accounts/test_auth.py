"""Signing up, signing in, password reset, rate limiting and staff two-factor authentication
(all through django-allauth, as configured in settings)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-much-longer-new-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Rate limits live in the cache: the locmem cache, empty for each test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def link_in(body: str) -> str:
    """The path of the first link to this site in an email body."""
    match = re.search(r"http://testserver(/\S+)", body)
    assert match, body
    return match.group(1)


def signed_in_as(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_signup_verify_email_then_signed_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "New.Member@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "new.member@example.org"
    assert signed_in_as(client) is None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.member@example.org"]
    assert message.subject == "[Mentoring schemes] Please Confirm Your Email Address"
    confirm = link_in(message.body)
    assert confirm.startswith("/accounts/confirm-email/")

    assert client.get(confirm).status_code == 200
    response = client.post(confirm)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_as(client) == user.pk
    assert user.emailaddress_set.get().verified is True


def test_signup_existing_email_no_account_and_owner_told(client, mentee):
    """allauth prevents account enumeration: the page looks the same, no second account is
    made, and the address's owner gets an email saying they already have an account."""
    response = client.post(
        reverse("account_signup"),
        {"email": "MENTEE@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([mentee.email], "[Mentoring schemes] Account Already Exists")
    ]


def test_login_with_email(client, mentee):
    response = client.post(
        reverse("account_login"), {"login": "Mentee@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_as(client) == mentee.pk


def test_login_unverified_email_sends_verification(client, db):
    user = UserFactory(email="late@example.org", verified=False)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_as(client) is None
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_login_wrong_password_refused(client, mentee):
    response = client.post(reverse("account_login"), {"login": mentee.email, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The email address and/or password you specified are not correct."
    ]
    assert signed_in_as(client) is None


def test_login_rate_limited_after_five_failures(client, mentee):
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": mentee.email, "password": "wrong"})
        assert response.context["form"].non_field_errors() == [
            "The email address and/or password you specified are not correct."
        ]
    response = client.post(url, {"login": mentee.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    assert signed_in_as(client) is None


def test_password_reset_email_and_new_password(client, mentee):
    response = client.post(reverse("account_reset_password"), {"email": mentee.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentee.email]
    assert message.subject == "[Mentoring schemes] Password Reset Email"
    key_url = link_in(message.body)
    assert key_url.startswith("/accounts/password/reset/key/")

    response = client.get(key_url)
    assert response.status_code == 302  # allauth moves the key into the session
    form_url = response["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.check_password(NEW_PASSWORD) is True


def test_password_reset_unknown_email_sends_nothing_about_an_account(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nobody@example.org"]]
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body


# --- staff two-factor authentication ------------------------------------------------------


@pytest.fixture
def mfa_on(settings):
    """Two-factor authentication required for staff, as in production.

    (The conftest's autouse fixture turns it off unless a test is marked ``mfa``; setting it
    here keeps these tests independent of that marker being registered.)"""
    settings.STAFF_MFA_REQUIRED = True


def totp(user):
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


@pytest.mark.parametrize("who", ["admin_user", "coordinator"])
@pytest.mark.parametrize("path", ["/admin/", "/portal/"])
def test_staff_without_totp_sent_to_mfa_enrolment(client, request, mfa_on, who, path):
    client.force_login(request.getfixturevalue(who))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:mfa_enrol')}?next={path}"


def test_staff_mfa_activation_page_reachable_once_enrolment_confirmed(client, mfa_on, coordinator):
    """No redirect loop: the enrolment pages are exempt, and once the emailed link is opened
    (tests/accounts/test_mfa_enrolment.py) the activation page under /accounts/ is too;
    allauth first asks for the password again."""
    client.force_login(coordinator)
    assert client.get(reverse("accounts:mfa_enrol")).status_code == 200
    session = client.session
    session["staff_mfa_enrolment_confirmed"] = coordinator.pk
    session.save()
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", ["/admin/", "/portal/"])
def test_staff_with_totp_let_through(client, mfa_on, admin_user, path):
    totp(admin_user)
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


def test_staff_with_only_recovery_codes_still_sent_to_activation(client, mfa_on, admin_user):
    Authenticator.objects.create(
        user=admin_user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:mfa_enrol')}?next=/admin/"


def test_member_not_asked_for_mfa(client, mfa_on, mentee):
    client.force_login(mentee)
    assert client.get("/portal/").status_code == 200


def test_staff_mfa_off_lets_staff_through(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/portal/").status_code == 200


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_admin_login_member_forbidden(client, mentee):
    client.force_login(mentee)
    assert client.get("/admin/login/").status_code == 403
