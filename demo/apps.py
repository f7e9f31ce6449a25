from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seeding (``manage.py seed_demo``): above every app, imported by none."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
