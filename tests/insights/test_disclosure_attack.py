"""An attack on the published averages: a coordinator requests every cohort they can (every
pair of dates around the scheme's months, open ends, the whole scheme, every scheme at
once), and combines the figures in any linear way (differences of pairs and beyond), with
nothing else (consenting members let staff read their written answers, not their
scores). No member's score may follow.

Feedback answers are numbers, so each respondent answers a distinct power of two: the sum
behind a published average (respondents × average) then names exactly who is in it, and the
test can ask the strongest question: is any protected member's unit vector in the span of
what was published? Self-ratings are 1 to 5, so who is behind each figure is found by
changing one member's rating at a time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.urls import reverse

from core.disclosure import month_span, released
from insights.metrics import Scope, feedback_scores, scheme_health_table
from schemes.models import QuestionType, Scheme
from sessions_log.evaluation import self_rating_periods
from sessions_log.models import EvaluationDimension, FeedbackQuestion, RatingPhase, SelfRating
from tests.factories import SchemeFactory, UserFactory
from tests.insights.factories import dashboard_relationship, dashboard_self_ratings, feedback

TODAY = date(2026, 12, 1)
#: Respondents per month from January 2026, and how many of them consented.
MONTHS = [(3, 1), (4, 0), (1, 0), (6, 2), (2, 0), (5, 1), (1, 1), (2, 0)]


def cohort_dates(*, days: tuple[int, ...] = (1, 11, 31)) -> list[date | None]:
    """Dates that move a cohort's edge past respondents (relationships start on the 10th):
    each month's first, 11th and last day, a month either side of the data, and open."""
    found: set[date] = set()
    for m in range(len(MONTHS) + 2):
        first, last = month_span(date(2025, 12, 1) + timedelta(days=31 * m))
        found |= {min(first.replace(day=min(d, 28)), last) if d < 31 else last for d in days}
    return [None, *sorted(found)]


def cohorts(**kwargs) -> list[tuple[date | None, date | None]]:
    dates = cohort_dates(**kwargs)
    return [(s, e) for s in dates for e in dates if s is None or e is None or s <= e]


def in_span(target: list[Fraction], rows: list[list[Fraction]]) -> bool:
    """Whether ``target`` is a linear combination of ``rows`` (exact arithmetic)."""
    basis: list[tuple[int, list[Fraction]]] = []

    def reduce(vector: list[Fraction]) -> list[Fraction]:
        vector = list(vector)
        for pivot, row in basis:
            if vector[pivot]:
                factor = vector[pivot] / row[pivot]
                vector = [a - factor * b for a, b in zip(vector, row, strict=True)]
        return vector

    for row in rows:
        reduced = reduce(row)
        pivot = next((i for i, v in enumerate(reduced) if v), None)
        if pivot is not None:
            basis.append((pivot, reduced))
    return not any(reduce(target))


def assert_no_answer_recoverable(published: set[frozenset[int]], people: int, known: set[int]):
    rows = [[Fraction(int(i in s)) for i in range(people)] for s in published]
    rows += [[Fraction(int(i == k)) for i in range(people)] for k in known]
    for person in set(range(people)) - known:
        unit = [Fraction(int(i == person)) for i in range(people)]
        assert not in_span(unit, rows), f"respondent {person}'s answer follows"


@pytest.fixture
def seeded(coordinator):
    """The coordinator's scheme with feedback from 24 members over eight months (7 of them
    consented), and an unrelated scheme of theirs with its own question."""
    scheme = SchemeFactory(name="Alpha")
    scheme.coordinators.add(coordinator)
    question = FeedbackQuestion.objects.create(
        scheme=scheme, label="Useful?", type=QuestionType.NUMBER
    )
    index = 0
    for m, (count, consented) in enumerate(MONTHS):
        started = date(2026, m + 1, 10)
        relationship = dashboard_relationship(scheme, started_on=started)
        for i in range(count):
            share = i < consented
            feedback(relationship, UserFactory(), {question: str(2**index)}, share=share)
            index += 1
    other = SchemeFactory(name="Beta")
    other.coordinators.add(coordinator)
    other_question = FeedbackQuestion.objects.create(
        scheme=other, label="Useful?", type=QuestionType.NUMBER
    )
    elsewhere = dashboard_relationship(other, started_on=date(2026, 3, 1))
    for _ in range(5):
        feedback(elsewhere, UserFactory(), {other_question: "1"}, share=False)
    return {"scheme": scheme, "people": index}


