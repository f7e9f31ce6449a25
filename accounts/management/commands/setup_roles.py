from django.core.management.base import BaseCommand

from accounts.roles import coordinator_group


class Command(BaseCommand):
    help = "Create or refresh the Coordinators group and its permissions."

    def handle(self, *args, **options):
        group = coordinator_group()
        self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
