from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsLogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sessions_log"
    verbose_name = _("Relationships and sessions")
