from django.urls import path

from . import subscription_views, views

app_name = "schemes"

urlpatterns = [
    path("", views.home, name="home"),
    path("schemes/<slug:slug>/", views.scheme_detail, name="detail"),
    path("schemes/<slug:slug>/apply/", views.application_start, name="apply"),
    path(
        "schemes/<slug:slug>/stop-emails/",
        subscription_views.subscription_stop,
        name="subscription_stop",
    ),
    path("portal/applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "portal/applications/<int:pk>/autosave/",
        views.application_autosave,
        name="application_autosave",
    ),
    path(
        "portal/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("portal/events/", views.my_events, name="my_events"),
    path("portal/events/<int:pk>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("portal/events/<int:pk>/calendar.ics", views.event_calendar_file, name="event_ics"),
    path("portal/applications/<int:pk>/preparation/", views.preparation, name="preparation"),
    path(
        "news/unsubscribe/<str:token>/",
        subscription_views.news_unsubscribe,
        name="news_unsubscribe",
    ),
    path(
        "news/confirm/<str:token>/",
        subscription_views.subscription_confirm,
        name="subscription_confirm",
    ),
]
