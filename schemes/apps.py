from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchemesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schemes"
    verbose_name = _("Schemes")
