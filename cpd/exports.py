"""CSV of activities, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from core.spreadsheets import neutralise

CSV_HEADER = (
    "Date",
    "Activity",
    "Type",
    "Role",
    "Hours",
    "Scheme",
    "Source",
    "Standards",
    "Description",
    "Evidence",
)


def activities_csv(activities) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
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
