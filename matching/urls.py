from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/choose/", views.shortlist_choose, name="choose"),
    path("people/<int:user_id>/photo/", views.profile_photo, name="profile_photo"),
    path("schemes/<int:scheme_pk>/directory/", views.mentor_directory, name="directory"),
    path(
        "schemes/<int:scheme_pk>/directory/<int:pk>/request/",
        views.mentor_request,
        name="request",
    ),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("<int:pk>/none-suit/", views.shortlist_none_suit, name="none_suit"),
]
