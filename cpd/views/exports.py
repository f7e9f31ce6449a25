"""Exports: the PDF portfolio, the CSV of activities, the certificate of participation,
and the CPD profile written for the audit submission. (The JSON of everything a member
stored is the site's: ``mentoring_site.member_data``.)"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from accounts.http import AuthenticatedHttpRequest
from core.periods import PeriodForm

from .. import selectors, services
from ..exports import activities_csv
from ..forms import CpdProfileForm, PortfolioForm
from ..pdf import Certificate, Portfolio, certificate_pdf, portfolio_pdf

PORTFOLIO_YEARS = 2  # the HCPC audits the two years before the audit date


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _period_start() -> date:
    """The default start: two years before today (the HCPC's audit period); 29 February
    becomes 1 March."""
    today = timezone.localdate()
    if (today.month, today.day) == (2, 29):
        return date(today.year - PORTFOLIO_YEARS, 3, 1)
    return today.replace(year=today.year - PORTFOLIO_YEARS)


def _export_page(
    request: AuthenticatedHttpRequest,
    *,
    form: PortfolioForm | None = None,
    csv_form: PeriodForm | None = None,
) -> HttpResponse:
    """The export page, with a refused form (bound, with its errors and what was typed) in
    place of its blank one; a refusal is a 400."""
    reflections = selectors.reflections_for_export(user=request.user)
    initial = {"start": _period_start(), "end": timezone.localdate()}
    return render(
        request,
        "cpd/export.html",
        {
            "form": (form or PortfolioForm(initial=initial, reflections=reflections)).for_page(),
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
    member = getattr(request.user, "profile", None)
    document = Portfolio(
        member_name=request.user.display_name,
        start=start,
        end=end,
        activities=activities,
        summary=selectors.hours_summary(activities),
        reflections=list(form.cleaned_data["reflections"].order_by("reflected_on", "pk")),
        framework_name=profile.framework.name if profile.framework else "",
        standards=list(profile.framework.standards.all()) if profile.framework else [],
        summary_of_practice=profile.summary_of_practice,
        statements=profile.statements,
        profession=member.profession if member else "",
        registration_number=member.registration_number if member else "",
        body=settings.SITE_NAME,
        prepared_on=timezone.localdate(),
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
    issued = services.certificate_issue(
        user=request.user,
        relationship=relationship,
        member_name=request.user.display_name,
        role_label=member.get_role_display(),
        hours=selectors.hours_summary(held).total,
        sessions=len(held),
    )
    document = Certificate(
        member_name=issued.member_name,
        role_label=issued.role_label,
        scheme_name=issued.scheme_name,
        started_on=issued.started_on,
        ended_on=issued.ended_on,
        hours=issued.hours,
        sessions=issued.sessions,
        body=settings.SITE_NAME,
        code=issued.code,
        verify_url=request.build_absolute_uri(reverse("verify_certificate", args=[issued.code])),
        issued_on=issued.issued_on,
    )
    filename = f"certificate-{slugify(relationship.scheme.name)}-{relationship.pk}.pdf"
    return _download(certificate_pdf(document), "application/pdf", filename)


@never_cache
def verify_certificate(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public: anyone holding a certificate checks its code (in the address, or typed into
    the form at /verify/). Shows only what the certificate prints (name, scheme, dates,
    hours); an unknown code says so, with a 404."""
    typed = "".join(c for c in request.GET.get("code", "") if c.isalnum() or c == "-")
    if not code and typed:
        return redirect("verify_certificate", code=typed[:40])
    issued = selectors.certificate_by_code(code=code) if code else None
    return render(
        request,
        "cpd/verify_certificate.html",
        {"issued": issued, "code": code, "body": settings.SITE_NAME},
        status=404 if code and issued is None else 200,
    )


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
        messages.success(request, gettext("Your CPD profile is saved."))
        return redirect("cpd:profile")
    member = getattr(request.user, "profile", None)
    details = ", ".join(
        part
        for part in (
            member.profession if member else "",
            gettext("registration number %(registration_number)s")
            % {"registration_number": member.registration_number}
            if member and member.registration_number
            else "",
        )
        if part
    )
    return render(request, "cpd/profile_form.html", {"form": form, "profile_details": details})
