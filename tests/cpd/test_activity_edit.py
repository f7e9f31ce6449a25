"""Correcting a CPD activity keeps its earlier versions (``ManualActivity.history``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from cpd import services
from cpd.models import ManualActivity, Standard

FORM = {
    "title": "Supervision course",
    "activity_type": "course",
    "role": "participant",
    "date": "2025-04-01",
    "hours": "3.5",
    "description": "Learned to supervise.",
}


def activity_of(user) -> ManualActivity:
    return services.manual_activity_create(
        user=user,
        title="Supervison course",
        activity_type="course",
        role="participant",
        date=date(2025, 4, 1),
        hours=Decimal("3"),
    )


def test_editing_keeps_the_earlier_version(client, mentor):
    activity = activity_of(mentor)
    standard = Standard.objects.get(number=2)
    client.force_login(mentor)
    url = reverse("cpd:activity_edit", args=[activity.pk])
    assert 'value="Supervison course"' in client.get(url).content.decode()

    response = client.post(url, {**FORM, "standards": [standard.pk]})

    assert response.url == reverse("cpd:record")
    activity.refresh_from_db()
    assert (activity.title, activity.hours) == ("Supervision course", Decimal("3.5"))
    assert list(activity.standards.all()) == [standard]
    titles = list(activity.history.order_by("history_date").values_list("title", "history_user"))
    assert titles[-2:] == [("Supervison course", None), ("Supervision course", mentor.pk)]
    assert "Earlier versions (1)" in client.get(url).content.decode()


def test_bad_input_is_refused_and_kept(client, mentor):
    activity = activity_of(mentor)
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:activity_edit", args=[activity.pk]),
        {**FORM, "title": "Typed again", "hours": "0", "date": "2999-01-01"},
    )
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["date", "hours"]
    assert 'value="Typed again"' in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Supervison course"


def test_someone_elses_activity_is_not_found(client, mentor, mentee):
    activity = activity_of(mentor)
    client.force_login(mentee)
    url = reverse("cpd:activity_edit", args=[activity.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, FORM).status_code == 404
    activity.refresh_from_db()
    assert activity.title == "Supervison course"
