"""The member's package of everything held about them: asked for on their data page,
prepared in the background (Celery: ``mentoring_site.build_data_export``) and emailed as a
link that only they can open, until it expires (``settings.DATA_EXPORT_DAYS``).

The package is a zip file of the export as JSON (``member_data.member_data``, every app's
part), a readable HTML summary, the same summary as a PDF (drawn with
``core.pdf.Document``) and the member's profile photo if they have one. The file is stored
under an unguessable name and served only by ``data_export_views.data_export_download``;
``accounts.data_exports.data_exports_purge`` deletes it when it expires.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.emails.links import absolute_url
from accounts.emails.outbox import notify
from accounts.languages import language_of, language_or_default
from accounts.models import DataExport, DataExportStatus, NotificationKind, Profile, User
from core.pdf import Document

from .member_data import member_data

#: A request while one is still being prepared (younger than this) is refused.
PENDING_FOR = timedelta(hours=1)
TITLE = _("Everything we hold about you")


@dataclass
class Section:
    """One part of the readable summary: a heading and its items, each a list of
    (label, text) lines."""

    title: str
    items: list[list[tuple[str, str]]] = field(default_factory=list)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value: Any) -> str:
    """A value as readable text (nested records on lines of their own)."""
    if value is None or value in ("", [], {}):
        return "-"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return ", ".join(str(v) for v in value)
        return "\n".join(f"• {_text(v)}" for v in value)
    return str(value)


def _fields(value: Any) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [(_label(k), _text(v)) for k, v in value.items()]
    return [("", _text(value))]


def summary_sections(data: dict[str, Any]) -> list[Section]:
    """The export (plain data, as ``member_data`` returns it) as readable sections."""
    sections = []
    for key, value in data.items():
        if key == "exported_at":
            continue
        section = Section(_label(key))
        if isinstance(value, list):
            section.items = [_fields(v) for v in value]
        elif value is not None:
            section.items = [_fields(value)]
        sections.append(section)
    return sections


def summary_html(*, data: dict[str, Any], user: User) -> str:
    """The readable summary as a standalone HTML page."""
    return render_to_string(
        "member_data/summary.html",
        {
            "title": TITLE,
            "name": user.display_name,
            "exported_at": data["exported_at"],
            "sections": summary_sections(data),
        },
    )


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
        % {"name": user.display_name, "exported_at": data["exported_at"]}
    )
    for section in summary_sections(data):
        pdf.heading(section.title, size=12)
        if not section.items:
            pdf.para(gettext("Nothing held."), size=9, style="I")
        for item in section.items:
            for label, text in item:
                pdf.para(f"{label}: {text}" if label else text, size=9)
            pdf.ln(2)
    return bytes(pdf.output())


def package(*, user: User) -> bytes:
    """The zip file: the export as JSON, the HTML summary and the PDF summary."""
    data = member_data(user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("my-data.html", summary_html(data=data, user=user))
        archive.writestr("my-data.pdf", summary_pdf(data=data, user=user))
        photo = _profile_photo(user)
        if photo is not None:
            archive.writestr("profile-photo.jpg", photo)
    return buffer.getvalue()


def _profile_photo(user: User) -> bytes | None:
    """The member's stored photo (the redrawn copy we keep), or None."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not profile.photo:
        return None
    with profile.photo.open("rb") as stored:
        return stored.read()


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
    try:
        # The summaries in the member's language (the site's when they chose none).
        with translation.override(language_or_default(language_of(export.user))):
            content = package(user=export.user)
    except Exception:
        # Marked failed, so the member may ask again at once (the purge clears it).
        DataExport.objects.filter(pk=export.pk).update(status=DataExportStatus.FAILED)
        raise
    export.file.save(f"{export.token}/my-data.zip", ContentFile(content), save=False)
    now = timezone.now()
    export.status = DataExportStatus.READY
    export.ready_at = now
    export.expires_at = now + timedelta(days=settings.DATA_EXPORT_DAYS)
    with transaction.atomic():
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
    return export
