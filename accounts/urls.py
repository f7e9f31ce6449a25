from django.urls import path

from . import erasure_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("contact/", views.contact_settings, name="contact"),
    path("delete-account/", erasure_views.erasure_request, name="erasure"),
    path("time-zone/", views.time_zone_set, name="time_zone"),
    path("email-preferences/", views.email_preferences, name="email_preferences"),
    path("invitation/<str:uidb64>/<str:token>/", views.invitation_accept, name="invitation"),
    path("two-factor/", views.mfa_enrol, name="mfa_enrol"),
    path("two-factor/confirm/<str:token>/", views.mfa_enrol_confirm, name="mfa_enrol_confirm"),
    path(
        "email-preferences/<str:token>/",
        views.email_preferences_by_token,
        name="email_preferences_token",
    ),
]
