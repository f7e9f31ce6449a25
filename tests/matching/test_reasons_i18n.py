"""Reasons are stored as message codes with their values and worded when read, in the
reader's language: members' wording and staff wording alike. Member data is in Greek
letters (as in the pseudo-locale walk), so any plain Latin run is interface that escaped
translation. In English the words are those stored when the reason was built; reasons
stored before codes existed keep their stored words."""

from __future__ import annotations

import html
import re
from datetime import date
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.profile_cards import ProfilePart
from matching import services
from matching.models import Proposal
from matching.scoring import (
    PREFERRED,
    Candidate,
    Weights,
    member_reasons,
    score_circle,
    score_pair,
    score_reverse,
    staff_reasons,
)
from matching.scoring.questions import OVERLAP, SAME, WITHIN, QuestionFactor, answer_from
from schemes.models import Role
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated
from tests.matching.factories import accepted, finished_run, proposal

WEEK = date(2026, 1, 5)


@pytest.fixture
def xa(request) -> str:
    """The pseudo-locale's code (``tests.i18n.fixtures.pseudo_locale``)."""
    return request.getfixturevalue("pseudo_locale")


QUESTIONS = (
    QuestionFactor("q1", "Ώρα", SAME, 1.0),
    QuestionFactor("q2", "Χόμπι", OVERLAP, 1.0),
    QuestionFactor("q3", "Ηλικία", WITHIN, 1.0, width=5),
)
WEIGHTS = Weights(country_rule=PREFERRED, organisation_rule=PREFERRED, questions=QUESTIONS)


def _answers(hour: str, hobbies: list[str], age: str) -> list:
    return [
        answer_from("q1", SAME, hour),
        answer_from("q2", OVERLAP, hobbies),
        answer_from("q3", WITHIN, age),
    ]


def _person(key: int, **values) -> Candidate:
    return Candidate.build(key=key, timezone="Europe/London", week_of=WEEK, **values)


MENTOR = _person(
    1,
    offers=["leadership", "clinical", "διοίκηση"],
    interests=["ποίηση", "κηπουρική", "σκάκι"],
    years=11,
    organisation="Νοσοκομείο Α",
    country="Kenya",
    country_code="KE",
    availability=["tue 18:00-20:00", "thu 18:00-20:00"],
    mode="online",
    languages=["ελληνικά", "σουαχίλι"],
    area_labels={"διοίκηση": "Διοίκηση υπηρεσιών"},
    answers=_answers("Πρωί", ["Σκάκι", "Γιόγκα"], "40"),
)
MENTEE = _person(
    2,
    seeks=["leadership", "clinical", "διοίκηση"],
    interests=["ποίηση", "κηπουρική"],
    years=3,
    organisation="Κλινική Β",
    country="Greece",
    country_code="GR",
    availability=["tue 18:00-20:00", "thu 18:00-20:00"],
    mode="online",
    languages=["ελληνικά", "σουαχίλι"],
    answers=_answers("Πρωί", ["Σκάκι"], "38"),
)
# Everything that does not speak for a match: missing data, mismatches and a penalty.
JUNIOR = _person(
    3,
    offers=["research"],
    seeks=["policy"],
    interests=["ποίηση"],
    years=5,
    country="Greece",
    country_code="GR",
    organisation="Κλινική Β",
    mode="in_person",
    languages=["γαλλικά"],
    answers=_answers("Βράδυ", ["Γιόγκα"], "20"),
)
SENIOR = _person(4, seeks=["research"], interests=["σκάκι"], years=20, mode="online")


def _good() -> list[dict]:
    return score_pair(MENTOR, MENTEE, WEIGHTS, directed=True).reasons_as_dicts()


def _poor() -> list[dict]:
    return score_reverse(JUNIOR, MENTEE, WEIGHTS).reasons_as_dicts()


def _floor() -> list[dict]:
    only_gap = Weights(0, 0, 2, 0, 0, 0, 0)
    return score_reverse(JUNIOR, MENTEE, only_gap).reasons_as_dicts()


