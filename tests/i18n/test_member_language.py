"""A member's language: chosen on the profile, remembered at sign-in, used on every page
they open and in every email to them; only ever their own."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.urls import reverse

from accounts.emails.outbox import Due, notify, notify_batch
from accounts.languages import SESSION_KEY
from accounts.models import NotificationKind, Profile, SentNotification
from tests.accounts.test_profile_and_preferences import PROFILE
from tests.factories import PASSWORD, ApplicationFactory, ProfileFactory
from tests.i18n.pseudo import pseudo

SAVED_IN_PSEUDO = pseudo("Your profile is saved.").split(" ~")[0]


def test_profile_saves_the_language_and_pages_use_it(client, db, pseudo_locale):
    profile = ProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        reverse("accounts:profile"), {**PROFILE, "language": pseudo_locale}, follow=True
    )
    assert Profile.objects.get(pk=profile.pk).language == pseudo_locale
    assert SAVED_IN_PSEUDO in response.text  # the confirmation, in the new language
    assert f'<html lang="{pseudo_locale}"' in response.text
    assert response["Content-Language"] == pseudo_locale
    assert client.cookies["django_language"].value == pseudo_locale
    page = client.get(reverse("accounts:profile"))
    assert pseudo("My profile").split(" ~")[0] in page.text
    assert page.context["form"]["language"].value() == pseudo_locale


def test_blank_language_is_the_sites(client, db, pseudo_locale):
    profile = ProfileFactory(language="")
    client.force_login(profile.user)
    page = client.get(reverse("accounts:profile"))
    assert '<html lang="en-gb"' in page.text
    assert "My profile" in page.text
    choices = page.context["form"].fields["language"].choices
    assert choices[0] == ("", "The site's language")
    assert (pseudo_locale, "Pseudo-English") in choices


def test_language_not_offered_is_an_error_on_the_field_and_keeps_the_rest(client, db):
    profile = ProfileFactory(language="")
    client.force_login(profile.user)
    response = client.post(reverse("accounts:profile"), {**PROFILE, "language": "tlh"})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["language"]
    assert "tlh is not one of the available choices" in form.errors["language"][0]
    assert form["job_title"].value() == PROFILE["job_title"]
    assert Profile.objects.get(pk=profile.pk).language == ""


def test_language_remembered_at_sign_in_and_only_the_members_own(client, db, pseudo_locale):
    mine = ProfileFactory(language=pseudo_locale)
    other = ProfileFactory(language="")
    assert client.login(email=mine.user.email, password=PASSWORD)
    assert client.session[SESSION_KEY] == pseudo_locale
    assert f'<html lang="{pseudo_locale}"' in client.get(reverse("dashboard")).text
    client.logout()
    client.cookies.clear()
    assert client.login(email=other.user.email, password=PASSWORD)
    assert client.session[SESSION_KEY] == ""
    assert '<html lang="en-gb"' in client.get(reverse("dashboard")).text


def test_signed_out_visitor_gets_the_site_language(client, db, pseudo_locale):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="en-gb"' in page.text


def test_email_rendered_in_the_recipients_language(db, pseudo_locale, scheme, mentee):
    Profile.objects.filter(user=mentee).update(language=pseudo_locale)
    application = ApplicationFactory(scheme=scheme, applicant=mentee)
    notify(
        kind=NotificationKind.APPLICATION_DECISION,
        key=f"application:{application.pk}:accepted",
        template="application_decision",
        context={"application": application, "scheme": scheme, "note": ""},
        user=mentee,
        scheme=scheme,
    )
    row = SentNotification.objects.get(recipient=mentee)
    assert f'<html lang="{pseudo_locale}"' in row.body_html


def test_batch_emails_each_in_its_recipients_language(db, pseudo_locale):
    pseudo_reader = ProfileFactory(language=pseudo_locale).user
    site_reader = ProfileFactory(language="").user
    dues = [
        Due(
            kind=NotificationKind.SESSION_UPCOMING,
            key=f"test:{user.pk}",
            template="reminders_session_upcoming",
            context={
                "session": {"number": "2", "title": "Θέμα", "location": "", "scheduled_at": None},
                "due_on": date(2026, 2, 4),
                "scheme": {"name": "Σχήμα"},
                "others": [],
                "url": "http://testserver/s/1/",
            },
            user=user,
        )
        for user in (pseudo_reader, site_reader)
    ]
    assert notify_batch(dues=dues, lookback=datetime(2026, 1, 1, tzinfo=UTC)) == 2
    html = dict(SentNotification.objects.values_list("recipient_id", "body_html"))
    assert f'<html lang="{pseudo_locale}"' in html[pseudo_reader.pk]
    assert '<html lang="en-gb"' in html[site_reader.pk]
