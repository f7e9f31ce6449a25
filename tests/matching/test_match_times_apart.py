"""A member's match page says, neutrally and apart from the reasons, when both members gave
weekly times that do not overlap yet, with a link to change their own."""

import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from matching.models import ProposalStatus
from schemes.models import Role
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db

NOTE = "The weekly times you each gave do not overlap yet."
SYDNEY = {"timezone": "Australia/Sydney", "availability": ["sat 09:00-10:00"]}
LONDON = {"timezone": "Europe/London", "availability": ["mon 08:00-09:00"]}


def _match(scheme, first, second):
    run = finished_run(scheme)
    mentor = accepted(scheme, role=Role.MENTOR, **first)
    mentee = accepted(scheme, **second)
    return proposal(run, mentor, mentee, status=ProposalStatus.APPROVED), mentor, mentee


def _page(client, made, application):
    client.force_login(application.applicant)
    return client.get(reverse("matching:detail", args=[made.pk]))


@time_machine.travel("2026-03-04 09:00Z", tick=False)
def _note(text: str) -> re.Match | None:
    """The secondary paragraph that links to the availability field (the page has others,
    such as the sentence on reasons that may not be shown)."""
    notes = re.finditer(r'<p class="text-body-secondary">(.*?)</p>', text, re.S)
    return next((n for n in notes if "id_availability" in n.group(1)), None)


def test_times_that_do_not_overlap_are_noted_with_a_link(client, scheme):
    made, _, mentee = _match(scheme, SYDNEY, LONDON)
    page = _page(client, made, mentee)
    assert page.context["times_apart"] is True
    note = _note(page.text)
    assert note
    assert NOTE in note.group(1)
    assert f'href="{reverse("accounts:profile")}#id_availability"' in note.group(1)
    assert NOTE not in "".join(made.reasons_for_members(mentee.applicant))  # not a reason


@time_machine.travel("2026-03-04 09:00Z", tick=False)
@pytest.mark.parametrize(
    "second",
    [
        {"timezone": "Europe/London", "availability": ["fri 22:00-23:00"]},  # Sat 09:00 Sydney
        {"timezone": "Europe/London", "availability": []},  # not given: nothing known
        {"timezone": "Not/AZone", "availability": ["not a time"]},  # unreadable: as not given
    ],
)
def test_no_note_when_the_times_meet_or_are_not_known(client, scheme, second):
    made, mentor, _ = _match(scheme, SYDNEY, second)
    page = _page(client, made, mentor)
    assert page.context["times_apart"] is False
    assert NOTE not in page.text


def test_someone_elses_match_is_404(client, scheme, outsider):
    made, _, _ = _match(scheme, SYDNEY, LONDON)
    client.force_login(outsider)
    assert client.get(reverse("matching:detail", args=[made.pk])).status_code == 404


@time_machine.travel("2026-03-04 09:00Z", tick=False)
def test_the_note_translates(client, scheme, pseudo_locale):  # noqa: F811
    made, _, mentee = _match(scheme, SYDNEY, {**LONDON, "language": pseudo_locale})
    page = _page(client, made, mentee)
    note = _note(page.text)
    assert note
    text = html.unescape(strip_tags(note.group(1)))
    assert NOTE not in text
    assert untranslated(text) == []
