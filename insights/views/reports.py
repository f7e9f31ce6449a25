"""Reports and exports for administrators and the scheme's coordinators: a page per scheme,
the funder's CSV exports and the evaluation report PDF. Anyone else gets a 404 (anonymous
visitors are sent to sign in)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.http import AuthenticatedHttpRequest
from accounts.roles import user_is_staff_member
from core.periods import PeriodForm
from schemes.rules import schemes_coordinated_by

from .. import selectors
from ..exports import EXPORTS, export_csv
from ..models import EvaluationReport
from ..report_pdf import report_pdf as draw_report_pdf


def pdf_response(report: EvaluationReport) -> HttpResponse:
    """The report as a PDF download (figures computed now)."""
    content = selectors.report_content(report=report)
    response = HttpResponse(draw_report_pdf(content), content_type="application/pdf")
    name = slugify(f"{report.scheme.slug} {report.title}") or "evaluation-report"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def reports_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The schemes whose reports and exports the user may open."""
    if not user_is_staff_member(user=request.user):
        raise Http404("No such page.")
    schemes = schemes_coordinated_by(user=request.user).order_by("name")
    return render(request, "insights/reports_index.html", {"schemes": schemes})


@login_required
def scheme_reports(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    scheme = selectors.scheme_for_reports(user=request.user, slug=slug)
    form = PeriodForm(request.GET or None)
    query = ""
    if form.is_bound and form.is_valid():
        query = request.GET.urlencode()
    exports = [
        (kind, reverse("insights:export", kwargs={"slug": scheme.slug, "kind": kind.slug}))
        for kind in EXPORTS.values()
    ]
    reports = EvaluationReport.objects.filter(scheme=scheme).order_by("-created_at", "-pk")
    context = {
        "scheme": scheme,
        "form": form,
        "query": query,
        "exports": exports,
        "reports": reports,
        "period_valid": not form.is_bound or form.is_valid(),
    }
    return render(request, "insights/reports_scheme.html", context)


@login_required
def export(request: AuthenticatedHttpRequest, slug: str, kind: str) -> HttpResponse:
    scheme = selectors.scheme_for_reports(user=request.user, slug=slug)
    if kind not in EXPORTS:
        raise Http404("No such export.")
    form = PeriodForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponseBadRequest(
            gettext("Bad period: %(errors)s") % {"errors": errors}, content_type="text/plain"
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    text = export_csv(kind=kind, scheme=scheme, start=start, end=end)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    suffix = "".join(f"-{d.isoformat()}" if d else "-all" for d in (start, end))
    name = f"{scheme.slug}-{kind}{suffix if start or end else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return pdf_response(selectors.report_for_user(user=request.user, pk=pk))
