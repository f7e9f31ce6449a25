"""Portal pages of schemes: permission boundaries with the cast, public visibility,
withdraw, register interest, event replies and query counts."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schemes.models import (
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Intake,
    NewsItem,
    Phase,
    Role,
    SchemeEvent,
    Subscription,
)
from tests.factories import ApplicationFactory, ProfileFactory, SchemeFactory
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")


def login_url(next_path):
    return f"{reverse('account_login')}?next={next_path}"


def make_event(scheme, kind=EventKind.LAUNCH, title="Launch"):
    """An upcoming event (the scheme page lists only those)."""
    starts = (timezone.now() + timedelta(days=30)).replace(hour=18, minute=0, second=0)
    return SchemeEvent.objects.create(
        scheme=scheme, kind=kind, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )


# --- permission boundaries --------------------------------------------------------------


@pytest.fixture
def application(scheme, mentee):
    return ApplicationFactory(scheme=scheme, applicant=mentee, status=ApplicationStatus.DRAFT)


@pytest.mark.parametrize(
    "who", ["admin_user", "coordinator", "other_coordinator", "mentor", "outsider"]
)
def test_application_pages_404_for_anyone_but_the_applicant(client, request, application, who):
    client.force_login(request.getfixturevalue(who))
    detail = reverse("schemes:application", args=[application.pk])
    withdraw = reverse("schemes:application_withdraw", args=[application.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"hopes": "Hijack", "save_draft": ""}).status_code == 404
    assert client.post(withdraw).status_code == 404
    application.refresh_from_db()
    assert (application.status, application.hopes) == (
        ApplicationStatus.DRAFT,
        "To grow as a leader.",
    )


def test_application_pages_anonymous_redirected_to_login(client, application, scheme):
    for url in (
        reverse("schemes:application", args=[application.pk]),
        reverse("schemes:application_withdraw", args=[application.pk]),
        reverse("schemes:apply", args=[scheme.slug]),
        reverse("schemes:event_rsvp", args=[make_event(scheme).pk]),
        reverse("dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == login_url(url)


def test_application_unknown_pk_404(client, mentee):
    client.force_login(mentee)
    assert client.get(reverse("schemes:application", args=[999999])).status_code == 404


def test_application_withdraw_by_applicant(client, application, mentee):
    client.force_login(mentee)
    url = reverse("schemes:application_withdraw", args=[application.pk])
    page = client.get(url)
    assert "Yes, withdraw my application" in page.content.decode()
    assert client.post(url).status_code == 200  # unconfirmed: the page again, nothing done
    application.refresh_from_db()
    assert application.status != ApplicationStatus.WITHDRAWN
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your application has been withdrawn."
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    # Again: refused with a message on the page, not an error page.
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 400
    assert "This application is already closed." in response.content.decode()


def test_dashboard_lists_only_own_applications(client, scheme, other_scheme, mentee, mentor):
    own = ApplicationFactory(scheme=scheme, applicant=mentee)
    ApplicationFactory(scheme=other_scheme, applicant=mentor)
    ApplicationFactory(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    client.force_login(mentee)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert list(response.context["applications"]) == [own]
    assert list(response.context["relationships"]) == []


@pytest.mark.parametrize("phase", [Phase.FOUNDATIONS, Phase.CLOSED])
def test_public_pages_hide_unpublished_schemes(client, mentee, phase):
    hidden = SchemeFactory(phase=phase)
    visible = SchemeFactory(phase=Phase.RUNNING)
    event = make_event(hidden)
    response = client.get(reverse("schemes:home"))
    assert list(response.context["schemes"]) == [visible]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(mentee)
    assert client.get(reverse("schemes:apply", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("schemes:event_rsvp", args=[event.pk])).status_code == 404


@pytest.mark.parametrize("phase", [Phase.REVIEW])
def test_public_scheme_not_open_offers_interest_not_apply(client, db, phase):
    scheme = SchemeFactory(phase=phase)
    response = client.get(scheme.get_absolute_url())
    assert response.status_code == 200
    assert reverse("schemes:apply", args=[scheme.slug]).encode() not in response.content
    assert b"Register your interest" in response.content


def test_apply_page_without_open_roles_says_so(client, mentee):
    scheme = SchemeFactory(accepting_applications=False)
    client.force_login(mentee)
    response = client.get(reverse("schemes:apply", args=[scheme.slug]))
    assert response.status_code == 200
    assert response.context["roles"] == []
    assert f"{scheme.name} is not taking applications from you just now.".encode() in (
        response.content
    )


# --- register interest and events ---------------------------------------------------------


def confirm_link(message) -> str:
    match = re.search(r"http://testserver(/news/confirm/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_scheme_detail_register_interest_anonymous_double_opt_in(
    client, scheme, django_capture_on_commit_callbacks
):
    """Nothing is stored until the address's owner opens the emailed link and confirms."""
    data = {
        "name": "Ann",
        "email": "Ann@Example.org",
        "interested_as": "mentor",
        "wants_news": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(scheme.get_absolute_url(), data)
    assert response.status_code == 302
    assert response["Location"] == scheme.get_absolute_url()
    assert Subscription.objects.count() == 0
    [message] = mail.outbox
    assert message.to == ["ann@example.org"]
    assert message.subject == f"{scheme.name}: please confirm"
    link = confirm_link(message)
    assert link in message.alternatives[0][0]
    page = client.get(link)
    assert page.status_code == 200
    assert "ann@example.org" in page.text
    assert Subscription.objects.count() == 0  # a GET (a mail scanner) changes nothing
    assert page.context["form"].initial == {
        "name": "Ann",
        "interested_as": "mentor",
        "wants_news": True,
    }  # the request's choices, for the owner to confirm as they are
    confirmed = {"name": "Ann", "interested_as": "mentor", "wants_news": "on"}
    assert client.post(link, confirmed).status_code == 200
    assert list(
        Subscription.objects.values_list("email", "name", "interested_as", "wants_news", "user")
    ) == [("ann@example.org", "Ann", "mentor", True, None)]


def test_scheme_detail_register_interest_member_twice_one_record(client, scheme, mentee):
    client.force_login(mentee)
    assert client.get(scheme.get_absolute_url()).context["form"]["email"].value() == mentee.email
    for _ in range(2):
        client.post(scheme.get_absolute_url(), {"email": mentee.email, "wants_news": "on"})
    assert list(Subscription.objects.values_list("email", "user")) == [(mentee.email, mentee.pk)]


def test_scheme_detail_register_interest_bad_input_kept(client, scheme):
    response = client.post(
        scheme.get_absolute_url(), {"name": "Ann", "email": "not-an-email", "interested_as": "x"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "email": ["Enter a valid email address."],
        "interested_as": ["Select a valid choice. x is not one of the available choices."],
    }
    assert form["name"].value() == "Ann"
    assert Subscription.objects.count() == 0


def test_event_rsvp_view(client, scheme, mentee):
    event = make_event(scheme)
    client.force_login(mentee)
    url = reverse("schemes:event_rsvp", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"rsvp": "maybe"})
    assert response.status_code == 302
    assert response["Location"] == scheme.get_absolute_url()
    client.post(url, {"rsvp": "no"})
    assert list(EventAttendance.objects.values_list("event", "user", "rsvp")) == [
        (event.pk, mentee.pk, "no")
    ]
    response = client.post(url, {"rsvp": "perhaps"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "rsvp": ["Select a valid choice. perhaps is not one of the available choices."]
    }
    # A refused reply shows what was sent, not the stored one.
    assert response.context["form"]["rsvp"].value() == "perhaps"


def test_event_rsvp_form_starts_from_the_current_reply(client, scheme, mentee):
    event = make_event(scheme)
    client.force_login(mentee)
    url = reverse("schemes:event_rsvp", args=[event.pk])
    # No reply yet: nothing is said to be the reply so far.
    response = client.get(url)
    assert "Your reply so far" not in response.content.decode()
    client.post(url, {"rsvp": "no"})
    response = client.get(url)
    html = response.content.decode()
    assert "Your reply so far: <strong>Not attending</strong>." in html
    assert re.search(r'<option value="no"\s+selected>Not attending</option>', html)
    assert not re.search(r'<option value="yes"\s+selected>', html)
    # Sending the form unchanged keeps the reply.
    client.post(url, {"rsvp": response.context["form"]["rsvp"].value()})
    assert EventAttendance.objects.get(event=event, user=mentee).rsvp == "no"


# --- query counts -------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_query_count_constant(client, db, django_assert_num_queries):
    SchemeFactory()
    one = count_queries(client, reverse("schemes:home"))
    for _ in range(6):
        SchemeFactory(phase=Phase.RUNNING)
    with django_assert_num_queries(one):
        response = client.get(reverse("schemes:home"))
    assert len(response.context["schemes"]) == 7


def test_scheme_detail_query_count_constant(client, scheme, mentee, django_assert_num_queries):
    client.force_login(mentee)
    make_event(scheme)
    NewsItem.objects.create(scheme=scheme, title="News", body="b", published_at=timezone.now())
    one = count_queries(client, scheme.get_absolute_url())
    for n in range(5):
        make_event(scheme, kind=EventKind.BRIEFING, title=f"Briefing {n}")
        NewsItem.objects.create(
            scheme=scheme, title=f"News {n}", body="b", published_at=timezone.now()
        )
    with django_assert_num_queries(one):
        response = client.get(scheme.get_absolute_url())
    assert (len(response.context["events"]), len(response.context["news"])) == (6, 5)


def test_dashboard_query_count_constant(client, mentee, django_assert_num_queries):
    # start_pair also makes each person's (matched) application.
    start_pair(SchemeFactory(), ProfileFactory().user, mentee, steps=2)
    client.force_login(mentee)
    one = count_queries(client, reverse("dashboard"))
    for _ in range(4):
        start_pair(SchemeFactory(), ProfileFactory().user, mentee, steps=2)
    with django_assert_num_queries(one):
        response = client.get(reverse("dashboard"))
    assert (len(response.context["applications"]), len(response.context["relationships"])) == (
        5,
        5,
    )


def test_scheme_detail_lists_only_upcoming_public_events(client, scheme):
    upcoming = make_event(scheme)
    past = make_event(scheme, title="Old launch")
    past.starts_at = timezone.now() - timedelta(days=2)
    past.ends_at = past.starts_at + timedelta(hours=1)
    past.save()
    make_event(scheme, kind=EventKind.LEARNING_SET, title="Mentors only")
    response = client.get(scheme.get_absolute_url())
    assert list(response.context["events"]) == [upcoming]


def test_apply_page_says_when_recruitment_opens_for_the_members_role(client, mentee):
    """A cohort scheme recruiting mentors now and mentees later says so, rather than only
    "not taking applications from you"."""
    today = timezone.localdate()
    scheme = SchemeFactory(
        intake=Intake.COHORT,
        mentor_recruitment_opens=today - timedelta(days=5),
        mentor_recruitment_closes=today + timedelta(days=20),
        mentee_recruitment_opens=today + timedelta(days=30),
        mentee_recruitment_closes=today + timedelta(days=60),
        launch_date=today + timedelta(days=90),
        senior_min_years=None,
    )
    opens = today + timedelta(days=30)
    assert scheme.recruitment_closed_text(Role.MENTEE) == (
        f"Recruitment for the {scheme.role_label(Role.MENTEE).lower()} role opens on "
        f"{opens:%-d %B %Y}."
    )
    assert scheme.recruitment_closed_text(Role.MENTOR) == ""
    client.force_login(mentee)
    response = client.get(reverse("schemes:apply", args=[scheme.slug]))
    assert f"opens on {opens:%-d %B %Y}" in response.text
