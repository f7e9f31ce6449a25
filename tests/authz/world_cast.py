"""The cast of the authorization matrix and the markers of its confidential texts.

Every confidential text of the world (``world.py``) carries a unique marker (``Marker``) so
that the matrix can assert which response may contain it. Each marker says who may read it
(``Marker.readers``, cast names); everyone else must never get a response containing it.
"""

from __future__ import annotations

from dataclasses import dataclass

# The cast, in the order the matrix lists them.
ANON = "anonymous"
OUTSIDER = "outsider"
MENTEE = "mentee"  # E, mentee of the relationship R in scheme A
OTHER_MENTOR = "other_mentor"  # O, mentor of another relationship in scheme A
OTHER_COORD = "other_coordinator"  # coordinator of scheme B
COORD = "coordinator"  # coordinator of scheme A
ADMIN = "administrator"  # superuser
CAST = (ANON, OUTSIDER, MENTEE, OTHER_MENTOR, OTHER_COORD, COORD, ADMIN)
MEMBERS = (OUTSIDER, MENTEE, OTHER_MENTOR)
STAFF = (OTHER_COORD, COORD, ADMIN)


@dataclass(frozen=True)
class Marker:
    text: str
    readers: frozenset[str]
    what: str


def _m(text: str, what: str, *readers: str) -> Marker:
    return Marker(text, frozenset(readers), what)


# What the pair writes is the pair's alone: never any staff, the administrator included
# (docs/architecture.md "Confidentiality"; cpd.admin; sessions_log.admin).
NOTE = _m("CONF-NOTE-7f3a", "session notes of R", MENTEE)
LOCATION = _m("CONF-LOCATION-2b9e", "meeting link of a session of R", MENTEE)
EXPECTATION = _m("CONF-EXPECT-51c0", "an expectation in R", MENTEE)
CLARIFICATION = _m("CONF-CLARIFY-0a4d", "a clarification request in R", MENTEE)
GOAL = _m("CONF-GOAL-9d21", "a goal in R", MENTEE)
GOAL_PROGRESS = _m("CONF-PROGRESS-77e8", "a goal progress note in R", MENTEE)
ACTION = _m("CONF-ACTION-c3f1", "an action agreed in R", MENTEE)
REFLECTION = _m("CONF-REFLECT-e6b2", "E's private reflection", MENTEE)
SHARED_REFLECTION = _m("CONF-SHARED-4410", "M's reflection shared with E", MENTEE)
MENTOR_PRIVATE = _m("CONF-MPRIVATE-8c8c", "M's private reflection", *())
ACTIVITY = _m("CONF-ACTIVITY-d00d", "E's manual CPD activity", MENTEE)
EVIDENCE = _m("CONF-EVIDENCE-f1le", "E's evidence file", MENTEE)
CPD_PROFILE = _m("CONF-CPDPROFILE-5e5e", "E's CPD profile", MENTEE)
OTHER_NOTE = _m("CONF-ONOTE-3131", "session notes of O's relationship", OTHER_MENTOR)
# The pair's conversation is the pair's alone, like the notes; a message a member reported
# is read by the scheme's coordinators and the administrators (that message only).
MESSAGE = _m("CONF-MESSAGE-0m1a", "M's message to E in R", MENTEE)
OWN_MESSAGE = _m("CONF-OWNMSG-0m2b", "E's message to M in R", MENTEE)
REPORTED = _m("CONF-REPORTED-0m3c", "M's message in R that E reported", MENTEE, COORD, ADMIN)
REPORT_REASON = _m("CONF-REPORTWHY-0m4d", "E's reason for reporting it", MENTEE, COORD, ADMIN)
OTHER_MESSAGE = _m("CONF-OMSG-0m5e", "a message in O's relationship", OTHER_MENTOR)
# Contact details are shared with the partners once all accepted: M's with E (M is not in
# the cast), E's own on E's settings page; never any staff, the administrator included.
PARTNER_PHONE = _m("+44 20 7946 0101", "M's phone, shared with E", MENTEE)
OWN_PHONE = _m("+44 20 7946 0202", "E's phone", MENTEE)
OTHER_PHONE = _m("+44 20 7946 0303", "O's phone", OTHER_MENTOR)
# Sent to the scheme's coordinators by design (brief: "raise a concern with the
# coordinator"; Ending.reason is "private to the coordinator").
CONCERN = _m("CONF-CONCERN-6a6a", "E's concern about R", MENTEE, COORD, ADMIN)
ENDING = _m("CONF-ENDING-4b4b", "E's reason for ending R_ended", MENTEE, COORD, ADMIN)
# Feedback the member agreed to share individually (FeedbackResponse.share_individually).
FEEDBACK_SHARED = _m("CONF-FEEDBACK-1c1c", "E's shared feedback", MENTEE, COORD, ADMIN)
FEEDBACK_PRIVATE = _m("CONF-FBPRIVATE-2d2d", "M's unshared feedback", *())
# Applications are reviewed by the scheme's coordinators and the administrators.
APPLICATION = _m("CONF-APPLY-0e0e", "E's application answers", MENTEE, COORD, ADMIN)
APPLICATION_B = _m("CONF-APPLYB-9f9f", "an application answer in scheme B", OTHER_COORD, ADMIN)
# Staff's planning of scheme A (foundations: need, time costs) and its unpublished news.
PLANNING = _m("CONF-PLANNING-a1a1", "scheme A's planning notes", COORD, ADMIN)
DRAFT_NEWS = _m("CONF-DRAFTNEWS-b2b2", "scheme A's unpublished news", COORD, ADMIN)
# E's note booking O's flash slot: the pair's alone (world_flash.py).
FLASH_NOTE = _m("CONF-FLASHNOTE-f1a5", "E's note booking O's flash slot", MENTEE, OTHER_MENTOR)

