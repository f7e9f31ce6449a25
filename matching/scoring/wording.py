"""The words of reasons, chosen when they are read: a reason is stored as a message code
and its values (``code``, ``params``: JSON), and worded here in the active language, for
staff (every factor, as it is) and for members (only what speaks for the match; ``""``
when a finding is not for members). Reasons stored before codes existed keep their
English ``text`` and ``plain``, which ``staff_wording`` and ``member_wording`` fall back to.

Values are data (interests, answers, a body's area labels, country codes, numbers); lists
of them are joined here, in the reader's language. Every message is a whole sentence, so
translators see it entire.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Params = Mapping[str, Any]
Words = Callable[[Params], str]

AREA_LABELS = {
    "management": _("management"),
    "leadership": _("leadership"),
    "interpersonal": _("interpersonal skills"),
    "specialist": _("specialist technical skills"),
    "clinical": _("clinical practice"),
    "research": _("research and evidence"),
    "education": _("teaching and education"),
    "career": _("career development"),
    "wellbeing": _("wellbeing and resilience"),
    "digital": _("digital and technology"),
    "policy": _("policy and influencing"),
    "enterprise": _("private practice and enterprise"),
}
MODE_LABELS = {"online": _("online"), "in_person": _("in person")}


# --- values -------------------------------------------------------------------------------


def join(words: Iterable[str]) -> str:
    """An "and" list, sorted: "a", "a and b", "a, b and c"."""
    items = sorted(str(w) for w in words)
    if len(items) <= 1:
        return "".join(items)
    first = pgettext("list separator", ", ").join(items[:-1])
    return pgettext("list", "%(first)s and %(last)s") % {"first": first, "last": items[-1]}


def quoted(text: str) -> str:
    return pgettext("an answer or a question quoted", "‘%(text)s’") % {"text": text}


def _areas(p: Params) -> str:
    labels = p.get("labels") or {}
    return join(labels.get(c) or str(AREA_LABELS.get(c, c)) for c in p["areas"])


def country(code: str, name: str) -> str:
    """A country's name in the active language (django-countries), from its code; the
    name stored with it when there is no code."""
    if code:
        from django_countries import countries

        return str(countries.name(code)) or name
    return name


def _country(p: Params, key: str) -> str:
    return country(p.get(f"{key}_code") or "", p[key])


def hours(minutes: float) -> str:
    """ "3 hours", "1 hour", "1.5 hours" (to the quarter hour)."""
    rounded = round(minutes / 60 * 4) / 4
    count = int(rounded) if rounded == int(rounded) else 2  # a fraction: the plural
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": f"{rounded:g}"}


def _findings(found: Iterable[Mapping], words: Callable[[Mapping], str]) -> str:
    return pgettext("findings separator", "; ").join(w for w in map(words, found) if w)


# --- messages -----------------------------------------------------------------------------


def _fixed(text: StrOrPromise) -> Words:
    return lambda p: str(text)


def _career_years(p: Params) -> str:
    return ngettext(
        "%(years)s year's difference in experience",
        "%(years)s years' difference in experience",
        p["years"],
    ) % {"years": p["years"]}


def _career_years_members(p: Params) -> str:
    if not p.get("in_range"):
        return ""
    return ngettext(
        "there are %(years)s year's difference in your experience",
        "there are %(years)s years' difference in your experience",
        p["years"],
    ) % {"years": p["years"]}


def _circle(p: Params) -> str:
    pairs = p["pairs"]
    text = pgettext("findings separator", "; ").join(
        gettext("%(text)s (%(n)s of %(pairs)s pairs)")
        % {"text": staff_text(found), "n": n, "pairs": pairs}
        for found, n in p["findings"]
    )
    if p.get("more"):
        text += ngettext("; %(more)s other finding", "; %(more)s other findings", p["more"]) % {
            "more": p["more"]
        }
    return text


def _circle_difference(p: Params) -> str:
    parts = []
    countries = p.get("countries") or []
    if len(countries) >= 2:
        names = join(country(code, name) for code, name in countries)
        parts.append(
            ngettext(
                "%(count)s country (%(countries)s)",
                "%(count)s countries (%(countries)s)",
                len(countries),
            )
            % {"count": len(countries), "countries": names}
        )
    if p.get("organisations", 0) >= 2:
        n = p["organisations"]
        parts.append(
            ngettext("%(count)s organisation", "%(count)s organisations", n) % {"count": n}
        )
    if not parts:
        return ""
    return gettext("between you, you come from %(parts)s") % {"parts": join_in_order(parts)}


def join_in_order(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return pgettext("list", "%(first)s and %(last)s") % {
        "first": pgettext("list separator", ", ").join(items[:-1]),
        "last": items[-1],
    }


def _question_close(p: Params) -> str:
    return gettext("answers to %(label)s within %(width)s (%(first)s and %(second)s)") % {
        "label": quoted(p["label"]),
        "width": p["width"],
        "first": p["first"],
        "second": p["second"],
    }


def _words(p: Params) -> dict[str, str]:
    return {"words": join(quoted(w) for w in p["words"]), "label": quoted(p["label"])}


def _languages(p: Params) -> str:
    return join(c.title() for c in p["languages"])


def _modes(p: Params) -> str:
    return join(str(MODE_LABELS.get(m, m)) for m in p["modes"])


# code: (staff wording, member wording or None)
MESSAGES: dict[str, tuple[Words, Words | None]] = {
    "constraint.do_not_pair": (_fixed(_("asked not to be paired")), None),
    "constraint.same_organisation": (_fixed(_("same organisation")), None),
    "constraint.same_country": (_fixed(_("same country")), None),
    "constraint.declined": (_fixed(_("declined this match before")), None),
    "constraint.too_little_overlap": (_fixed(_("too little time in common")), None),
    "floor": (_fixed(_("raised to 0: a score is never negative")), None),
    "expertise.no_goals": (_fixed(_("no development goals given")), None),
    "expertise.none_offered": (_fixed(_("no goal sought is offered")), None),
    "expertise.both_ways": (
        lambda p: gettext("expertise sought both ways (%(areas)s)") % {"areas": _areas(p)},
        lambda p: (
            gettext("each of you has experience the other hopes to develop (%(areas)s)")
            % {"areas": _areas(p)}
        ),
    ),
    "expertise.offered": (
        lambda p: gettext("offers %(areas)s, sought by the other") % {"areas": _areas(p)},
        lambda p: (
            gettext("one of you has experience in %(areas)s, which the other hopes to develop")
            % {"areas": _areas(p)}
        ),
    ),
    "interests.not_given": (_fixed(_("interests not given")), None),
    "interests.none": (_fixed(_("no interest in common")), None),
    "interests.shared": (
        lambda p: gettext("both interested in %(interests)s") % {"interests": join(p["interests"])},
        lambda p: (
            gettext("you are both interested in %(interests)s")
            % {"interests": join(p["interests"])}
        ),
    ),
    "career_gap.not_given": (_fixed(_("experience not given")), None),
    "career_gap.reversed": (
        lambda p: (
            ngettext(
                "the junior partner has %(years)s year's more experience",
                "the junior partner has %(years)s years' more experience",
                p["years"],
            )
            % {"years": p["years"]}
        ),
        None,
    ),
    "career_gap.estimated": (
        lambda p: (
            ngettext(
                "about %(years)s year's difference in experience (estimated from career stage)",
                "about %(years)s years' difference in experience (estimated from career stage)",
                p["years"],
            )
            % {"years": p["years"]}
        ),
        None,
    ),
    "career_gap.estimated_similar": (
        _fixed(_("similar experience (estimated from career stage)")),
        None,
    ),
    "career_gap.similar": (
        _fixed(_("similar experience")),
        lambda p: gettext("you have similar experience") if p.get("in_range") else "",
    ),
    "career_gap.years": (_career_years, _career_years_members),
    "difference": (
        lambda p: _findings(p["findings"], staff_text),
        lambda p: _findings(p["findings"], member_text),
    ),
    "country.not_given": (_fixed(_("country not given")), None),
    "organisation.not_given": (_fixed(_("organisation not given")), None),
    "country.same": (lambda p: gettext("both in %(x)s") % {"x": _country(p, "x")}, None),
    "organisation.same": (_fixed(_("same organisation")), None),
    "country.different": (
        lambda p: gettext("%(x)s and %(y)s") % {"x": _country(p, "x"), "y": _country(p, "y")},
        lambda p: (
            gettext("you are based in different countries (%(x)s and %(y)s)")
            % {"x": _country(p, "x"), "y": _country(p, "y")}
        ),
    ),
    "organisation.different": (
        _fixed(_("different organisations")),
        _fixed(_("you work for different organisations")),
    ),
    "mode.same": (
        lambda p: gettext("both prefer to meet %(label)s") % {"label": _modes(p)},
        lambda p: gettext("you both prefer to meet %(label)s") % {"label": _modes(p)},
    ),
    "mode.either": (_fixed(_("ways of meeting compatible (either suits one or both)")), None),
    "mode.different": (_fixed(_("one prefers online, the other in person")), None),
    "availability.not_given": (_fixed(_("availability not given by both: counted as half")), None),
    "availability.none": (_fixed(_("no time in common")), None),
    "availability.common": (
        lambda p: gettext("%(hours)s a week in common") % {"hours": hours(p["minutes"])},
        lambda p: gettext("%(hours)s a week in common") % {"hours": hours(p["minutes"])},
    ),
    "language.not_given": (_fixed(_("languages not listed by both: counted as shared")), None),
    "language.none": (_fixed(_("no language in common")), None),
    "language.shared": (
        lambda p: gettext("both speak %(languages)s") % {"languages": _languages(p)},
        lambda p: gettext("you both speak %(languages)s") % {"languages": _languages(p)},
    ),
    "question.not_answered": (
        lambda p: gettext("%(label)s not answered by both") % {"label": quoted(p["label"])},
        None,
    ),
    "question.different": (
        lambda p: gettext("different answers to %(label)s") % {"label": quoted(p["label"])},
        None,
    ),
    "question.same": (
        lambda p: gettext("both answered %(words)s to %(label)s") % _words(p),
        lambda p: gettext("you both answered %(words)s to %(label)s") % _words(p),
    ),
    "question.overlap": (
        lambda p: gettext("both chose %(words)s for %(label)s") % _words(p),
        lambda p: gettext("you both chose %(words)s for %(label)s") % _words(p),
    ),
    "question.apart": (
        lambda p: (
            gettext("answers to %(label)s more than %(width)s apart")
            % {"label": quoted(p["label"]), "width": p["width"]}
        ),
        None,
    ),
    "question.close": (
        _question_close,
        lambda p: gettext("your answers to %(label)s are close") % {"label": quoted(p["label"])},
    ),
    # circles: staff read the pairs' findings; members what all of them share
    "circle": (_circle, lambda p: member_text(p["group"]) if p.get("group") else ""),
    "circle.interests": (
        lambda p: "",
        lambda p: (
            gettext("all of you are interested in %(interests)s")
            % {"interests": join(p["interests"])}
        ),
    ),
    "circle.language": (
        lambda p: "",
        lambda p: gettext("all of you speak %(languages)s") % {"languages": _languages(p)},
    ),
    "circle.mode": (
        lambda p: "",
        lambda p: gettext("all of you prefer to meet %(modes)s") % {"modes": _modes(p)},
    ),
    "circle.availability": (
        lambda p: "",
        lambda p: (
            gettext("all of you have %(hours)s a week in common") % {"hours": hours(p["minutes"])}
        ),
    ),
    "circle.expertise": (
        lambda p: "",
        lambda p: (
            gettext(
                "between you, you bring experience in %(areas)s that others "
                "in the circle hope to develop"
            )
            % {"areas": _areas(p)}
        ),
    ),
    "circle.difference": (lambda p: "", _circle_difference),
}


def message(code: str, **params: Any) -> dict:
    """A message as stored: its code and its values (JSON)."""
    return {"code": code, "params": params}


def staff_text(found: Mapping) -> str:
    """A message's staff wording in the active language (a finding without a code: its
    ``text``)."""
    if found.get("code") not in MESSAGES:
        return str(found.get("text") or "")
    return MESSAGES[found["code"]][0](found.get("params") or {})


def member_text(found: Mapping) -> str:
    """A message's member wording in the active language ("" when it has none)."""
    if found.get("code") not in MESSAGES:
        return str(found.get("plain") or "")
    words = MESSAGES[found["code"]][1]
    return words(found.get("params") or {}) if words else ""


def _worded(reason: Mapping, words: Callable[[Mapping], str], stored: str) -> str:
    if reason.get("code") in MESSAGES:
        try:
            return words(reason)
        except (KeyError, TypeError, ValueError, IndexError):
            pass  # values not as expected (hand-edited or erased): the stored words
    return str(reason.get(stored) or "")


def staff_wording(reason: Mapping) -> str:
    """A stored reason as staff read it, in the active language (every factor)."""
    return _worded(reason, staff_text, "text")


def member_wording(reason: Mapping) -> str:
    """A stored reason as members read it, in the active language ("" when not for
    members; ``member_reasons`` also leaves out reasons without points)."""
    return _worded(reason, member_text, "plain")
