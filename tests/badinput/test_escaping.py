"""Output escaping: user text with markup and template syntax is shown as text everywhere it
is shown: portal pages, admin pages, emails (text, HTML and subject), PDFs, CSV exports
(formula injection guarded) and calendar files (RFC 5545 escaping)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar
from pypdf import PdfReader

from accounts.models import SentNotification
from cpd.models import ReflectionStatus
from schemes.models import Application, ApplicationStatus, QuestionType, Role, Subscription
from schemes.services import application_decide
from sessions_log.models import Concern, Ending, Goal, RelationshipStatus, Session
from sessions_log.services import (
    action_add,
    expectation_add,
    relationship_end_early,
    relationship_raise_concern,
    session_plan,
)
from tests.cpd.factories import held, manual, reflection
from tests.factories import ApplicationFormFactory, QuestionFactory
from tests.schemes.test_import import export_csv

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
TAGS = '{{ request.user.password }}{% now "Y" %}'
P = f"{SCRIPT}{ATTR}{TAGS}"


def assert_escaped(html: str, text: str = P) -> None:
    """The escaped text is on the page, the raw markup is not, the template syntax was
    not evaluated."""
    assert escape(text) in html
    assert SCRIPT not in html
    assert ATTR not in html


@pytest.fixture
def world(scheme, relationship, mentor, mentee):
    """Every user-writable text of a pair set to ``P``."""
    for user in (mentor, mentee):
        user.first_name = P
        user.save()
    mentee.profile.job_title = P
    mentee.profile.save()
    session = relationship.sessions.get(number=1)
    session.notes = P
    session.title = P
    session.save()
    expectation_add(relationship=relationship, by=mentee, text=P)
    Goal.objects.create(relationship=relationship, owner=mentee, what=P, why=P)
    action_add(relationship=relationship, by=mentor, text=P)
    return relationship


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_portal_relationship_page_escapes(client, world, mentor):
    html = _get(client, mentor, world.get_absolute_url())
    assert_escaped(html)


def test_portal_dashboard_escapes(client, world, mentee):
    assert_escaped(_get(client, mentee, reverse("dashboard")))


def test_portal_profile_form_escapes(client, world, mentee):
    assert_escaped(_get(client, mentee, reverse("accounts:profile")))


def test_application_pages_escape_answers_and_questions(client, scheme, mentee, admin_user):
    form = ApplicationFormFactory(scheme=scheme, role=Role.MENTEE)
    text = QuestionFactory(form=form, label=P, help_text=P, type=QuestionType.SHORT_TEXT)
    choice = QuestionFactory(
        form=form, label="Pick", type=QuestionType.SINGLE_CHOICE, choices=f"{P}\nPlain"
    )
    application = Application.objects.create(
        scheme=scheme, applicant=mentee, role=Role.MENTEE, status=ApplicationStatus.DRAFT, hopes=P
    )
    application.answers = {str(text.pk): P, str(choice.pk): P}
    application.save()
    assert_escaped(_get(client, mentee, application.get_absolute_url()))  # the form
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    assert_escaped(_get(client, mentee, application.get_absolute_url()))  # read-only view
    admin_html = _get(
        client, admin_user, reverse("admin:schemes_application_change", args=[application.pk])
    )
    assert_escaped(admin_html)


def test_cpd_pages_escape(client, relationship, mentee):
    manual(mentee, title=P, description=P, on=date(2026, 3, 1))
    mine = reflection(mentee, title=P, entries={"what": P, "so_what": P, "now_what": P})
    held(relationship, 9, on=date(2026, 2, 2), title=P)
    for url in (
        reverse("cpd:record"),
        reverse("cpd:reflections"),
        reverse("cpd:reflection", kwargs={"pk": mine.pk}),
        reverse("cpd:reflection_edit", kwargs={"pk": mine.pk}),
        reverse("cpd:export"),
    ):
        assert_escaped(_get(client, mentee, url))


def test_public_scheme_pages_escape(client, scheme):
    scheme.name = P
    scheme.summary = P
    scheme.description = P
    scheme.save()
    client.logout()
    for url in (reverse("schemes:home"), scheme.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response.content.decode())


def test_admin_pages_escape(client, world, admin_user, scheme, mentee):
    relationship_raise_concern(relationship=world, by=mentee, message=P)
    Subscription.objects.create(scheme=scheme, email="p@example.org", name=P)
    concern = Concern.objects.get()
    concern_email = SentNotification.objects.filter(body_text__contains=P).first()
    for url in (
        reverse("admin:sessions_log_concern_change", args=[concern.pk]),
        reverse("admin:sessions_log_concern_changelist"),
        reverse("admin:schemes_subscription_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[mentee.pk]),
        reverse("admin:sessions_log_relationship_change", args=[world.pk]),
        reverse("admin:accounts_sentnotification_change", args=[concern_email.pk]),
    ):
        html = _get(client, admin_user, url)
        assert SCRIPT not in html, url
        assert ATTR not in html, url
        assert escape(P) in html, url


def _notifications(kind_prefix: str) -> list[SentNotification]:
    return list(SentNotification.objects.filter(kind__startswith=kind_prefix))


def test_emails_escape_html_and_keep_text_literal(world, mentee, coordinator, scheme):
    """The HTML body escapes member text; the text body and the subject show it as typed."""
    scheme.name = P
    scheme.save()
    relationship_raise_concern(relationship=world, by=mentee, message=P)
    relationship_end_early(relationship=world, by=mentee, reason=P)
    sent = list(SentNotification.objects.order_by("pk"))
    assert sent, "the concern and the ending email the coordinator"
    for note in sent:
        assert_escaped(note.body_html)
        assert P in note.body_text
        assert "&lt;" not in note.body_text
        assert "&quot;" not in note.body_text
        assert "&lt;" not in note.subject
        assert "&#x27;" not in note.subject


def test_decision_email_subject_shows_scheme_name_as_typed(scheme, mentee, admin_user):
    scheme.name = "Women's <leadership> & management"
    scheme.save()
    application = Application.objects.create(
        scheme=scheme,
        applicant=mentee,
        role=Role.MENTEE,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    application_decide(application=application, status=ApplicationStatus.ACCEPTED, by=admin_user)
    note = SentNotification.objects.get(recipient=mentee)
    assert note.subject == "Your application to Women's <leadership> & management is accepted"
    assert "Women&#x27;s &lt;leadership&gt; &amp; management" in note.body_html


#: Inside the world's relationship (5 January to 7 July 2026): "today" for the planning tests.
PLANNING_DAY = datetime(2026, 2, 2, 9, 0, tzinfo=timezone.get_current_timezone())


@time_machine.travel(PLANNING_DAY, tick=False)
def test_session_invitation_email_and_calendar_escape(client, world, mentee, scheme):
    scheme.name = P
    scheme.save()
    location = f"Room 4, floor 2; {P}\nring the bell"
    when = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.get_current_timezone())
    session = world.sessions.get(number=1)
    session_plan(session=session, by=mentee, scheduled_at=when, mode="in_person", location=location)
    for note in SentNotification.objects.filter(kind__contains="invitation"):
        assert_escaped(note.body_html)
    client.force_login(mentee)
    response = client.get(
        reverse("sessions_log:session_ics", kwargs={"pk": world.pk, "number": session.number})
    )
    assert response.status_code == 200
    raw = response.content.decode()
    assert "Room 4\\, floor 2\\; " in raw  # RFC 5545 TEXT escaping of , ; and newline
    assert "\\nring the bell" in raw.replace("\r\n ", "")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == location
    assert str(event["SUMMARY"]) == f"Mentoring session 1: {P} ({P})"


def _pdf_text(content: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return "".join(text.split())


def test_portfolio_pdf_shows_text_literally(client, mentee):
    manual(mentee, title=SCRIPT, description=ATTR, on=date(2026, 3, 1))
    mine = reflection(
        mentee,
        title=TAGS,
        status=ReflectionStatus.COMPLETE,
        entries={"what": SCRIPT, "so_what": ATTR, "now_what": TAGS},
        on=date(2026, 3, 2),
    )
    client.force_login(mentee)
    response = client.get(
        reverse("cpd:export_pdf"),
        {"start": "2026-01-01", "end": "2026-12-31", "reflections": [mine.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for literal in (SCRIPT, ATTR, TAGS):
        assert "".join(literal.split()) in text


def test_certificate_pdf_shows_scheme_name_literally(client, relationship, mentee, scheme):
    scheme.name = SCRIPT
    scheme.save()
    held(relationship, 9, on=date(2026, 2, 2))
    relationship.status = RelationshipStatus.COMPLETED
    relationship.ended_on = date(2026, 7, 1)
    relationship.save()
    client.force_login(mentee)
    response = client.get(reverse("cpd:certificate", kwargs={"pk": relationship.pk}))
    assert response.status_code == 200
    assert SCRIPT in _pdf_text(response.content)


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def test_cpd_csv_guards_formulas(client, mentee):
    for i, formula in enumerate(FORMULAS):
        manual(mentee, title=formula, description=formula, on=date(2026, 3, 1 + i))
    client.force_login(mentee)
    response = client.get(reverse("cpd:export_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["Activity"] for r in rows) == sorted(f"'{f}" for f in FORMULAS)
    assert sorted(r["Description"] for r in rows) == sorted(f"'{f}" for f in FORMULAS)


def test_admin_csv_exports_guard_formulas(client, admin_user, scheme, mentee):
    """Names typed by the public (registering interest) and by members reach the admin's
    CSV exports; a spreadsheet must not run them."""
    for i, formula in enumerate(FORMULAS):
        Subscription.objects.create(scheme=scheme, email=f"s{i}@example.org", name=formula)
    mentee.first_name = FORMULAS[0]
    mentee.save()
    Application.objects.create(
        scheme=scheme,
        applicant=mentee,
        role=Role.MENTEE,
        status=ApplicationStatus.SUBMITTED,
        hopes=FORMULAS[1],
        submitted_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(admin_user)
    subscriptions = export_csv(client, "schemes_subscription", "subscriptionresource")
    assert sorted(r["name"] for r in subscriptions) == sorted(f"'{f}" for f in FORMULAS)
    members = export_csv(client, "accounts_user", "memberresource")
    assert next(r for r in members if r["email"] == mentee.email)["first_name"] == (
        f"'{FORMULAS[0]}"
    )
    applications = export_csv(client, "schemes_application", "applicationresource")
    assert [r["hopes"] for r in applications] == [f"'{FORMULAS[1]}"]


@time_machine.travel(PLANNING_DAY, tick=False)
def test_calendar_feed_escapes_every_session(client, world, mentee):
    when = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.get_current_timezone())
    session = Session.objects.get(relationship=world, number=1)
    session_plan(session=session, by=mentee, scheduled_at=when, mode="online", location=P)
    client.force_login(mentee)
    feed = client.get(reverse("sessions_log:calendar")).context["feed_url"]
    client.logout()
    response = client.get(feed.removeprefix("http://testserver"))
    assert response.status_code == 200
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == P


def test_ending_reason_shown_escaped_to_admin(client, world, mentee, admin_user):
    relationship_end_early(relationship=world, by=mentee, reason=P)
    ending = Ending.objects.get()
    html = _get(client, admin_user, reverse("admin:sessions_log_ending_change", args=[ending.pk]))
    assert_escaped(html)