# A shortlist E chooses from (world_shortlist.py): the competing mentor's name and the
# reasons drawn from their profile are E's to read (and the scheme's staff, who review the
# run), never the other option's mentor O's; O reads the reasons of their own option only.
RIVAL_NAME = _m("CONF-RIVALNAME-5a11", "the name of a competing mentor on E's shortlist",
                MENTEE, COORD, ADMIN)  # fmt: skip
RIVAL_REASON = _m("CONF-RIVALWHY-6b22", "the reasons for a competing option on E's shortlist",
                  MENTEE, COORD, ADMIN)  # fmt: skip
OWN_OPTION_REASON = _m("CONF-OWNWHY-7c33", "the reasons for O's option on E's shortlist",
                       MENTEE, OTHER_MENTOR, COORD, ADMIN)  # fmt: skip
# Profiles (world_profiles.py): hidden before a match unless the member chose to show a
# part; partners read the whole profile after acceptance; staff of the member's scheme too.
PARTNER_BIO = _m("CONF-PARTNERBIO-8e8e", "M's bio, read by E after acceptance",
                 MENTEE, COORD, ADMIN)  # fmt: skip
OWN_BIO = _m("CONF-OWNBIO-9f0f", "E's bio, hidden before a match", MENTEE, COORD, ADMIN)
RIVAL_BIO = _m("CONF-RIVALBIO-1a2b", "the rival mentor's bio, hidden before a match",
               COORD, ADMIN)  # fmt: skip
OPTION_BIO = _m("CONF-OPTIONBIO-3c4d", "O's bio, shown before a match",
                MENTEE, OTHER_MENTOR, COORD, ADMIN)  # fmt: skip

# A member-led request (world_requests.py): E's message to O is the two's alone.
REQUEST_MESSAGE = _m("CONF-REQUEST-8d44", "E's message asking O to mentor", MENTEE, OTHER_MENTOR)

MARKERS = (
    PARTNER_BIO,
    OWN_BIO,
    RIVAL_BIO,
    OPTION_BIO,
    REQUEST_MESSAGE,
    MESSAGE,
    OWN_MESSAGE,
    REPORTED,
    REPORT_REASON,
    OTHER_MESSAGE,
    PARTNER_PHONE,
    OWN_PHONE,
    OTHER_PHONE,
    RIVAL_NAME,
    RIVAL_REASON,
    OWN_OPTION_REASON,
    NOTE,
    LOCATION,
    EXPECTATION,
    CLARIFICATION,
    GOAL,
    GOAL_PROGRESS,
    ACTION,
    REFLECTION,
    SHARED_REFLECTION,
    MENTOR_PRIVATE,
    ACTIVITY,
    EVIDENCE,
    CPD_PROFILE,
    OTHER_NOTE,
    CONCERN,
    ENDING,
    FEEDBACK_SHARED,
    FEEDBACK_PRIVATE,
    APPLICATION,
    APPLICATION_B,
    PLANNING,
    DRAFT_NEWS,
    FLASH_NOTE,
)

EVIDENCE_BYTES = f"Certificate of attendance {EVIDENCE.text}\n".encode()
