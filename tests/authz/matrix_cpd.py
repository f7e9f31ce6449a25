"""The matrix's rows for CPD: each member's own record, reflections and certificates."""

from __future__ import annotations

from .matrix_entry import (
    MEMBER_POST_ONLY,
    Entry,
    confirmed,
    everyone,
    obj,
    only,
    refused,
    signed_in,
)
from .world import (
    MENTEE,
    World,
)


def _certificate_code(world: World) -> str:
    from decimal import Decimal

    from cpd.services import certificate_issue

    issued = certificate_issue(
        user=world.user(MENTEE),
        relationship=world.rel_done,
        member_name=world.user(MENTEE).display_name,
        role_label="Mentee",
        hours=Decimal("1.50"),
        sessions=1,
    )
    return issued.code


CPD: dict[str, Entry] = {
    # CPD: each member's own record; objects are the author's alone.
    "cpd:record": Entry(signed_in()),
    "cpd:activity_add": Entry(signed_in()),
    "cpd:activity_standards": Entry(
        only(MENTEE),
        kwargs=lambda w: [
            ("session", {"source_type": "session", "source_id": obj(w, "session_held").pk}),
            ("manual", {"source_type": "manual", "source_id": obj(w, "activity").pk}),
        ],
        post=refused(MENTEE),
        data=lambda w: {"standards": []},
    ),
    "cpd:activity_edit": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "activity").pk},
        post=refused(MENTEE),
        data=lambda w: {
            "title": "x",
            "activity_type": "course",
            "role": "participant",
            "date": "2026-01-01",
            "hours": "1",
        },
    ),
    "cpd:activity_delete": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "activity").pk},
        post=refused(MENTEE),
        data=confirmed,
    ),
    "cpd:evidence_add": Entry(
        only(MENTEE), kwargs=lambda w: {"pk": obj(w, "activity").pk}, post=refused(MENTEE)
    ),
    "cpd:evidence": Entry(only(MENTEE), kwargs=lambda w: {"pk": obj(w, "evidence").pk}),
    "cpd:reflections": Entry(signed_in()),
    "cpd:reflection_create": Entry(signed_in()),
    "cpd:reflection_for_session": Entry(
        only(MENTEE),
        kwargs=lambda w: {"session_id": obj(w, "session_held").pk},
        post=refused(MENTEE),
        data=lambda w: {"title": "x", "model": "free", "entry_text": "x"},
    ),
    "cpd:reflection": Entry(
        only(MENTEE),
        kwargs=lambda w: [
            ("own", {"pk": obj(w, "reflection").pk}),
            ("shared by M", {"pk": obj(w, "shared_reflection").pk}),
        ],
    ),
    "cpd:reflection_edit": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "reflection").pk},
        post=refused(MENTEE),
        data=lambda w: {"title": "x", "model": "free", "entry_text": "x"},
    ),
    # Anyone signed in may autosave a new draft of their own.
    "cpd:reflection_autosave_new": Entry(MEMBER_POST_ONLY),
    "cpd:reflection_autosave": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": obj(w, "reflection").pk},
        post=refused(MENTEE),
        data=lambda w: {"title": "x", "model": "free", "entry_text": "x"},
    ),
    "cpd:reflection_delete": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "reflection").pk},
        post=refused(MENTEE),
        data=confirmed,
    ),
    "cpd:profile": Entry(signed_in()),
    "cpd:export": Entry(signed_in()),
    "cpd:export_pdf": Entry(signed_in(), query="start=2020-01-01&end=2030-12-31"),
    "cpd:export_csv": Entry(signed_in()),
    "cpd:certificate": Entry(only(MENTEE), kwargs=lambda w: {"pk": w.rel_done.pk}),
    # Checking a certificate's code is public: the code, printed on the paper, is the
    # credential; an unknown code is a 404 for everyone.
    "verify_certificate": Entry(
        everyone(),
        kwargs=lambda w: [("", {"code": _certificate_code(w)}), ("unknown", {"code": "XXXX"})],
        variant_get={"unknown": everyone(404)},
        token_holder=True,
    ),
    "verify_certificate_lookup": Entry(everyone()),
}
