"""The matrix's rows for the public pages, a member's own data, the schemes' portal and the
member's account pages."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.mfa_enrolment import enrolment_token
from accounts.models import DataExport, DataExportStatus
from schemes.reminders import subscription_confirm_token

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


SITE_SCHEMES_ACCOUNTS: dict[str, Entry] = {
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
        data=lambda w: {"response": obj(w, "feedback_e").pk, "share": "0"},
    ),
    # Applying: any signed-in member may start an application.
    "schemes:apply": Entry(
        signed_in(),
        kwargs=lambda w: [("", {"slug": w.scheme_a.slug}), ("draft", {"slug": "draft"})],
        variant_get={"draft": signed_in(404)},
    ),
    "schemes:application": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "application").pk},
        post=refused(MENTEE),
        data=lambda w: {"save_draft": "1", "hopes": "x"},
    ),
    "schemes:application_autosave": Entry(
        MEMBER_POST_ONLY,
        kwargs=lambda w: {"pk": obj(w, "application").pk},
        post=refused(MENTEE),
        data=lambda w: {"hopes": "x"},
    ),
    # Irreversible: a confirmation page (GET), then a confirmed POST (core.confirm).
    "schemes:application_withdraw": Entry(
        only(MENTEE),
        kwargs=lambda w: {"pk": obj(w, "application").pk},
        post=refused(MENTEE),
        data=confirmed,
    ),
    # A public scheme's event: anyone signed in may reply (nobody's object).
    "schemes:event_rsvp": Entry(
        signed_in(),
        kwargs=lambda w: [
            ("", {"pk": obj(w, "event").pk}),
            ("draft scheme", {"pk": obj(w, "draft_event").pk}),
        ],
        variant_get={"draft scheme": signed_in(404)},
    ),
    # The member's upcoming events; an event's calendar file (as its reply page).
    "schemes:my_events": Entry(signed_in()),
    "schemes:event_ics": Entry(
        signed_in(),
        kwargs=lambda w: [
            ("", {"pk": obj(w, "event").pk}),
            ("draft scheme", {"pk": obj(w, "draft_event").pk}),
        ],
        variant_get={"draft scheme": signed_in(404)},
    ),
    # The preparation page of one's own application: the world's scheme asks for none, so
    # it is a 404 even to its owner (the owner's page: tests/schemes/test_preparation.py).
    "schemes:preparation": Entry(
        signed_in(404),
        kwargs=lambda w: {"pk": obj(w, "application").pk},
        post=refused(MENTEE),
        data=lambda w: {"code_of_conduct_accepted": "on"},
    ),
    # "Stop these emails" on a scheme's page: a signed-in member's own registration only
    # (the service deletes theirs and no one else's); a GET is 405.
    "schemes:subscription_stop": Entry(
        MEMBER_POST_ONLY, kwargs=lambda w: {"slug": w.scheme_a.slug}
    ),
    # The one-click unsubscribe link in news emails: the signed token is the credential
    # (anyone holding it may unsubscribe, so a POST with it is not refused); a tampered
    # token is refused (400) and changes nothing.
    "schemes:news_unsubscribe": Entry(
        everyone(), kwargs=lambda w: {"token": obj(w, "unsubscribe_token")}, token_holder=True
    ),
    "schemes:news_unsubscribe#bad-token": Entry(
        everyone(400),
        kwargs=lambda w: {"token": obj(w, "unsubscribe_token")[:-3] + "xyz"},
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
        everyone(), kwargs=lambda w: {"token": obj(w, "preferences_token")}, token_holder=True
    ),
}
