"""Generic django-import-export pieces for CSV imports in the admin.

Widgets turn a cell into a value or a row error with a plain message (a whole number, a
code out of a choices enum, a semicolon-separated list, an ISO date-time); the helpers run
the model's own validation and key errors by CSV column. ``AllOrNothingImportMixin`` makes
an admin import all or nothing: if any row is bad nothing is written, including when
someone posts straight to the confirm step, and files over ``IMPORT_MAX_BYTES`` are refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from import_export import resources, widgets
from import_export.forms import ImportForm

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


class AllOrNothingImportMixin(_ImportExportAdmin):
    """For an ImportMixin admin: nothing is written unless every row is valid.

    The upload step only offers confirmation for a clean file (import-export's own rule);
    this also rolls back on validation errors at the confirm step, so a crafted or stale
    confirm cannot import the good rows of a bad file. Resources get the requesting user.
    Files over ``IMPORT_MAX_BYTES`` are refused with a message.
    """

    import_form_class = SizeLimitedImportForm

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
