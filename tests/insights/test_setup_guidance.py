"""The set-up checklist's guidance: how recruitment opens, links that answer (filtered by the
scheme, for administrators and the scheme's coordinators), counts in words that agree, and a
programme that outlasts the scheme warned of on the checklist and refused where it is chosen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from insights.setup import recruitment_step, scheme_checklist
from schemes.models import Phase, Role
from sessions_log.models import FeedbackQuestion
from sessions_log.programme_fit import programme_overrun
from tests.factories import ApplicationFormFactory, ProgrammeTemplateFactory, QuestionFactory
from tests.insights.test_scheme_admin import form_data
from tests.insights.test_setup import new_scheme

pytestmark = pytest.mark.django_db

OVERRUN = (
    "The programme “Twelve months” runs 53 weeks, but the scheme runs 14 weeks (1 March 2027 "
    "to 1 June 2027): its last sessions would fall after the scheme ends. Choose a shorter "
    "programme or a longer programme length."
)


def test_checklist_says_how_recruitment_opens_and_links_to_the_phase(admin_user):
    pilot = new_scheme(admin_user)

    step = recruitment_step(scheme=pilot)

    assert (step.is_open, step.text, step.url) == (
        False,
        "Recruitment opens when you change the scheme's phase to “Recruiting” "
        "(under “Lifecycle and foundations”) and save.",
        reverse("admin:schemes_scheme_change", args=[pilot.pk]) + "#id_phase",
    )
    pilot.phase = Phase.RECRUITING
    assert recruitment_step(scheme=pilot).text == "The scheme is in its “Recruiting” phase."


def test_scheme_page_shows_the_recruitment_button(client, admin_user):
    pilot = new_scheme(admin_user)
    client.force_login(admin_user)

    page = client.get(reverse("admin:schemes_scheme_change", args=[pilot.pk])).content.decode()

    assert (
        f'<a class="button" href="/admin/schemes/scheme/{pilot.pk}/change/#id_phase">'
        "Change the phase to open recruitment</a>"
    ) in page


@pytest.mark.parametrize("who", ["admin_user", "coordinator"])
def test_every_checklist_link_answers_and_lists_only_the_scheme(client, request, admin_user, who):
    user = request.getfixturevalue(who)
    pilot = new_scheme(admin_user)
    pilot.coordinators.add(user)
    other = new_scheme(admin_user, slug="other")
    FeedbackQuestion.objects.create(scheme=other, label="Elsewhere", type="text", order=1)
    client.force_login(user)

    answers = {item.key: client.get(item.url) for item in scheme_checklist(scheme=pilot)}

    expected = dict.fromkeys(answers, 200)
    if who == "coordinator":  # application forms are the administrators' to add
        expected.update({"form-mentor": 403, "form-mentee": 403})
    assert {key: response.status_code for key, response in answers.items()} == expected
    listed = answers["feedback"].context["cl"].result_list
    assert {question.scheme_id for question in listed} == {pilot.pk}


def test_checklist_counts_read_in_the_singular_and_plural(admin_user):
    pilot = new_scheme(admin_user)
    QuestionFactory(form=ApplicationFormFactory(scheme=pilot, role=Role.MENTOR))
    form = ApplicationFormFactory(scheme=pilot, role=Role.MENTEE)
    QuestionFactory.create_batch(2, form=form)

    details = {item.key: item.detail for item in scheme_checklist(scheme=pilot)}

    assert (details["form-mentor"], details["form-mentee"]) == ("1 question.", "2 questions.")


def test_programme_longer_than_the_scheme_is_warned_of_on_the_checklist(admin_user):
    long = ProgrammeTemplateFactory(name="Twelve months", duration_months=12, steps=2)
    pilot = new_scheme(admin_user, programme_template=long)

    programme = next(i for i in scheme_checklist(scheme=pilot) if i.key == "programme")

    assert (programme.done, programme.detail) == (False, OVERRUN)


def test_programme_that_fits_or_a_scheme_without_an_end_gives_no_warning(admin_user):
    fits = ProgrammeTemplateFactory(duration_months=3, steps=3)
    pilot = new_scheme(admin_user, programme_template=fits)
    rolling = new_scheme(admin_user, slug="rolling", intake="rolling")

    assert programme_overrun(template=fits, scheme=pilot) is None
    assert programme_overrun(template=fits, scheme=rolling) is None
    assert programme_overrun(template=None, scheme=pilot) is None


def test_a_last_step_after_the_end_is_an_overrun_too(admin_user):
    late = ProgrammeTemplateFactory(name="Late", duration_months=3, steps=5)  # day 120
    pilot = new_scheme(admin_user, programme_template=late)

    assert programme_overrun(template=late, scheme=pilot).startswith(
        "The programme “Late” runs 18 weeks, but the scheme runs 14 weeks"
    )


def test_choosing_a_programme_longer_than_the_scheme_is_refused_beside_it(client, admin_user):
    long = ProgrammeTemplateFactory(name="Twelve months", duration_months=12, steps=2)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:schemes_scheme_add"), form_data(programme_template=long.pk)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"programme_template": [OVERRUN]}
    fits = ProgrammeTemplateFactory(duration_months=3, steps=3)
    response = client.post(
        reverse("admin:schemes_scheme_add"), form_data(programme_template=fits.pk)
    )
    assert response.status_code == 302