def members_behind(row) -> frozenset[int]:
    """The respondents whose answers sum to respondents × average (answers: 2**index)."""
    total = round(row[1] * row[2])
    return frozenset(i for i in range(total.bit_length()) if total >> i & 1)


def test_no_set_of_cohorts_recovers_a_feedback_answer(seeded):
    scheme = seeded["scheme"]
    published: set[frozenset[int]] = set()
    for schemes, ranges in (
        (Scheme.objects.filter(pk=scheme.pk), cohorts()),
        (Scheme.objects.all(), cohorts(days=(1, 31))),  # every scheme at once
    ):
        scope = Scope.build(schemes=schemes, today=TODAY)
        for start, end in ranges:
            for row in feedback_scores(replace(scope, start=start, end=end)).rows:
                if not str(row[0]).startswith("Beta"):
                    members = members_behind(row)
                    assert len(members) == row[1]  # the decoding is exact
                    published.add(members)

    assert published  # the figures are shown at all (for the whole scheme, at least)
    assert frozenset(range(seeded["people"])) in published
    # Consenting members let staff read their written answers only, never their scores
    # (tests/sessions_log/test_feedback_consent.py): no score is known individually.
    assert_no_answer_recoverable(published, seeded["people"], known=set())


def test_the_reported_attack_through_the_csv_download(client, coordinator, seeded):
    """The finding, through the CSV download: January–February (7 respondents) and
    January–March (8) were both published, and their difference is March's one member."""
    client.force_login(coordinator)
    url = reverse(
        "insights:dashboard_scheme_csv",
        kwargs={"slug": seeded["scheme"].slug, "table": "feedback-scores"},
    )
    figures = []
    for end in ("2026-02-28", "2026-03-31"):
        response = client.get(url, {"start": "2026-01-01", "end": end})
        assert response.status_code == 200
        [line] = response.content.decode().splitlines()[1:]
        _question, n, average = line.split(",")
        figures.append((int(n), float(average)))
    (n1, a1), (n2, a2) = figures

    assert n2 - n1 not in range(1, 5), f"{n2} × {a2} − {n1} × {a1} is a member's answer"


@pytest.fixture
def rated(coordinator):
    """Self-ratings of 14 members over five months, and 3 more who rated only once."""
    scheme = SchemeFactory(name="Gamma")
    scheme.coordinators.add(coordinator)
    dimension = EvaluationDimension.objects.create(scheme=scheme, name="Confidence")
    for m, count in enumerate([2, 4, 1, 5, 2]):
        relationship = dashboard_relationship(scheme, started_on=date(2026, m + 1, 10))
        dashboard_self_ratings(relationship, dimension, [(2, 3)] * count + [(4, None)])
    return scheme, dimension


def _self_rating_figures(dimension) -> dict:
    """What staff see of ``dimension`` for every cohort: the dashboard, its CSV and the
    report read ``self_ratings_released``, which is ``released`` over these periods."""
    periods = self_rating_periods(dimension_ids=[dimension.pk]).get(dimension.pk, [])
    out = {}
    for start, end in cohorts():
        group = released(periods, start=start, end=end)
        out[(start, end)] = None if group is None else (group.people, *group.averages())
    return out


def test_no_set_of_cohorts_recovers_a_self_rating(rated):
    scheme, dimension = rated
    exits = list(
        SelfRating.objects.filter(dimension=dimension, phase=RatingPhase.EXIT).order_by("pk")
    )
    before = _self_rating_figures(dimension)
    behind: dict[tuple, set[int]] = {k: set() for k, v in before.items() if v}
    for person, rating in enumerate(exits):
        SelfRating.objects.filter(pk=rating.pk).update(score=5)
        after = _self_rating_figures(dimension)
        SelfRating.objects.filter(pk=rating.pk).update(score=rating.score)
        for key in behind:
            if after[key] != before[key]:
                behind[key].add(person)

    published = {frozenset(s) for s in behind.values()}
    assert frozenset(range(len(exits))) in published
    assert_no_answer_recoverable(published, len(exits), known=set())
    # the same figure reaches the dashboard
    whole = scheme_health_table(
        slug="self-ratings", schemes=Scheme.objects.filter(pk=scheme.pk), today=TODAY
    )
    assert whole.rows == [["Confidence", *before[(None, None)]]]
