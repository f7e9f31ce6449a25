"""The score of a circle (pure Python, gettext aside): the mean of its pairs' scores, with one
reason per criterion whose points are the mean of the pairs' points (so they add up to the
circle's score) and member wording that speaks to the whole group, never of a pair or of
one named member: only what all of them share ("all of you speak Welsh and Polish", "all of
you have 2 hours a week in common"), as "and" lists; staff see every factor, zero and
negative ones included, with its points and how many pairs it held for."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import reduce
from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from accounts.availability import common_minutes, hours_text, minutes_total

from . import criteria
from .criteria import Part
from .pairs import apportioned
from .values import Candidate, Score, common_instants, to_tenth

MAX_TEXTS = 2


class Wording(NamedTuple):
    plain: str
    common: tuple[tuple[str, str], ...] = ()


def score_circle(members: list[Candidate], pair_scores: list[Score]) -> Score:
    """A circle of ``members`` whose pairs (in the order ``(0, 1), (0, 2), ... (1, 2)...``)
    scored ``pair_scores``: forbidden if any pair is, else the mean."""
    forbidden = [r for s in pair_scores if s.forbidden for r in s.reasons]
    if forbidden or not pair_scores:
        return Score(value=None, reasons=tuple(forbidden))
    n_pairs = len(pair_scores)
    value = to_tenth(sum(s.value or 0.0 for s in pair_scores) / n_pairs)
    points: dict[str, float] = defaultdict(float)
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    for s in pair_scores:
        for r in s.reasons:
            points[r.criterion] += r.points / n_pairs
            texts[r.criterion][r.text] += 1
    raw = []
    for criterion, total in points.items():
        common = texts[criterion].most_common()
        text = "; ".join(
            gettext("%(text)s (%(n)s of %(pairs)s pairs)") % {"text": t, "n": n, "pairs": n_pairs}
            for t, n in common[:MAX_TEXTS]
        )
        if len(common) > MAX_TEXTS:
            more = len(common) - MAX_TEXTS
            text += ngettext("; %(more)s other finding", "; %(more)s other findings", more) % {
                "more": more
            }
        said = _group_wording(criterion, members) if total > 0 else Wording("")
        raw.append((Part(criterion, 0.0, text, said.plain, said.common), total))
    return Score(value=value, reasons=apportioned(raw, value))


def _everyone(members: list[Candidate], items: Callable[[Candidate], frozenset[str]]) -> set[str]:
    """What every member holds (nothing when anyone holds nothing)."""
    held = [items(m) for m in members]
    return set.intersection(*map(set, held)) if held else set()


def _all_share(
    items: Callable[[Candidate], frozenset[str]],
    phrase: StrOrPromise,
    label: Callable[[Iterable[str]], str],
) -> Callable[[list[Candidate]], Wording]:
    """Member wording of what *every* member shares ("all of you speak Welsh"); a
    preference only some share is never claimed as a reason for the circle."""

    def wording(members: list[Candidate]) -> Wording:
        shared = _everyone(members, items)
        return Wording(
            gettext("all of you %(phrase)s %(label)s") % {"phrase": phrase, "label": label(shared)}
            if shared
            else ""
        )

    return wording


def _expertise(members: list[Candidate]) -> Wording:
    """Experience some bring that others in the circle hope to develop (said of the circle,
    never of one named member)."""
    areas = {
        area
        for giver in members
        for area in giver.offers
        if any(area in m.seeks for m in members if m is not giver)
    }
    if not areas:
        return Wording("")
    return Wording(
        gettext(
            "between you, you bring experience in %(areas)s that others "
            "in the circle hope to develop"
        )
        % {"areas": criteria.areas(areas, *members)}
    )


def _difference(members: list[Candidate]) -> Wording:
    parts = []
    countries: dict[str, str] = {}
    for m in members:
        if m.country:
            countries.setdefault(m.country.casefold(), m.country)  # the first spelling
    if len(countries) >= 2:
        parts.append(
            gettext("%(count)s countries (%(countries)s)")
            % {"count": len(countries), "countries": criteria.join(countries.values())}
        )
    organisations = {m.organisation.casefold() for m in members if m.organisation}
    if len(organisations) >= 2:
        parts.append(gettext("%(count)s organisations") % {"count": len(organisations)})
    return Wording(
        gettext("between you, you come from %(parts)s") % {"parts": gettext(" and ").join(parts)}
        if parts
        else ""
    )


def _availability(members: list[Candidate]) -> Wording:
    """The hours *all* members are free at the same time; each member is told when in their
    own zone (``member_reasons``)."""
    if not all(m.free for m in members):
        return Wording("")
    common = reduce(common_minutes, (m.free for m in members[1:]), list(members[0].free))
    if not common:
        return Wording("")
    hours = hours_text(minutes_total(common) / 60)
    return Wording(
        gettext("all of you have %(hours)s a week in common") % {"hours": hours},
        common_instants(common, members[0].week),
    )


def _modes(m: Candidate) -> frozenset[str]:
    return frozenset({m.mode} - {"either"})


def _mode_labels(modes: Iterable[str]) -> str:
    return criteria.join(str(criteria.MODE_LABELS.get(x, x)) for x in modes)


_WORDING: dict[str, Callable[[list[Candidate]], Wording]] = {
    "interests": _all_share(lambda m: m.interests, _("are interested in"), criteria.join),
    "language": _all_share(lambda m: m.languages, _("speak"), criteria.languages),
    "availability": _availability,
    "mode": _all_share(_modes, _("prefer to meet"), _mode_labels),
    "expertise": _expertise,
    "difference": _difference,
}


def _group_wording(criterion: str, members: list[Candidate]) -> Wording:
    """Member wording for a circle; none for experience gaps (a pair's matter)."""
    wording = _WORDING.get(criterion)
    return wording(members) if wording else Wording("")
