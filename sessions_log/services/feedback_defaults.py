"""The feedback questions a new scheme starts with, worded for its kind (pairs, peers,
circles, buddies), so the end-of-relationship form is never only a consent box. Made with
the scheme by ``insights.services.scheme_create``; administrators edit them in the admin."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from schemes.models import QuestionType, Role, Scheme, SchemeKind

from ..models import FeedbackQuestion

# (label, type, required, choices, role: "" for everyone); numbers score 1 (low) to 5 (high).
Spec = tuple[str, str, bool, str, str]

_PARTNER = {
    SchemeKind.SENIOR_JUNIOR: "your mentoring partner",
    SchemeKind.REVERSE: "your mentoring partner",
    SchemeKind.RECIPROCAL: "your co-mentoring partner",
    SchemeKind.GROUP: "your circle",
    SchemeKind.BUDDY: "your buddy",
    SchemeKind.FLASH: "your conversation partner",
}


def _common(kind: str) -> list[Spec]:
    partner = _PARTNER[SchemeKind(kind)]
    return [
        (
            gettext("How useful was the scheme to you, from 1 (not at all) to 5 (very)?"),
            QuestionType.NUMBER,
            True,
            "",
            "",
        ),
        (
            gettext("How well did %(partner)s suit you, from 1 (poorly) to 5 (very well)?")
            % {"partner": partner},
            QuestionType.NUMBER,
            False,
            "",
            "",
        ),
        (
            gettext("Would you recommend the scheme to a colleague?"),
            QuestionType.YES_NO,
            True,
            "",
            "",
        ),
        (
            gettext("What difference has it made to your practice?"),
            QuestionType.LONG_TEXT,
            False,
            "",
            "",
        ),
        (gettext("What would you change about the scheme?"), QuestionType.LONG_TEXT, False, "", ""),
    ]


def _by_kind(kind: str) -> list[Spec]:
    if kind in (SchemeKind.SENIOR_JUNIOR, SchemeKind.REVERSE):
        return [
            (
                gettext("Did you reach the goals you set at the start?"),
                QuestionType.SINGLE_CHOICE,
                False,
                gettext("All of them\nSome of them\nNone yet"),
                Role.MENTEE,
            ),
            (
                gettext("What did you learn from mentoring?"),
                QuestionType.LONG_TEXT,
                False,
                "",
                Role.MENTOR,
            ),
        ]
    if kind in (SchemeKind.RECIPROCAL, SchemeKind.GROUP):
        return [
            (
                gettext("Did you both teach and learn?"),
                QuestionType.SINGLE_CHOICE,
                False,
                gettext("Mostly I learnt\nBoth, about equally\nMostly I taught"),
                "",
            )
        ]
    return [
        (
            gettext("Did your buddy help you settle in?"),
            QuestionType.YES_NO,
            False,
            "",
            "",
        )
    ]


def _flash() -> list[Spec]:
    """A short set for one conversation: was it useful, would you book again, one line."""
    return [
        (
            gettext("How useful was the conversation, from 1 (not at all) to 5 (very)?"),
            QuestionType.NUMBER,
            True,
            "",
            "",
        ),
        (gettext("Would you book a flash conversation again?"), QuestionType.YES_NO, True, "", ""),
        (gettext("What will you do differently after it?"), QuestionType.LONG_TEXT, False, "", ""),
    ]


def default_feedback_questions(*, kind: str) -> list[Spec]:
    """The default questions of a scheme of ``kind``, in order (a flash scheme's short set:
    one conversation is not a programme)."""
    if kind == SchemeKind.FLASH:
        return _flash()
    return _common(kind) + _by_kind(kind)


@transaction.atomic
def feedback_questions_create_defaults(*, scheme: Scheme) -> list[FeedbackQuestion]:
    """The kind's default feedback questions, if the scheme has no question yet (nothing
    an administrator wrote is replaced). Side effects: none."""
    if scheme.feedback_questions.exists():
        return []
    created = []
    for order, (label, type_, required, choices, role) in enumerate(
        default_feedback_questions(kind=scheme.kind)
    ):
        question = FeedbackQuestion(
            scheme=scheme,
            order=order,
            label=label,
            type=type_,
            required=required,
            choices=choices,
            role=role,
        )
        question.full_clean()
        created.append(question)
    return FeedbackQuestion.objects.bulk_create(created)
