"""Decision notes the platform writes itself on an application.

They are stored as written (English, the record a coordinator reads in the history) and
shown in the reader's language: marked with ``gettext_noop`` here, translated where they
are displayed (``decision_note_text``). A coordinator's own note is shown as typed.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

AUTO_WAITLIST_NOTE = gettext_noop(
    "More mentees are waiting than the scheme's mentors have places, so your application "
    "is on the waiting list. Places are offered in the order people applied."
)
OFFER_NOTE = gettext_noop("A place has become available, so you are now off the waiting list.")

PLATFORM_NOTES = frozenset({AUTO_WAITLIST_NOTE, OFFER_NOTE})


def decision_note_text(note: str) -> str:
    """``note`` in the active language when the platform wrote it, otherwise as typed
    (a coordinator's words are never looked up in the catalogue)."""
    return gettext(note) if note in PLATFORM_NOTES else note


#: For an email's context: translated when the email is rendered, in the recipient's
#: language (``accounts.emails.render`` activates it).
decision_note_lazy = lazy(decision_note_text, str)
