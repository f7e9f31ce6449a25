"""What erasure does to this app's records (``accounts.erasure`` runs it after every other
app's step): the emails, the profile and settings, the sign-in records and the account.

Kept, so the figures stay: the user row itself (as the placeholder), the profile's
categories the figures and the funders' eligibility column read (country, career stage,
years of experience, areas of expertise, preferred mode).

Gone at once, not left to expire: the member's data-export packages (every row and its
zip file), and the organisations only they referred to (one made from their own typing).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from .erasure import (
    ERASED_TEXT,
    PLACEHOLDER_FIRST_NAME,
    PLACEHOLDER_LAST_NAME,
    ErasureSubject,
    placeholder_email,
)
from .models import (
    ContactSettings,
    CoordinatorSettings,
    DataExport,
    EmailPreference,
    Organisation,
    OrganisationAlias,
    Profile,
    SentNotification,
    User,
)

#: What an email keeps once its content is erased (the row stays: its key, kind, status
#: and dates are the record that it was sent, and stop it being sent twice).
EMPTIED_EMAIL = {
    "subject": ERASED_TEXT,
    "body_text": ERASED_TEXT,
    "body_html": "",
    "reply_to": "",
    "calendar": "",
    "unsubscribe_url": "",
    "last_error": "",
}

NOT_SENT = "Not sent: its content was erased."

_EMAIL_TEXT_FIELDS = ("subject", "body_text", "body_html", "reply_to", "calendar")


def _containing(rows: QuerySet, strings: set[str], fields: tuple[str, ...]) -> QuerySet:
    """The ``rows`` whose ``fields`` hold any of ``strings`` (case-insensitive),
    asked in batches so that no query grows past a database's limits."""
    ordered = sorted(strings)
    pks: set[int] = set()
    for start in range(0, len(ordered), 40):
        batch = ordered[start : start + 40]
        query = reduce(or_, (Q(**{f"{f}__icontains": s}) for s in batch for f in fields))
        pks.update(rows.filter(query).values_list("pk", flat=True))
    return rows.filter(pk__in=pks)


def notifications_empty(queryset: QuerySet[SentNotification]) -> int:
    """Empty the content of the emails in ``queryset`` (retention uses it too); one not
    sent yet is never sent (an email saying "[erased]" helps nobody)."""
    rows = SentNotification.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
    changed = rows.update(**EMPTIED_EMAIL)
    rows.filter(status=SentNotification.Status.PENDING).update(
        status=SentNotification.Status.FAILED, last_error=NOT_SENT
    )
    return changed


def _erase_emails(subject: ErasureSubject) -> None:
    user = subject.user
    emails = {m.lower() for m in subject.markers if "@" in m}
    mine = SentNotification.objects.filter(Q(recipient=user) | Q(email__in=emails))
    subject.count("emails to them", notifications_empty(mine))
    placeholder = placeholder_email(user)
    for address in emails:
        # The outbox key names the address (``outbox_key``): the placeholder's instead.
        SentNotification.objects.filter(key__icontains=address).update(
            key=Replace("key", Value(address), Value(placeholder))
        )
    mine.update(email=placeholder)
    strings = subject.markers | subject.texts
    if strings:
        others = _containing(SentNotification.objects.all(), strings, _EMAIL_TEXT_FIELDS)
        subject.count("emails about them", notifications_empty(others))


def _erase_admin_log(subject: ErasureSubject) -> None:
    """The admin's record of changes names objects by their text (the user's name and
    address, "Profile of ..."): those entries keep their date and action only."""
    strings = subject.markers | subject.texts
    entries = _containing(LogEntry.objects.all(), strings, ("object_repr", "change_message"))
    subject.count("admin log entries", entries.update(object_repr=ERASED_TEXT, change_message=""))


def _files_delete_on_commit(files: list[tuple[Any, str]]) -> None:
    """Delete ``(storage, name)`` files once the transaction commits (a rolled-back
    erasure keeps them)."""
    if not files:
        return

    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)


def _erase_exports(subject: ErasureSubject) -> None:
    """The packages of everything held about them (name, messages, notes, photo): their
    rows now, their files once the erasure commits, whether expired or not."""
    exports = DataExport.objects.filter(user=subject.user)
    _files_delete_on_commit([(e.file.storage, str(e.file.name)) for e in exports if e.file])
    deleted, _ = exports.delete()
    subject.count("data exports", deleted)


