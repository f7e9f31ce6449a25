"""Ship the HCPC's five CPD standards as data."""

from django.db import migrations

HCPC = "HCPC standards for CPD"
STANDARDS = [
    (1, "Maintain a continuous, up-to-date and accurate record of their CPD activities."),
    (
        2,
        "Demonstrate that their CPD activities are a mixture of learning activities relevant "
        "to current or future practice.",
    ),
    (
        3,
        "Seek to ensure that their CPD has contributed to the quality of their practice and "
        "service delivery.",
    ),
    (4, "Seek to ensure that their CPD benefits the service user."),
    (
        5,
        "Upon request, present a written profile (which must be their own work and supported "
        "by evidence) explaining how they have met the standards for CPD.",
    ),
]


def add(apps, schema_editor):
    Framework = apps.get_model("cpd", "Framework")
    Standard = apps.get_model("cpd", "Standard")
    framework, _ = Framework.objects.get_or_create(
        name=HCPC,
        defaults={
            "body": "Health and Care Professions Council (HCPC)",
            "description": "Registrants must meet these standards; a sample is audited.",
        },
    )
    for number, text in STANDARDS:
        Standard.objects.get_or_create(framework=framework, number=number, defaults={"text": text})


def remove(apps, schema_editor):
    apps.get_model("cpd", "Framework").objects.filter(name=HCPC).delete()


class Migration(migrations.Migration):
    dependencies = [("cpd", "0002_reflection_goal")]

    operations = [migrations.RunPython(add, remove)]
