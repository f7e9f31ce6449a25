"""The request of a view behind ``login_required``, for the type checker: its user is a
``User``, never ``AnonymousUser`` (django-stubs' ``AuthenticatedHttpRequest``)."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
