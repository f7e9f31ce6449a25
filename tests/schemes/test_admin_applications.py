"""Application review in the admin: bulk decisions with emails, days-waiting filter,
answers and profile display, no deletion by coordinators."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from schemes.admin.applications import DaysWaitingFilter
from schemes.models import Application, ApplicationStatus, QuestionType, Role
from tests.factories import (
    ApplicationFactory,
    ApplicationFormFactory,
    ProfileFactory,
    QuestionFactory,
)
from tests.faults import write_lock_held

CHANGELIST = "admin:schemes_application_changelist"


def post_action(client, action, applications):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in applications]},
        follow=True,
    )


@pytest.mark.parametrize(
    ("action", "status", "verb"),
    [
        ("accept", ApplicationStatus.ACCEPTED, "Accepted"),
        ("waitlist", ApplicationStatus.WAITLISTED, "Waitlisted"),
        ("decline", ApplicationStatus.DECLINED, "Declined"),
    ],
)
def test_bulk_decision_changes_status_and_emails_each_applicant(
    client,
    coordinator,
    scheme,
    action,
    status,
    verb,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    applications = ApplicationFactory.create_batch(2, scheme=scheme)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(client, action, applications)
    assert response.status_code == 200
    assert [a.status for a in Application.objects.order_by("pk")] == [status, status]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.applicant.email for a in applications)
    for message in mailoutbox:
        assert scheme.name in message.body
        assert message.alternatives[0][1] == "text/html"
        assert scheme.name in message.alternatives[0][0]
    assert [str(m) for m in response.context["messages"]] == [
        f"{verb} 2 applications; each applicant was emailed."
    ]


def test_bulk_accept_reports_problems_for_drafts(
    client, coordinator, scheme, mailoutbox, django_capture_on_commit_callbacks
):
    good = ApplicationFactory(scheme=scheme)
    draft = ApplicationFactory(scheme=scheme, status=ApplicationStatus.DRAFT, submitted_at=None)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(client, "accept", [good, draft])
    good.refresh_from_db()
    draft.refresh_from_db()
    assert (good.status, draft.status) == (ApplicationStatus.ACCEPTED, ApplicationStatus.DRAFT)
    assert [m.to for m in mailoutbox] == [[good.applicant.email]]
    assert [str(m) for m in response.context["messages"]] == [
        "Accepted 1 application; each applicant was emailed.",
        f"{draft}: Cannot mark a draft application as accepted.",
    ]


def test_bulk_accept_cannot_touch_other_scheme(
    client, coordinator, other_scheme, mailoutbox, django_capture_on_commit_callbacks
):
    other = ApplicationFactory(scheme=other_scheme)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, "accept", [other])
    other.refresh_from_db()
    assert other.status == ApplicationStatus.SUBMITTED
    assert mailoutbox == []


def test_coordinator_cannot_delete_application(client, coordinator, scheme):
    application = ApplicationFactory(scheme=scheme)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:schemes_application_delete", args=[application.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()
    changelist = client.get(reverse(CHANGELIST))
    choices = changelist.context["action_form"].fields["action"].choices
    assert [value for value, _ in choices] == [
        "",
        "accept",
        "waitlist",
        "decline",
        "decide_with_note",
    ]


def test_administrator_can_delete_application(client, admin_user, scheme):
    application = ApplicationFactory(scheme=scheme)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:schemes_application_delete", args=[application.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()


def test_application_add_is_not_offered(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:schemes_application_add")).status_code == 403


@time_machine.travel("2026-06-01 12:00 +0000", tick=False)
@pytest.mark.parametrize(
    ("value", "expected"),
    [("lt30", ["d10"]), ("30-60", ["d45"]), ("60-90", ["d75"]), ("gt90", ["d120"]), (None, None)],
)
def test_days_waiting_filter_buckets(client, admin_user, scheme, value, expected):
    now = timezone.now()
    made = {}
    for days in (10, 45, 75, 120):
        made[f"d{days}"] = ApplicationFactory(
            scheme=scheme, submitted_at=now - timedelta(days=days)
        )
    # Matched, declined and draft applications are not waiting.
    ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.MATCHED, submitted_at=now - timedelta(days=100)
    )
    ApplicationFactory(
        scheme=scheme, status=ApplicationStatus.DECLINED, submitted_at=now - timedelta(days=100)
    )
    client.force_login(admin_user)
    params = {DaysWaitingFilter.parameter_name: value} if value else {}
    response = client.get(reverse(CHANGELIST), params)
    shown = {a.pk for a in response.context["cl"].result_list}
    if expected is None:
        assert len(shown) == 6
    else:
        assert shown == {made[key].pk for key in expected}


@time_machine.travel("2026-06-01 12:00 +0000", tick=False)
def test_days_waiting_column(client, admin_user, scheme):
    application = ApplicationFactory(
        scheme=scheme, submitted_at=timezone.now() - timedelta(days=40)
    )
    model_admin = site.get_model_admin(Application)
    assert model_admin.days_waiting_display(application) == 40


def test_change_page_shows_answers_with_labels_and_profile(client, coordinator, scheme):
    form = ApplicationFormFactory(scheme=scheme, role=Role.MENTEE)
    q_text = QuestionFactory(form=form, label="Why now?", order=1)
    q_multi = QuestionFactory(
        form=form,
        label="Topics",
        order=2,
        type=QuestionType.MULTIPLE_CHOICE,
        choices="Leading\nResearch",
    )
    q_yes = QuestionFactory(form=form, label="Mentored before?", order=3, type=QuestionType.YES_NO)
    applicant = ProfileFactory(job_title="Team <lead>").user
    application = ApplicationFactory(
        scheme=scheme,
        applicant=applicant,
        answers={
            str(q_text.pk): "<b>Growth</b>",
            str(q_multi.pk): ["Leading", "Research"],
            str(q_yes.pk): True,
        },
    )
    client.force_login(coordinator)
    response = client.get(reverse("admin:schemes_application_change", args=[application.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "<dl><dt>Why now?</dt><dd>&lt;b&gt;Growth&lt;/b&gt;</dd><dt>Topics</dt>"
        "<dd>Leading; Research</dd><dt>Mentored before?</dt><dd>Yes</dd></dl>"
    ) in content
    assert "<dt>Job title</dt><dd>Team &lt;lead&gt;</dd>" in content
    assert "View on site" not in content  # the application's page is the applicant's own


def test_change_page_fields_are_read_only(client, coordinator, scheme):
    application = ApplicationFactory(scheme=scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:schemes_application_change", args=[application.pk]))
    assert list(response.context["adminform"].form.fields) == []


def test_search_by_applicant_email(client, admin_user, scheme):
    wanted = ApplicationFactory(scheme=scheme, applicant__email="findme@example.org")
    ApplicationFactory(scheme=scheme)
    client.force_login(admin_user)
    response = client.get(reverse(CHANGELIST), {"q": "findme"})
    assert [a.pk for a in response.context["cl"].result_list] == [wanted.pk]


BUSY = "not changed, the database was busy or out of reach; select it and try again."


@pytest.mark.django_db(transaction=True)
def test_bulk_accept_with_the_database_locked_names_each_application_not_changed(
    client, coordinator, scheme, mailoutbox, lock_wait_shortened
):
    """Another connection holds the write lock past the wait: no 500 and no half-done work
    left unsaid; each application is named, unchanged, and nobody is emailed."""
    applications = ApplicationFactory.create_batch(2, scheme=scheme)
    client.force_login(coordinator)
    with write_lock_held(table=Application._meta.db_table):
        response = post_action(client, "accept", applications)
    assert response.status_code == 200
    assert [a.status for a in Application.objects.order_by("pk")] == [
        ApplicationStatus.SUBMITTED
    ] * 2
    assert mailoutbox == []
    assert sorted(str(m) for m in response.context["messages"]) == sorted(
        f"{a}: {BUSY}" for a in applications
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a row lock needs PostgreSQL (SQLite locks it all)"
)
def test_bulk_accept_with_one_application_locked_accepts_the_others_and_names_it(
    client, coordinator, scheme, mailoutbox, lock_wait_shortened
):
    locked, free = ApplicationFactory.create_batch(2, scheme=scheme)
    client.force_login(coordinator)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                "SELECT id FROM schemes_application WHERE id = %s FOR UPDATE", [locked.pk]
            )
            response = post_action(client, "accept", [locked, free])
            cursor.execute("ROLLBACK")
    finally:
        other.close()
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {locked.pk: ApplicationStatus.SUBMITTED, free.pk: ApplicationStatus.ACCEPTED}
    assert [m.to for m in mailoutbox] == [[free.applicant.email]]
    assert [str(m) for m in response.context["messages"]] == [
        "Accepted 1 application; each applicant was emailed.",
        f"{locked}: {BUSY}",
    ]


def test_decide_with_a_note_emails_the_note_to_each_applicant(
    client, coordinator, scheme, mailoutbox, django_capture_on_commit_callbacks
):
    applications = ApplicationFactory.create_batch(2, scheme=scheme)
    client.force_login(coordinator)
    page = post_action(client, "decide_with_note", applications)
    assert "Decide 2 applications with a note" in page.text
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 2

    note = "All mentor places are taken this round; we will keep your details."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST),
            {
                "action": "decide_with_note",
                "_selected_action": [a.pk for a in applications],
                "apply": "1",
                "status": ApplicationStatus.DECLINED,
                "note": note,
            },
            follow=True,
        )

    assert [str(m) for m in response.context["messages"]] == [
        "Declined 2 applications; each applicant was emailed."
    ]
    assert set(Application.objects.values_list("status", "decision_note")) == {
        (ApplicationStatus.DECLINED, note)
    }
    assert all(note in m.body for m in mailoutbox)
    assert len(mailoutbox) == 2


def test_decide_with_a_note_needs_a_note_and_changes_nothing_without_one(
    client, coordinator, scheme, mailoutbox
):
    application = ApplicationFactory(scheme=scheme)
    client.force_login(coordinator)
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "decide_with_note",
            "_selected_action": [application.pk],
            "apply": "1",
            "status": ApplicationStatus.ACCEPTED,
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "This field is required" in response.text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert mailoutbox == []


def test_decide_with_a_note_cannot_touch_another_coordinators_scheme(
    client, coordinator, other_scheme, mailoutbox, django_capture_on_commit_callbacks
):
    other = ApplicationFactory(scheme=other_scheme)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(CHANGELIST),
            {
                "action": "decide_with_note",
                "_selected_action": [other.pk],
                "apply": "1",
                "status": ApplicationStatus.DECLINED,
                "note": "x",
            },
        )
    other.refresh_from_db()
    assert other.status == ApplicationStatus.SUBMITTED
    assert mailoutbox == []
