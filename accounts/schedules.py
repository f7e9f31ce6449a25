"""Copy the default periodic schedules into django-celery-beat, where admins edit them."""

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask


@transaction.atomic
def schedules_sync() -> list[str]:
    """Create missing PeriodicTask rows from DEFAULT_PERIODIC_TASKS; return the names created."""
    created = []
    for name, entry in settings.DEFAULT_PERIODIC_TASKS.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        # The stored crontab with the same fields and time zone (Celery's, CELERY_TIMEZONE),
        # or a new one.
        crontab = CrontabSchedule.from_schedule(entry["schedule"])
        if crontab.pk is None:
            crontab.save()
        PeriodicTask.objects.create(name=name, task=entry["task"], crontab=crontab)
        created.append(name)
    return created
