"""A relationship's dates (sessions planned and held, goals' targets, actions due) stay
within its life: from its start to its planned end (or today, while it runs on) plus a
year. The reproduction of issue 14: a target date of 0001-01-01 is refused."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions_log import services
from sessions_log.models import Session, SessionMode, SessionStatus
from tests.factories import ProgrammeTemplateFactory
from tests.sessions_log.factories import start_pair

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 9, tzinfo=LONDON)
# start_pair: started 5 January 2026 on a six-month template, so planned to end on
# 7 July 2026; the dates may run a year past that.
STARTED, LATEST = date(2026, 1, 5), date(2027, 7, 7)
WINDOW = "Enter a date from 5 January 2026 to 7 July 2027 (the life of this relationship)."
# What is planned (sessions, goals' targets, actions' due dates) stays within the planned end.
PLAN_END = date(2026, 7, 7)
PLAN_WINDOW = (
    "Enter a date from 5 January 2026 to 7 July 2026 (between its start and its planned end)."
)


@pytest.fixture
def relationship(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee)


def _unscheduled(relationship) -> Session:
    return relationship.sessions.get(number=3)


@time_machine.travel(NOW, tick=False)
def test_the_window_runs_from_the_start_to_a_year_after_the_planned_end(relationship):
    window = relationship.date_window()
    assert (window.earliest, window.latest) == (STARTED, LATEST)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("number", "day"), [(1, STARTED), (6, PLAN_END)])
def test_target_date_at_either_end_is_kept(relationship, mentee, number, day):
    session = services.session_set_target_date(
        session=relationship.sessions.get(number=number), by=mentee, target_date=day
    )
    session.refresh_from_db()
    assert session.target_date == day


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1900, 1, 1), STARTED - timedelta(days=1), LATEST + timedelta(1)]
)
def test_target_date_outside_the_life_is_refused_naming_it(relationship, mentee, day):
    session = _unscheduled(relationship)
    before = session.target_date
    with pytest.raises(ValidationError) as exc:
        services.session_set_target_date(session=session, by=mentee, target_date=day)
    assert "between its start and its planned end" in exc.value.message_dict["target_date"][0]
    session.refresh_from_db()
    assert session.target_date == before


@time_machine.travel(NOW, tick=False)
def test_sessions_stay_in_order(relationship, mentee):
    third, fourth = relationship.sessions.get(number=3), relationship.sessions.get(number=4)
    later = fourth.target_date + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.session_set_target_date(session=third, by=mentee, target_date=later)
    assert "before the session after it" in exc.value.message_dict["target_date"][0]
    # Once the fourth is cancelled, the third may move past its old date.
    services.session_cancel(session=fourth, by=mentee)
    third.refresh_from_db()
    assert (
        services.session_set_target_date(session=third, by=mentee, target_date=later).target_date
        == later
    )


@time_machine.travel(NOW, tick=False)
def test_a_date_and_time_keeps_order_with_dated_sessions_only(relationship, mentor):
    def at(day):
        return datetime.combine(day, time(18), tzinfo=LONDON)

    # Session 3's target (6 March) does not block session 2 from being set later...
    second = services.session_plan(
        session=relationship.sessions.get(number=2),
        by=mentor,
        scheduled_at=at(date(2026, 3, 20)),
        mode="phone",
    )
    assert second.target_date == date(2026, 3, 20)
    # ...but session 3 cannot then be set before session 2's date and time.
    with pytest.raises(ValidationError) as exc:
        services.session_plan(
            session=relationship.sessions.get(number=3),
            by=mentor,
            scheduled_at=at(date(2026, 3, 19)),
            mode="phone",
        )
    assert "after the session before it" in exc.value.message_dict["scheduled_at"][0]


@time_machine.travel(NOW, tick=False)
def test_a_session_after_the_planned_end_is_refused(relationship, mentee):
    last = relationship.sessions.get(number=6)
    with pytest.raises(ValidationError) as exc:
        services.session_set_target_date(
            session=last, by=mentee, target_date=PLAN_END + timedelta(days=1)
        )
    assert exc.value.message_dict == {
        "target_date": [
            "Enter a date from 5 May 2026 to 7 July 2026 "
            "(between its start and its planned end, after the session before it)."
        ]
    }


@time_machine.travel(NOW, tick=False)
def test_planning_far_ahead_is_refused(relationship, mentor):
    far = datetime(9999, 12, 31, 9, tzinfo=LONDON)
    with pytest.raises(ValidationError) as exc:
        services.session_plan(
            session=_unscheduled(relationship), by=mentor, scheduled_at=far, mode="phone"
        )
    assert "between its start and its planned end" in exc.value.message_dict["scheduled_at"][0]
    last = datetime.combine(PLAN_END, time(20), tzinfo=LONDON)
    planned = services.session_plan(
        session=relationship.sessions.get(number=6), by=mentor, scheduled_at=last, mode="phone"
    )
    assert planned.target_date == PLAN_END


@time_machine.travel(NOW, tick=False)
def test_held_from_the_start_to_today(relationship, mentee):
    def log(day):
        return services.session_log(
            session=relationship.sessions.get(number=1),
            by=mentee,
            held_on=day,
            duration_minutes=60,
            mode=SessionMode.PHONE,
        )

    assert log(STARTED).held_on == STARTED
    assert log(NOW.date()).held_on == NOW.date()
    for day in (STARTED - timedelta(days=1), NOW.date() + timedelta(days=1), date(1, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            log(day)
        assert "held_on" in exc.value.message_dict
    assert relationship.sessions.get(number=1).held_on == NOW.date()


@time_machine.travel(NOW, tick=False)
def test_goal_and_action_dates_are_bounded(relationship, mentee):
    goal = services.goal_set(
        relationship=relationship, by=mentee, owner=mentee, what="Lead", target_date=PLAN_END
    )
    action = services.action_add(relationship=relationship, by=mentee, text="Read", due_on=STARTED)
    assert (goal.target_date, action.due_on) == (PLAN_END, STARTED)
    with pytest.raises(ValidationError) as exc:
        services.goal_set(
            relationship=relationship,
            by=mentee,
            owner=mentee,
            what="x",
            target_date=PLAN_END + timedelta(days=1),
        )
    assert exc.value.message_dict == {"target_date": [PLAN_WINDOW]}
    with pytest.raises(ValidationError) as exc:
        services.action_add(
            relationship=relationship, by=mentee, text="x", due_on=PLAN_END + timedelta(days=1)
        )
    assert exc.value.message_dict == {"due_on": [PLAN_WINDOW]}
    assert relationship.goals.count() == relationship.actions.count() == 1


@time_machine.travel(NOW, tick=False)
def test_an_open_relationship_past_its_planned_end_logs_but_plans_nothing_later(
    relationship, mentee
):
    with time_machine.travel(datetime(2028, 6, 1, 9, tzinfo=LONDON), tick=False):
        assert relationship.date_window().latest == date(2029, 6, 1)
        with pytest.raises(ValidationError):
            services.session_set_target_date(
                session=relationship.sessions.get(number=6), by=mentee, target_date=date(2028, 7, 1)
            )
        held = services.session_log(
            session=relationship.sessions.get(number=6),
            by=mentee,
            held_on=date(2028, 5, 30),
            duration_minutes=60,
            mode=SessionMode.PHONE,
        )
    assert held.held_on == date(2028, 5, 30)


def test_relationship_start_is_bounded(scheme, mentor, mentee):
    with pytest.raises(ValidationError) as exc:
        start_pair(scheme, mentor, mentee, started_on=date(1, 1, 1))
    assert list(exc.value.message_dict) == ["started_on"]


def test_planned_end_covers_every_step(scheme, mentor, mentee):
    """A template whose last step comes after its duration: the planned end moves to that
    step, so every planned session is within the relationship's dates."""
    template = ProgrammeTemplateFactory(steps=0, duration_months=1)
    template.steps.create(number=1, title="Late", offset_days=200)
    relationship = services.relationship_start(
        scheme=scheme, members=[], template=template, accepted_on=date(2026, 1, 5)
    )
    assert relationship.planned_end_on == date(2026, 7, 24)
    session = relationship.sessions.get()
    session.full_clean()  # its target date is within the relationship's dates


