"""Expiry of members' data packages (``DataExport``): the periodic sweep that deletes each
package's file once its link has expired, so nothing copied out lingers in storage."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import DataExport, DataExportStatus


def data_exports_purge() -> int:
    """Delete the files of expired packages (and of any that failed) and mark them expired.
    Returns how many were purged. Side effects: files deleted from storage."""
    expired = DataExport.objects.filter(
        Q(status=DataExportStatus.READY, expires_at__lte=timezone.now())
        | Q(status=DataExportStatus.FAILED)
    )
    count = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.status = DataExportStatus.EXPIRED
        export.save(update_fields=["file", "status"])
        count += 1
    return count