def _circle() -> list[dict]:
    members = [MENTOR, MENTEE, JUNIOR]
    pairs = [
        score_pair(x, y, WEIGHTS, directed=False)
        for i, x in enumerate(members)
        for y in members[i + 1 :]
    ]
    return score_circle(members, pairs).reasons_as_dicts()


SCORED = {"good": _good, "poor": _poor, "floor": _floor, "circle": _circle}


@pytest.mark.parametrize("kind", sorted(SCORED))
def test_reasons_are_stored_as_codes_with_values(kind):
    reasons = SCORED[kind]()
    assert reasons
    assert all(r["code"] and "params" in r for r in reasons)


@pytest.mark.parametrize("kind", sorted(SCORED))
def test_english_wording_read_back_is_the_wording_built(kind):
    reasons = SCORED[kind]()
    with translation.override("en"):
        assert [r["text"] for r in staff_reasons(reasons)] == [r["text"] for r in reasons]
        told = [r["plain"] for r in reasons if r["plain"] and r["points"] > 0]
        assert member_reasons(reasons) == told


def test_english_wording_unchanged():
    with translation.override("en"):
        told = member_reasons(_good())
        staff = [r["text"] for r in staff_reasons(_poor() + _floor())]
    assert "you are both interested in poetry" not in told  # data stays as written
    assert "you are both interested in κηπουρική and ποίηση" in told
    assert (
        "one of you has experience in clinical practice, leadership and διοίκηση υπηρεσιών, "
        "which the other hopes to develop"
    ) in told
    assert "there are 8 years' difference in your experience" in told
    assert (
        "you are based in different countries (Kenya and Greece); "
        "you work for different organisations"
    ) in told
    assert "you both prefer to meet online" in told
    assert "4 hours a week in common" in told
    assert "you both answered ‘Πρωί’ to ‘Ώρα’" in told
    assert "your answers to ‘Ηλικία’ are close" in told
    assert "the junior partner has 2 years' more experience" in staff
    assert "raised to 0: a score is never negative" in staff
    assert "both in Greece; same organisation" in staff
    assert "different answers to ‘Ώρα’" in staff
    assert "answers to ‘Ηλικία’ more than 5 apart" in staff


def test_members_never_see_a_mismatch_a_penalty_or_no_points():
    reasons = _poor()
    with translation.override("en"):
        told = member_reasons(reasons)
    worded = {r["plain"] for r in reasons if r["points"] <= 0 or not r["plain"]}
    assert not worded & set(told)
    assert all(r["points"] > 0 for r in reasons if r["plain"] in told)


@pytest.mark.parametrize("kind", sorted(SCORED))
def test_xa_members_and_staff_wording_translated(xa, kind):
    reasons = SCORED[kind]()
    with translation.override(xa):
        told = member_reasons(reasons)
        staff = [r["text"] for r in staff_reasons(reasons)]
    assert all(staff)
    assert untranslated("\n".join(told)) == []
    assert untranslated("\n".join(staff)) == []
    if kind in ("good", "circle"):
        assert told


def test_xa_names_the_countries_in_the_readers_language(xa):
    with translation.override(xa):
        told = " ".join(member_reasons(_good()))
    assert "Kenya" not in told
    assert "Ķéñýà" in told


def test_times_in_common_keep_the_readers_zone():
    with translation.override("en"):
        told = member_reasons(_good(), ZoneInfo("Europe/Athens"))
    assert any(
        re.fullmatch(
            r"4 hours a week in common: Tuesday 20:00–22:00 .*your time \(Europe/Athens\)", r
        )
        for r in told
    ), told


OLD = [
    {"criterion": "interests", "points": 20.0, "text": "both interested in x", "plain": "you x"},
    {"criterion": "mode", "points": 0.0, "text": "one prefers online", "plain": ""},
]


