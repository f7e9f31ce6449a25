from django.urls import path

from .views import calendar, feedback, flash, messages, plan, relationships, sessions

app_name = "sessions_log"

urlpatterns = [
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/replace/", calendar.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("flash/<slug:slug>/", flash.directory, name="flash_directory"),
    path("flash/<slug:slug>/book/<int:pk>/", flash.book, name="flash_book"),
    path("flash/<slug:slug>/slots/", flash.slots, name="flash_slots"),
    path("flash/slots/<int:pk>/withdraw/", flash.withdraw, name="flash_withdraw"),
    path("flash/slots/<int:pk>/cancel/", flash.cancel, name="flash_cancel"),
    path("<int:pk>/", relationships.relationship_detail, name="relationship"),
    path("<int:pk>/sessions/add/", sessions.session_add, name="session_add"),
    path("<int:pk>/sessions/<int:number>/plan/", sessions.session_plan, name="session_plan"),
    path("<int:pk>/sessions/<int:number>/target/", sessions.session_target, name="session_target"),
    path("<int:pk>/sessions/<int:number>/log/", sessions.session_log, name="session_log"),
    path("<int:pk>/sessions/<int:number>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("<int:pk>/messages/", messages.conversation, name="messages"),
    path("<int:pk>/messages/<int:message_pk>/report/", messages.report, name="message_report"),
    path("<int:pk>/sessions/<int:number>/invite.ics", sessions.session_ics, name="session_ics"),
    path("<int:pk>/expectations/add/", plan.expectation_add, name="expectation_add"),
    path(
        "<int:pk>/expectations/<int:expectation_pk>/ask/",
        plan.expectation_ask,
        name="expectation_ask",
    ),
    path(
        "<int:pk>/expectations/<int:expectation_pk>/clarify/",
        plan.expectation_clarify,
        name="expectation_clarify",
    ),
    path(
        "<int:pk>/expectations/<int:expectation_pk>/decide/",
        plan.expectation_decide,
        name="expectation_decide",
    ),
    path("<int:pk>/goals/add/", plan.goal_add, name="goal_add"),
    path("<int:pk>/goals/<int:goal_pk>/review/", plan.goal_review, name="goal_review"),
    path("<int:pk>/goals/<int:goal_pk>/edit/", plan.goal_edit, name="goal_edit"),
    path("<int:pk>/actions/add/", plan.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/done/", plan.action_done, name="action_done"),
    path("<int:pk>/end/", relationships.end_early, name="end_early"),
    path("<int:pk>/concern/", relationships.concern, name="concern"),
    path("<int:pk>/complete/", relationships.complete, name="complete"),
    path("<int:pk>/pause/", relationships.pause, name="pause"),
    path("<int:pk>/rematch/", relationships.rematch, name="rematch"),
    path("<int:pk>/facilitator/", relationships.facilitator_answer, name="facilitator_answer"),
    path("<int:pk>/ratings/<str:phase>/", feedback.ratings, name="ratings"),
    path("<int:pk>/feedback/", feedback.feedback, name="feedback"),
]
