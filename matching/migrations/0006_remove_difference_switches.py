from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("matching", "0005_difference_rules"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='matchingsettings',
            name='forbid_same_organisation',
        ),
        migrations.RemoveField(
            model_name='matchingsettings',
            name='prefer_different_country',
        ),
        migrations.RemoveField(
            model_name='matchingsettings',
            name='prefer_different_organisation',
        ),
    ]
