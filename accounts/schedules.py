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
        cron = entry["schedule"]
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=cron._orig_minute,
            hour=cron._orig_hour,
            day_of_week=cron._orig_day_of_week,
            day_of_month=cron._orig_day_of_month,
            month_of_year=cron._orig_month_of_year,
            timezone=settings.CELERY_TIMEZONE,
        )
        PeriodicTask.objects.create(name=name, task=entry["task"], crontab=crontab)
        created.append(name)
    return created
