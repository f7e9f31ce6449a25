"""The world's member-led scheme: E (an accepted mentee) asks O (an accepted mentor) from the
directory, with a message only the two of them read (never staff, the administrator
included); the request goes through the matching service."""

from __future__ import annotations

from matching import services as matching_services
from schemes.models import Role
from tests.matching.factories import accepted
from tests.matching.member_led import member_led_scheme


def build_requests(*, coord, mentee, other_mentor, message: str) -> dict:
    scheme = member_led_scheme(name="Scheme Directory", slug="directory", coordinators=[coord])
    mentee_app = accepted(scheme, user=mentee)
    mentor_app = accepted(scheme, role=Role.MENTOR, user=other_mentor, capacity=2)
    request = matching_services.mentor_request_create(
        mentee_application=mentee_app, mentor_application=mentor_app, message=message
    )
    return {
        "scheme_directory": scheme,
        "directory_mentor": mentor_app,
        "mentor_request": request,
    }
