"""Exports: the PDF portfolio, the CSV of activities, the certificate of participation,
and the CPD profile written for the audit submission. (The JSON of everything a member
stored is the site's: ``mentoring_site.member_data``.)"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from accounts.http import AuthenticatedHttpRequest
from core.periods import PeriodForm

from .. import selectors, services
from ..exports import activities_csv
from ..forms import CpdProfileForm, PortfolioForm
from ..pdf import Certificate, Portfolio, certificate_pdf, portfolio_pdf


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _year_start() -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - 1) if (today.month, today.day) != (2, 29) else today


def _export_page(
    request: AuthenticatedHttpRequest,
    *,
    form: PortfolioForm | None = None,
    csv_form: PeriodForm | None = None,
) -> HttpResponse:
    """The export page, with a refused form (bound, with its errors and what was typed) in
    place of its blank one; a refusal is a 400."""
    reflections = selectors.reflections_for_export(user=request.user)
    initial = {"start": _year_start(), "end": timezone.localdate()}
    return render(
        request,
        "cpd/export.html",
        {
            "form": form or PortfolioForm(initial=initial, reflections=reflections),
            "csv_form": csv_form or PeriodForm(initial=initial, prefix="csv", required=True),
            "certificates": selectors.completed_relationships_for_user(user=request.user),
        },
        status=400 if form or csv_form else 200,
    )


@login_required
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The export page: a period and reflections for the PDF, the period for the CSV."""
    return _export_page(request)


@login_required
def export_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PortfolioForm(
        request.GET, reflections=selectors.reflections_for_export(user=request.user)
    )
    if not form.is_valid():
        return _export_page(request, form=form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    activities = selectors.cpd_activities_for_user(user=request.user, start=start, end=end)
    profile = selectors.cpd_profile_for_user(user=request.user)
    standards = list(profile.framework.standards.all()) if profile.framework else []
    document = Portfolio(
        member_name=request.user.display_name,
        start=start,
        end=end,
        activities=activities,
        summary=selectors.hours_summary(activities),
        reflections=list(form.cleaned_data["reflections"].order_by("reflected_on", "pk")),
        framework_name=profile.framework.name if profile.framework else "",
        standards=standards,
        summary_of_practice=profile.summary_of_practice,
        statements=profile.statements,
    )
    return _download(portfolio_pdf(document), "application/pdf", f"cpd-portfolio-{start}-{end}.pdf")


@login_required
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET, prefix="csv", required=True)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif any(k.startswith("csv-") for k in request.GET):
        return _export_page(request, csv_form=form)
    activities = selectors.cpd_activities_for_user(user=request.user, start=start, end=end)
    name = f"cpd-activities-{start}-{end}.csv" if start else "cpd-activities.csv"
    return _download(activities_csv(activities), "text/csv; charset=utf-8", name)


@login_required
def certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A certificate of participation in one of the member's completed relationships."""
    relationship = selectors.completed_relationship_for_user(user=request.user, pk=pk)
    member = relationship.members.get(user=request.user)
    held = [
        a
        for a in selectors.cpd_activities_for_user(user=request.user)
        if a.relationship_id == relationship.pk
    ]
    document = Certificate(
        member_name=request.user.display_name,
        role_label=member.get_role_display(),
        scheme_name=relationship.scheme.name,
        started_on=relationship.started_on,
        ended_on=relationship.ended_on,
        hours=selectors.hours_summary(held).total,
        sessions=len(held),
    )
    filename = f"certificate-{slugify(relationship.scheme.name)}-{relationship.pk}.pdf"
    return _download(certificate_pdf(document), "application/pdf", filename)


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's summary of practice and personal statement, per standard."""
    current = selectors.cpd_profile_for_user(user=request.user)
    framework = current.framework
    if request.method == "POST":
        chosen = CpdProfileForm(request.POST, framework=None)
        if chosen.is_valid():
            framework = chosen.cleaned_data["framework"]
    initial = {
        "framework": current.framework,
        "summary_of_practice": current.summary_of_practice,
        **{f"statement_{k}": v for k, v in current.statements.items()},
    }
    form = CpdProfileForm(request.POST or None, framework=framework, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.cpd_profile_save(
            user=request.user,
            framework=form.cleaned_data["framework"],
            summary_of_practice=form.cleaned_data["summary_of_practice"],
            statements=form.statements(),
        )
        messages.success(request, "Your CPD profile is saved.")
        return redirect("cpd:profile")
    return render(request, "cpd/profile_form.html", {"form": form})
