from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/choose/", views.shortlist_choose, name="choose"),
    path("<int:pk>/none-suit/", views.shortlist_none_suit, name="none_suit"),
]
