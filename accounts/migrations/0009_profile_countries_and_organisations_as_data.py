"""Existing profiles: free-text countries become ISO codes, and typed organisations become
the organisation list.

A country text that names no country we know (``accounts.countries.country_from_text``) is
not dropped: it stays in ``country_as_entered``, shown in the profile and filterable in the
users' admin ("Country: not recognised"), and the values are listed when the migration runs.
Organisations: one per normalised name, called by its most common spelling
(``accounts.organisations.organisation_names``); each profile keeps its typed text.
"""

import sys

from django.db import migrations

from accounts.countries import country_from_text, country_name
from accounts.organisations import organisation_key, organisation_names


def forwards(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Organisation = apps.get_model("accounts", "Organisation")
    unrecognised: dict[str, int] = {}
    profiles = list(Profile.objects.only("pk", "country", "organisation"))
    for profile in profiles:
        code, kept = country_from_text(profile.country)
        profile.country, profile.country_as_entered = code, kept
        if kept:
            unrecognised[kept] = unrecognised.get(kept, 0) + 1
    names = organisation_names(p.organisation for p in profiles)
    Organisation.objects.bulk_create(
        [Organisation(key=key, name=name) for key, name in sorted(names.items())]
    )
    ids = dict(Organisation.objects.values_list("key", "pk"))
    for profile in profiles:
        profile.organisation_record_id = ids.get(organisation_key(profile.organisation))
    Profile.objects.bulk_update(
        profiles, ["country", "country_as_entered", "organisation_record"], batch_size=500
    )
    if unrecognised:
        listed = "; ".join(f"{text!r} ({n})" for text, n in sorted(unrecognised.items()))
        sys.stdout.write(
            f"\n  Countries not recognised, kept in 'country as entered': {listed}\n"
        )


def backwards(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    profiles = list(Profile.objects.only("pk", "country", "country_as_entered"))
    for profile in profiles:
        profile.country = profile.country_as_entered or country_name(profile.country)
    Profile.objects.bulk_update(profiles, ["country"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0008_organisations_and_country_text"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
