"""Writes about people: profile and email preferences."""

from typing import Any

from django.db import transaction

from .models import (
    REQUIRED_KINDS,
    CoordinatorSettings,
    DigestFrequency,
    EmailPreference,
    NotificationKind,
    Profile,
    User,
)


def profile_get_or_create(*, user: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user: User, data: dict[str, Any]) -> Profile:
    """Save the standing profile (and the name on the user) from cleaned form data."""
    profile = profile_get_or_create(user=user)
    user.first_name = data.pop("first_name", user.first_name)
    user.last_name = data.pop("last_name", user.last_name)
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name"])
    for field, value in data.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_time_zone_set(*, user: User, name: str) -> Profile:
    """Set the member's own time zone (an IANA name; ``core.zones.validate_zone``)."""
    profile = profile_get_or_create(user=user)
    profile.timezone = name
    profile.full_clean()
    profile.save(update_fields=["timezone", "updated_at"])
    return profile


@transaction.atomic
def email_preferences_set(*, user: User, enabled: set[str]) -> None:
    """Turn each optional kind on (in ``enabled``) or off; required kinds stay on."""
    optional = {k.value for k in NotificationKind if k not in REQUIRED_KINDS}
    off = optional - set(enabled)
    EmailPreference.objects.filter(user=user).exclude(kind__in=off).delete()
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
