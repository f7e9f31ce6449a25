"""A member's export of everything stored about them (their data-portability copy).

Each app contributes the part it owns (``<app>.member_data.member_data``: the app's own
models, as Python values); this module, at the top of the layers, puts the parts together
as plain JSON and serves the download.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.utils import timezone

from accounts import member_data as accounts_part
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from cpd import member_data as cpd_part
from insights import member_data as insights_part
from matching import member_data as matching_part
from schemes import member_data as schemes_part
from sessions_log import member_data as sessions_log_part

#: Every app's part, in the order the export shows them. Each module declares the models
#: it exports (``EXPORTED``) and those it leaves out with the reason (``NOT_EXPORTED``):
#: ``tests/test_member_data_graph.py`` checks them against the model graph.
PART_MODULES = (
    accounts_part,
    schemes_part,
    matching_part,
    sessions_log_part,
    cpd_part,
    insights_part,
)
PARTS: tuple[Callable[..., dict[str, Any]], ...] = tuple(m.member_data for m in PART_MODULES)


def plain(value: Any) -> Any:
    """``value`` with dates as ISO 8601 text and decimals as text, at any depth."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def member_data_values(*, user: User) -> dict[str, Any]:
    """Everything the member has stored, part by part, as Python values (dates as dates:
    what the readable summary formats for people)."""
    data: dict[str, Any] = {"exported_at": timezone.now()}
    for part in PARTS:
        data.update(part(user=user))
    return data


def member_data(*, user: User) -> dict[str, Any]:
    """Everything the member has stored, part by part, as plain data (a constant number of
    queries)."""
    return plain(member_data_values(user=user))


def member_files(*, user: User) -> Iterator[tuple[str, FieldFile]]:
    """The files of the member's package beside the data (their photo, their evidence),
    each with the place the data names it by: every part's ``member_files``, if it has one."""
    for module in PART_MODULES:
        files = getattr(module, "member_files", None)
        if files is not None:
            yield from files(user=user)


@login_required
def member_data_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in member's data as a JSON download, at once (the full package with the
    readable summaries is prepared in the background: ``data_export``)."""
    user = request.user
    data = json.dumps(member_data(user=user), indent=2, ensure_ascii=False)
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
