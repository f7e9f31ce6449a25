"""The matrix's rows for matching: proposals, the shortlist, profile photos and
member-led requests."""

from __future__ import annotations

from .matrix_entry import (
    MEMBER_POST_ONLY,
    Entry,
    obj,
    only,
    refused,
    signed_in,
)
from .world import (
    ADMIN,
    COORD,
    MENTEE,
    OTHER_MENTOR,
)

MATCHING: dict[str, Entry] = {
    # Matches.
    "matching:list": Entry(signed_in()),
    "matching:detail": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "proposal").pk},
        post=refused(MENTEE),
        data=lambda w: {"decision": "decline", "reason": "no"},
    ),
    "matching:choose": Entry(
        MEMBER_POST_ONLY, kwargs=lambda w: {"pk": obj(w, "proposal").pk}, post=refused(MENTEE)
    ),
    # E's shortlist (world_shortlist.py): every option is E's to see and choose; O sees
    # their own option only (never the competing mentor or their reasons, which the
    # markers check on every page) and cannot choose it (404: choosing is E's alone).
    "matching:detail#option-rival": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "option_rival").pk},
        post=refused(MENTEE),
        data=lambda w: {"decision": "accept"},
    ),
    "matching:detail#option-own": Entry(
        only(MENTEE, OTHER_MENTOR),
        kwargs=lambda w: {"pk": obj(w, "option_own").pk},
        post={**refused(MENTEE, OTHER_MENTOR), OTHER_MENTOR: 200},  # nothing to answer yet
        data=lambda w: {"decision": "accept"},
    ),
    "matching:choose#option-own": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": obj(w, "option_own").pk},
        post=refused(MENTEE),
    ),
    # Profile photos (matching.profiles): the member, their partners once all accepted, a
    # proposed partner only if the member shows it before a match, and the staff of a
    # scheme the member applied to. M's (E's partner), the rival's (hidden before a match:
    # E on the shortlist gets a 404), O's (shown to E, who chooses between options).
    "matching:profile_photo": Entry(
        only(MENTEE, COORD, ADMIN), kwargs=lambda w: {"user_id": w.mentor.pk}
    ),
    "matching:profile_photo#rival": Entry(
        only(COORD, ADMIN), kwargs=lambda w: {"user_id": obj(w, "rival").pk}
    ),
    "matching:profile_photo#option-own": Entry(
        only(MENTEE, OTHER_MENTOR, COORD, ADMIN),
        kwargs=lambda w: {"user_id": w.user(OTHER_MENTOR).pk},
    ),
    # Member-led matching (world_requests.py): the directory and asking are E's (an accepted
    # mentee of the member-led scheme); answering is O's (the mentor asked) alone.
    "matching:directory": Entry(
        only(MENTEE), kwargs=lambda w: {"scheme_pk": obj(w, "scheme_directory").pk}
    ),
    "matching:request": Entry(
        only(MENTEE),
        kwargs=lambda w: {
            "scheme_pk": obj(w, "scheme_directory").pk,
            "pk": obj(w, "directory_mentor").pk,
        },
        post=refused(MENTEE),
        data=lambda w: {"message": "Another request"},
    ),
    "matching:requests": Entry(signed_in()),
    "matching:request_answer": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": obj(w, "mentor_request").pk},
        post=refused(OTHER_MENTOR),
        data=lambda w: {"decision": "decline"},
    ),
    "matching:request_withdraw": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": obj(w, "mentor_request").pk},
        post=refused(MENTEE),
    ),
    # "None of these suit me" is E's alone: O (an option's mentor) and everyone else 404.
    "matching:none_suit": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": obj(w, "option_own").pk},
        post=refused(MENTEE),
        data=lambda w: {"note": "None of them works in my field."},
    ),
}
