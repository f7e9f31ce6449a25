from django.urls import path  # noqa: F401

from .views import dashboard, digest, reports

app_name = "insights"

urlpatterns: list = [
    # --- dashboard (insights.views.dashboard) ---
    path("", dashboard.dashboard, name="dashboard"),
    path("<slug:table>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("schemes/<slug:slug>/", dashboard.dashboard, name="dashboard_scheme"),
    path(
        "schemes/<slug:slug>/<slug:table>.csv",
        dashboard.dashboard_csv,
        name="dashboard_scheme_csv",
    ),
    # --- the coordinator's own digest (insights.views.digest) ---
    path("digest/", digest.digest, name="digest"),
    # --- reports and exports (insights.views.reports) ---
    path("reports/", reports.reports_index, name="reports_index"),
    path("reports/<int:pk>.pdf", reports.report_pdf, name="report_pdf"),
    path("schemes/<slug:slug>/reports/", reports.scheme_reports, name="scheme_reports"),
    path("schemes/<slug:slug>/reports/<str:kind>.csv", reports.export, name="export"),
]