def test_reasons_stored_before_codes_keep_their_words(xa):
    with translation.override(xa):
        assert member_reasons(OLD) == ["you x"]
        assert [r["text"] for r in staff_reasons(OLD)] == [
            "both interested in x",
            "one prefers online",
        ]


def test_unreadable_values_fall_back_to_the_stored_words():
    broken = [{**_good()[0], "params": {}}]
    assert member_reasons(broken) == [broken[0]["plain"]]
    assert staff_reasons(broken)[0]["text"] == broken[0]["text"]


# --- pages --------------------------------------------------------------------------------


@pytest.fixture
def scored(db, scheme, mentor, mentee, admin_user) -> Proposal:
    run = finished_run(scheme, by=admin_user)
    # the mentor shows every part, so every reason is told (``matching.reason_visibility``)
    made = proposal(
        run,
        accepted(scheme, role=Role.MENTOR, user=mentor, shown_before_match=ProfilePart.values),
        accepted(scheme, user=mentee),
    )
    made.reasons = _good()
    made.save(update_fields=["reasons"])
    services.run_approve(run=run, by=admin_user)
    return made


def _items(page: str) -> list[str]:
    return [html.unescape(i) for i in re.findall(r"<li>([^<]*)</li>", page)]


def test_member_page_words_reasons_in_the_members_language(client, scored, mentee, xa):
    mentee.profile.language = xa
    mentee.profile.save(update_fields=["language"])
    client.force_login(mentee)
    page = client.get(reverse("matching:detail", args=[scored.pk])).content.decode()
    with translation.override(xa):
        zone = ZoneInfo(mentee.profile.timezone or settings.TIME_ZONE)
        expected = [r[:1].upper() + r[1:] for r in member_reasons(scored.reasons, zone)]
    items = [i for i in _items(page) if i in expected]
    assert len(items) == len(expected) > 3
    # the times in common are worded by ``accounts.availability`` (not part of reasons)
    assert untranslated("\n".join(re.sub(r": .*your time", "", i) for i in items)) == []


def test_member_page_in_english_unchanged(client, scored, mentee):
    client.force_login(mentee)
    page = client.get(reverse("matching:detail", args=[scored.pk])).content.decode()
    assert "You are both interested in κηπουρική and ποίηση" in _items(page)


def test_run_review_words_every_factor_for_staff(client, coordinator, scored, xa):
    client.force_login(coordinator)
    url = reverse("admin:matching_matchingrun_review", args=[scored.run_id])
    english = html.unescape(client.get(url).content.decode())
    assert "<li>both interested in κηπουρική and ποίηση (" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = xa
    page = html.unescape(client.get(url).content.decode())
    with translation.override(xa):
        staff = [r["text"] for r in staff_reasons(scored.reasons)]
    assert all(text in page for text in staff)
    assert untranslated("\n".join(staff)) == []


def test_email_words_reasons_in_the_recipients_language(scored, mentee, xa):
    from accounts.emails.render import render_email

    mentee.profile.language = xa
    mentee.profile.save(update_fields=["language"])
    reasons = partial(scored.reasons_for_members, mentee)  # as ``services.review`` passes it
    context = {"recipient": mentee, "reasons": reasons, "proposal": scored}
    _, text, _ = render_email("matching_proposed", context)
    with translation.override(xa):
        interests = member_reasons(scored.reasons)[1]
    assert interests.startswith("[ýöû àŕé ƀöţĥ îñţéŕéšţéð îñ")
    assert interests[:1].upper() + interests[1:] in text


def test_erasure_drops_the_values_and_the_words():
    from accounts.erasure import ERASED_TEXT
    from matching.erasure import _reasons_emptied

    emptied = _reasons_emptied(_good())
    assert all("code" not in r and "params" not in r for r in emptied)
    assert member_reasons(emptied) == [ERASED_TEXT] * len(member_reasons(_good()))
    assert {r["text"] for r in staff_reasons(emptied)} == {ERASED_TEXT}
