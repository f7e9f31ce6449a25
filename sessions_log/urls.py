from django.urls import path

from . import views

app_name = "sessions_log"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.relationship_detail, name="relationship"),
    path("<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("<int:pk>/sessions/<int:number>/plan/", views.session_plan, name="session_plan"),
    path("<int:pk>/sessions/<int:number>/target/", views.session_target, name="session_target"),
    path("<int:pk>/sessions/<int:number>/log/", views.session_log, name="session_log"),
    path("<int:pk>/sessions/<int:number>/invite.ics", views.session_ics, name="session_ics"),
    path("<int:pk>/expectations/add/", views.expectation_add, name="expectation_add"),
    path(
        "<int:pk>/expectations/<int:expectation_pk>/ask/",
        views.expectation_ask,
        name="expectation_ask",
    ),
    path(
        "<int:pk>/expectations/<int:expectation_pk>/clarify/",
        views.expectation_clarify,
        name="expectation_clarify",
    ),
    path(
        "<int:pk>/expectations/<int:expectation_pk>/decide/",
        views.expectation_decide,
        name="expectation_decide",
    ),
    path("<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("<int:pk>/goals/<int:goal_pk>/review/", views.goal_review, name="goal_review"),
    path("<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/end/", views.end_early, name="end_early"),
    path("<int:pk>/concern/", views.concern, name="concern"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/rematch/", views.rematch, name="rematch"),
    path("<int:pk>/ratings/<str:phase>/", views.ratings, name="ratings"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
]
