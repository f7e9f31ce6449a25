"""The one shape of a question: application questions and feedback questions share their
fields, options and validation (``schemes.models.QuestionBase``)."""

import pytest
from django.core.exceptions import ValidationError

from schemes.models import Question, QuestionBase, QuestionType
from sessions_log.models import FeedbackQuestion
from tests.factories import ApplicationFormFactory

SHARED = ["order", "label", "help_text", "type", "required", "choices"]


@pytest.mark.parametrize("model", [Question, FeedbackQuestion])
def test_both_question_models_have_the_shared_shape(model):
    assert issubclass(model, QuestionBase)
    fields = {f.name: f for f in model._meta.get_fields()}
    assert [name for name in SHARED if name in fields] == SHARED
    assert fields["type"].choices == QuestionType.choices


def test_feedback_question_validates_options_like_an_application_question(db, scheme):
    feedback = FeedbackQuestion(
        scheme=scheme, label="Pick", type=QuestionType.SINGLE_CHOICE, choices="Only one"
    )
    application = Question(
        form=ApplicationFormFactory(scheme=scheme),
        label="Pick",
        type=QuestionType.SINGLE_CHOICE,
        choices="Only one",
    )
    for question in (feedback, application):
        with pytest.raises(ValidationError) as exc:
            question.full_clean()
        assert exc.value.message_dict == {
            "choices": ["A choice question needs at least two options."]
        }
    feedback.choices = application.choices = " Yes \n\nNo "
    assert feedback.choice_list == application.choice_list == ["Yes", "No"]
    assert str(feedback) == str(application) == "Pick"
