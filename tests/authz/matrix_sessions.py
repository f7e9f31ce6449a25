"""The matrix's rows for relationships (sessions_log): sessions, the pair's conversation,
flash mentoring, goals, feedback and endings."""

from __future__ import annotations

from .matrix_entry import (
    MEMBER_POST_ONLY,
    Entry,
    confirmed,
    everyone,
    obj,
    only,
    refused,
    rel_kwargs,
    signed_in,
)
from .world import (
    MENTEE,
    OTHER_MENTOR,
)

SESSIONS: dict[str, Entry] = {
    # Relationships: only the pair.
    "sessions_log:calendar": Entry(signed_in()),
    # Each signed-in person's own feed address; the confirmed POST is theirs alone.
    "sessions_log:calendar_reset": Entry(signed_in()),
    "sessions_log:calendar_feed": Entry(
        everyone(), kwargs=lambda w: {"token": obj(w, "feed").token}, token_holder=True
    ),
    "sessions_log:relationship": Entry(only(MENTEE), kwargs=rel_kwargs),
    # Flash mentoring (world_flash.py): E, an accepted mentee, books; O, an accepted mentor,
    # offers; a booking is its mentor's and its mentee's; everyone else 404.
    "sessions_log:flash_directory": Entry(only(MENTEE), kwargs=lambda w: {"slug": "flash"}),
    "sessions_log:flash_book": Entry(
        only(MENTEE),
        kwargs=lambda w: {"slug": "flash", "pk": obj(w, "flash_open").pk},
        post=refused(MENTEE),
        data=lambda w: {"note": "x"},
    ),
    "sessions_log:flash_slots": Entry(
        only(OTHER_MENTOR),
        kwargs=lambda w: {"slug": "flash"},
        post=refused(OTHER_MENTOR),
        data=lambda w: {
            "starts_at": "2030-01-07T10:00",
            "duration_minutes": "30",
            "mode": "online",
            "location": "https://meet.example.org/x",
        },
    ),
    "sessions_log:flash_withdraw": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": obj(w, "flash_open").pk},
        post=refused(OTHER_MENTOR),
    ),
    "sessions_log:flash_cancel": Entry(
        only(MENTEE, OTHER_MENTOR),
        kwargs=lambda w: {"pk": obj(w, "flash_booked").pk},
        post=refused(MENTEE, OTHER_MENTOR),
        data=confirmed,
    ),
    "sessions_log:session_add": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=confirmed
    ),
    "sessions_log:session_plan": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, number=3),
        post=refused(MENTEE),
        data=lambda w: {"scheduled_at": "2030-01-01T10:00", "mode": "phone"},
    ),
    "sessions_log:session_target": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, number=3),
        post=refused(MENTEE),
        data=lambda w: {"target_date": "2030-01-01"},
    ),
    "sessions_log:session_log": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, number=1),
        post=refused(MENTEE),
        data=lambda w: {
            "held_on": str(w.rel.started_on),
            "duration_minutes": "30",
            "mode": "phone",
            "notes": "overwritten",
        },
    ),
    "sessions_log:session_ics": Entry(only(MENTEE), kwargs=lambda w: rel_kwargs(w, number=2)),
    "sessions_log:session_cancel": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, number=2),
        post=refused(MENTEE),
        data=confirmed,
    ),
    # The pair's conversation: only the pair. A report names one of the conversation's
    # messages: another relationship's is nobody's here (404), even for its own members.
    "sessions_log:messages": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=lambda w: {"body": "x"}
    ),
    "sessions_log:message_report": Entry(
        only(MENTEE),
        kwargs=lambda w: [
            ("", rel_kwargs(w, message_pk=obj(w, "message").pk)),
            ("another relationship's", rel_kwargs(w, message_pk=obj(w, "message_other").pk)),
        ],
        variant_get={"another relationship's": only()},
        post=refused(MENTEE),
        data=lambda w: {"reason": "x"},
    ),
    "sessions_log:expectation_add": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=lambda w: {"text": "x"}
    ),
    "sessions_log:expectation_ask": Entry(
        # The mentee wrote the expectation: sent back to the page with the reason, no form.
        only(MENTEE, status=302),
        kwargs=lambda w: rel_kwargs(w, expectation_pk=obj(w, "expectation").pk),
        post=refused(MENTEE),
        data=lambda w: {"question": "x"},
    ),
    "sessions_log:expectation_clarify": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, expectation_pk=obj(w, "expectation").pk),
        post=refused(MENTEE),
        data=lambda w: {"response": "x"},
    ),
    "sessions_log:expectation_decide": Entry(
        # The mentee wrote the expectation: sent back to the page with the reason, no form.
        only(MENTEE, status=302),
        kwargs=lambda w: rel_kwargs(w, expectation_pk=obj(w, "expectation").pk),
        post=refused(MENTEE),
        data=lambda w: {"status": "agreed"},
    ),
    "sessions_log:goal_add": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=lambda w: {"what": "x"}
    ),
    "sessions_log:goal_review": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, goal_pk=obj(w, "goal").pk),
        post=refused(MENTEE),
        data=lambda w: {"note": "x", "status": "achieved"},
    ),
    "sessions_log:goal_edit": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, goal_pk=obj(w, "goal").pk),
        post=refused(MENTEE),
        data=lambda w: {"what": "x"},
    ),
    "sessions_log:action_add": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=lambda w: {"text": "x"}
    ),
    "sessions_log:action_done": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: rel_kwargs(w, action_pk=obj(w, "action").pk),
        post=refused(MENTEE),
    ),
    "sessions_log:end_early": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=lambda w: {"reason": "x"}
    ),
    "sessions_log:concern": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=lambda w: {"message": "x"}
    ),
    "sessions_log:complete": Entry(
        only(MENTEE), kwargs=rel_kwargs, post=refused(MENTEE), data=confirmed
    ),
    "sessions_log:pause": Entry(
        only(MENTEE),
        kwargs=rel_kwargs,
        post=refused(MENTEE),
        data=lambda w: {"paused": "1", "confirm": "yes"},
    ),
    "sessions_log:rematch": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": w.rel_ended.pk},
        post=refused(MENTEE),
    ),
    # A circle member's answer to a proposed facilitator: nobody has one waiting on R (a
    # pair), so nobody reaches it (tests/sessions_log/test_facilitator_consent.py: a circle).
    "sessions_log:facilitator_answer": Entry(
        only(), kwargs=rel_kwargs, post=refused(), data=lambda w: {"decision": "accept"}
    ),
    "sessions_log:ratings": Entry(
        only(MENTEE),
        kwargs=lambda w: rel_kwargs(w, phase="baseline"),
        post=refused(MENTEE),
        data=lambda w: {f"dimension_{obj(w, 'dimension').pk}": "3"},
    ),
    "sessions_log:feedback": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": w.rel_ended.pk},
        post=refused(MENTEE),
        data=lambda w: {"share_individually": "on"},
    ),
}
