from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .languages import language_remember_at_login
        from .site import site_from_settings
        from .zones import zone_remember_at_login

        user_logged_in.connect(zone_remember_at_login, dispatch_uid="accounts.zone_at_login")
        user_logged_in.connect(
            language_remember_at_login, dispatch_uid="accounts.language_at_login"
        )

        # Sent after every migrate, once per app: this app's comes after the sites app's,
        # which creates the default row (example.com) that this then corrects.
        post_migrate.connect(site_from_settings, sender=self)
