"""The authorization matrix: for every URL of the project, the status each member of the cast
must get, with real object ids from the world (``world.py``).

House style (docs/architecture.md, shared STYLE.md): a signed-out visitor of a portal page
is sent to sign in (302); what a member must not know exists is a 404, never a 403; a
write view refuses a POST by anyone it does not belong to with the same 404 and changes
nothing. The admin's expectations are generated per model in ``admin_matrix.py``.

To add a URL: add an entry under its name (``namespace:name``) below, saying what each
cast member gets; the test names any URL that has no entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.mfa_enrolment import enrolment_token
from accounts.models import DataExport, DataExportStatus
from schemes.reminders import subscription_confirm_token

from .world import (
    ADMIN,
    ANON,
    CAST,
    COORD,
    MENTEE,
    OTHER_COORD,
    OTHER_MENTOR,
    OUTSIDER,
    World,
)

LOGIN = 302  # signed out: redirected to the sign-in page


def _none(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Entry:
    """What each cast member gets from one URL.

    ``get``: the status of a GET by each cast member. ``kwargs`` builds the URL's keyword
    arguments from the world (or a list of ``(label, kwargs)`` to request several
    variants). ``post``: for a view that writes, the status of a POST by each cast member
    it does not belong to (the POST must also change nothing); a cast member missing from
    it is not POSTed as (their POST is a legitimate write). ``token_holder``: the URL holds
    a secret token that is the credential, so its content is judged as read by the token's
    owner (the mentee) whoever sends it.
    """

    get: Mapping[str, int]  # a set of statuses where several are acceptable
    kwargs: Callable[[World], dict | list[tuple[str, dict]]] = _none
    query: str = ""
    post: Mapping[str, int] | None = None
    data: Callable[[World], dict] = _none
    token_holder: bool = False
    variant_get: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    absent: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(CAST, status)


def signed_in(status: int = 200, *, anonymous: int = LOGIN) -> dict[str, int]:
    return {ANON: anonymous, **dict.fromkeys(CAST[1:], status)}


def only(*owners: str, status: int = 200) -> dict[str, int]:
    """A member's own object: the owners get ``status``, every other signed-in person 404."""
    return {ANON: LOGIN, **{c: status if c in owners else 404 for c in CAST[1:]}}


def refused(*owners: str) -> dict[str, int]:
    """POSTs by everyone but the owners: signed out 302, everyone else 404."""
    return {c: s for c, s in only().items() if c not in owners}


MEMBER_POST_ONLY = signed_in(405)  # @login_required @require_POST: a GET is 405


def confirmed(world: World) -> dict:
    """The POST of a confirmation page's "Yes" button (core.confirm)."""
    return {"confirm": "yes"}


def _rel(world: World, **more) -> dict:
    return {"pk": world.rel.pk, **more}


def _o(world: World, name: str):
    return world.objects[name]


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


def _export(world: World) -> dict:
    """The mentee's ready data package (made on first use in each test's transaction)."""
    mentee = world.user(MENTEE)
    export = DataExport.objects.filter(user=mentee, status=DataExportStatus.READY).first()
    if export is None:
        export = DataExport.objects.create(
            user=mentee,
            status=DataExportStatus.READY,
            expires_at=timezone.now() + timedelta(days=1),
        )
        export.file.save("matrix/my-data.zip", ContentFile(b"zip"), save=True)
    return {"token": export.token}


def _confirm_token(world: World) -> str:
    request = {"email": world.user(MENTEE).email, "name": "", "as": "", "news": True}
    return subscription_confirm_token(scheme_id=world.scheme_a.pk, request=request)


# -- the member portal --------------------------------------------------------------------

