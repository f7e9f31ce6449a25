from django.urls import path

from .views import exports, records, reflections

app_name = "cpd"

urlpatterns = [
    path("", records.record, name="record"),
    path("activities/new/", records.activity_add, name="activity_add"),
    path(
        "activities/<str:source_type>/<int:source_id>/standards/",
        records.activity_standards,
        name="activity_standards",
    ),
    path("activities/<int:pk>/edit/", records.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", records.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/evidence/", records.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", records.evidence_download, name="evidence"),
    path("reflections/", reflections.reflection_list, name="reflections"),
    path("reflections/new/", reflections.reflection_create, name="reflection_create"),
    path(
        "reflections/new/session/<int:session_id>/",
        reflections.reflection_for_session,
        name="reflection_for_session",
    ),
    path(
        "reflections/new/autosave/",
        reflections.reflection_autosave,
        name="reflection_autosave_new",
    ),
    path(
        "reflections/<int:pk>/autosave/",
        reflections.reflection_autosave,
        name="reflection_autosave",
    ),
    path("reflections/<int:pk>/", reflections.reflection_detail, name="reflection"),
    path("reflections/<int:pk>/edit/", reflections.reflection_edit, name="reflection_edit"),
    path("reflections/<int:pk>/delete/", reflections.reflection_delete, name="reflection_delete"),
    path("profile/", exports.profile, name="profile"),
    path("export/", exports.export, name="export"),
    path("export/portfolio.pdf", exports.export_pdf, name="export_pdf"),
    path("export/activities.csv", exports.export_csv, name="export_csv"),
    path("certificates/<int:pk>.pdf", exports.certificate, name="certificate"),
]