def _only_theirs(user: User) -> QuerySet[Organisation]:
    """The organisations ``user``'s profile points to that no other record refers to (no
    other profile, nor any other model pointing at the list), its aliases aside."""
    ids = set(
        Profile.objects.filter(user=user)
        .exclude(organisation_record=None)
        .values_list("organisation_record", flat=True)
    )
    for relation in Organisation._meta.related_objects:
        model = relation.related_model
        if not ids or model is OrganisationAlias:
            continue
        name = relation.field.name
        rows = model._base_manager.filter(**{f"{name}__in": ids})  # noqa: SLF001
        if model is Profile:
            rows = rows.exclude(user=user)
        ids -= set(rows.values_list(name, flat=True))
    return Organisation.objects.filter(pk__in=ids)


def _erase_organisations(subject: ErasureSubject, organisations: list[Organisation]) -> None:
    """Delete the organisations only they referred to (with their aliases): a name they
    typed stays on the list otherwise, found by search, with no members."""
    pks = [o.pk for o in organisations]
    # An admin log entry may name it (the administrator renamed or merged it).
    subject.quoted(*(o.name for o in organisations))
    subject.quoted(
        *OrganisationAlias.objects.filter(organisation__in=pks).values_list("name", flat=True)
    )
    _, deleted = Organisation.objects.filter(pk__in=pks).delete()
    subject.count("organisations only they belonged to", deleted.get(Organisation._meta.label, 0))


def _erase_profile(subject: ErasureSubject) -> None:
    user = subject.user
    profiles = Profile.objects.filter(user=user)
    _erase_photo(subject, profiles)
    subject.count(
        "profile",
        profiles.update(
            membership_number="",
            registration_number="",
            profession="",
            job_title="",
            organisation="",
            organisation_record=None,
            country_as_entered="",
            timezone="",
            interests=[],
            availability=[],
            languages=[],
            do_not_pair_with=[],
            bio="",
            shown_before_match=[],
        ),
    )
    # Other members who asked never to be paired with them: the address goes from the list.
    emails = {m.lower() for m in subject.markers if "@" in m}
    for profile in Profile.objects.exclude(user=user).exclude(do_not_pair_with=[]):
        kept = [e for e in profile.do_not_pair_with if str(e).strip().lower() not in emails]
        if len(kept) != len(profile.do_not_pair_with):
            Profile.objects.filter(pk=profile.pk).update(do_not_pair_with=kept)
            subject.count("other members' do-not-pair lists", 1)


def _erase_photo(subject: ErasureSubject, profiles: QuerySet[Profile]) -> None:
    """The photo's file is deleted once the erasure commits (the row forgets it now)."""
    files = [(p.photo.storage, str(p.photo.name)) for p in profiles if p.photo]
    if not files:
        return
    subject.count("profile photo", profiles.update(photo=""))
    _files_delete_on_commit(files)


def _erase_sign_in(subject: ErasureSubject) -> None:
    """Email addresses, two-factor devices, social accounts and settings go."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user = subject.user
    for model in (EmailAddress, Authenticator, EmailPreference, ContactSettings):
        deleted, _ = model.objects.filter(user=user).delete()
        subject.count(str(model._meta.verbose_name_plural), deleted)
    CoordinatorSettings.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        social = apps.get_model("socialaccount.SocialAccount")  # type: ignore[misc]
        deleted, _ = social.objects.filter(user=user).delete()
        subject.count("social accounts", deleted)


def _erase_user(subject: ErasureSubject) -> None:
    user = subject.user
    user.first_name = PLACEHOLDER_FIRST_NAME
    user.last_name = PLACEHOLDER_LAST_NAME
    user.email = placeholder_email(user)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    subject.count("account", 1)


def erase_account(subject: ErasureSubject) -> None:
    """This app's part of erasure (see the module's docstring)."""
    organisations = list(_only_theirs(subject.user))
    _erase_profile(subject)
    _erase_organisations(subject, organisations)
    _erase_exports(subject)
    _erase_emails(subject)
    _erase_admin_log(subject)
    _erase_sign_in(subject)
    _erase_user(subject)
