"""A question's scoring rule, weight and link (``schemes.models.question_scoring_errors``):
the rule must fit the question's type, a mentee question compares with a mentor question of
the same scheme and type, and a peer scheme's question compares with itself."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schemes.models import Question, QuestionType, Role, SchemeKind, ScoringRule
from tests.factories import ApplicationFormFactory, QuestionFactory, SchemeFactory

pytestmark = pytest.mark.django_db


def _pair(scheme, *, mentor_type=QuestionType.SINGLE_CHOICE):
    mentor_form = ApplicationFormFactory(scheme=scheme, role=Role.MENTOR)
    mentee_form = ApplicationFormFactory(scheme=scheme, role=Role.MENTEE)
    mentor_q = QuestionFactory(
        form=mentor_form, type=mentor_type, choices="Leadership\nResearch", label="You offer"
    )
    mentee_q = QuestionFactory(
        form=mentee_form,
        type=QuestionType.SINGLE_CHOICE,
        choices="Leadership\nResearch",
        label="What do you want to work on?",
        score_rule=ScoringRule.SAME_ANSWER,
        score_weight=Decimal("3"),
        compares_with=mentor_q,
    )
    return mentee_q, mentor_q


def _errors(question) -> dict:
    with pytest.raises(ValidationError) as caught:
        question.full_clean()
    return caught.value.message_dict


def test_a_mentee_question_linked_to_the_mentor_question_is_valid(scheme):
    mentee_q, _ = _pair(scheme)
    mentee_q.full_clean()  # no error


@pytest.mark.parametrize(
    ("qtype", "rule", "message"),
    [
        (
            QuestionType.MULTIPLE_CHOICE,
            ScoringRule.SAME_ANSWER,
            "“Same answer” cannot compare multiple choice answers: use overlap of choices.",
        ),
        (
            QuestionType.LONG_TEXT,
            ScoringRule.SAME_ANSWER,
            "“Same answer” cannot compare long text answers: use no scoring rule.",
        ),
        (
            QuestionType.SHORT_TEXT,
            ScoringRule.WITHIN_RANGE,
            "“Number within a range” cannot compare short text answers: use same answer.",
        ),
    ],
)
def test_a_rule_that_does_not_fit_the_type_is_refused_on_the_field(qtype, rule, message):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    question = QuestionFactory(
        form=ApplicationFormFactory(scheme=scheme, role=Role.PEER),
        type=qtype,
        choices="A\nB",
        score_rule=rule,
        score_weight=Decimal("2"),
        score_range=Decimal("1"),
    )
    assert _errors(question) == {"score_rule": [message]}


def test_a_range_rule_needs_its_width_and_a_weight_within_0_to_10():
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    question = QuestionFactory(
        form=ApplicationFormFactory(scheme=scheme, role=Role.PEER),
        type=QuestionType.NUMBER,
        score_rule=ScoringRule.WITHIN_RANGE,
        score_weight=Decimal("11"),
    )
    errors = _errors(question)
    assert errors["score_range"] == ["Give the range: how far apart two answers may be."]
    assert errors["score_weight"] == ["Ensure this value is less than or equal to 10."]


def test_a_link_to_another_schemes_question_is_refused(scheme, other_scheme):
    mentee_q, _ = _pair(scheme)
    _, foreign = _pair(other_scheme)
    mentee_q.compares_with = foreign
    assert _errors(mentee_q) == {
        "compares_with": ["Choose a question of this scheme's mentor form."]
    }


def test_a_link_to_a_question_of_another_type_is_refused(scheme):
    mentee_q, _ = _pair(scheme, mentor_type=QuestionType.SHORT_TEXT)
    assert _errors(mentee_q) == {
        "compares_with": [
            "The mentor's question is short text, this one is single choice: link questions "
            "of the same type."
        ]
    }


def test_a_scored_mentee_question_needs_its_mentor_question_and_a_mentor_question_no_rule(
    scheme,
):
    mentee_q, mentor_q = _pair(scheme)
    mentee_q.compares_with = None
    assert _errors(mentee_q) == {"compares_with": ["Choose the mentor's question to compare with."]}
    mentor_q.score_rule = ScoringRule.SAME_ANSWER
    mentor_q.score_weight = Decimal("1")
    assert _errors(mentor_q) == {
        "score_rule": ["Set the scoring on the mentee's question and link it to this one."]
    }


def test_a_peer_schemes_question_compares_with_itself():
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    form = ApplicationFormFactory(scheme=scheme, role=Role.PEER)
    other = QuestionFactory(form=form, type=QuestionType.SHORT_TEXT)
    question = QuestionFactory(
        form=form,
        type=QuestionType.SHORT_TEXT,
        score_rule=ScoringRule.SAME_ANSWER,
        score_weight=Decimal("1"),
    )
    question.full_clean()  # no error
    question.compares_with = other
    assert _errors(question) == {
        "compares_with": ["In a peer scheme a question is compared with itself: leave this blank."]
    }


def test_the_admin_offers_only_this_schemes_mentor_questions_to_compare_with(
    client, admin_user, scheme, other_scheme
):
    mentee_q, mentor_q = _pair(scheme)
    _pair(other_scheme)
    client.force_login(admin_user)

    response = client.get(reverse("admin:schemes_applicationform_change", args=[mentee_q.form_id]))

    formset = response.context["inline_admin_formsets"][0].formset
    offered = formset.forms[0].fields["compares_with"].queryset
    assert list(offered) == [mentor_q]


def test_the_admin_shows_a_cross_type_link_error_beside_the_field(client, admin_user, scheme):
    mentee_q, mentor_q = _pair(scheme, mentor_type=QuestionType.SHORT_TEXT)
    client.force_login(admin_user)
    url = reverse("admin:schemes_applicationform_change", args=[mentee_q.form_id])
    prefix = "questions"
    data = {
        "scheme": scheme.pk,
        "role": Role.MENTEE,
        "intro": "",
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 1,
        f"{prefix}-0-id": mentee_q.pk,
        f"{prefix}-0-form": mentee_q.form_id,
        f"{prefix}-0-order": 1,
        f"{prefix}-0-type": QuestionType.SINGLE_CHOICE,
        f"{prefix}-0-required": "on",
        f"{prefix}-0-label": "What do you want to work on?",
        f"{prefix}-0-choices": "Leadership\nResearch",
        f"{prefix}-0-score_rule": ScoringRule.SAME_ANSWER,
        f"{prefix}-0-score_weight": "3",
        f"{prefix}-0-compares_with": mentor_q.pk,
    }

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors == {
        "compares_with": [
            "The mentor's question is short text, this one is single choice: link questions "
            "of the same type."
        ]
    }


def test_the_forms_admin_page_reads_the_choices_once_for_any_number_of_questions(
    client, admin_user, scheme
):
    mentee_q, _ = _pair(scheme)
    client.force_login(admin_user)
    url = reverse("admin:schemes_applicationform_change", args=[mentee_q.form_id])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(5):
        QuestionFactory(form=mentee_q.form)
    assert queries() == few


def _add_form_data(scheme, role, **question) -> dict:
    prefix = "questions"
    return {
        "scheme": scheme.pk,
        "role": role,
        "intro": "",
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-0-order": 1,
        f"{prefix}-0-type": QuestionType.MULTIPLE_CHOICE,
        f"{prefix}-0-required": "on",
        f"{prefix}-0-label": "Which areas?",
        f"{prefix}-0-choices": "Leadership\nResearch",
        **{f"{prefix}-0-{k}": v for k, v in question.items()},
    }


def test_a_new_form_saved_with_its_questions_gets_the_scoring_checks(client, admin_user, scheme):
    """The add page saves the form and its questions at once: the checks still run (a rule
    on a mentor question, a scored mentee question with no link)."""
    client.force_login(admin_user)
    url = reverse("admin:schemes_applicationform_add")
    for role, field in ((Role.MENTOR, "score_rule"), (Role.MENTEE, "compares_with")):
        response = client.post(
            url, _add_form_data(scheme, role, score_rule=ScoringRule.OVERLAP, score_weight="5")
        )
        assert response.status_code == 200, role
        errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
        assert field in errors, (role, errors)
        assert response.context["inline_admin_formsets"][0].formset.forms[0]["label"].value() == (
            "Which areas?"
        )
    assert not scheme.forms.exists()


def test_the_add_page_offers_the_chosen_schemes_mentor_questions(client, admin_user, scheme):
    mentor_form = ApplicationFormFactory(scheme=scheme, role=Role.MENTOR)
    mentor_q = QuestionFactory(form=mentor_form, type=QuestionType.MULTIPLE_CHOICE)
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:schemes_applicationform_add"), {"scheme": scheme.pk, "role": "mentee"}
    )
    formset = response.context["inline_admin_formsets"][0].formset
    assert list(formset.empty_form.fields["compares_with"].queryset) == [mentor_q]


def test_the_admin_saves_whether_a_questions_answers_are_named_in_members_reasons(
    client, admin_user, scheme
):
    client.force_login(admin_user)
    url = reverse("admin:schemes_applicationform_add")
    data = _add_form_data(scheme, Role.MENTOR, score_weight="0", shared_in_reasons="on")

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context.get("errors")
    question = Question.objects.get(form__scheme=scheme, label="Which areas?")
    assert question.shared_in_reasons is True


def test_a_new_question_keeps_its_answers_out_of_members_reasons_by_default(scheme):
    question = QuestionFactory(form=ApplicationFormFactory(scheme=scheme, role=Role.MENTOR))
    assert question.shared_in_reasons is False
