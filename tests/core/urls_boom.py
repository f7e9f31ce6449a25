"""A URL whose view fails after reading what a member typed (for the error-reporting test)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def failing_view(request: HttpRequest) -> HttpResponse:
    note = request.POST.get("notes", "")  # a local variable holding the member's words
    raise RuntimeError(f"saving failed ({len(note)} characters)")


urlpatterns = [path("boom/", failing_view)]
