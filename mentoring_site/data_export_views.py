"""The member's data page (ask for the full package; the JSON at once) and the package's
download, which only its owner can open, until it expires. Everybody else, staff
included, gets the same 404 as for a link that never existed."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AuthenticatedHttpRequest
from accounts.models import DataExport, DataExportStatus

from .data_export import data_export_request

GONE = gettext_lazy(
    "This download link has expired and the file has been deleted. You can ask for a new "
    "copy of your data below."
)
NOT_READY = gettext_lazy(
    "Your data is still being prepared: we will email you a link when it is ready."
)


@login_required
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the member's packages and what is in them; POST: ask for a new package."""
    if request.method == "POST":
        try:
            data_export_request(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "We are preparing your data. We will email you a link to download it, "
                    "usually within a few minutes."
                ),
            )
        return redirect("my_data")
    exports = DataExport.objects.filter(user=request.user).order_by("-requested_at", "-pk")[:5]
    return render(request, "member_data/my_data.html", {"exports": exports})


@login_required
def data_export_download(request: AuthenticatedHttpRequest, token: UUID) -> HttpResponseBase:
    """The package, to its owner only (404 for anyone else); 410 once it has expired."""
    export = DataExport.objects.filter(token=token, user=request.user).first()
    if export is None:
        raise Http404
    if export.is_downloadable and export.file:
        return FileResponse(export.file.open("rb"), as_attachment=True, filename="my-data.zip")
    message = NOT_READY if export.status == DataExportStatus.PENDING else GONE
    status = 409 if export.status == DataExportStatus.PENDING else 410
    return render(request, "member_data/gone.html", {"message": message}, status=status)
