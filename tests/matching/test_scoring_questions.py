"""Scored application questions in the score: a named factor with its points, nothing and
no claim for a blank answer, members told only when it speaks for the match and the
question is marked as named in their reasons, and a run where a scored question changes
who is paired."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching import reason_visibility, services
from matching.models import MatchingRun, Proposal
from matching.pool import build_pool, score_applications
from matching.scoring import Candidate, Weights, member_reasons, score_pair
from matching.scoring.questions import OVERLAP, SAME, QuestionFactor, answer_from
from schemes.models import QuestionType, Role, ScoringRule
from tests.factories import ApplicationFormFactory, QuestionFactory, SchemeFactory
from tests.matching.factories import accepted

pytestmark = pytest.mark.django_db

WORK_ON = QuestionFactor("question:1", "What do you want to work on?", SAME, 5.0)


def _person(key: int, answer) -> Candidate:
    return Candidate.build(key=key, answers=[answer_from(WORK_ON.key, SAME, answer)])


def test_the_same_answer_is_a_named_factor_with_its_points():
    weights = Weights(questions=(WORK_ON,))
    score = score_pair(_person(1, "Leadership"), _person(2, " leadership"), weights, directed=True)

    reason = next(r for r in score.reasons if r.criterion == WORK_ON.key)
    assert reason.text == "both answered ‘Leadership’ to ‘What do you want to work on?’"
    assert reason.points == 27.8  # 5 of 18 weight units
    assert round(sum(r.points for r in score.reasons), 1) == score.value
    assert "you both answered ‘Leadership’ to ‘What do you want to work on?’" in (
        member_reasons(score.reasons_as_dicts())
    )


@pytest.mark.parametrize(("first", "second"), [("", "Leadership"), (None, None), ("A", "B")])
def test_a_blank_or_different_answer_scores_0_and_is_not_told_to_members(first, second):
    weights = Weights(questions=(WORK_ON,))
    score = score_pair(_person(1, first), _person(2, second), weights, directed=True)

    reason = next(r for r in score.reasons if r.criterion == WORK_ON.key)
    assert reason.points == 0.0
    assert reason.plain == ""
    assert "both answered" not in reason.text


def test_overlap_of_choices_earns_the_share_both_chose():
    topics = QuestionFactor("question:2", "Which topics?", OVERLAP, 4.0)
    a = Candidate.build(key=1, answers=[answer_from(topics.key, OVERLAP, ["A", "B"])])
    b = Candidate.build(key=2, answers=[answer_from(topics.key, OVERLAP, ["b", "C"])])

    score = score_pair(a, b, Weights(questions=(topics,)), directed=True)

    reason = next(r for r in score.reasons if r.criterion == topics.key)
    assert reason.text == "both chose ‘B’ for ‘Which topics?’"
    assert reason.points == 7.8  # a third of 4 of 17 weight units


def _world(scheme, *, scored: bool, shared: bool = False) -> dict:
    """Ann seeks leadership, offered by Xavier; Ben seeks research, offered by Yusuf. Their
    answers point the other way: Ann and Yusuf said "Research", Ben and Xavier "Leadership"."""
    mentor_q = QuestionFactory(
        form=ApplicationFormFactory(scheme=scheme, role=Role.MENTOR),
        type=QuestionType.SINGLE_CHOICE,
        choices="Leadership\nResearch",
        label="What would you like to mentor on?",
    )
    mentee_q = QuestionFactory(
        form=ApplicationFormFactory(scheme=scheme, role=Role.MENTEE),
        type=QuestionType.SINGLE_CHOICE,
        choices="Leadership\nResearch",
        label="What do you want to work on?",
        score_rule=ScoringRule.SAME_ANSWER if scored else ScoringRule.NONE,
        score_weight=Decimal("10") if scored else Decimal("0"),
        compares_with=mentor_q,
        shared_in_reasons=shared,
    )
    people = {
        "xavier": accepted(scheme, role=Role.MENTOR, expertise=["leadership"], interests=[]),
        "yusuf": accepted(scheme, role=Role.MENTOR, expertise=["research"], interests=[]),
        "ann": accepted(scheme, goals=["leadership"], interests=[]),
        "ben": accepted(scheme, goals=["research"], interests=[]),
    }
    for name, answer in (("xavier", "Leadership"), ("yusuf", "Research")):
        people[name].answers = {str(mentor_q.pk): answer}
        people[name].save()
    for name, answer in (("ann", "Research"), ("ben", "Leadership")):
        people[name].answers = {str(mentee_q.pk): answer}
        people[name].save()
    return people


def _pairs(run: MatchingRun, people: dict) -> set[tuple[str, str]]:
    name_of = {app.pk: name for name, app in people.items()}
    found = set()
    for proposal in Proposal.objects.filter(run=run).prefetch_related("members"):
        names = sorted(name_of[m.application_id] for m in proposal.members.all())
        found.add(tuple(names))
    return found


@pytest.mark.parametrize(
    ("scored", "expected"),
    [
        (False, {("ann", "xavier"), ("ben", "yusuf")}),
        (True, {("ann", "yusuf"), ("ben", "xavier")}),
    ],
)
def test_a_scored_question_changes_who_is_paired_in_a_run(scored, expected):
    scheme = SchemeFactory(preparation_required=False)
    people = _world(scheme, scored=scored)

    run = services.run_execute(run=MatchingRun.objects.create(scheme=scheme, parameters={}))

    assert _pairs(run, people) == expected
    if scored:
        pool = build_pool(scheme)
        score = score_applications(pool, people["yusuf"], people["ann"])
        texts = [r.text for r in score.reasons]
        assert "both answered ‘Research’ to ‘What do you want to work on?’" in texts


def test_the_pool_reads_scored_questions_in_queries_that_do_not_grow():
    def queries(n: int) -> int:
        scheme = SchemeFactory(preparation_required=False)
        _world(scheme, scored=True)
        for _ in range(n):
            accepted(scheme)
        with CaptureQueriesContext(connection) as captured:
            build_pool(scheme)
        return len(captured)

    assert queries(1) == queries(6)


def _told_to_ann(shared: bool) -> tuple[list[str], list[str]]:
    """What Ann reads of her proposal's reasons, and what staff read."""
    scheme = SchemeFactory(preparation_required=False)
    people = _world(scheme, scored=True, shared=shared)
    run = services.run_execute(run=MatchingRun.objects.create(scheme=scheme, parameters={}))
    proposal = Proposal.objects.get(run=run, members__application=people["ann"])
    viewer = people["ann"].applicant
    return proposal.reasons_for_members(viewer), [r["text"] for r in proposal.staff_reasons]


def test_members_read_an_answer_only_for_a_question_marked_as_named_in_their_reasons():
    told, staff = _told_to_ann(shared=True)
    assert "you both answered ‘Research’ to ‘What do you want to work on?’" in told
    assert "both answered ‘Research’ to ‘What do you want to work on?’" in staff


def test_a_private_answer_counts_and_staff_see_it_but_the_partner_is_not_told():
    told, staff = _told_to_ann(shared=False)
    assert not any("What do you want to work on?" in text for text in told)
    assert "both answered ‘Research’ to ‘What do you want to work on?’" in staff


def test_a_question_reason_stored_without_the_mark_stays_untold():
    weights = Weights(questions=(WORK_ON,))  # shared defaults to False
    reasons = score_pair(
        _person(1, "Leadership"), _person(2, "Leadership"), weights, directed=True
    ).reasons_as_dicts()
    for reason in reasons:
        (reason.get("params") or {}).pop("shared", None)  # as stored before the mark
    assert reason_visibility.reasons_visible(reasons, reason_visibility.ALL_PARTS)
    assert not any(
        r["criterion"] == WORK_ON.key
        for r in reason_visibility.reasons_visible(reasons, reason_visibility.ALL_PARTS)
    )
