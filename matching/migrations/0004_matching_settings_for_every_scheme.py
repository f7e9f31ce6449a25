"""Matching settings for every scheme made before they were created with the scheme, with
the defaults of its kind (as ``matching.services.settings.KIND_DEFAULTS`` had them then)."""

from django.db import migrations

KIND_DEFAULTS = {"buddy": {"gap_min_years": 0, "gap_max_years": 3}}


def create_missing(apps, schema_editor):
    Scheme = apps.get_model("schemes", "Scheme")
    MatchingSettings = apps.get_model("matching", "MatchingSettings")
    missing = Scheme.objects.filter(matching_settings__isnull=True).values_list("pk", "kind")
    MatchingSettings.objects.bulk_create(
        [
            MatchingSettings(scheme_id=pk, **KIND_DEFAULTS.get(kind, {}))
            for pk, kind in missing.iterator()
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_one_unfinished_run_per_scheme"),
        ("schemes", "0004_bound_programme_length"),
    ]

    operations = [migrations.RunPython(create_missing, migrations.RunPython.noop)]
