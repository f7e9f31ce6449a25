"""Profiles worth reading: a short bio, a photo, the parts shown before a match (and the
consent topic recording each choice). The default privacy notice, if nobody has edited it
yet, now says what proposed partners and partners see of a profile."""

import importlib

from django.db import migrations, models

LEGAL = importlib.import_module("accounts.migrations.0007_legal_pages")
OLD_PRIVACY = LEGAL.PRIVACY.strip()
NEW_PRIVACY = OLD_PRIVACY.replace(
    """availability, languages), to match you""",
    """availability, languages, and the short bio and photo you may add), to match you""",
).replace(
    """contact details you chose to share; nobody else sees them.</p>""",
    """contact details you chose to share; nobody else sees them.</p>
<p>People proposed as your partners (on a proposed match or a shortlist) see your name and
only the parts of your profile you choose to show before a match: your bio, job title and
organisation, photo, country and languages, areas of expertise. Nothing else is shown
unless you choose it; each choice is recorded on your consents page, and you can withdraw
it at any time. Once every one of you has accepted the match, your partners see those parts
of your profile in full. Your photo is never at a public address: it is sent only to the
people allowed to see it, and we keep a small copy without the file's hidden details (such
as where the picture was taken).</p>""",
)


def privacy_update(apps, schema_editor, old=OLD_PRIVACY, new=NEW_PRIVACY):
    """Only the untouched default text changes: a body's own wording is theirs to edit."""
    FlatPage = apps.get_model("flatpages", "FlatPage")
    FlatPage.objects.filter(url="/privacy/", content=old).update(content=new)


def privacy_restore(apps, schema_editor):
    privacy_update(apps, schema_editor, old=NEW_PRIVACY, new=OLD_PRIVACY)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0020_account_invitation_kind'),
        ("flatpages", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='bio',
            field=models.CharField(blank=True, help_text='A few sentences about you and your work, in your own words.', max_length=600, verbose_name='short bio'),
        ),
        migrations.AddField(
            model_name='profile',
            name='photo',
            field=models.FileField(blank=True, upload_to='profiles/photos/', verbose_name='photo'),
        ),
        migrations.AddField(
            model_name='profile',
            name='shown_before_match',
            field=models.JSONField(blank=True, default=list, help_text='Profile parts shown to proposed partners (codes of ProfilePart).', verbose_name='shown before a match'),
        ),
        migrations.AlterField(
            model_name='consentrecord',
            name='topic',
            field=models.CharField(choices=[('feedback_sharing', 'Reading my written feedback individually and quoting it without my name'), ('profile_visibility', 'Showing parts of my profile to proposed partners before a match')], max_length=40),
        ),
        migrations.RunPython(privacy_update, privacy_restore),
    ]
