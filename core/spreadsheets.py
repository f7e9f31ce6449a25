"""Spreadsheet safety: text a spreadsheet would run as a formula is written as text.

Every CSV the site writes (CPD activities, funder exports, dashboard tables, admin exports)
holds names and answers that come from members and the public; each text cell goes
through ``neutralise``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The type checker sees the mixin as the import-export resource it is mixed into, for
# ``super()``; at run time it is a plain mixin.
if TYPE_CHECKING:
    from import_export.resources import Resource as _Resource
else:
    _Resource = object

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A spreadsheet cell that can never run as a formula: text starting with =, +, -, @,
    a tab or a carriage return is prefixed with a single quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SpreadsheetSafeExportMixin(_Resource):
    """For a django-import-export resource: every exported text cell is ``neutralise``d."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str):
            return neutralise(value)
        return value
