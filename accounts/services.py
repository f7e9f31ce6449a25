"""Writes about people: profile, organisations and email preferences."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .consents import consent_record
from .models import (
    MESSAGE_EMAIL_CHOICES,
    MESSAGE_EMAILS_NONE,
    REQUIRED_KINDS,
    ConsentTopic,
    ContactSettings,
    CoordinatorSettings,
    DigestFrequency,
    EmailPreference,
    NotificationKind,
    Organisation,
    OrganisationAlias,
    Profile,
    User,
)
from .organisations import organisation_key, tidy_name
from .photos import photo_prepare
from .profile_cards import ProfilePart


def profile_get_or_create(*, user: User) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user: User, data: dict[str, Any]) -> Profile:
    """Save the standing profile (and the name on the user) from cleaned form data: with
    ``photo`` (already prepared, ``accounts.photos``), ``photo_remove`` and
    ``shown_before_match`` when the form has them (see the services they call)."""
    photo = data.pop("photo", None)
    remove = data.pop("photo_remove", False)
    shown = data.pop("shown_before_match", None)
    profile = profile_get_or_create(user=user)
    user.first_name = data.pop("first_name", user.first_name)
    user.last_name = data.pop("last_name", user.last_name)
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name"])
    for field, value in data.items():
        setattr(profile, field, value)
    profile_resolve(profile=profile)
    profile.full_clean()
    profile.save()
    if photo is not None:
        profile = profile_photo_store(user=user, photo=photo)
    elif remove:
        profile = profile_photo_remove(user=user)
    if shown is not None:
        profile = profile_visibility_set(user=user, parts=shown, source="profile page")
    return profile


def _visibility_wording(part: ProfilePart, shown: bool) -> str:
    if shown:
        return _("Show my %(part)s to people proposed as my partners before a match.") % {
            "part": part.label.lower()
        }
    return _("Hide my %(part)s from people proposed as my partners until a match.") % {
        "part": part.label.lower()
    }


@transaction.atomic
def profile_visibility_set(*, user: User, parts: Iterable[str], source: str) -> Profile:
    """Choose the parts of ``user``'s profile shown before a match. Each part whose state
    changes is a consent given or withdrawn (``ConsentTopic.PROFILE_VISIBILITY``, subject
    ``profile:<part>``), in the words the member saw; hiding takes effect at once."""
    profile = profile_get_or_create(user=user)
    wanted = [p for p in ProfilePart if p in set(parts)]
    before = set(profile.shown_before_match or ())
    for part in ProfilePart:
        shown = part in wanted
        if shown == (part.value in before):
            continue
        consent_record(
            user=user,
            topic=ConsentTopic.PROFILE_VISIBILITY,
            given=shown,
            wording=_visibility_wording(part, shown),
            source=source,
            subject=f"profile:{part.value}",
            subject_label=str(part.label),
        )
    profile.shown_before_match = [p.value for p in wanted]
    profile.save(update_fields=["shown_before_match", "updated_at"])
    return profile


def _file_delete_on_commit(name: str, storage: Any) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def profile_photo_set(*, user: User, upload: Any) -> Profile:
    """Store a redrawn copy of ``upload`` as ``user``'s photo (``accounts.photos``: limits,
    no metadata, random name). Raises ``ValidationError`` for a file that is not a usable
    photo. Side effect: the previous photo's file is deleted once this commits."""
    return profile_photo_store(user=user, photo=photo_prepare(upload))


@transaction.atomic
def profile_photo_store(*, user: User, photo: ContentFile) -> Profile:
    """Store ``photo``, made by ``accounts.photos.photo_prepare`` (never a raw upload)."""
    profile = profile_get_or_create(user=user)
    old = str(profile.photo.name or "")
    profile.photo.save(photo.name or "photo.jpg", photo, save=False)
    profile.save(update_fields=["photo", "updated_at"])
    _file_delete_on_commit(old, profile.photo.storage)
    return profile


@transaction.atomic
def profile_photo_remove(*, user: User) -> Profile:
    """Remove ``user``'s photo; its file is deleted once this commits."""
    profile = profile_get_or_create(user=user)
    old = str(profile.photo.name or "")
    if old:
        storage = profile.photo.storage
        profile.photo = ""
        profile.save(update_fields=["photo", "updated_at"])
        _file_delete_on_commit(old, storage)
    return profile


def profile_resolve(*, profile: Profile) -> None:
    """Tie the typed organisation to the organisation list, and drop an unrecognised
    country's text once a country is chosen (before any save of a profile: the form, the
    admin, the import). Side effect: may add the organisation to the list."""
    profile.organisation_record = organisation_for_name(name=profile.organisation)
    if profile.country:
        profile.country_as_entered = ""


def organisation_find(*, name: str) -> Organisation | None:
    """The organisation ``name`` names (by its name or an alias, spelt alike), or None."""
    key = organisation_key(name or "")
    if not key:
        return None
    found = Organisation.objects.filter(key=key).first()
    if found is None:
        alias = OrganisationAlias.objects.filter(key=key).select_related("organisation").first()
        found = alias.organisation if alias else None
    return found


