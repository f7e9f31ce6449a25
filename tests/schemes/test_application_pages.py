"""The application pages read well: a scheme's only role is preselected, a yes/no answer
shows its label, and the draft's heading separates the role from the status."""

from __future__ import annotations

import re

from django.urls import reverse

from schemes import services
from schemes.forms import answer_display
from schemes.models import Question, QuestionType, Role, SchemeKind
from tests.factories import ApplicationFormFactory, QuestionFactory, SchemeFactory


def _radios(html: str) -> dict[str, bool]:
    """The role radio buttons: value → checked."""
    radios = {}
    for tag in re.findall(r'<input[^>]*type="radio"[^>]*name="role"[^>]*>', html):
        value = re.search(r'value="([^"]*)"', tag)
        assert value
        radios[value[1]] = bool(re.search(r"\bchecked\b", tag))
    return radios


def test_a_schemes_only_role_is_chosen_without_a_tick(client, mentee):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    url = reverse("schemes:apply", args=[scheme.slug])
    client.force_login(mentee)
    html = client.get(url).content.decode()
    assert _radios(html) == {}  # nothing to tick
    assert re.search(r'<input type="hidden" name="role" value="peer"', html)
    assert "You apply as <strong>Peer</strong>" in html
    # Pressing the button as the page comes starts the application in that role.
    response = client.post(url, {"role": "peer", "start": "Start application"})
    assert response.status_code == 302
    # A tampered role is still refused.
    assert "role" in client.post(url, {"role": "mentor"}).context["form"].errors


def test_several_roles_are_left_for_the_member_to_choose(client, mentor):
    # Twelve years' experience in a senior/junior scheme: both roles are open.
    scheme = SchemeFactory(kind=SchemeKind.SENIOR_JUNIOR)
    client.force_login(mentor)
    start = client.get(reverse("schemes:apply", args=[scheme.slug]))
    assert _radios(start.content.decode()) == {Role.MENTOR: False, Role.MENTEE: False}
    # A role the member may not take is refused whatever is posted.
    response = client.post(reverse("schemes:apply", args=[scheme.slug]), {"role": "admin"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors


def test_the_draft_heading_separates_the_role_from_the_status(client, mentee):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    application = services.application_start(scheme=scheme, applicant=mentee, role=Role.PEER)
    client.force_login(mentee)
    html = client.get(application.get_absolute_url()).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert re.search(r"Applying as \S+ Draft", text)
    assert "PeerDraft" not in text


def test_a_yes_no_answer_shows_its_label(client, mentee, scheme):
    form = ApplicationFormFactory(scheme=scheme, role=Role.MENTEE)
    before = QuestionFactory(
        form=form, label="Have you been mentored before?", type=QuestionType.YES_NO, order=1
    )
    day = QuestionFactory(
        form=form, label="Day", type=QuestionType.SINGLE_CHOICE, choices="Monday", order=2
    )
    application = services.application_start(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    application.answers = {str(before.pk): "no", str(day.pk): "Monday"}
    application.status = "withdrawn"  # not editable: the answers page
    application.save()
    client.force_login(mentee)

    html = client.get(application.get_absolute_url()).content.decode()

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Have you been mentored before? No " in text
    assert "mentored before? no " not in text
    assert "Day Monday" in text


def test_answer_display_keeps_unknown_and_missing_answers():
    yes_no = Question(type=QuestionType.YES_NO)
    assert answer_display(yes_no, "yes") == "Yes"
    assert answer_display(yes_no, "maybe") == "maybe"  # an old or odd value, shown as stored
    assert answer_display(yes_no, None) is None
    assert answer_display(yes_no, "") == ""
    assert answer_display(Question(type=QuestionType.MULTIPLE_CHOICE), ["A", "B"]) == "A, B"
