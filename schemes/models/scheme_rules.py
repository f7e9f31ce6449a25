"""A scheme's own rules: the fields its kind and intake use, and what its dates must be
(recruitment windows that close after they open, a launch after they close). One owner for
the model's validation (``Scheme.clean_fields``), the admin's fieldsets and the set-up."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from .schemes import DATE_FIELDS, Intake, Role, Scheme, SchemeKind

# Fields that belong to some kinds or intakes only, and the kinds or intakes they belong to.
CIRCLE_FIELDS = ("circle_size_min", "circle_size_max", "circles_have_facilitator")
WINDOW_FIELDS = {
    Role.MENTOR: ("mentor_recruitment_opens", "mentor_recruitment_closes"),
    Role.MENTEE: ("mentee_recruitment_opens", "mentee_recruitment_closes"),
}
COHORT_FIELDS = (*DATE_FIELDS, "programme_length_months")
BOOKED_FIELDS = ("flash_bookings_max",)
#: Matching and programme fields a flash scheme has no use for: nobody is matched, each
#: booking is one conversation.
FLASH_UNUSED_FIELDS = (
    "programme_template",
    "target_window_days",
    "at_risk_fraction",
    "mentee_choice",
    "shortlist_size",
)
#: The seniority rule: for kinds with a senior and a junior partner (``Scheme.junior_role``).
SENIORITY_FIELDS = ("senior_min_years",)
#: Matching and supply-and-demand fields of kinds with mentors and mentees: a peer scheme
#: (one pool) pairs peers with each other, and its rule would weigh no mentee against no
#: mentor place.
TWO_ROLE_FIELDS = (
    "mentee_choice",
    "shortlist_size",
    "demand_threshold",
    "over_threshold_action",
    "waitlist_offers_need_approval",
    "over_threshold_since",
)


def _label(day: date) -> str:
    return date_format(day, "j F Y")


def window_fields(scheme: Scheme) -> dict[str, tuple[str, str]]:
    """The recruitment windows a cohort scheme of this kind uses, by the role they recruit
    (peers are recruited in the mentee window)."""
    return {
        role: WINDOW_FIELDS[Role.MENTOR if role == Role.MENTOR else Role.MENTEE]
        for role in scheme.roles
    }


def kind_fields_unused(scheme: Scheme) -> set[str]:
    """The scheme's fields its kind and intake do not use (the admin hides them)."""
    unused: set[str] = set()
    if scheme.kind != SchemeKind.GROUP:
        unused.update(CIRCLE_FIELDS)
    if scheme.junior_role is None:
        unused.update(SENIORITY_FIELDS)
    if scheme.is_one_pool:
        unused.update(TWO_ROLE_FIELDS)
    if not scheme.is_booked:
        unused.update(BOOKED_FIELDS)
    else:
        unused.update(FLASH_UNUSED_FIELDS)
    if scheme.intake == Intake.COHORT:
        unused.add("target_window_days")  # its window is the time to its launch
    else:
        unused.update(COHORT_FIELDS)
    if scheme.intake == Intake.COHORT:
        used = {name for pair in window_fields(scheme).values() for name in pair}
        unused.update(name for pair in WINDOW_FIELDS.values() for name in pair if name not in used)
    return unused


def kind_fields_unused_by_choice() -> dict[str, list[str]]:
    """``kind_fields_unused`` for every kind and intake, keyed ``"kind:intake"``: the scheme
    form's script (``static/js/scheme_kind_fields.js``) hides them as the choice changes."""
    return {
        f"{kind}:{intake}": sorted(kind_fields_unused(Scheme(kind=kind, intake=intake)))
        for kind in SchemeKind.values
        for intake in Intake.values
    }


def _is_default(scheme: Scheme, name: str) -> bool:
    field = scheme._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete field of the scheme
    default = field.get_default() if field.has_default() else None
    return getattr(scheme, name) in (default, None)


