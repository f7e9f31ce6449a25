"""Builders for the member-led matching tests: a scheme that takes requests, its mentors."""

from __future__ import annotations

from matching.models import MatchingMode
from matching.services.settings import matching_settings_create
from tests.factories import SchemeFactory


def member_led_scheme(*, approval: bool = False, max_requests: int = 3, **kwargs):
    scheme = SchemeFactory(**kwargs)
    settings = matching_settings_create(scheme=scheme)
    settings.matching_mode = MatchingMode.MEMBER_LED
    settings.requests_need_approval = approval
    settings.max_requests = max_requests
    settings.full_clean()
    settings.save()
    return scheme