PORTAL: dict[str, Entry] = {
    # Public pages.
    "schemes:home": Entry(everyone()),
    # A scheme still being planned is nobody's to see on the portal (404).
    "schemes:detail": Entry(
        everyone(),
        kwargs=lambda w: [("", {"slug": w.scheme_a.slug}), ("draft", {"slug": "draft"})],
        variant_get={"draft": everyone(404)},
    ),
    "healthz": Entry(everyone()),
    # The scripts' translations (static/js): public, like the scripts.
    "javascript_catalog": Entry(everyone()),
    # The body's privacy notice and accessibility statement: public.
    "privacy": Entry(everyone()),
    "accessibility": Entry(everyone()),
    # A member's export of everything stored about them: their own, whoever asks.
    "member_data": Entry(signed_in()),
    # Their data page (a POST asks for their own package) and the package's download link:
    # the member's only, staff included (404).
    "my_data": Entry(signed_in()),
    "data_export_download": Entry(only(MENTEE), kwargs=lambda w: _export(w)),
    # Their consents: anyone's own page; withdrawing another member's consent is a 404.
    "consents": Entry(
        signed_in(),
        post=refused(MENTEE),
        data=lambda w: {"response": _o(w, "feedback_e").pk, "share": "0"},
    ),
    # Applying: any signed-in member may start an application.
    "schemes:apply": Entry(
        signed_in(),
        kwargs=lambda w: [("", {"slug": w.scheme_a.slug}), ("draft", {"slug": "draft"})],
        variant_get={"draft": signed_in(404)},
    ),
    "schemes:application": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": _o(w, "application").pk},
        post=refused(MENTEE),
        data=lambda w: {"save_draft": "1", "hopes": "x"},
    ),
    "schemes:application_autosave": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": _o(w, "application").pk},
        post=refused(MENTEE),
        data=lambda w: {"hopes": "x"},
    ),
    # Irreversible: a confirmation page (GET), then a confirmed POST (core.confirm).
    "schemes:application_withdraw": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": _o(w, "application").pk},
        post=refused(MENTEE),
        data=confirmed,
    ),
    # A public scheme's event: anyone signed in may reply (nobody's object).
    "schemes:event_rsvp": Entry(
        signed_in(),
        kwargs=lambda w: [
            ("", {"pk": _o(w, "event").pk}),
            ("draft scheme", {"pk": _o(w, "draft_event").pk}),
        ],
        variant_get={"draft scheme": signed_in(404)},
    ),
    # The member's upcoming events; an event's calendar file (as its reply page).
    "schemes:my_events": Entry(signed_in()),
    "schemes:event_ics": Entry(
        signed_in(),
        kwargs=lambda w: [
            ("", {"pk": _o(w, "event").pk}),
            ("draft scheme", {"pk": _o(w, "draft_event").pk}),
        ],
        variant_get={"draft scheme": signed_in(404)},
    ),
    # The preparation page of one's own application: the world's scheme asks for none, so
    # it is a 404 even to its owner (the owner's page: tests/schemes/test_preparation.py).
    "schemes:preparation": Entry(
        signed_in(404),
        kwargs=lambda w: {"pk": _o(w, "application").pk},
        post=refused(MENTEE),
        data=lambda w: {"code_of_conduct_accepted": "on"},
    ),
    # The one-click unsubscribe link in news emails: the signed token is the credential
    # (anyone holding it may unsubscribe, so a POST with it is not refused); a tampered
    # token is refused (400) and changes nothing.
    "schemes:news_unsubscribe": Entry(
        everyone(), kwargs=lambda w: {"token": _o(w, "unsubscribe_token")}, token_holder=True
    ),
    "schemes:news_unsubscribe#bad-token": Entry(
        everyone(400),
        kwargs=lambda w: {"token": _o(w, "unsubscribe_token")[:-3] + "xyz"},
        post=everyone(400),
    ),
    # The link in a subscription's confirmation email (double opt-in): the signed request
    # is the credential (whoever holds it may confirm it); a tampered one changes nothing.
    "schemes:subscription_confirm": Entry(
        everyone(), kwargs=lambda w: {"token": _confirm_token(w)}, token_holder=True
    ),
    "schemes:subscription_confirm#bad-token": Entry(
        everyone(400),
        kwargs=lambda w: {"token": _confirm_token(w)[:-3] + "xyz"},
        post=everyone(400),
    ),
    # The member's own pages (no object id: each sees their own).
    "dashboard": Entry(signed_in()),
    "accounts:profile": Entry(signed_in()),
    "accounts:email_preferences": Entry(signed_in()),
    # What each member shares with their partners: their own settings, whoever asks.
    "accounts:contact": Entry(signed_in()),
    # Each signed-in person's own request; a GET only shows it.
    "accounts:erasure": Entry(signed_in()),
    # The member's own time zone (no object id: it only ever changes the signed-in member's).
    "accounts:time_zone": Entry(MEMBER_POST_ONLY),
    # Staff two-factor enrolment by emailed link (MFA is off in this matrix: everyone goes
    # on to allauth's activation page); the link works only in its owner's session.
    "accounts:mfa_enrol": Entry(signed_in(302)),
    "accounts:mfa_enrol_confirm": Entry(
        only(MENTEE, status=302), kwargs=lambda w: {"token": enrolment_token(w.user(MENTEE))}
    ),
    # An invitation's link: the token is the credential; a forged one is refused (400)
    # (a real one: tests/accounts/test_invitations.py).
    "accounts:invitation": Entry(
        everyone(400), kwargs=lambda w: {"uidb64": "MQ", "token": "abc-0123456789abcdef"}
    ),
    # The one-click link in emails: the signed token is the credential.
    "accounts:email_preferences_token": Entry(
        everyone(), kwargs=lambda w: {"token": _o(w, "preferences_token")}, token_holder=True
    ),
    # Matches.
    "matching:list": Entry(signed_in()),
    "matching:detail": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": _o(w, "proposal").pk},
        post=refused(MENTEE),
        data=lambda w: {"decision": "decline", "reason": "no"},
    ),
    "matching:choose": Entry(
        MEMBER_POST_ONLY, kwargs=lambda w: {"pk": _o(w, "proposal").pk}, post=refused(MENTEE)
    ),
    # E's shortlist (world_shortlist.py): every option is E's to see and choose; O sees
    # their own option only (never the competing mentor or their reasons, which the
    # markers check on every page) and cannot choose it (404: choosing is E's alone).
    "matching:detail#option-rival": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": _o(w, "option_rival").pk},
        post=refused(MENTEE),
        data=lambda w: {"decision": "accept"},
    ),
    "matching:detail#option-own": Entry(
        only(MENTEE, OTHER_MENTOR),
        kwargs=lambda w: {"pk": _o(w, "option_own").pk},
        post={**refused(MENTEE, OTHER_MENTOR), OTHER_MENTOR: 200},  # nothing to answer yet
        data=lambda w: {"decision": "accept"},
    ),
    "matching:choose#option-own": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": _o(w, "option_own").pk},
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
        only(COORD, ADMIN), kwargs=lambda w: {"user_id": _o(w, "rival").pk}
    ),
    "matching:profile_photo#option-own": Entry(
        only(MENTEE, OTHER_MENTOR, COORD, ADMIN),
        kwargs=lambda w: {"user_id": w.user(OTHER_MENTOR).pk},
    ),
    # Member-led matching (world_requests.py): the directory and asking are E's (an accepted
    # mentee of the member-led scheme); answering is O's (the mentor asked) alone.
    "matching:directory": Entry(
        only(MENTEE), kwargs=lambda w: {"scheme_pk": _o(w, "scheme_directory").pk}
    ),
    "matching:request": Entry(
        only(MENTEE),
        kwargs=lambda w: {
            "scheme_pk": _o(w, "scheme_directory").pk,
            "pk": _o(w, "directory_mentor").pk,
        },
        post=refused(MENTEE),
        data=lambda w: {"message": "Another request"},
    ),
    "matching:requests": Entry(signed_in()),
    "matching:request_answer": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": _o(w, "mentor_request").pk},
        post=refused(OTHER_MENTOR),
        data=lambda w: {"decision": "decline"},
    ),
    "matching:request_withdraw": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": _o(w, "mentor_request").pk},
        post=refused(MENTEE),
    ),
    # "None of these suit me" is E's alone: O (an option's mentor) and everyone else 404.
    "matching:none_suit": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": _o(w, "option_own").pk},
        post=refused(MENTEE),
        data=lambda w: {"note": "None of them works in my field."},
    ),
    # Relationships: only the pair.
    "sessions_log:calendar": Entry(signed_in()),
    "sessions_log:calendar_feed": Entry(
        everyone(), kwargs=lambda w: {"token": _o(w, "feed").token}, token_holder=True
    ),
    "sessions_log:relationship": Entry(only(MENTEE), kwargs=_rel),
    # Flash mentoring (world_flash.py): E, an accepted mentee, books; O, an accepted mentor,
    # offers; a booking is its mentor's and its mentee's; everyone else 404.
    "sessions_log:flash_directory": Entry(only(MENTEE), kwargs=lambda w: {"slug": "flash"}),
    "sessions_log:flash_book": Entry(
        only(MENTEE),
        kwargs=lambda w: {"slug": "flash", "pk": _o(w, "flash_open").pk},
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
        kwargs=lambda w: {"pk": _o(w, "flash_open").pk},
        post=refused(OTHER_MENTOR),
    ),
    "sessions_log:flash_cancel": Entry(
        only(MENTEE, OTHER_MENTOR),
        kwargs=lambda w: {"pk": _o(w, "flash_booked").pk},
        post=refused(MENTEE, OTHER_MENTOR),
        data=confirmed,
    ),
    "sessions_log:session_add": Entry(
        only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=confirmed
    ),
    "sessions_log:session_plan": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, number=3),
        post=refused(MENTEE),
        data=lambda w: {"scheduled_at": "2030-01-01T10:00", "mode": "phone"},
    ),
    "sessions_log:session_target": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, number=3),
        post=refused(MENTEE),
        data=lambda w: {"target_date": "2030-01-01"},
    ),
    "sessions_log:session_log": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, number=1),
        post=refused(MENTEE),
        data=lambda w: {
            "held_on": str(w.rel.started_on),
            "duration_minutes": "30",
            "mode": "phone",
            "notes": "overwritten",
        },
    ),
    "sessions_log:session_ics": Entry(only(MENTEE), kwargs=lambda w: _rel(w, number=2)),
    "sessions_log:session_cancel": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, number=2),
        post=refused(MENTEE),
        data=confirmed,
    ),
    # The pair's conversation: only the pair. A report names one of the conversation's
    # messages: another relationship's is nobody's here (404), even for its own members.
    "sessions_log:messages": Entry(
        only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=lambda w: {"body": "x"}
    ),
    "sessions_log:message_report": Entry(
        only(MENTEE),
        kwargs=lambda w: [
            ("", _rel(w, message_pk=_o(w, "message").pk)),
            ("another relationship's", _rel(w, message_pk=_o(w, "message_other").pk)),
        ],
        variant_get={"another relationship's": only()},
        post=refused(MENTEE),
        data=lambda w: {"reason": "x"},
    ),
    "sessions_log:expectation_add": Entry(
        only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=lambda w: {"text": "x"}
    ),
    "sessions_log:expectation_ask": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, expectation_pk=_o(w, "expectation").pk),
        post=refused(MENTEE),
        data=lambda w: {"question": "x"},
    ),
    "sessions_log:expectation_clarify": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, expectation_pk=_o(w, "expectation").pk),
        post=refused(MENTEE),
        data=lambda w: {"response": "x"},
    ),
    "sessions_log:expectation_decide": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, expectation_pk=_o(w, "expectation").pk),
        post=refused(MENTEE),
        data=lambda w: {"status": "agreed"},
    ),
    "sessions_log:goal_add": Entry(
        only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=lambda w: {"what": "x"}
    ),
    "sessions_log:goal_review": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, goal_pk=_o(w, "goal").pk),
        post=refused(MENTEE),
        data=lambda w: {"note": "x", "status": "achieved"},
    ),
    "sessions_log:goal_edit": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, goal_pk=_o(w, "goal").pk),
        post=refused(MENTEE),
        data=lambda w: {"what": "x"},
    ),
    "sessions_log:action_add": Entry(
        only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=lambda w: {"text": "x"}
    ),
    "sessions_log:action_done": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: _rel(w, action_pk=_o(w, "action").pk),
        post=refused(MENTEE),
    ),
    "sessions_log:end_early": Entry(
        only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=lambda w: {"reason": "x"}
    ),
    "sessions_log:concern": Entry(
        only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=lambda w: {"message": "x"}
    ),
    "sessions_log:complete": Entry(only(MENTEE), kwargs=_rel, post=refused(MENTEE), data=confirmed),
    "sessions_log:pause": Entry(
        only(MENTEE),
        kwargs=_rel,
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
        only(), kwargs=_rel, post=refused(), data=lambda w: {"decision": "accept"}
    ),
    "sessions_log:ratings": Entry(
        only(MENTEE),
        kwargs=lambda w: _rel(w, phase="baseline"),
        post=refused(MENTEE),
        data=lambda w: {f"dimension_{_o(w, 'dimension').pk}": "3"},
    ),
    "sessions_log:feedback": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": w.rel_ended.pk},
        post=refused(MENTEE),
        data=lambda w: {"share_individually": "on"},
    ),
    # CPD: each member's own record; objects are the author's alone.
    "cpd:record": Entry(signed_in()),
    "cpd:activity_add": Entry(signed_in()),
    "cpd:activity_standards": Entry(
        only(MENTEE),
        kwargs=lambda w: [
            ("session", {"source_type": "session", "source_id": _o(w, "session_held").pk}),
            ("manual", {"source_type": "manual", "source_id": _o(w, "activity").pk}),
        ],
        post=refused(MENTEE),
        data=lambda w: {"standards": []},
    ),
    "cpd:activity_edit": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": _o(w, "activity").pk},
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
        kwargs=lambda w: {"pk": _o(w, "activity").pk},
        post=refused(MENTEE),
        data=confirmed,
    ),
    "cpd:evidence_add": Entry(
        only(MENTEE), kwargs=lambda w: {"pk": _o(w, "activity").pk}, post=refused(MENTEE)
    ),
    "cpd:evidence": Entry(only(MENTEE), kwargs=lambda w: {"pk": _o(w, "evidence").pk}),
    "cpd:reflections": Entry(signed_in()),
    "cpd:reflection_create": Entry(signed_in()),
    "cpd:reflection_for_session": Entry(
        only(MENTEE),
        kwargs=lambda w: {"session_id": _o(w, "session_held").pk},
        post=refused(MENTEE),
        data=lambda w: {"title": "x", "model": "free", "entry_text": "x"},
    ),
    "cpd:reflection": Entry(
        only(MENTEE),
        kwargs=lambda w: [
            ("own", {"pk": _o(w, "reflection").pk}),
            ("shared by M", {"pk": _o(w, "shared_reflection").pk}),
        ],
    ),
    "cpd:reflection_edit": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": _o(w, "reflection").pk},
        post=refused(MENTEE),
        data=lambda w: {"title": "x", "model": "free", "entry_text": "x"},
    ),
    # Anyone signed in may autosave a new draft of their own.
    "cpd:reflection_autosave_new": Entry(MEMBER_POST_ONLY),
    "cpd:reflection_autosave": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": _o(w, "reflection").pk},
        post=refused(MENTEE),
        data=lambda w: {"title": "x", "model": "free", "entry_text": "x"},
    ),
    "cpd:reflection_delete": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": _o(w, "reflection").pk},
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

