"""When a pair's weekly times do not overlap, the session planner shows each partner's
weekly hours in the planner's own zone (named) and links to their own availability, so a
time can still be agreed."""

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from sessions_log.models import MemberRole
from tests.factories import ProfileFactory
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated
from tests.sessions_log.factories import start_pair

NOW = datetime(2026, 1, 20, 9, tzinfo=UTC)
PEERS = (MemberRole.PEER, MemberRole.PEER)


@pytest.fixture
def apart(scheme):
    """Saturday mornings in Sydney, Monday mornings in London: no hour in common."""
    sydney = ProfileFactory(timezone="Australia/Sydney", availability=["sat 09:00-10:00"]).user
    london = ProfileFactory(timezone="Europe/London", availability=["mon 08:00-09:00"]).user
    return start_pair(scheme, sydney, london, roles=PEERS), sydney, london


def plan_url(relationship, number=2):
    return reverse("sessions_log:session_plan", kwargs={"pk": relationship.pk, "number": number})


def _section(page: str) -> str:
    found = re.search(r'aria-labelledby="common-heading">(.*?)</section>', page, re.S)
    assert found
    return found.group(1)


@time_machine.travel(NOW, tick=False)
def test_planner_shows_the_partners_hours_in_the_planners_zone(client, apart):
    relationship, sydney, london = apart
    seen = {}
    for user in (sydney, london):
        client.force_login(user)
        page = client.get(plan_url(relationship))
        seen[user.pk] = page.context["times_in_common"].theirs
        assert "No time in common." in page.text
        assert f'href="{reverse("accounts:profile")}#id_availability"' in _section(page.text)
    # The week of session 2's target (4 February): Saturday 7 February 09:00 in Sydney is
    # Friday 22:00 in London; Monday 2 February 08:00 in London is 19:00 in Sydney.
    assert seen == {
        sydney.pk: [f"{london.display_name}: Monday 19:00–20:00 your time (Australia/Sydney)"],
        london.pk: [f"{sydney.display_name}: Friday 22:00–23:00 your time (Europe/London)"],
    }


@time_machine.travel(NOW, tick=False)
def test_planner_with_time_in_common_lists_no_partner_hours(client, scheme):
    one = ProfileFactory(timezone="Europe/London", availability=["tue 18:00-20:00"]).user
    two = ProfileFactory(timezone="Europe/Paris", availability=["tue 19:00-21:00"]).user
    relationship = start_pair(scheme, one, two, roles=PEERS)
    client.force_login(one)
    common = client.get(plan_url(relationship)).context["times_in_common"]
    assert (common.text, common.theirs) == (
        "2 hours a week in common: Tuesday 18:00–20:00 your time (Europe/London)",
        [],
    )


@time_machine.travel(NOW, tick=False)
def test_planner_with_someone_without_windows_lists_no_partner_hours(client, scheme):
    with_windows = ProfileFactory(availability=["wed 17:00-19:00"]).user
    without = ProfileFactory(availability=[]).user
    relationship = start_pair(scheme, with_windows, without, roles=PEERS)
    client.force_login(with_windows)
    common = client.get(plan_url(relationship)).context["times_in_common"]
    assert (common.missing, common.theirs) == (True, [])


@time_machine.travel(NOW, tick=False)
def test_an_outsider_cannot_see_the_pairs_hours(client, apart, outsider):
    relationship, _, _ = apart
    client.force_login(outsider)
    response = client.get(plan_url(relationship))
    assert response.status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_partners_hours_translate(client, apart, pseudo_locale):  # noqa: F811
    relationship, sydney, london = apart
    london.profile.language = pseudo_locale
    london.profile.save()
    client.force_login(london)
    text = html.unescape(strip_tags(_section(client.get(plan_url(relationship)).text)))
    assert "Friday" not in text
    assert untranslated(text, allow=(sydney.display_name,)) == []
