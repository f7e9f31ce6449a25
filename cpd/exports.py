"""CSV of activities, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _

from core.spreadsheets import neutralise

# The column headings, in the member's language (the values stay machine-readable: ISO
# dates and hours with a full stop, as a spreadsheet reads them in any locale).
CSV_HEADER = (
    _("Date"),
    _("Activity"),
    _("Type"),
    _("Role"),
    _("Hours"),
    _("Scheme"),
    _("Source"),
    _("Standards"),
    _("Description"),
    _("Evidence"),
)


def activities_csv(activities) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(heading) for heading in CSV_HEADER])
    for a in activities:
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    a.date.isoformat(),
                    a.title,
                    a.type_label,
                    a.role_label,
                    f"{a.hours:.2f}",
                    a.scheme_name,
                    a.source_label,
                    "; ".join(f"{s.framework.name} {s.number}" for s in a.standards),
                    a.description,
                    "; ".join(e.original_name for e in a.evidence),
                )
            ]
        )
    return buffer.getvalue()