def organisation_for_name(*, name: str) -> Organisation | None:
    """The organisation ``name`` names, added to the list when it is new (None if blank)."""
    found = organisation_find(name=name)
    if found is not None or not organisation_key(name or ""):
        return found
    organisation = Organisation(name=tidy_name(name)[:160])
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:  # added meanwhile by someone else
        return organisation_find(name=name)
    return organisation


@transaction.atomic
def organisation_merge(*, keep: Organisation, others: Iterable[Organisation]) -> int:
    """Merge ``others`` into ``keep``: their members move to ``keep``, their names and
    aliases become aliases of ``keep``, and they leave the list. Returns how many member
    profiles moved. Side effects: none."""
    moved = 0
    for other in others:
        if other.pk == keep.pk:
            continue
        moved += Profile.objects.filter(organisation_record=other).update(organisation_record=keep)
        OrganisationAlias.objects.filter(organisation=other).update(organisation=keep)
        name = other.name
        other.delete()
        alias = OrganisationAlias(organisation=keep, name=name)
        alias.full_clean()
        alias.save()
    return moved


@transaction.atomic
def profile_time_zone_set(*, user: User, name: str) -> Profile:
    """Set the member's own time zone (an IANA name; ``core.zones.validate_zone``)."""
    profile = profile_get_or_create(user=user)
    profile.timezone = name
    profile.full_clean()
    profile.save(update_fields=["timezone", "updated_at"])
    return profile


@transaction.atomic
def email_preferences_set(
    *, user: User, enabled: set[str], offered: set[str] | None = None
) -> None:
    """Turn each optional kind on (in ``enabled``) or off; required kinds stay on. Only
    the ``offered`` kinds change (default: every optional kind): a member's page does not
    offer staff-only kinds, and their settings are kept as they were."""
    optional = {k.value for k in NotificationKind if k not in REQUIRED_KINDS}
    if offered is not None:
        optional &= set(offered)
    off = optional - set(enabled)
    EmailPreference.objects.filter(user=user, kind__in=optional).exclude(kind__in=off).delete()
    existing = set(EmailPreference.objects.filter(user=user).values_list("kind", flat=True))
    EmailPreference.objects.bulk_create(
        [EmailPreference(user=user, kind=k) for k in sorted(off - existing)]
    )


def email_preferences_enabled(*, user: User) -> set[str]:
    off = set(EmailPreference.objects.filter(user=user).values_list("kind", flat=True))
    return {k.value for k in NotificationKind if k.value not in off}


def digest_frequency_get(*, user: User) -> str:
    """A coordinator's digest frequency (weekly unless they chose otherwise)."""
    found = CoordinatorSettings.objects.filter(user=user).values_list("digest_frequency", flat=True)
    return next(iter(found), DigestFrequency.WEEKLY)


@transaction.atomic
def digest_frequency_set(*, user: User, frequency: str) -> CoordinatorSettings:
    settings_row, _ = CoordinatorSettings.objects.get_or_create(user=user)
    settings_row.digest_frequency = frequency
    settings_row.full_clean()
    settings_row.save()
    return settings_row


def contact_settings_get(*, user: User) -> ContactSettings:
    """``user``'s contact settings (unsaved defaults when they never set any)."""
    return ContactSettings.objects.filter(user=user).first() or ContactSettings(user=user)


@transaction.atomic
def contact_settings_update(
    *, user: User, phone: str, preferred_channel: str, message_emails: str | None = None
) -> ContactSettings:
    """Save what ``user`` shares with their partners and, when ``message_emails`` is given,
    how they hear of new messages (``message_emails_set``). Side effects: none."""
    if message_emails is not None:
        message_emails_set(user=user, choice=message_emails)
    settings = contact_settings_get(user=user)
    settings.phone = phone.strip()
    settings.preferred_channel = preferred_channel
    settings.full_clean()
    settings.save()
    return settings


def message_emails_get(*, user: User) -> str:
    """How ``user`` hears of new messages: ``MessageEmails`` (each, daily) or
    ``MESSAGE_EMAILS_NONE`` when they turned the MESSAGE_NEW emails off."""
    if EmailPreference.objects.filter(user=user, kind=NotificationKind.MESSAGE_NEW).exists():
        return MESSAGE_EMAILS_NONE
    return contact_settings_get(user=user).message_emails


@transaction.atomic
def message_emails_set(*, user: User, choice: str) -> None:
    """How ``user`` hears of new messages: an email for each, a daily digest, or none (the
    MESSAGE_NEW opt-out, which the email preferences page and its link in every email also
    show; "none" keeps the way they chose before, for when they turn emails on again).
    Side effects: none."""
    if choice not in {value for value, _label in MESSAGE_EMAIL_CHOICES}:
        raise ValidationError({"message_emails": _("Choose how you hear of new messages.")})
    kind = NotificationKind.MESSAGE_NEW.value
    on = choice != MESSAGE_EMAILS_NONE
    email_preferences_set(user=user, enabled={kind} if on else set(), offered={kind})
    if on:
        settings = contact_settings_get(user=user)
        settings.message_emails = choice
        settings.full_clean()
        settings.save()
