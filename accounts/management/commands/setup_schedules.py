from django.core.management.base import BaseCommand

from accounts.schedules import schedules_sync


class Command(BaseCommand):
    help = (
        "Create the periodic tasks of settings.DEFAULT_PERIODIC_TASKS in django-celery-beat "
        "(existing ones, possibly edited by an administrator, are left as they are)."
    )

    def handle(self, *args, **options):
        created = schedules_sync()
        self.stdout.write(f"Periodic tasks created: {len(created)} ({', '.join(created) or '-'})")
