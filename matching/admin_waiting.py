"""The admin's "Applicants waiting" page: every accepted applicant not yet matched, against
their scheme's target window, with where an open proposal of theirs stands, and the schemes'
time to match. Part of ``MatchingRunAdmin`` (its URLs name it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from accounts.http import AuthenticatedHttpRequest
from schemes.rules import schemes_coordinated_by

from . import selectors
from .models import MatchingRun

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    _Admin = ModelAdmin[MatchingRun]
else:
    _Admin = object

WAITING_PER_PAGE = 100


class WaitingAdminMixin(_Admin):
    """The waiting view of ``MatchingRunAdmin``: the schemes the user coordinates."""

    def waiting_view(self, request: AuthenticatedHttpRequest) -> HttpResponse:
        if not request.user.has_perm("matching.view_matchingrun"):
            raise PermissionDenied
        schemes = schemes_coordinated_by(user=request.user)
        only_late = request.GET.get("all") != "1"
        page = Paginator(
            selectors.waiting_applicants(schemes=schemes, only_late=only_late), WAITING_PER_PAGE
        ).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Applicants waiting for a match"),
            "opts": self.model._meta,
            "only_late": only_late,
            "rows": page,
            "entries": selectors.with_open_proposals(page),
            "figures": selectors.time_to_match(schemes=schemes),
        }
        return TemplateResponse(request, "matching/admin/waiting.html", context)
