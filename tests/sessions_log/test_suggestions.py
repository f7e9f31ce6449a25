"""The session planner suggests times inside the hours every member is free, each shown
in the planner's own zone."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from sessions_log.models import MemberRole
from tests.factories import ProfileFactory
from tests.sessions_log.factories import start_pair

NOW = datetime(2026, 1, 20, 9, tzinfo=UTC)
PEERS = (MemberRole.PEER, MemberRole.PEER)


@pytest.fixture
def pair(scheme):
    sydney = ProfileFactory(
        timezone="Australia/Sydney", availability=["tue 18:00-21:00", "sat 09:00-10:00"]
    ).user
    london = ProfileFactory(
        timezone="Europe/London",
        availability=[f"{d} 08:00-09:00" for d in ("mon", "tue", "wed", "thu", "fri")],
    ).user
    return start_pair(scheme, sydney, london, roles=PEERS), sydney, london


def plan_url(relationship, number=2):
    return reverse("sessions_log:session_plan", kwargs={"pk": relationship.pk, "number": number})


@time_machine.travel(NOW, tick=False)
def test_planner_suggests_times_in_common_in_each_planners_zone(client, pair):
    relationship, sydney, london = pair
    seen = {}
    for user in (sydney, london):
        client.force_login(user)
        common = client.get(plan_url(relationship)).context["times_in_common"]
        seen[user.pk] = (common.text, [s.isoformat() for s in common.starts])
    # Session 2's target is 4 February: Tuesday 3 February 08:00 UTC is the first hour.
    assert seen == {
        sydney.pk: (
            "1 hour a week in common: Tuesday 19:00–20:00 your time (Australia/Sydney)",
            ["2026-02-03T19:00:00+11:00", "2026-02-10T19:00:00+11:00", "2026-02-17T19:00:00+11:00"],
        ),
        london.pk: (
            "1 hour a week in common: Tuesday 08:00–09:00 your time (Europe/London)",
            ["2026-02-03T08:00:00+00:00", "2026-02-10T08:00:00+00:00", "2026-02-17T08:00:00+00:00"],
        ),
    }


@time_machine.travel(NOW, tick=False)
def test_a_chosen_suggestion_fills_the_form_and_plans_the_right_instant(client, pair):
    relationship, sydney, _ = pair
    client.force_login(sydney)
    page = client.get(plan_url(relationship))
    assert f'href="{plan_url(relationship)}?at=2026-02-03T19:00">Tue 3 Feb, 19:00 AEDT</a>' in (
        page.text
    )
    chosen = client.get(plan_url(relationship), {"at": "2026-02-03T19:00"})
    # The form shows it as the planner typed it, in their zone.
    assert 'value="2026-02-03T19:00"' in chosen.text
    client.post(
        plan_url(relationship),
        {"scheduled_at": "2026-02-03T19:00", "mode": "phone", "location": ""},
    )
    session = relationship.sessions.get(number=2)
    assert session.scheduled_at == datetime(2026, 2, 3, 8, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_planner_says_when_someone_has_no_windows(client, scheme):
    with_windows = ProfileFactory(timezone="Africa/Nairobi", availability=["wed 17:00-19:00"])
    without = ProfileFactory(timezone="America/Sao_Paulo", availability=[])
    relationship = start_pair(scheme, with_windows.user, without.user, roles=PEERS)
    client.force_login(with_windows.user)
    page = client.get(plan_url(relationship))
    assert (page.context["times_in_common"].missing, page.context["times_in_common"].starts) == (
        True,
        [],
    )
    assert "Not everyone has given their weekly availability yet" in page.text


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("at", ["tuesday", "2026-13-40T25:00", "", "<script>"])
def test_planner_ignores_a_bad_suggestion(client, pair, at):
    relationship, sydney, _ = pair
    client.force_login(sydney)
    page = client.get(plan_url(relationship), {"at": at})
    assert page.status_code == 200
    assert page.context["form"]["scheduled_at"].value() is None


@time_machine.travel(NOW, tick=False)
def test_outsider_cannot_see_a_pairs_times(client, pair, outsider):
    relationship, *_ = pair
    client.force_login(outsider)
    assert client.get(plan_url(relationship)).status_code == 404
