"""Nothing typed is lost: an application's draft is autosaved while the applicant types;
required questions are marked before the first submit; every answer option is labelled."""

import pytest
import time_machine
from django.urls import reverse

from schemes.models import Application, ApplicationStatus, QuestionType, Role
from tests.factories import ApplicationFactory, ApplicationFormFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(scheme, mentee):
    return ApplicationFactory(
        scheme=scheme, applicant=mentee, status=ApplicationStatus.DRAFT, hopes="Before"
    )


@pytest.fixture
def questions(scheme):
    form = ApplicationFormFactory(scheme=scheme, role=Role.MENTEE)
    return {
        "number": QuestionFactory(
            form=form, label="Hours a month", type=QuestionType.NUMBER, order=1
        ),
        "single": QuestionFactory(
            form=form,
            label="Preferred day",
            type=QuestionType.SINGLE_CHOICE,
            choices="Monday\nFriday",
            order=2,
        ),
        "yes_no": QuestionFactory(
            form=form, label="Managed before?", type=QuestionType.YES_NO, order=3
        ),
        "optional": QuestionFactory(
            form=form, label="Anything else", type=QuestionType.SHORT_TEXT, required=False, order=4
        ),
    }


def _url(application: Application) -> str:
    return reverse("schemes:application_autosave", args=[application.pk])


@time_machine.travel("2027-01-04 10:42:30+00:00", tick=False)
def test_autosave_keeps_the_draft_and_says_when(client, draft, mentee, questions):
    client.force_login(mentee)
    response = client.post(
        _url(draft), {"hopes": "Typed so far", f"q_{questions['number'].pk}": "4"}
    )
    draft.refresh_from_db()
    assert response.json() == {"saved": True, "saved_at": "10:42 GMT"}
    assert (draft.status, draft.hopes, draft.answers[str(questions["number"].pk)]) == (
        ApplicationStatus.DRAFT,
        "Typed so far",
        "4",
    )


def test_the_form_autosaves_and_marks_required_questions(client, draft, mentee, questions):
    client.force_login(mentee)
    page = client.get(draft.get_absolute_url())
    form = page.context["form"]
    assert f'data-autosave-url="{_url(draft)}"' in page.content.decode()
    labels = {name: str(field.label) for name, field in form.fields.items()}
    assert labels["hopes"].endswith("(required)")
    assert labels["goals_areas"].endswith("(required)")
    assert labels[f"q_{questions['number'].pk}"] == "Hours a month (required)"
    assert labels[f"q_{questions['optional'].pk}"] == "Anything else"


def test_no_answer_option_is_labelled_only_with_a_dash(client, draft, mentee, questions):
    client.force_login(mentee)
    form = client.get(draft.get_absolute_url()).context["form"]
    single = form.fields[f"q_{questions['single'].pk}"].choices
    yes_no = form.fields[f"q_{questions['yes_no'].pk}"].choices
    assert single[0] == ("", "Choose an answer")
    assert yes_no == [("yes", "Yes"), ("no", "No")]
    assert "—" not in str(form)


def test_bad_input_is_not_saved_and_says_why(client, draft, mentee, questions):
    client.force_login(mentee)
    response = client.post(_url(draft), {"hopes": "New", f"q_{questions['number'].pk}": "lots"})
    draft.refresh_from_db()
    assert (response.status_code, draft.hopes) == (400, "Before")
    assert response.json() == {
        "saved": False,
        "message": "Not saved yet. Hours a month (required): Enter a number.",
    }


def test_a_submitted_application_is_not_changed(client, scheme, mentee):
    submitted = ApplicationFactory(scheme=scheme, applicant=mentee, hopes="Sent")
    client.force_login(mentee)
    response = client.post(_url(submitted), {"hopes": "Changed"})
    submitted.refresh_from_db()
    assert (response.status_code, response.json()["saved"], submitted.hopes) == (
        409,
        False,
        "Sent",
    )


@pytest.mark.parametrize("who", ["mentor", "outsider", "coordinator", "admin_user"])
def test_someone_elses_draft_is_404_and_unchanged(client, draft, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(_url(draft), {"hopes": "Changed"})
    draft.refresh_from_db()
    assert (response.status_code, draft.hopes) == (404, "Before")


def test_autosave_needs_sign_in_and_post(client, draft, mentee):
    assert client.post(_url(draft), {"hopes": "x"}).status_code == 302
    client.force_login(mentee)
    assert client.get(_url(draft)).status_code == 405
    draft.refresh_from_db()
    assert draft.hopes == "Before"


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Australia/Sydney", "21:42 AEDT"),  # the member's zone, not the server's
        ("America/Sao_Paulo", "07:42 (Sao Paulo time, UTC\u22123)"),  # no lettered name
    ],
)
@time_machine.travel("2027-01-04 10:42:30+00:00", tick=False)
def test_autosave_says_when_in_the_members_zone_and_names_it(client, draft, mentee, zone, shown):
    from accounts.models import Profile

    Profile.objects.update_or_create(user=mentee, defaults={"timezone": zone})
    client.force_login(mentee)
    response = client.post(_url(draft), {"hopes": "Typed so far"})
    assert response.json() == {"saved": True, "saved_at": shown}
