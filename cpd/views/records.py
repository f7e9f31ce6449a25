"""Member portal: the CPD record, manual activities, standards tags and evidence.

Every object is fetched through a selector scoped to the signed-in member; anyone else's
is a 404. Staff have no special access here: coordinators never read reflections.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from accounts.http import AuthenticatedHttpRequest
from core.confirm import Confirmation, confirm_page
from core.forms import apply_errors
from core.periods import PeriodForm
from core.storage import private_file_response

from .. import selectors, services
from ..forms import EvidenceForm, ManualActivityEditForm, ManualActivityForm, StandardsForm
from ..models import SourceType


def _period(request: HttpRequest) -> tuple[PeriodForm, date | None, date | None]:
    # Both dates optional: an empty one leaves that side of the period open (the record
    # shows everything when neither is given), so neither is marked required.
    form = PeriodForm(request.GET or None)
    return form, *form.period()


@login_required
def record(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, start, end = _period(request)
    activities = selectors.cpd_activities_for_user(user=request.user, start=start, end=end)
    return render(
        request,
        "cpd/record.html",
        {
            "form": form,
            "activities": activities,
            "summary": selectors.hours_summary(activities),
            "certificates": selectors.completed_relationships_for_user(user=request.user),
            "awaiting": selectors.sessions_awaiting_reflection(user=request.user)[:5],
        },
    )


@login_required
def activity_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ManualActivityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.manual_activity_create(
                user=request.user,
                title=data["title"],
                activity_type=data["activity_type"],
                role=data["role"],
                date=data["date"],
                hours=data["hours"],
                description=data["description"],
                standards=list(data["standards"]),
                evidence_file=data["evidence_file"] or None,
                evidence_description=data["evidence_description"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("The activity is added to your CPD record."))
            return redirect("cpd:record")
    return render(request, "cpd/activity_form.html", {"form": form})


@login_required
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct one of the member's own activities; the page lists its earlier versions."""
    activity = selectors.manual_activity_for_user(user=request.user, pk=pk)
    fields = ("title", "activity_type", "role", "date", "hours", "description")
    initial = {f: getattr(activity, f) for f in fields} | {"standards": activity.standards.all()}
    form = ManualActivityEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_activity_edit(
                user=request.user,
                activity=activity,
                **{f: form.cleaned_data[f] for f in fields},
                standards=list(form.cleaned_data["standards"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, gettext("The activity is saved; its earlier version is kept.")
            )
            return redirect("cpd:record")
    versions = activity.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )[1:]
    return render(
        request,
        "cpd/activity_form.html",
        {"form": form, "activity": activity, "versions": list(versions)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_standards(
    request: AuthenticatedHttpRequest, source_type: str, source_id: int
) -> HttpResponse:
    if source_type not in SourceType.values:
        raise Http404("No such activity.")
    activity = selectors.cpd_activity_for_user(
        user=request.user, source_type=source_type, source_id=source_id
    )
    form = StandardsForm(request.POST or None, initial={"standards": activity.standards})
    if request.method == "POST" and form.is_valid():
        services.activity_standards_set(
            user=request.user,
            source_type=source_type,
            source_id=source_id,
            standards=list(form.cleaned_data["standards"]),
        )
        messages.success(request, gettext("The standards are saved."))
        return redirect("cpd:record")
    return render(request, "cpd/activity_standards.html", {"form": form, "activity": activity})


@login_required
def activity_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = selectors.manual_activity_for_user(user=request.user, pk=pk)
    return confirm_page(
        request,
        Confirmation(
            title=gettext("Delete “%(title)s”?") % {"title": activity.title},
            consequence=gettext(
                "The activity, its hours and any evidence attached to it leave your "
                "CPD record, its exports and your portfolio. This cannot be undone."
            ),
            yes=gettext("Yes, delete the activity"),
            back_url=reverse("cpd:record"),
        ),
        lambda: services.manual_activity_delete(user=request.user, activity=activity),
        success=gettext("The activity is deleted."),
        done_url=reverse("cpd:record"),
    )


@login_required
def evidence_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Attach evidence to one of the member's own activities added by hand."""
    activity = selectors.manual_activity_for_user(user=request.user, pk=pk)
    posted = request.method == "POST"
    form = EvidenceForm(request.POST, request.FILES) if posted else EvidenceForm()
    if posted and form.is_valid():
        try:
            services.evidence_add(
                user=request.user,
                activity=activity,
                upload=form.cleaned_data["evidence_file"],
                description=form.cleaned_data["evidence_description"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("The evidence is added to “%(title)s”.") % {"title": activity.title},
            )
            return redirect("cpd:record")
    return render(request, "cpd/evidence_form.html", {"form": form, "activity": activity})


@login_required
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The member's own evidence file (anyone else's is a 404), streamed or, on S3, through
    a signed link that expires within a minute (core.storage)."""
    evidence = selectors.evidence_for_user(user=request.user, pk=pk)
    return private_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
