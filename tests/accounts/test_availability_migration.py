"""The data migration from the four coarse buckets to weekly windows, both ways."""

import importlib

from django.apps import apps

from accounts.models import Profile
from tests.factories import ProfileFactory

migration = importlib.import_module("accounts.migrations.0013_profile_availability_windows")


def test_buckets_become_windows_in_the_members_zone_and_back(db):
    old = ProfileFactory(availability=["weekday_evening", "weekend"], timezone="Asia/Kolkata")
    blank = ProfileFactory(availability=[])
    windows = ProfileFactory(availability=["tue 18:00-20:00"])
    migration.buckets_to_windows(apps, None)
    assert dict(Profile.objects.values_list("pk", "availability")) == {
        old.pk: [
            "mon 18:00-21:00",
            "tue 18:00-21:00",
            "wed 18:00-21:00",
            "thu 18:00-21:00",
            "fri 18:00-21:00",
            "sat 10:00-17:00",
            "sun 10:00-17:00",
        ],
        blank.pk: [],
        windows.pk: ["tue 18:00-20:00"],
    }
    migration.windows_to_buckets(apps, None)
    assert dict(Profile.objects.values_list("pk", "availability")) == {
        old.pk: ["weekday_evening", "weekend"],
        blank.pk: [],
        windows.pk: [],
    }
