from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CpdConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cpd"
    verbose_name = _("CPD")
