"""People in the admin: users (superusers only), the outbox (scoped, read-only) and email
opt-outs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import EmailPreference, NotificationKind, Profile, SentNotification, User
from tests.badinput.admin_harness import page_data
from tests.factories import ProfileFactory, SchemeFactory


def notification(scheme, n=0):
    return SentNotification.objects.create(
        key=f"k{scheme.pk if scheme else 'none'}-{n}",
        email=f"person{n}@example.org",
        kind=NotificationKind.APPLICATION_DECISION,
        subject=f"Subject {n}",
        body_text="Confidential body",
        scheme=scheme,
    )


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_user_import",
        "admin:accounts_emailpreference_changelist",
    ],
)
def test_user_admin_denied_to_coordinator(client, coordinator, url_name):
    client.force_login(coordinator)
    assert client.get(reverse(url_name)).status_code == 403


def test_user_change_denied_to_coordinator(client, coordinator, mentor):
    client.force_login(coordinator)
    response = client.get(reverse("admin:accounts_user_change", args=[mentor.pk]))
    assert response.status_code == 403


def test_user_changelist_for_administrator(client, admin_user, mentor):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert [u.email for u in response.context["cl"].result_list] == sorted(
        [admin_user.email, mentor.email]
    )


def test_user_changelist_query_count_constant(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_changelist")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    ProfileFactory.create_batch(5)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(one.captured_queries) == len(many.captured_queries)


def test_user_add_by_email(client, admin_user):
    """A new account has no password: the member sets theirs from the invitation
    (``accounts.admin_passwords``); a password posted anyway is ignored."""
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.org",
            "usable_password": "true",
            "password1": "a-long-Pass-phrase-42",
            "password2": "a-long-Pass-phrase-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert not user.has_usable_password()


def test_user_change_shows_profile_inline(client, admin_user, mentor):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_change", args=[mentor.pk]))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.model is Profile
    assert [f.instance for f in formset.forms] == [mentor.profile]


def test_user_change_with_emptied_profile_lists_saves_empty_lists(client, admin_user, mentor):
    """An emptied JSON list box in the profile inline used to be a 500 (NOT NULL)."""
    mentor.profile.expertise = ["research"]
    mentor.profile.save()
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[mentor.pk])
    post = page_data(client.get(url))
    post.pop("profile-0-expertise", None)  # every area unticked
    for name in ("interests", "languages"):
        post[f"profile-0-{name}"] = ""
    response = client.post(url, post)
    assert response.status_code == 302, response.content[:2000]
    mentor.profile.refresh_from_db()
    assert (mentor.profile.expertise, mentor.profile.interests, mentor.profile.languages) == (
        [],
        [],
        [],
    )


def test_user_change_with_a_profile_list_that_is_not_a_list_is_refused(client, admin_user, mentor):
    mentor.profile.interests = ["walking"]
    mentor.profile.save()
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[mentor.pk])
    post = page_data(client.get(url))
    post["profile-0-interests"] = '{"not": "a list"}'
    response = client.post(url, post)
    assert response.status_code == 200
    assert "Enter a list" in response.content.decode()
    mentor.profile.refresh_from_db()
    assert mentor.profile.interests == ["walking"]


def test_notifications_coordinator_sees_only_own_schemes(client, coordinator, scheme, other_scheme):
    own = notification(scheme, 1)
    notification(other_scheme, 2)
    notification(None, 3)
    client.force_login(coordinator)
    response = client.get(reverse("admin:accounts_sentnotification_changelist"))
    assert [n.pk for n in response.context["cl"].result_list] == [own.pk]


def test_notifications_administrator_sees_all(client, admin_user, scheme, other_scheme):
    made = [notification(scheme, 1), notification(other_scheme, 2), notification(None, 3)]
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_sentnotification_changelist"))
    assert sorted(n.pk for n in response.context["cl"].result_list) == sorted(n.pk for n in made)


def test_notification_other_scheme_not_found_for_coordinator(client, coordinator, other_scheme):
    other = notification(other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:accounts_sentnotification_change", args=[other.pk]))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_notification_detail_read_only_without_body_for_coordinator(client, coordinator, scheme):
    own = notification(scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:accounts_sentnotification_change", args=[own.pk]))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == []
    assert "Confidential body" not in response.content.decode()
    post = client.post(
        reverse("admin:accounts_sentnotification_change", args=[own.pk]), {"subject": "x"}
    )
    assert post.status_code == 403
    own.refresh_from_db()
    assert own.subject == "Subject 0"


def test_notification_cannot_be_added_or_deleted(client, admin_user, scheme):
    own = notification(scheme)
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_sentnotification_add")).status_code == 403
    response = client.post(
        reverse("admin:accounts_sentnotification_delete", args=[own.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert SentNotification.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("who", ["admin_user", "coordinator"])
def test_notifications_query_count_constant(client, request, scheme, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:accounts_sentnotification_changelist")
    notification(scheme, 0)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 6):
        notification(SchemeFactory(coordinators=list(scheme.coordinators.all())), n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 6
    assert len(one.captured_queries) == len(many.captured_queries)


def test_email_preferences_read_only_for_administrator(client, admin_user, mentor):
    pref = EmailPreference.objects.create(user=mentor, kind=NotificationKind.SCHEME_NEWS)
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_emailpreference_changelist"))
    assert [p.pk for p in response.context["cl"].result_list] == [pref.pk]
    assert client.get(reverse("admin:accounts_emailpreference_add")).status_code == 403


def test_outsider_cannot_reach_people_admin(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("admin:accounts_sentnotification_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        (NotificationKind.APPLICATION_DECISION, True),
        (NotificationKind.COORDINATOR_ALERT, True),
        (NotificationKind.SESSION_UPCOMING, False),
        (NotificationKind.SESSION_UNLOGGED, False),
        (NotificationKind.REFLECTION_PROMPT, False),
        (NotificationKind.GOALS_REVIEW, False),
    ],
)
def test_notification_body_hidden_from_administrators_for_session_emails(
    client, admin_user, scheme, kind, shown
):
    row = notification(scheme)
    SentNotification.objects.filter(pk=row.pk).update(kind=kind)
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_sentnotification_change", args=[row.pk]))
    assert response.status_code == 200
    assert ("Confidential body" in response.content.decode()) is shown


def test_notification_admin_shows_attempts_and_an_unresolved_claim(client, admin_user, scheme):
    row = notification(scheme)
    SentNotification.objects.filter(pk=row.pk).update(
        status=SentNotification.Status.SENDING, attempts=2, claimed_at=row.created_at
    )
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:accounts_sentnotification_changelist"))
    columns = [h["text"] for h in changelist.context["result_headers"]]
    assert columns[-4:] == ["status", "attempts", "created at", "sent at"]
    detail = client.get(reverse("admin:accounts_sentnotification_change", args=[row.pk]))
    fields = list(detail.context["adminform"].fieldsets[0][1]["fields"])
    assert fields[5:11] == [
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "sent_at",
    ]
    assert "Sending (claimed; may have gone out)" in detail.content.decode()
