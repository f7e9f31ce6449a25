"""The scheme-health dashboard: every figure as a chart, a table and a CSV download.

Administrators see every scheme, coordinators their own schemes (``schemes_coordinated_by``);
a signed-in member who is not staff gets a 404, as does a coordinator asking for another
coordinator's scheme; anonymous visitors are sent to sign in.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language

from accounts.http import AuthenticatedHttpRequest
from accounts.roles import user_is_administrator, user_is_staff_member
from core.periods import PeriodForm
from core.spreadsheets import neutralise
from schemes.models import Scheme
from schemes.rules import schemes_coordinated_by

from .. import charts
from ..metrics import COHORT_DEFINITION, SLUGS, Table, scheme_health, scheme_health_table


def _visible_schemes(request: HttpRequest) -> QuerySet[Scheme]:
    if not user_is_staff_member(user=request.user):
        raise Http404("No such page.")
    return schemes_coordinated_by(user=request.user)


def _scope(request: HttpRequest, slug: str | None) -> tuple[QuerySet[Scheme], Scheme | None]:
    """The schemes the figures are about, and the one scheme when a slug is given (or 404)."""
    visible = _visible_schemes(request)
    if slug is None:
        return visible, None
    scheme = visible.filter(slug=slug).first()
    if scheme is None:
        raise Http404("No such scheme.")
    return Scheme.objects.filter(pk=scheme.pk), scheme


def _cohort(request: HttpRequest) -> tuple[PeriodForm, date | None, date | None]:
    chosen = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if chosen else None, noun="cohort")
    return form, *form.period()


def _query(start: date | None, end: date | None) -> str:
    parts = [f"start={start.isoformat()}" if start else "", f"end={end.isoformat()}" if end else ""]
    joined = "&".join(p for p in parts if p)
    return f"?{joined}" if joined else ""


def chart_svg(table: Table) -> str:
    """The table's chart, drawn once per distinct content and language (drawing takes a few
    tenths of a second; the cached value holds only what the table itself holds)."""
    digest = hashlib.sha256(repr(table).encode()).hexdigest()
    key = f"insights:svg:{charts.STYLE_VERSION}:{get_language()}:{digest}"
    drawn = cache.get(key)
    if drawn is None:
        drawn = charts.svg(table)
        cache.set(key, drawn, 60 * 60 * 24)
    return drawn


@login_required
def dashboard(request: AuthenticatedHttpRequest, slug: str | None = None) -> HttpResponse:
    """Every figure for the schemes the user may see, or for one of them."""
    schemes, scheme = _scope(request, slug)
    form, start, end = _cohort(request)
    context: dict[str, Any] = {
        "form": form,
        "scheme": scheme,
        "every_scheme": user_is_administrator(user=request.user),
        "cohort_definition": COHORT_DEFINITION,
        "scheme_list": list(_visible_schemes(request).order_by("name").values("name", "slug")),
        "query": _query(start, end),
        "start": start,
        "end": end,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "insights/dashboard.html", {**context, "figures": []}, status=400)
    tables = scheme_health(schemes=schemes, start=start, end=end)
    context["figures"] = [{"table": t, "svg": chart_svg(t)} for t in tables]
    return render(request, "insights/dashboard.html", context)


def table_csv(table: Table) -> str:
    """The table as CSV: numbers as they are, text cells guarded against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.rows:
        writer.writerow(
            ["" if v is None else v if isinstance(v, int | float) else neutralise(v) for v in row]
        )
    return buffer.getvalue()


@login_required
def dashboard_csv(
    request: AuthenticatedHttpRequest, table: str, slug: str | None = None
) -> HttpResponse:
    """One figure's data as a CSV download (same scope and cohort as the page)."""
    schemes, scheme = _scope(request, slug)
    if table not in SLUGS:
        raise Http404("No such figure.")
    form, start, end = _cohort(request)
    if form.is_bound and not form.is_valid():
        errors = " ".join(str(m) for messages in form.errors.values() for m in messages)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    data = scheme_health_table(slug=table, schemes=schemes, start=start, end=end)
    response = HttpResponse(table_csv(data), content_type="text/csv; charset=utf-8")
    name = slugify(f"{scheme.slug if scheme else 'all-schemes'} {table}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
