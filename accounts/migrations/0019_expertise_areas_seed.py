"""Copy the hard-coded areas into the body's editable list, in their old order with their
old codes, then add every other code found on a profile or application as a retired area
labelled with the code itself, so every stored code keeps working and has a label."""

from django.db import migrations

SEED = (
    ("management", "Management"),
    ("leadership", "Leadership"),
    ("interpersonal", "Interpersonal skills"),
    ("specialist", "Specialist technical skills"),
    ("clinical", "Clinical practice"),
    ("research", "Research and evidence"),
    ("education", "Teaching and education"),
    ("career", "Career development"),
    ("wellbeing", "Wellbeing and resilience"),
    ("digital", "Digital and technology"),
    ("policy", "Policy and influencing"),
    ("enterprise", "Private practice and enterprise"),
)


def stored_codes(apps) -> set[str]:
    codes: set[str] = set()
    Profile = apps.get_model("accounts", "Profile")
    Application = apps.get_model("schemes", "Application")
    for values in Profile.objects.values_list("expertise", flat=True).iterator():
        codes.update(str(c) for c in values or () if str(c).strip())
    for values in Application.objects.values_list("goals_areas", flat=True).iterator():
        codes.update(str(c) for c in values or () if str(c).strip())
    return codes


def seed(apps, schema_editor):
    ExpertiseArea = apps.get_model("accounts", "ExpertiseArea")
    for position, (code, label) in enumerate(SEED, start=1):
        ExpertiseArea.objects.get_or_create(
            code=code, defaults={"label": label, "position": position * 10}
        )
    known = set(ExpertiseArea.objects.values_list("code", flat=True))
    labels = {label.lower() for label in ExpertiseArea.objects.values_list("label", flat=True)}
    position = (len(SEED) + 1) * 10
    for code in sorted(stored_codes(apps) - known):
        label, n = code[:80], 1
        while label.lower() in labels:  # a stray code that spells an existing label
            n += 1
            label = f"{code[:70]} ({n})"
        labels.add(label.lower())
        ExpertiseArea.objects.create(code=code, label=label, position=position, retired=True)
        position += 10


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0018_expertise_areas"),
        ("schemes", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
