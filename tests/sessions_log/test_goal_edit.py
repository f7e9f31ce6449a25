"""Editing a goal keeps its history; a target date in the past is refused."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sessions_log import services
from tests.sessions_log.factories import start_pair

NOW = datetime(2026, 3, 2, 9, tzinfo=timezone.get_default_timezone())
TODAY = NOW.date()


@pytest.fixture
def goal(scheme, mentor, mentee):
    with time_machine.travel(NOW, tick=False):
        pair = start_pair(scheme, mentor, mentee)
        return services.goal_set(
            relationship=pair, by=mentee, owner=mentee, what="Lead a team", target_date=TODAY
        )


def edit_url(goal):
    return reverse(
        "sessions_log:goal_edit", kwargs={"pk": goal.relationship_id, "goal_pk": goal.pk}
    )


@time_machine.travel(NOW, tick=False)
def test_editing_keeps_each_version_with_its_author(client, goal, mentor):
    client.force_login(mentor)
    response = client.post(edit_url(goal), {"what": "Lead two teams", "target_date": "2026-05-01"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.what, goal.target_date) == ("Lead two teams", date(2026, 5, 1))
    versions = list(goal.history.order_by("history_date").values_list("what", "history_user"))
    assert versions[-2:] == [("Lead a team", goal.owner.pk), ("Lead two teams", mentor.pk)]
    page = client.get(edit_url(goal)).content.decode()
    assert "Earlier versions (1)" in page
    assert "Lead a team" in page.split("Earlier versions")[1].split("</details>")[0]


@time_machine.travel(NOW, tick=False)
def test_a_past_target_date_is_refused_and_what_was_typed_kept(client, goal, mentee):
    client.force_login(mentee)
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    response = client.post(edit_url(goal), {"what": "Lead two teams", "target_date": yesterday})
    assert response.status_code == 400
    assert response.context["form"].errors["target_date"] == ["Choose a target date from today on."]
    assert 'value="Lead two teams"' in response.content.decode()
    goal.refresh_from_db()
    assert goal.what == "Lead a team"


@time_machine.travel(NOW, tick=False)
def test_a_new_goal_with_a_past_target_is_refused(goal, mentee):
    with pytest.raises(ValidationError) as exc:
        services.goal_set(
            relationship=goal.relationship,
            by=mentee,
            owner=mentee,
            what="Late",
            target_date=TODAY - timedelta(days=1),
        )
    assert list(exc.value.message_dict) == ["target_date"]


def test_a_target_already_past_may_stay_when_the_goal_is_reworded(goal, mentee):
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        edited = services.goal_edit(
            goal=goal, by=mentee, what="Lead a team well", target_date=goal.target_date
        )
    assert edited.target_date == TODAY


@time_machine.travel(NOW, tick=False)
def test_only_members_reach_the_edit_page(client, goal, outsider, coordinator):
    for who in (outsider, coordinator):
        client.force_login(who)
        assert client.get(edit_url(goal)).status_code == 404
        assert client.post(edit_url(goal), {"what": "Hijacked"}).status_code == 404
    goal.refresh_from_db()
    assert goal.what == "Lead a team"