# -- insights: the scheme-health dashboard, reports and exports -----------------------------
# Administrators see every scheme, a coordinator only their own; members who are not staff
# get a 404 (they must not learn the page exists), signed-out visitors are sent to sign in.


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
    "insights:report_pdf": Entry(staff_scheme_a(), kwargs=lambda w: {"pk": _o(w, "report").pk}),
}

# -- allauth: the signed-in person's own account (no object ids) ---------------------------

_SIGNED_OUT_ONLY = {ANON: 200, **dict.fromkeys(CAST[1:], 302)}  # signed in: sent onwards


def _confirm_key(world: World) -> dict:
    address = world.objects["email_address"]
    return {"key": EmailConfirmationHMAC(address).key}


def _reset_key(world: World) -> dict:
    # From the database: signing in (force_login) changes the cast's in-memory last_login,
    # which the token hashes.
    user = type(world.user(MENTEE)).objects.get(pk=world.user(MENTEE).pk)
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


ALLAUTH: dict[str, Entry] = {
    "account_login": Entry(_SIGNED_OUT_ONLY),
    "account_signup": Entry(_SIGNED_OUT_ONLY),
    "account_logout": Entry(signed_in(anonymous=302)),
    "account_inactive": Entry(everyone()),
    "account_reauthenticate": Entry(signed_in()),
    "account_email": Entry(signed_in()),
    "account_email_verification_sent": Entry(everyone()),
    "account_change_password": Entry(signed_in()),
    "account_set_password": Entry(signed_in(302)),  # they have a password: sent to change it
    "account_reset_password": Entry(everyone()),
    "account_reset_password_done": Entry(everyone()),
    "account_reset_password_from_key_done": Entry(everyone()),
    # Emailed keys: the key is the credential (and is moved into the session at once).
    "account_confirm_email": Entry(everyone(), kwargs=_confirm_key, token_holder=True),
    "account_reset_password_from_key": Entry(everyone(302), kwargs=_reset_key, token_holder=True),
    "account_confirm_login_code": Entry(everyone(302)),  # no login code pending
    "mfa_index": Entry(signed_in()),
    # Only the outsider has an authenticator (recovery codes); force_login is not a
    # recent enough sign-in, so pages that change authenticators ask to reauthenticate.
    "mfa_authenticate": Entry(everyone(302)),  # no sign-in pending a second factor
    "mfa_reauthenticate": Entry({**signed_in(302), OUTSIDER: 200}),
    "mfa_activate_totp": Entry(signed_in(302)),
    "mfa_deactivate_totp": Entry(signed_in(404)),  # nobody in the cast has TOTP
    "mfa_view_recovery_codes": Entry({**signed_in(404), OUTSIDER: 302}),
    "mfa_generate_recovery_codes": Entry(signed_in(302)),
    "mfa_download_recovery_codes": Entry({**signed_in(404), OUTSIDER: 302}),
}
