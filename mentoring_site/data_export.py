"""The member's package of everything held about them: asked for on their data page,
prepared in the background (Celery: ``mentoring_site.build_data_export``) and emailed as a
link that only they can open, until it expires (``settings.DATA_EXPORT_DAYS``).

The package is a zip file of the export as JSON (``member_data.member_data``, every app's
part), a readable HTML summary, the same summary as a PDF (drawn with
``core.pdf.Document``; both made readable by ``data_export_readable``) and the member's
files (``member_data.member_files``: the profile photo, the CPD evidence under
``cpd-evidence/``), each where the JSON names it. The file is stored
under an unguessable name and served only by ``data_export_views.data_export_download``;
``accounts.data_exports.data_exports_purge`` deletes it when it expires.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import zipfile
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.languages import language_of, language_or_default
from accounts.models import DataExport, DataExportStatus, NotificationKind, User
from accounts.zones import zone_name_of, zone_or_default
from core.pdf import Document

from .data_export_readable import Line, summary_sections, when
from .member_data import member_data_values, member_files, plain

logger = logging.getLogger(__name__)

#: A request while one is still being prepared (younger than this) is refused.
PENDING_FOR = timedelta(hours=1)
TITLE = _("Everything we hold about you")
#: The package is built in memory up to this size, then in a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK = 1024 * 1024


def summary_html(*, data: dict[str, Any], user: User) -> str:
    """The readable summary as a standalone HTML page (``data``: Python values)."""
    return render_to_string(
        "member_data/summary.html",
        {
            "title": TITLE,
            "name": user.display_name,
            "exported_at": when(data["exported_at"]),
            "sections": summary_sections(data),
        },
    )


def _pdf_lines(pdf: Document, item: list[Line], depth: int = 0) -> None:
    indent = "    " * depth
    for line in item:
        text = f"{line.label}: {line.text}" if line.label and line.text else line.label
        pdf.para(f"{indent}{text or line.text}", size=9)
        for child in line.children:
            pdf.para(f"{indent}  •", size=9)
            _pdf_lines(pdf, child, depth + 1)


def summary_pdf(*, data: dict[str, Any], user: User) -> bytes:
    """The readable summary as a PDF (every script, through ``core.pdf.Document``)."""
    title = str(TITLE)
    pdf = Document(
        footer_text=gettext("%(title)s: %(name)s") % {"title": title, "name": user.display_name}
    )
    pdf.add_page()
    pdf.heading(title, size=18)
    pdf.para(
        gettext("%(name)s, exported %(exported_at)s")
        % {"name": user.display_name, "exported_at": when(data["exported_at"])}
    )
    for section in summary_sections(data):
        pdf.heading(section.title, size=12)
        for item in section.items:
            _pdf_lines(pdf, item)
            pdf.ln(2)
    return bytes(pdf.output())


def package_write(*, user: User, into: IO[bytes]) -> None:
    """Write the zip file into ``into``: the export as JSON, the HTML and PDF summaries,
    and the member's files (photo, evidence) where the data names them, each copied in
    chunks (a large evidence file is never read into memory whole)."""
    values = member_data_values(user=user)
    with zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(plain(values), indent=2, ensure_ascii=False))
        archive.writestr("my-data.html", summary_html(data=values, user=user))
        archive.writestr("my-data.pdf", summary_pdf(data=values, user=user))
        for name, stored in member_files(user=user):
            _copy(archive, name, stored)


def _copy(archive: zipfile.ZipFile, name: str, stored: FieldFile) -> None:
    try:
        source = stored.open("rb")
    except OSError:  # gone from storage: the data still lists it
        logger.warning("A file of %s's data export is missing from storage: %s", archive, name)
        return
    with source, archive.open(name, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, CHUNK)


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Ask for a package of ``user``'s data (``user`` themselves: nobody asks for another).
    Refused while one asked for in the last hour is still being prepared. Side effects: on
    commit, the Celery task that prepares it and emails the link."""
    from .tasks import build_data_export

    since = timezone.now() - PENDING_FOR
    if DataExport.objects.filter(
        user=user, status=DataExportStatus.PENDING, requested_at__gte=since
    ).exists():
        raise ValidationError(
            gettext(
                "Your data is already being prepared: we will email you a link when it is ready."
            )
        )
    export = DataExport.objects.create(user=user)
    transaction.on_commit(lambda: build_data_export.delay(export_id=export.pk))
    return export


def data_export_build(*, export_id: int) -> DataExport:
    """Prepare a requested package, store it and email its link (once: a retried task finds
    it ready and does nothing). Side effects: a file in storage, an email."""
    export = DataExport.objects.select_related("user").get(pk=export_id)
    if export.status != DataExportStatus.PENDING:
        return export
    user = export.user
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as content:
        try:
            # The summaries in the member's language and zone (the site's when unchosen).
            with (
                translation.override(language_or_default(language_of(user))),
                timezone.override(zone_or_default(zone_name_of(user))),
            ):
                package_write(user=user, into=content)
        except Exception:
            # Marked failed, so the member may ask again at once (the purge clears it).
            DataExport.objects.filter(pk=export.pk).update(status=DataExportStatus.FAILED)
            raise
        content.seek(0)
        _store(export, File(content))
    return export


def _store(export: DataExport, content: File) -> None:
    """Store the package and email its link, unless the member was erased (their packages
    deleted) while it was being prepared: then nothing is stored or sent."""
    with transaction.atomic():
        # Locked: an erasure that deleted the row waits for this, or this for it.
        current = (
            DataExport.objects.select_for_update(of=("self",))
            .filter(pk=export.pk, status=DataExportStatus.PENDING, user__erased_at=None)
            .first()
        )
        if current is None:
            return
        export.file.save(f"{export.token}/my-data.zip", content, save=False)
        try:
            now = timezone.now()
            export.status = DataExportStatus.READY
            export.ready_at = now
            export.expires_at = now + timedelta(days=settings.DATA_EXPORT_DAYS)
            export.save(update_fields=["file", "status", "ready_at", "expires_at"])
            notify(
                kind=NotificationKind.DATA_EXPORT,
                key=f"export:{export.pk}",
                template="data_export_ready",
                context={
                    "url": absolute_url(reverse("data_export_download", args=[export.token])),
                    "requested_at": export.requested_at,
                    "expires_at": export.expires_at,
                },
                user=export.user,
            )
        except Exception:
            export.file.delete(save=False)  # the row is rolled back: no file without one
            raise
