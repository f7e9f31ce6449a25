from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.flatpages.views import flatpage
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from accounts.password_reset import password_reset, password_reset_done
from core.health import HealthView
from cpd.views.exports import verify_certificate

from .consents import consents
from .dashboard import member_dashboard
from .data_export_views import data_export_download, my_data
from .member_data import member_data_download

admin.autodiscover()
# Staff sign in through allauth, so rate limits and two-factor authentication apply (allauth's
# documented wrap of the admin login view, which the stubs type as a method).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = format_lazy(_("{site}: administration"), site=settings.SITE_NAME)
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Schemes, matching, relationships and CPD")


handler500 = "mentoring_site.errors.server_error"

urlpatterns = [
    path("", include("schemes.urls")),
    path("portal/", member_dashboard, name="dashboard"),
    # The translations the scripts in static/js use (gettext in the browser).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("portal/", include("accounts.urls")),
    path("portal/matches/", include("matching.urls")),
    path("portal/relationships/", include("sessions_log.urls")),
    path("portal/cpd/export/my-data.json", member_data_download, name="member_data"),
    path("portal/my-data/", my_data, name="my_data"),
    path("portal/my-data/<uuid:token>/", data_export_download, name="data_export_download"),
    path("portal/consents/", consents, name="consents"),
    path("portal/cpd/", include("cpd.urls")),
    path("verify/", verify_certificate, name="verify_certificate_lookup"),
    path("verify/<str:code>/", verify_certificate, name="verify_certificate"),
    path("dashboard/", include("insights.urls")),
    # allauth's reset views, with its per-address cap answered like a sent email (no lock-out)
    path("accounts/password/reset/", password_reset, name="account_reset_password"),
    path("accounts/password/reset/done/", password_reset_done, name="account_reset_password_done"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", HealthView.as_view(), name="healthz"),
    # Edited by administrators in the admin (Flat pages); defaults from accounts migration 0007
    path("privacy/", flatpage, {"url": "/privacy/"}, name="privacy"),
    path("accessibility/", flatpage, {"url": "/accessibility/"}, name="accessibility"),
]
