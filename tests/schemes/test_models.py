"""Scheme and application model rules: constraints, labels, dates."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schemes.models import Question, Role, SchemeKind
from schemes.question_base import QuestionType
from tests.factories import ApplicationFactory, ApplicationFormFactory, SchemeFactory

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        (SchemeKind.SENIOR_JUNIOR, ["Senior partner (mentor)", "Junior partner (mentee)"]),
        (SchemeKind.REVERSE, ["Reverse mentor (junior colleague)", "Senior colleague (mentee)"]),
        (SchemeKind.RECIPROCAL, ["Peer"]),
        (SchemeKind.GROUP, ["Peer"]),
        (SchemeKind.BUDDY, ["Peer"]),
    ],
)
def test_scheme_roles_and_labels(db, kind, labels):
    scheme = SchemeFactory(kind=kind)
    assert [scheme.role_label(r) for r in scheme.roles] == labels


def test_scheme_end_date_from_launch_and_length(db):
    """Calendar months: three months from 16 March ends on 16 June."""
    scheme = SchemeFactory(launch_date=date(2026, 3, 16), programme_length_months=3)
    assert scheme.end_date == date(2026, 6, 16)
    assert SchemeFactory().end_date is None


def test_scheme_circle_sizes_constraint(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeFactory(circle_size_min=5, circle_size_max=4)


def test_application_capacity_constraint(scheme):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(scheme=scheme, role=Role.MENTOR, capacity=0)


def test_application_days_waiting(scheme):
    submitted = datetime(2026, 1, 1, 9, tzinfo=LONDON)
    application = ApplicationFactory(scheme=scheme, submitted_at=submitted)
    assert application.days_waiting(now=submitted + timedelta(days=40, hours=3)) == 40
    application.matched_at = submitted + timedelta(days=12)
    assert application.days_waiting(now=submitted + timedelta(days=40)) == 12
    application.submitted_at = None
    assert application.days_waiting() is None


@pytest.mark.parametrize(
    ("type_", "choices", "valid"),
    [
        (QuestionType.SINGLE_CHOICE, "Only one", False),
        (QuestionType.MULTIPLE_CHOICE, "\n  \n", False),
        (QuestionType.SINGLE_CHOICE, "Yes\nNo", True),
        (QuestionType.SHORT_TEXT, "", True),
    ],
)
def test_question_choice_list_validation(db, type_, choices, valid):
    question = Question(
        form=ApplicationFormFactory(), label="Q", type=type_, choices=choices, required=True
    )
    if valid:
        question.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            question.full_clean()
        assert exc.value.message_dict == {
            "choices": ["A choice question needs at least two options."]
        }
