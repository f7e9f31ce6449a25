"""The apply journey through the real portal views: start, draft, come back, submit with an
error, fix, submit, decision email."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.emails.links import preferences_url
from schemes import services
from schemes.models import Application, ApplicationStatus, QuestionType, Role
from tests.factories import ApplicationFormFactory, QuestionFactory

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def questions(scheme):
    """The mentee form of ``scheme`` with one question of every type, required and optional."""
    form = ApplicationFormFactory(scheme=scheme, role=Role.MENTEE, intro="Tell us about you.")
    make = QuestionFactory
    return {
        "short": make(form=form, label="Your team", type=QuestionType.SHORT_TEXT, order=1),
        "long": make(form=form, label="Your story", type=QuestionType.LONG_TEXT, order=2),
        "single": make(
            form=form,
            label="Preferred day",
            type=QuestionType.SINGLE_CHOICE,
            choices="Monday\nFriday",
            order=3,
        ),
        "multi": make(
            form=form,
            label="Topics",
            type=QuestionType.MULTIPLE_CHOICE,
            choices="Research\nTeaching\nPolicy",
            order=4,
        ),
        "number": make(form=form, label="Hours a month", type=QuestionType.NUMBER, order=5),
        "yes_no": make(form=form, label="Managed before?", type=QuestionType.YES_NO, order=6),
        "optional": make(
            form=form,
            label="Anything else",
            type=QuestionType.SHORT_TEXT,
            required=False,
            order=7,
        ),
    }


def field(q):
    return f"q_{q.pk}"


def test_apply_journey_draft_error_submit_and_decision_email(
    client, django_capture_on_commit_callbacks, scheme, mentee, admin_user, questions
):
    q = questions
    client.force_login(mentee)

    detail = client.get(scheme.get_absolute_url())
    assert detail.status_code == 200
    assert reverse("schemes:apply", args=[scheme.slug]).encode() in detail.content

    # Start: one year's experience in a senior/junior scheme → the junior role only.
    start = client.get(reverse("schemes:apply", args=[scheme.slug]))
    assert start.status_code == 200
    assert start.context["form"].fields["role"].choices == [("mentee", "Junior partner (mentee)")]
    response = client.post(reverse("schemes:apply", args=[scheme.slug]), {"role": "mentee"})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("schemes:application", args=[application.pk])
    assert (application.applicant, application.role, application.status) == (
        mentee,
        Role.MENTEE,
        ApplicationStatus.DRAFT,
    )
    url = application.get_absolute_url()

    # A half-filled draft is kept.
    response = client.post(
        url,
        {
            "hopes": "Confidence.",
            field(q["short"]): "Ward 7",
            field(q["multi"]): ["Research"],
            "save_draft": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.hopes == "Confidence."
    assert application.answers == {
        str(q["short"].pk): "Ward 7",
        str(q["long"].pk): "",
        str(q["single"].pk): "",
        str(q["multi"].pk): ["Research"],
        str(q["number"].pk): None,
        str(q["yes_no"].pk): "",
        str(q["optional"].pk): "",
    }

    # Coming back shows what was typed.
    form = client.get(url).context["form"]
    assert form["hopes"].value() == "Confidence."
    assert form[field(q["short"])].value() == "Ward 7"
    assert form[field(q["multi"])].value() == ["Research"]

    # Submitting with required answers missing: per-field errors, nothing typed lost,
    # the draft saved.
    typed = {
        "goals_areas": ["leadership"],
        "hopes": "Confidence.",
        field(q["short"]): "Ward 7",
        field(q["long"]): "I lead a small team.",
        field(q["multi"]): ["Research", "Policy"],
        field(q["number"]): "4",
        "submit": "",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    form = response.context["form"]
    need = ["This question needs an answer before you submit."]
    assert form.errors == {field(q["single"]): need, field(q["yes_no"]): need}
    assert form[field(q["long"])].value() == "I lead a small team."
    assert form[field(q["multi"])].value() == ["Research", "Policy"]
    assert b"I lead a small team." in response.content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.goals_areas == ["leadership"]
    assert application.answers[str(q["long"].pk)] == "I lead a small team."
    assert application.answers[str(q["number"].pk)] == "4"

    # A bad number is a per-field error too, and the rest stays on screen.
    response = client.post(url, {**typed, field(q["number"]): "four"})
    assert response.status_code == 200
    assert response.context["form"].errors[field(q["number"])] == ["Enter a number."]
    assert response.context["form"][field(q["short"])].value() == "Ward 7"

    # Fixed and submitted.
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            url, {**typed, field(q["single"]): "Friday", field(q["yes_no"]): "no"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at == NOW
    assert application.answers == {
        str(q["short"].pk): "Ward 7",
        str(q["long"].pk): "I lead a small team.",
        str(q["single"].pk): "Friday",
        str(q["multi"].pk): ["Research", "Policy"],
        str(q["number"].pk): "4",
        str(q["yes_no"].pk): "no",
        str(q["optional"].pk): "",
    }
    assert mail.outbox == []

    # The administrator accepts: the applicant gets one email with a link to act on.
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.application_decide(
                application=application, status=ApplicationStatus.ACCEPTED, by=admin_user
            )
        prefs = preferences_url(mentee)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.accepted_at == NOW
    link = f"http://testserver/portal/applications/{application.pk}/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentee.email]
    assert message.subject == f"Your application to {scheme.name} is accepted"
    name = mentee.display_name
    assert message.body == (
        f"Dear {name},\n\n"
        f"Your application to {scheme.name} as mentee has been accepted. We will be in touch "
        "when we have proposed a match for you.\n\n"
        f"See your application: {link}\n\n"
        f"--\nMentoring schemes · {scheme.name}\n"
        f"Change your email preferences: {prefs}\n\n"
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">See your application</a>' in html
    assert f'<a href="{prefs}">Change your email preferences</a>' in html

    # Deciding the same way again is refused and sends nothing more.
    with pytest.raises(Exception, match="Cannot mark an accepted application as accepted"):
        services.application_decide(
            application=application, status=ApplicationStatus.ACCEPTED, by=admin_user
        )
    assert len(mail.outbox) == 1


def test_application_submitted_view_shows_answers(client, scheme, mentee, questions):
    q = questions
    application = Application.objects.create(
        scheme=scheme,
        applicant=mentee,
        role=Role.MENTEE,
        status=ApplicationStatus.SUBMITTED,
        hopes="Confidence.",
        answers={str(q["multi"].pk): ["Research", "Policy"], str(q["short"].pk): "Ward 7"},
    )
    client.force_login(mentee)
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    answers = [(question.label, answer) for question, answer in response.context["answers"]]
    assert answers == [
        ("Your team", "Ward 7"),
        ("Your story", None),
        ("Preferred day", None),
        ("Topics", "Research, Policy"),
        ("Hours a month", None),
        ("Managed before?", None),
        ("Anything else", None),
    ]
    # A submitted application cannot be changed through the form.
    response = client.post(application.get_absolute_url(), {"hopes": "Changed", "save_draft": ""})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.hopes == "Confidence."


def test_apply_start_senior_member_chooses_role(client, scheme, mentor):
    client.force_login(mentor)
    response = client.get(reverse("schemes:apply", args=[scheme.slug]))
    assert response.context["form"].fields["role"].choices == [
        ("mentor", "Senior partner (mentor)"),
        ("mentee", "Junior partner (mentee)"),
    ]
    response = client.post(reverse("schemes:apply", args=[scheme.slug]), {"role": "mentor"})
    assert response.status_code == 302
    assert Application.objects.get().role == Role.MENTOR


def test_apply_start_ineligible_role_posted_is_refused(client, scheme, mentee):
    client.force_login(mentee)
    response = client.post(reverse("schemes:apply", args=[scheme.slug]), {"role": "mentor"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "role": ["Select a valid choice. mentor is not one of the available choices."]
    }
    assert Application.objects.count() == 0


def test_apply_mentor_form_asks_what_mentors_give_and_shows_the_areas_they_offer(
    client, scheme, mentor
):
    """A mentor's areas are matched from their profile's expertise (what mentees want to
    develop is the mentees'), so the form shows those and asks no "areas to develop"."""
    application = services.application_start(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    application.goals_areas = ["research"]  # typed on an older form: kept, not overwritten
    application.save()
    client.force_login(mentor)
    url = application.get_absolute_url()
    page = client.get(url)
    form = page.context["form"]
    assert list(form.fields) == ["hopes", "capacity"]
    assert form.fields["hopes"].label == (
        "What would you like to give and get from mentoring? (required)"
    )
    assert "Areas you can offer" in page.text
    assert "Management, Clinical practice." in page.text  # the profile's expertise
    assert "develop yourself" not in page.text
    assert "What do you hope to get out of the scheme?" not in page.text

    refused = client.post(url, {"hopes": " ", "capacity": "3", "submit": ""})
    assert refused.context["form"].errors["hopes"] == [
        "Tell us what you would like to give and get from mentoring."
    ]
    response = client.post(url, {"hopes": "To give back.", "capacity": "3", "submit": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.capacity, application.goals_areas) == (
        ApplicationStatus.SUBMITTED,
        3,
        ["research"],
    )


def test_apply_mentor_form_without_expertise_asks_for_it_in_the_profile(client, scheme, mentor):
    mentor.profile.expertise = []
    mentor.profile.save()
    application = services.application_start(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    client.force_login(mentor)

    page = client.get(application.get_absolute_url()).text

    assert "Your profile lists no areas of expertise yet" in page


def test_apply_mentee_form_keeps_the_mentee_wording(client, scheme, mentee):
    application = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    client.force_login(mentee)

    page = client.get(application.get_absolute_url())

    assert list(page.context["form"].fields) == ["goals_areas", "hopes"]
    assert "What do you hope to get out of the scheme? (required)" in page.text
    assert "Areas you can offer" not in page.text


def test_apply_submit_incomplete_profile_is_refused_with_draft_kept(client, scheme, mentee):
    """A member imported without a career stage or country is told which fields are
    missing, once, with the link to the profile (not a bare "complete your profile" twice
    and a banner besides)."""
    mentee.profile.career_stage = ""
    mentee.profile.country = ""
    mentee.profile.save()
    application = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    client.force_login(mentee)
    response = client.post(
        application.get_absolute_url(),
        {"goals_areas": ["career"], "hopes": "A plan.", "submit": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == []
    page = response.text
    assert page.count("is missing your country and career stage.") == 1
    assert page.count("Complete your profile</a>") == 1
    form_html = page[page.index('<form method="post" novalidate data-autosave-url') :]
    assert 'role="alert" data-profile-needed' in form_html  # the error, inside the form
    assert f'href="/portal/profile/?next={application.get_absolute_url()}"' in form_html
    application.refresh_from_db()
    assert (application.status, application.hopes) == (ApplicationStatus.DRAFT, "A plan.")


def test_apply_page_names_the_missing_profile_fields_before_any_submit(client, scheme, mentee):
    mentee.profile.job_title = ""
    mentee.profile.save()
    application = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    client.force_login(mentee)

    page = client.get(application.get_absolute_url()).text

    assert page.count("is missing your job title.") == 1
    assert 'class="alert alert-info"' in page


def test_submit_service_names_the_missing_profile_fields(scheme, mentee):
    mentee.profile.years_experience = None
    mentee.profile.organisation = ""
    mentee.profile.save()
    application = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)

    with pytest.raises(ValidationError) as refused:
        services.application_submit(application=application, by=mentee)

    assert refused.value.code == services.PROFILE_INCOMPLETE
    assert refused.value.messages == [
        "Complete your profile before you submit an application: add your organisation "
        "and years of experience."
    ]
