"""Bad input through every form of a relationship's pages, posted by a member of it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from schemes.models import QuestionType
from sessions_log.models import (
    Action,
    Expectation,
    ExpectationStatus,
    FeedbackQuestion,
    Goal,
    GoalStatus,
    RelationshipStatus,
    Session,
    SessionMode,
)
from sessions_log.models.feedback import EvaluationDimension

from .harness import (
    BAD_INPUT,
    DATES,
    FormCase,
    check_form_post,
    choice_or,
    form_data,
    many_of,
    rolled_back,
    text_or,
)

MODES = choice_or(SessionMode.values)


def _url(name, r, **kwargs):
    return reverse(f"sessions_log:{name}", kwargs={"pk": r.pk, **kwargs})


def _session_state(r, number):
    return lambda: list(Session.objects.filter(relationship=r, number=number).values())


def plan(r, mentor, mentee):
    fields = {
        "scheduled_at": text_or("2027-01-04T10:00", "2027-01-04 10:00", *DATES),
        "mode": MODES,
        "location": text_or("https://meet.example.org/abc", "Room 4"),
    }
    url = _url("session_plan", r, number=1)
    kept = ("scheduled_at", "location")
    return mentee, FormCase(url, fields, kept=kept, state=_session_state(r, 1))


def target(r, mentor, mentee):
    fields = {"target_date": text_or("2027-02-01", *DATES)}
    url = _url("session_target", r, number=2)
    return mentor, FormCase(url, fields, kept=("target_date",), state=_session_state(r, 2))


def log(r, mentor, mentee):
    # an open action, so the "done" checkboxes (and their errors) are on the page
    open_action = Action.objects.create(relationship=r, text="Read a book")
    fields = {
        "held_on": text_or("2026-02-02", *DATES),
        "duration_minutes": text_or("60", "1", "600", "0", "601"),
        "mode": MODES,
        "led_by": choice_or([str(mentor.pk), str(mentee.pk)]),
        "notes": text_or("We talked."),
        "new_actions": text_or("Read a book\nCall Sam"),
        "done_actions": many_of([str(open_action.pk), "999999"]),
    }
    url = _url("session_log", r, number=1)
    kept = ("held_on", "duration_minutes", "notes", "new_actions")
    return mentee, FormCase(url, fields, kept=kept, state=_session_state(r, 1))


def expectation_add(r, mentor, mentee):
    fields = {"text": text_or("Meet monthly.")}
    url = _url("expectation_add", r)
    return mentee, FormCase(url, fields, kept=("text",), creates="sessions_log_expectation")


def _expectation(r, author, **kwargs):
    return Expectation.objects.create(relationship=r, author=author, text="Meet monthly.", **kwargs)


def _expectation_state(e):
    return lambda: list(Expectation.objects.filter(pk=e.pk).values())


def expectation_ask(r, mentor, mentee):
    e = _expectation(r, mentee)
    url = _url("expectation_ask", r, expectation_pk=e.pk)
    fields = {"question": text_or("How often?")}
    return mentor, FormCase(url, fields, kept=("question",), state=_expectation_state(e))


def expectation_clarify(r, mentor, mentee):
    e = _expectation(
        r, mentee, status=ExpectationStatus.CLARIFICATION, clarification_request="How often?"
    )
    url = _url("expectation_clarify", r, expectation_pk=e.pk)
    fields = {"response": text_or("Once a month.")}
    return mentee, FormCase(url, fields, kept=("response",), state=_expectation_state(e))


def expectation_decide(r, mentor, mentee):
    e = _expectation(r, mentee)
    url = _url("expectation_decide", r, expectation_pk=e.pk)
    fields = {"status": choice_or([*ExpectationStatus.decision_states, *ExpectationStatus.values])}
    return mentor, FormCase(url, fields, state=_expectation_state(e))


def goal_add(r, mentor, mentee):
    fields = {
        "owner": choice_or([str(mentee.pk), str(mentor.pk)]),
        "what": text_or("Lead a team"),
        "why": text_or("Promotion"),
        "success_looks_like": text_or("A team of five"),
        "target_date": text_or("2027-01-01", *DATES),
    }
    kept = ("what", "why", "success_looks_like", "target_date")
    return mentee, FormCase(_url("goal_add", r), fields, kept=kept, creates="sessions_log_goal")


def goal_review(r, mentor, mentee):
    goal = Goal.objects.create(relationship=r, owner=mentee, what="Lead a team")
    fields = {"status": choice_or(GoalStatus.values), "note": text_or("Halfway there")}
    url = _url("goal_review", r, goal_pk=goal.pk)
    state = lambda: list(Goal.objects.filter(pk=goal.pk).values())  # noqa: E731
    return mentee, FormCase(url, fields, kept=("note",), state=state)


def goal_edit(r, mentor, mentee):
    goal = Goal.objects.create(relationship=r, owner=mentee, what="Lead a team")
    fields = {
        "what": text_or("Lead two teams"),
        "why": text_or("Promotion"),
        "success_looks_like": text_or("A team of five"),
        "target_date": text_or("2027-01-01", *DATES),
    }
    url = _url("goal_edit", r, goal_pk=goal.pk)
    state = lambda: list(Goal.objects.filter(pk=goal.pk).values())  # noqa: E731
    kept = ("what", "why", "success_looks_like", "target_date")
    return mentee, FormCase(url, fields, kept=kept, state=state)


def action_add(r, mentor, mentee):
    fields = {
        "text": text_or("Read a book"),
        "due_on": text_or("2027-01-01", *DATES),
        "owner": choice_or(["", str(mentee.pk), str(mentor.pk)]),
    }
    url = _url("action_add", r)
    return mentor, FormCase(url, fields, kept=("text", "due_on"), creates="sessions_log_action")


def end_early(r, mentor, mentee):
    fields = {
        "reason": text_or("Moved jobs"),
        "wants_rematch": text_or("on"),
        "confirm": text_or("on"),
    }
    state = lambda: r.__class__.objects.get(pk=r.pk).status  # noqa: E731
    return mentee, FormCase(_url("end_early", r), fields, kept=("reason",), state=state)


def concern(r, mentor, mentee):
    fields = {"message": text_or("I am worried.")}
    url = _url("concern", r)
    return mentee, FormCase(url, fields, kept=("message",), creates="sessions_log_concern")


def ratings(r, mentor, mentee):
    dims = [EvaluationDimension.objects.create(scheme=r.scheme, name=f"D{i}") for i in range(2)]
    fields = {f"dim_{d.pk}": choice_or(["1", "3", "5", "0", "6"]) for d in dims}
    url = _url("ratings", r, phase="baseline")
    # a valid post stores one rating per dimension
    return mentee, FormCase(url, fields, creates="sessions_log_selfrating", count=len(dims))


def feedback(r, mentor, mentee):
    r.status, r.ended_on = RelationshipStatus.COMPLETED, date(2026, 7, 1)
    r.save()
    questions = {
        t: FeedbackQuestion.objects.create(
            scheme=r.scheme,
            label=f"<i>{t}</i>",
            type=t,
            required=True,
            choices="A\nB\n<b>C</b>" if "choice" in t else "",
        )
        for t in QuestionType
    }
    answers = {
        QuestionType.SHORT_TEXT: text_or("Good"),
        QuestionType.LONG_TEXT: text_or("Very\ngood"),
        QuestionType.SINGLE_CHOICE: choice_or(["A", "B", "<b>C</b>"]),
        QuestionType.MULTIPLE_CHOICE: many_of(["A", "B", "<b>C</b>"]),
        QuestionType.NUMBER: text_or("7", "-1", "1e3"),
        QuestionType.YES_NO: choice_or(["yes", "no"]),
    }
    fields = {f"q_{q.pk}": answers[t] for t, q in questions.items()}
    fields["share_individually"] = text_or("on")
    kept = tuple(f"q_{q.pk}" for t, q in questions.items() if t in ("short_text", "long_text"))
    url = _url("feedback", r)
    return mentee, FormCase(url, fields, kept=kept, creates="sessions_log_feedbackresponse")


CASES = [
    plan,
    target,
    log,
    expectation_add,
    expectation_ask,
    expectation_clarify,
    expectation_decide,
    goal_add,
    goal_review,
    goal_edit,
    action_add,
    end_early,
    concern,
    ratings,
    feedback,
]


@pytest.mark.parametrize("build", CASES, ids=[c.__name__ for c in CASES])
@BAD_INPUT
@given(data=st.data())
def test_relationship_form_bad_input(client, relationship, mentor, mentee, build, data):
    with rolled_back():
        user, case = build(relationship, mentor, mentee)
        client.force_login(user)
        check_form_post(client, case, data.draw(form_data(case.fields)))
