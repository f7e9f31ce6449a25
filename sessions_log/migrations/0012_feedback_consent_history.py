"""Each feedback response given before consents had a history gets its first history row:
the choice made on the feedback form, when it was submitted."""

from django.db import migrations

# The words of ``sessions_log.models.feedback.CONSENT`` when this migration was written.
CONSENT = (
    "The coordinators of this scheme and the professional body's administrators may read "
    "my written answers individually, and quote them without my name in the scheme's "
    "evaluation report"
)


def forwards(apps, schema_editor):
    FeedbackResponse = apps.get_model("sessions_log", "FeedbackResponse")
    ConsentRecord = apps.get_model("accounts", "ConsentRecord")
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            user_id=r.user_id,
            topic="feedback_sharing",
            subject=f"feedback:{r.pk}",
            subject_label=f"Feedback on {r.relationship.scheme.name}",
            given=r.share_individually,
            wording=CONSENT,
            source="Feedback form",
            recorded_at=r.submitted_at,
        )
        for r in FeedbackResponse.objects.select_related("relationship__scheme").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0016_consent_and_data_export"),
        ("sessions_log", "0011_programme_template_owner"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
