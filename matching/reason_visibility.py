"""Which match reasons a member may read: the one owner of that rule.

A reason can tell a part of another member's profile: "you are based in different
countries (Spain and Kenya)" tells the partner's country, "you both speak English" their
languages, "you work for different organisations" something of their work, "one of you has
experience in research" their expertise. Before a match a member shows only the parts they
chose (``Profile.shown_before_match``, ``accounts.profile_cards``), so a reason is told to
a viewer only when every *other* member it speaks of shows the parts it tells, in the
viewer's relation to them (``ProfileContext``): a proposed partner or a circle before
everyone accepted, a mentee browsing the directory. The viewer's own data is theirs and
never hides anything. Partners once every member accepted see every part, so every reason.
Staff read every reason with its points (``scoring.staff_reasons``), never filtered here.

A scored application question's reason tells the other member's answer, which is not a
profile part a member chooses to show: it is told only for a question the administrator
marked as named in members' reasons (``Question.shared_in_reasons``, stored in the reason
as ``shared``), in every context; a reason stored without the mark stays untold.

Pages and emails word what this lets through (``scoring.member_reasons``):
``Proposal.reasons_for_members`` (proposal, shortlist and circle pages, the proposal email)
and ``matching.directory``. Where something is held back, the proposal pages and email say
so in one sentence (``ToldReasons.withheld``), never what or how much.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from accounts.models import Profile
from accounts.profile_cards import ProfilePart, profile_parts_visible

from . import scoring

#: The criteria (``scoring.values.CRITERIA``; a circle's reasons keep their criterion) whose
#: member wording tells parts of a profile: such a reason is told whole only when every
#: other member shows all of them. A difference names countries and organisations.
REASON_PARTS: dict[str, frozenset[str]] = {
    "expertise": frozenset({ProfilePart.EXPERTISE}),
    "interests": frozenset({ProfilePart.EXPERTISE}),  # "both interested in …"
    "career_gap": frozenset({ProfilePart.WORK}),  # "3 years' difference" tells their years
    "language": frozenset({ProfilePart.PLACE}),
    "difference": frozenset({ProfilePart.PLACE, ProfilePart.WORK}),
}

#: A difference's findings by the part they tell (``scoring.criteria.difference``): a
#: difference is told of the parts shown only ("country.different" with places shown).
FINDING_PARTS: dict[str, str] = {
    "country": ProfilePart.PLACE,
    "organisation": ProfilePart.WORK,
}

ALL_PARTS = frozenset(ProfilePart.values)

#: The parts some reason can tell: hiding one may keep a reason back.
TELLING_PARTS = frozenset().union(*REASON_PARTS.values(), FINDING_PARTS.values())


def parts_shown_by_all(profiles: Iterable[Profile | None], context: str) -> frozenset[str]:
    """The parts every one of ``profiles`` shows a viewer in ``context`` (every part when
    there is nobody else; none of a missing profile)."""
    shown = ALL_PARTS
    for profile in profiles:
        shown &= profile_parts_visible(profile=profile, context=context)
    return shown


def reasons_visible(reasons: Iterable[Any], parts: frozenset[str]) -> list[Mapping]:
    """The stored ``reasons`` a viewer may read when the other members show ``parts``:
    those telling a hidden part left out, a difference narrowed to the parts shown."""
    told: list[Mapping] = []
    for reason in reasons:
        if not isinstance(reason, Mapping) or _private_answer(reason):
            continue
        if REASON_PARTS.get(reason.get("criterion", ""), frozenset()) <= parts:
            told.append(reason)
        elif (narrowed := _difference_narrowed(reason, parts)) is not None:
            told.append(narrowed)
    return told


class ToldReasons(list[str]):
    """The reasons a viewer is told, worded, and ``withheld``: whether the others hide a
    part some reason could tell. Pages and the proposal email then say that some reasons
    may not be shown, never which, nor how many. It depends on the parts hidden only,
    never on what the reasons hold: "held back" said only when a hidden part really held a
    reason would hint at it ("their hidden country differs from mine")."""

    def __init__(self, told: Iterable[str] = (), *, withheld: bool = False) -> None:
        super().__init__(told)
        self.withheld = withheld


def reasons_told(
    reasons: Iterable[Any],
    *,
    others: Iterable[Profile | None],
    context: str,
    zone: ZoneInfo | None = None,
) -> ToldReasons:
    """What a viewer in ``context`` to ``others`` (the other members' profiles) is told of
    ``reasons``, worded in the active language, times in common in ``zone``; ``withheld``
    when there are reasons and the others hide a part a reason could tell
    (``TELLING_PARTS``), whatever the reasons say."""
    reasons = list(reasons)
    parts = parts_shown_by_all(others, context)
    told = scoring.member_reasons(reasons_visible(reasons, parts), zone)
    return ToldReasons(told, withheld=bool(reasons) and not parts >= TELLING_PARTS)


def _private_answer(reason: Mapping) -> bool:
    """A scored question's reason whose question is not named in members' reasons."""
    params = reason.get("params")
    shared = isinstance(params, Mapping) and params.get("shared") is True
    return scoring.is_question(str(reason.get("criterion", ""))) and not shared


def _difference_narrowed(reason: Mapping, parts: frozenset[str]) -> dict | None:
    """A difference reason keeping only what tells shown parts (None: nothing to tell, or
    a reason stored without a message code, which cannot be narrowed). The stored English
    words are blanked, so nothing hidden comes back through them."""
    if reason.get("criterion") != "difference" or not reason.get("code"):
        return None
    params = dict(reason.get("params") or {})
    if reason["code"] == "difference":
        findings = params.get("findings") or []
        params["findings"] = [f for f in findings if _finding_shown(f, parts)]
    elif reason["code"] == "circle" and isinstance(params.get("group"), Mapping):
        group = dict(params["group"])
        group_params = dict(group.get("params") or {})
        if ProfilePart.PLACE not in parts:
            group_params["countries"] = []
        if ProfilePart.WORK not in parts:
            group_params["organisations"] = 0
        params["group"] = {**group, "params": group_params}
    else:
        return None
    return {**reason, "params": params, "plain": ""}


def _finding_shown(finding: Any, parts: frozenset[str]) -> bool:
    if not isinstance(finding, Mapping):
        return False
    kind = str(finding.get("code") or "").split(".", 1)[0]
    return kind in FINDING_PARTS and FINDING_PARTS[kind] in parts
