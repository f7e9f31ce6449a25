"""The matrix's rows for insights: the scheme-health dashboard, reports and exports.

Administrators see every scheme, a coordinator only their own; members who are not staff
get a 404 (they must not learn the page exists), signed-out visitors are sent to sign in.
"""

from __future__ import annotations

from .matrix_entry import (
    Entry,
    obj,
    only,
)
from .world import (
    ADMIN,
    COORD,
    OTHER_COORD,
)


def staff_scheme_a(**more: int) -> dict[str, int]:
    """Scheme A's figures: the administrator and A's coordinator, nobody else."""
    return {**only(ADMIN, COORD), **more}


_TABLES = ("funnel", "supply-demand", "time-to-match", "momentum-last-session",
           "sessions-per-month", "programme-steps", "outcomes", "feedback-scores",
           "feedback-choices", "self-ratings")  # fmt: skip
_EXPORTS = ("applications", "relationships", "sessions", "cpd-hours")
_STAFF_ONLY = {**only(ADMIN, COORD, OTHER_COORD)}
# Each coordinator's figures are about their own scheme only.
_OWN_SCHEMES = {COORD: ("Scheme Beta",), OTHER_COORD: ("Scheme Alpha",)}

INSIGHTS: dict[str, Entry] = {
    "insights:dashboard": Entry(_STAFF_ONLY, absent=_OWN_SCHEMES),
    "insights:dashboard_csv": Entry(
        _STAFF_ONLY, kwargs=lambda w: [(t, {"table": t}) for t in _TABLES], absent=_OWN_SCHEMES
    ),
    "insights:dashboard_scheme": Entry(
        staff_scheme_a(), kwargs=lambda w: {"slug": w.scheme_a.slug}
    ),
    "insights:dashboard_scheme_csv": Entry(
        staff_scheme_a(),
        kwargs=lambda w: [(t, {"slug": w.scheme_a.slug, "table": t}) for t in _TABLES],
    ),
    "insights:reports_index": Entry(_STAFF_ONLY, absent=_OWN_SCHEMES),
    # staff preview their own digest and may email it to themselves (their legitimate POST)
    "insights:digest": Entry(
        _STAFF_ONLY,
        post={k: v for k, v in _STAFF_ONLY.items() if k not in (ADMIN, COORD, OTHER_COORD)},
        absent=_OWN_SCHEMES,
    ),
    "insights:scheme_reports": Entry(staff_scheme_a(), kwargs=lambda w: {"slug": w.scheme_a.slug}),
    "insights:export": Entry(
        staff_scheme_a(),
        kwargs=lambda w: [(k, {"slug": w.scheme_a.slug, "kind": k}) for k in _EXPORTS],
    ),
    "insights:report_pdf": Entry(staff_scheme_a(), kwargs=lambda w: {"pk": obj(w, "report").pk}),
}
