"""Generic django-import-export pieces for CSV imports in the admin.

Widgets turn a cell into a value or a row error with a plain message (a whole number, a
code out of a choices enum, a semicolon-separated list, an ISO date-time); the helpers run
the model's own validation and key errors by CSV column. ``AllOrNothingImportMixin`` makes
an admin import all or nothing: if any row is bad nothing is written, including when
someone posts straight to the confirm step, and files over ``IMPORT_MAX_BYTES`` are refused.
A file that cannot be read as a table (a row with more cells than the header) is refused
with the line to correct, and the page still lists the columns it expects.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from import_export import resources, widgets
from import_export.forms import ImportForm
from tablib import InvalidDimensions

# The type checker sees the mixin as the import-export admin it is mixed into (for ``super()``
# and the admin's attributes); at run time it is a plain mixin.
if TYPE_CHECKING:
    from import_export.admin import ImportExportMixin as _ImportExportAdmin
else:
    _ImportExportAdmin = object

# --- widgets --------------------------------------------------------------------------


class PlainIntegerWidget(widgets.IntegerWidget):
    """A whole number, with a readable error instead of a decimal exception."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        text = str(value).strip()
        try:
            return int(text)
        except ValueError:
            raise ValueError(
                gettext("'%(value)s' is not a whole number.") % {"value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """One code out of a TextChoices enum; an unknown code is a row error naming the options."""

    def __init__(self, choices, *, allow_blank: bool = False, default: str = "") -> None:
        super().__init__()
        self.codes = [value for value, _ in choices]
        self.allow_blank = allow_blank
        self.default = default

    def clean(self, value, row=None, **kwargs):
        code = (str(value) if value is not None else "").strip().lower()
        if not code:
            if self.allow_blank or self.default:
                return self.default
            raise ValueError(
                gettext("This column is required; use one of: %(codes)s.")
                % {"codes": ", ".join(self.codes)}
            )
        if code not in self.codes:
            raise ValueError(
                gettext("'%(value)s' is not one of: %(codes)s.")
                % {"value": code, "codes": ", ".join(self.codes)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ListWidget(widgets.Widget):
    """A semicolon-separated list, optionally restricted to known codes or email addresses."""

    def __init__(self, *, choices=None, emails: bool = False) -> None:
        super().__init__()
        self.codes = [value for value, _ in choices] if choices is not None else None
        self.emails = emails

    def clean(self, value, row=None, **kwargs):
        items = [p.strip() for p in (str(value) if value is not None else "").split(";")]
        items = [p for p in items if p]
        if self.codes is not None:
            items = [p.lower() for p in items]
            unknown = [p for p in items if p not in self.codes]
            if unknown:
                raise ValueError(
                    ngettext(
                        "Unknown code %(unknown)s; use any of: %(codes)s.",
                        "Unknown codes %(unknown)s; use any of: %(codes)s.",
                        len(unknown),
                    )
                    % {"unknown": ", ".join(unknown), "codes": ", ".join(self.codes)}
                )
        if self.emails:
            items = [p.lower() for p in items]
            for item in items:
                try:
                    validate_email(item)
                except ValidationError:
                    raise ValueError(
                        gettext("'%(value)s' is not an email address.") % {"value": item}
                    ) from None
        return list(dict.fromkeys(items))

    def render(self, value, obj=None, **kwargs):
        return ";".join(str(v) for v in (value or []))


class IsoDateTimeWidget(widgets.Widget):
    """ISO 8601 date-times ("2025-01-31 14:00" or "2025-01-31"); naive means local time."""

    def clean(self, value, row=None, **kwargs):
        text = (str(value) if value is not None else "").strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                gettext("'%(value)s' is not a date and time; use YYYY-MM-DD or YYYY-MM-DD HH:MM.")
                % {"value": text}
            ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


# --- validation -----------------------------------------------------------------------


def instance_full_clean(resource, instance, errors: dict, validate_unique: bool) -> None:
    """Run the model's own validation on what the row's fields did not already reject."""
    attributes = {f.column_name: f.attribute for f in resource.get_import_fields()}
    exclude = {attributes.get(key, key) for key in errors}
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def errors_by_column(resource: resources.Resource, exc: ValidationError) -> dict:
    """Key a resource's field errors by CSV column name, which is what the importer knows."""
    columns = {f.attribute: f.column_name for f in resource.get_import_fields()}
    return {columns.get(key, key): value for key, value in exc.error_dict.items()}


# --- admin ----------------------------------------------------------------------------


IMPORT_MAX_BYTES = 5 * 1024 * 1024


class SizeLimitedImportForm(ImportForm):
    """Refuses an import file over ``IMPORT_MAX_BYTES`` before anything reads it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                gettext(
                    "The file is %(size)s MB; the limit for an import is 5 MB. "
                    "Split it into smaller files."
                ),
                code="too_big",
                params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            )
        return upload


def first_overlong_line(text: str, delimiter: str) -> tuple[int, int, int] | None:
    """(line number, cells on it, cells in the header) of the first row of a delimited file
    with more cells than its header line, or None. Lines count from 1, the header included;
    a quoted value over several lines counts them all."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        return None
    for row in reader:
        if len(row) > len(header):
            return reader.line_num, len(row), len(header)
    return None


DELIMITERS = {"csv": ",", "tsv": "\t"}


def unreadable_table_message(form, formats, encoding: str) -> str:
    """What is wrong with a file whose rows do not fit its header, naming the first bad
    line when the format is a delimited text one."""
    fallback = gettext(
        "A row of the file has more columns than its header line. "
        "Correct it and upload the file again."
    )
    try:
        title = formats[int(form.cleaned_data["format"])]().get_title()
        upload = form.cleaned_data["import_file"]
        upload.seek(0)
        text = upload.read().decode(encoding, errors="replace")
    except (KeyError, IndexError, ValueError, TypeError, OSError):
        return fallback
    delimiter = DELIMITERS.get(str(title).lower())
    found = first_overlong_line(text, delimiter) if delimiter else None
    if found is None:
        return fallback
    line, count, header = found
    return ngettext(
        "Line %(line)s has %(count)s columns but the header line has %(header)s column. "
        "A value containing the separator must be in double quotes. "
        "Correct the line and upload the file again.",
        "Line %(line)s has %(count)s columns but the header line has %(header)s columns. "
        "A value containing the separator must be in double quotes. "
        "Correct the line and upload the file again.",
        header,
    ) % {"line": line, "count": count, "header": header}


class AllOrNothingImportMixin(_ImportExportAdmin):
    """For an ImportMixin admin: nothing is written unless every row is valid.

    The upload step only offers confirmation for a clean file (import-export's own rule);
    this also rolls back on validation errors at the confirm step, so a crafted or stale
    confirm cannot import the good rows of a bad file. Resources get the requesting user.
    Files over ``IMPORT_MAX_BYTES`` are refused with a message. A file whose rows do not
    fit its header names the first bad line, and the page keeps listing the fields.
    """

    import_form_class = SizeLimitedImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, InvalidDimensions):
            message = unreadable_table_message(form, self.get_import_formats(), self.from_encoding)
            form.add_error("import_file", message)
            return
        super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        # import-export lists the expected fields only when the file was read or none was
        # sent: after a refused file the list would be empty just when it is needed.
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if isinstance(response, TemplateResponse) and context and not context["fields_list"]:
            resource_kwargs = self.get_import_resource_kwargs(
                request=request, form=context.get("form"), **kwargs
            )
            context["fields_list"] = [
                (
                    resource.get_display_name(),
                    [f.column_name for f in resource.get_user_visible_fields()],
                )
                for resource in (
                    resource_class(**resource_kwargs)
                    for resource_class in self.get_import_resource_classes(request)
                )
            ]
        return response

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                gettext(
                    "Nothing was imported: some rows have errors. "
                    "Upload the file again to see which."
                ),
                messages.ERROR,
            )
            info = (self.model._meta.app_label, self.model._meta.model_name)
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
        return super().process_result(result, request)
