"""The member's profile form and email preferences (signed in, and by the one-click link)."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.emails.links import preferences_token
from accounts.emails.outbox import notify
from accounts.models import (
    REQUIRED_KINDS,
    STAFF_KINDS,
    CareerStage,
    EmailPreference,
    NotificationKind,
    Profile,
    SentNotification,
)
from tests.factories import ApplicationFactory, UserFactory

PROFILE = {
    "first_name": "Ann",
    "last_name": "Lee",
    "membership_number": "M1",
    "job_title": "Occupational therapist",
    "organisation": "North Trust",
    "country": "IE",
    "years_experience": "3",
    "career_stage": CareerStage.EARLY,
    "expertise": ["management", "research"],
    "interests": "dementia care, research methods ,",
    "availability": "Saturday 10:00-12:00\nweekdays 7:30-8:30",
    "preferred_mode": "online",
    "languages": "English, Irish",
    "do_not_pair_with": "Boss@Example.org\nhr@example.org",
}


def test_profile_save_parses_lists(client, db):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(reverse("accounts:profile"), PROFILE)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    profile = Profile.objects.get(user=user)
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Ann", "Lee")
    assert {
        "years_experience": profile.years_experience,
        "career_stage": profile.career_stage,
        "expertise": profile.expertise,
        "interests": profile.interests,
        "availability": profile.availability,
        "languages": profile.languages,
        "do_not_pair_with": profile.do_not_pair_with,
        "is_complete": profile.is_complete,
    } == {
        "years_experience": 3,
        "career_stage": "early",
        "expertise": ["management", "research"],
        "interests": ["dementia care", "research methods"],
        "availability": [
            "mon 07:30-08:30",
            "tue 07:30-08:30",
            "wed 07:30-08:30",
            "thu 07:30-08:30",
            "fri 07:30-08:30",
            "sat 10:00-12:00",
        ],
        "languages": ["English", "Irish"],
        "do_not_pair_with": ["boss@example.org", "hr@example.org"],
        "is_complete": True,
    }
    # Coming back shows the lists as typed text.
    form = client.get(reverse("accounts:profile")).context["form"]
    assert form["interests"].value() == "dementia care, research methods"
    assert form["do_not_pair_with"].value() == "boss@example.org, hr@example.org"


def test_profile_save_returns_to_next(client, mentee):
    client.force_login(mentee)
    response = client.post(f"{reverse('accounts:profile')}?next=/schemes/x/apply/", PROFILE)
    assert response["Location"] == "/schemes/x/apply/"


def test_profile_bad_do_not_pair_email_errors_and_keeps_values(client, mentee):
    client.force_login(mentee)
    before = Profile.objects.get(user=mentee).do_not_pair_with
    response = client.post(
        reverse("accounts:profile"),
        {**PROFILE, "do_not_pair_with": "boss@example.org, not an email", "years_experience": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "do_not_pair_with": ["Not a valid email address: not an email"],
        "years_experience": ["This field is required."],
    }
    assert form["job_title"].value() == "Occupational therapist"
    assert form["interests"].value() == "dementia care, research methods ,"
    assert form["do_not_pair_with"].value() == "boss@example.org, not an email"
    assert Profile.objects.get(user=mentee).do_not_pair_with == before


def test_profile_anonymous_redirected(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response["Location"] == f"{reverse('account_login')}?next=/portal/profile/"


# --- email preferences --------------------------------------------------------------------


# What a member is offered: the optional kinds, without the staff-only ones.
OPTIONAL = sorted(
    k.value for k in NotificationKind if k not in REQUIRED_KINDS and k not in STAFF_KINDS
)


# New messages are a choice of three (each, daily, none), the others checkboxes.
MESSAGES = NotificationKind.MESSAGE_NEW.value
ALL_ON = {**{k: "on" for k in OPTIONAL if k != MESSAGES}, MESSAGES: "each"}


def test_email_preferences_offers_only_optional_kinds(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("accounts:email_preferences"))
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form.fields) == OPTIONAL
    assert all(form[name].value() is True for name in OPTIONAL if name != MESSAGES)
    assert form[MESSAGES].value() == "each"


def test_email_preferences_turn_off_and_on(client, mentee):
    client.force_login(mentee)
    url = reverse("accounts:email_preferences")
    keep = {"session_upcoming": "on", "scheme_news": "on"}
    response = client.post(url, {**keep, "application_decision": ""})
    assert response.status_code == 302
    assert response["Location"] == url
    off = set(EmailPreference.objects.filter(user=mentee).values_list("kind", flat=True))
    assert off == set(OPTIONAL) - {"session_upcoming", "scheme_news"}
    # Turning everything back on removes every opt-out.
    client.post(url, ALL_ON)
    assert EmailPreference.objects.filter(user=mentee).count() == 0


def test_email_preferences_by_signed_link_without_signing_in(client, mentee, outsider):
    token = preferences_token(mentee)
    url = reverse("accounts:email_preferences_token", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["person"] == mentee
    response = client.post(url, {})
    assert response.status_code == 302
    assert response["Location"] == url
    assert EmailPreference.objects.filter(user=mentee).count() == len(OPTIONAL)
    assert EmailPreference.objects.filter(user=outsider).count() == 0


@pytest.mark.parametrize("token", ["nonsense", "1:abc:def"])
def test_email_preferences_bad_token_404(client, db, token):
    assert client.get(reverse("accounts:email_preferences_token", args=[token])).status_code == 404


def test_email_preferences_token_of_inactive_user_404(client, mentee):
    token = preferences_token(mentee)
    mentee.is_active = False
    mentee.save()
    assert client.get(reverse("accounts:email_preferences_token", args=[token])).status_code == 404


def test_email_preferences_token_wrong_salt_404(client, mentee):
    from django.core import signing

    token = signing.dumps(mentee.pk, salt="something-else")
    assert client.get(reverse("accounts:email_preferences_token", args=[token])).status_code == 404


def test_notify_required_kind_sent_even_if_opted_out(
    scheme, mentee, django_capture_on_commit_callbacks
):
    """A required kind cannot be turned off, even by a stray opt-out row."""
    EmailPreference.objects.create(user=mentee, kind=NotificationKind.APPLICATION_DECISION)
    application = ApplicationFactory(scheme=scheme, applicant=mentee, status="accepted")
    with django_capture_on_commit_callbacks(execute=True):
        record = notify(
            kind=NotificationKind.APPLICATION_DECISION,
            key=f"application:{application.pk}:accepted",
            template="application_decision",
            context={"application": application, "scheme": scheme, "note": ""},
            user=mentee,
        )
    assert record is not None
    assert [m.to for m in mail.outbox] == [[mentee.email]]


def test_notify_optional_kind_skipped_when_opted_out(
    scheme, coordinator, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=coordinator, kind=NotificationKind.SUPPLY_DEMAND)
    with django_capture_on_commit_callbacks(execute=True):
        record = notify(
            kind=NotificationKind.SUPPLY_DEMAND,
            key=f"scheme:{scheme.pk}:1",
            template="supply_demand_alert",
            context={"scheme": scheme, "supply_demand": None},
            user=coordinator,
        )
    assert record is None
    assert SentNotification.objects.count() == 0
    assert mail.outbox == []


def test_digest_frequency_offered_to_staff_and_saved(client, coordinator):
    from accounts.models import CoordinatorSettings

    client.force_login(coordinator)
    url = reverse("accounts:email_preferences")
    assert "digest_frequency" in client.get(url).context["form"].fields
    response = client.post(url, {"digest_frequency": "daily"})
    assert response.status_code == 302
    assert CoordinatorSettings.objects.get(user=coordinator).digest_frequency == "daily"


def test_digest_frequency_not_offered_to_members(client, mentee):
    client.force_login(mentee)
    form = client.get(reverse("accounts:email_preferences")).context["form"]
    assert "digest_frequency" not in form.fields


def test_digest_frequency_rejects_unknown_value(client, coordinator):
    from accounts.models import CoordinatorSettings

    client.force_login(coordinator)
    response = client.post(reverse("accounts:email_preferences"), {"digest_frequency": "hourly"})
    assert response.status_code == 200
    assert response.context["form"].errors["digest_frequency"] == [
        "Select a valid choice. hourly is not one of the available choices."
    ]
    assert not CoordinatorSettings.objects.exists()