def _kind_errors(scheme: Scheme) -> dict[str, str]:
    """Values set in fields the scheme's kind or intake does not use."""
    kind = scheme.get_kind_display().lower()
    errors = {}
    for name in kind_fields_unused(scheme):
        if _is_default(scheme, name):
            continue
        if name in CIRCLE_FIELDS:
            errors[name] = gettext("Circles are for group schemes; this is a %(kind)s scheme.") % {
                "kind": kind
            }
        elif scheme.is_booked and name in FLASH_UNUSED_FIELDS:
            errors[name] = gettext(
                "A flash mentoring scheme has no matching and no programme: members book "
                "conversations. Leave the default."
            )
        elif name in SENIORITY_FIELDS:
            errors[name] = gettext(
                "A %(kind)s scheme has no senior or junior partner: leave this empty."
            ) % {"kind": kind}
        elif name in TWO_ROLE_FIELDS:
            errors[name] = gettext(
                "A %(kind)s scheme pairs peers with each other, with no mentor places or "
                "mentee shortlists: leave the default."
            ) % {"kind": kind}
        elif name in BOOKED_FIELDS:
            errors[name] = _(
                "Bookings are for flash mentoring schemes; this is a %(kind)s scheme: "
                "leave the default."
            ) % {"kind": kind}
        elif name == "target_window_days":
            errors[name] = gettext(
                "A cohort scheme pairs everyone for its launch date, not within a rolling "
                "target window: leave the default, or choose rolling intake."
            )
        elif scheme.intake == Intake.ROLLING:
            errors[name] = gettext(
                "A rolling scheme takes applications at any time: leave this empty, "
                "or choose cohort intake."
            )
        else:
            errors[name] = gettext(
                "A %(kind)s scheme recruits peers in the mentee window: leave this empty."
            ) % {"kind": kind}
    return errors


def _cohort_errors(scheme: Scheme) -> dict[str, str]:
    """A cohort scheme's windows: each present, each closing after it opens, and the launch
    after every window closes."""
    errors: dict[str, str] = {}
    closes: list[tuple[date, str]] = []
    for role, (opens_name, closes_name) in window_fields(scheme).items():
        who = scheme.role_label(role).lower() if role != Role.PEER else gettext("peer")
        opens, close = getattr(scheme, opens_name), getattr(scheme, closes_name)
        if opens is None:
            errors[opens_name] = gettext(
                "A cohort scheme recruits in windows: enter when %(who)s recruitment opens."
            ) % {"who": who}
        if close is None:
            errors[closes_name] = gettext("Enter when %(who)s recruitment closes.") % {"who": who}
        if opens and close and close < opens:
            errors[closes_name] = gettext(
                "Recruitment closes (%(close)s) before it opens (%(opens)s): "
                "choose a closing date on or after the opening date."
            ) % {"close": _label(close), "opens": _label(opens)}
        if close:
            closes.append((close, who))
    launch = scheme.launch_date
    if launch is None:
        errors["launch_date"] = gettext(
            "A cohort scheme starts its pairs on a launch date: enter the launch date."
        )
    elif closes:
        last, who = max(closes)
        if launch < last:
            errors["launch_date"] = gettext(
                "The launch (%(launch)s) is before %(who)s recruitment closes "
                "(%(last)s): launch on or after the last recruitment window "
                "closes."
            ) % {"launch": _label(launch), "who": who, "last": _label(last)}
    return errors


def _circle_errors(scheme: Scheme) -> dict[str, str]:
    low, high = scheme.circle_size_min, scheme.circle_size_max
    if low is not None and low < 2:
        return {"circle_size_min": gettext("A circle has at least two members.")}
    if low is not None and high is not None and high < low:
        return {
            "circle_size_max": gettext(
                "The largest circle (%(high)s) is smaller than the smallest "
                "(%(low)s): make it at least %(low)s."
            )
            % {"high": high, "low": low}
        }
    return {}


def _booked_errors(scheme: Scheme) -> dict[str, str]:
    """A booked scheme (flash mentoring) has no programme: each booking is one conversation;
    the bookings cap is never empty."""
    if scheme.flash_bookings_max is None:
        return {
            "flash_bookings_max": _(
                "Enter how many upcoming conversations one mentee may hold (1 to 20)."
            )
        }
    if scheme.is_booked and scheme.programme_template_id is not None:
        return {
            "programme_template": _(
                "A flash mentoring scheme has no programme: each booking is one conversation. "
                "Leave the programme empty."
            )
        }
    return {}


def scheme_rule_errors(scheme: Scheme) -> dict[str, str]:
    """Every broken rule of a scheme's kind, intake and dates, by the field to fix."""
    errors = _kind_errors(scheme) | _booked_errors(scheme)
    if scheme.kind == SchemeKind.GROUP:
        errors = _circle_errors(scheme) | errors
    if scheme.intake == Intake.COHORT:
        errors = _cohort_errors(scheme) | errors
    return errors