def test_templates_cannot_plan_decades(db):
    template = ProgrammeTemplateFactory.build(name="Forever", duration_months=600)
    with pytest.raises(ValidationError) as exc:
        template.full_clean()
    assert list(exc.value.message_dict) == ["duration_months"]


# --- the log form's default (a planned session in the future) -----------------------------


@time_machine.travel(NOW, tick=False)
def test_log_form_defaults_to_today_for_a_session_planned_later(client, relationship, mentee):
    session = relationship.sessions.get(number=4)  # target date: in April
    assert session.target_date > NOW.date()
    client.force_login(mentee)
    url = reverse("sessions_log:session_log", kwargs={"pk": relationship.pk, "number": 4})
    form = client.get(url).context["form"]
    assert form.initial["held_on"] == NOW.date()
    data = {"held_on": NOW.date().isoformat(), "duration_minutes": "60", "mode": "phone"}
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.held_on) == (SessionStatus.HELD, NOW.date())


@time_machine.travel(NOW, tick=False)
def test_log_form_defaults_to_the_planned_day_once_past(client, relationship, mentee):
    client.force_login(mentee)
    url = reverse("sessions_log:session_log", kwargs={"pk": relationship.pk, "number": 2})
    assert client.get(url).context["form"].initial["held_on"] == date(2026, 2, 4)


@time_machine.travel(NOW, tick=False)
def test_log_view_keeps_an_out_of_range_date_and_names_the_range(client, relationship, mentee):
    client.force_login(mentee)
    url = reverse("sessions_log:session_log", kwargs={"pk": relationship.pk, "number": 1})
    data = {"held_on": "0001-01-01", "duration_minutes": "60", "mode": "phone"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == [
        "Enter a date from 5 January 2026 to today (from the relationship's start; once held)."
    ]
    assert 'value="0001-01-01"' in response.content.decode()
    assert relationship.sessions.get(number=1).status == SessionStatus.PLANNED
