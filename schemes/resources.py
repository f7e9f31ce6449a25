"""CSV import and export of applications and subscriptions (django-import-export).

Imports are all or nothing: every row is validated (unknown scheme slug, unknown email,
bad choices, bad numbers and dates become a row error with a plain message), and if any
row is bad the whole import is rolled back. ``AllOrNothingImportMixin`` makes sure of that
in the admin, including when someone posts straight to the confirm step.

A coordinator imports and exports only applications of the schemes they coordinate.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.forms import ImportForm

from accounts.models import Area, User
from core.spreadsheets import SpreadsheetSafeExportMixin

from .models import (
    LIVE_STATUSES,
    Application,
    ApplicationStatus,
    Role,
    Scheme,
    Subscription,
)

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
            raise ValueError(f"'{text}' is not a whole number.") from None

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
            raise ValueError(f"This column is required; use one of: {', '.join(self.codes)}.")
        if code not in self.codes:
            raise ValueError(f"'{code}' is not one of: {', '.join(self.codes)}.")
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
                    f"Unknown code(s) {', '.join(unknown)}; use any of: {', '.join(self.codes)}."
                )
        if self.emails:
            items = [p.lower() for p in items]
            for item in items:
                try:
                    validate_email(item)
                except ValidationError:
                    raise ValueError(f"'{item}' is not an email address.") from None
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
                f"'{text}' is not a date and time; use YYYY-MM-DD or YYYY-MM-DD HH:MM."
            ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class SchemeSlugWidget(widgets.ForeignKeyWidget):
    """A scheme by slug, limited to the schemes the importing user coordinates."""

    def __init__(self) -> None:
        super().__init__(Scheme, field="slug")
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        from .selectors import schemes_for_coordinator

        if self.user is None:
            return Scheme.objects.none()
        return schemes_for_coordinator(user=self.user)

    def clean(self, value, row=None, **kwargs):
        slug = (str(value) if value is not None else "").strip()
        if not slug:
            raise ValueError("The scheme slug is required.")
        scheme = self.get_queryset(value, row).filter(slug=slug).first()
        if scheme is None:
            raise ValueError(f"No scheme you coordinate has the slug '{slug}'.")
        return scheme


class MemberEmailWidget(widgets.ForeignKeyWidget):
    """A member by email address (case-insensitive)."""

    def __init__(self) -> None:
        super().__init__(User, field="email")

    def clean(self, value, row=None, **kwargs):
        email = (str(value) if value is not None else "").strip().lower()
        if not email:
            raise ValueError("The applicant's email is required.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValueError(f"No member has the email '{email}'; import the members first.")
        return user


# --- resources ------------------------------------------------------------------------


class ApplicationResource(SpreadsheetSafeExportMixin, resources.ModelResource):
    """Applications, one per row; a row updates the applicant's live application to the
    scheme if there is one, and creates an application otherwise."""

    scheme = fields.Field(attribute="scheme", column_name="scheme", widget=SchemeSlugWidget())
    applicant = fields.Field(
        attribute="applicant", column_name="applicant_email", widget=MemberEmailWidget()
    )
    role = fields.Field(attribute="role", column_name="role", widget=ChoiceWidget(Role.choices))
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED),
    )
    goals_areas = fields.Field(
        attribute="goals_areas", column_name="goals_areas", widget=ListWidget(choices=Area.choices)
    )
    hopes = fields.Field(
        attribute="hopes", column_name="hopes", widget=widgets.CharWidget(allow_blank=True)
    )
    capacity = fields.Field(
        attribute="capacity", column_name="capacity", widget=PlainIntegerWidget()
    )
    submitted_at = fields.Field(
        attribute="submitted_at", column_name="submitted_at", widget=IsoDateTimeWidget()
    )

    class Meta:
        model = Application
        fields = (
            "scheme",
            "applicant",
            "role",
            "status",
            "goals_areas",
            "hopes",
            "capacity",
            "submitted_at",
        )
        import_id_fields = ()
        clean_model_instances = True
        skip_diff = False

    def __init__(self, *, user=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.fields["scheme"].widget.user = user

    def before_import(self, dataset, **kwargs):
        if kwargs.get("user") is not None:
            self.user = kwargs["user"]
            self.fields["scheme"].widget.user = self.user

    def get_queryset(self):
        from .admin_scoping import scope_queryset

        queryset = Application.objects.select_related("scheme", "applicant")
        if self.user is None:
            return queryset
        return scope_queryset(queryset, self.user, "scheme")

    def get_instance(self, instance_loader, row):
        """The applicant's live application to the scheme, if any (None: a new one)."""
        try:
            scheme = self.fields["scheme"].clean(row)
            applicant = self.fields["applicant"].clean(row)
        except (ValueError, KeyError):
            return None  # the row error is reported when the fields are imported
        return (
            Application.objects.filter(
                scheme=scheme, applicant=applicant, status__in=[s.value for s in LIVE_STATUSES]
            )
            .order_by("-pk")
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            raise ValidationError(_by_column(self, exc)) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        scheme = getattr(instance, "scheme", None) if instance.scheme_id else None
        if scheme is not None and instance.role and instance.role not in scheme.roles:
            roles = ", ".join(scheme.roles)
            errors["role"] = ValidationError(f"{scheme.slug} takes applications only as: {roles}.")
        if instance.status != ApplicationStatus.DRAFT and instance.submitted_at is None:
            instance.submitted_at = timezone.now()
        if instance.capacity is None:
            instance.capacity = 1
        _full_clean(self, instance, errors, validate_unique)

    def dehydrate_scheme(self, application: Application) -> str:
        return application.scheme.slug

    def dehydrate_applicant(self, application: Application) -> str:
        return application.applicant.email


class SubscriptionResource(SpreadsheetSafeExportMixin, resources.ModelResource):
    """Export only: who registered interest in which scheme."""

    scheme = fields.Field(attribute="scheme__slug", column_name="scheme")
    created_at = fields.Field(
        attribute="created_at", column_name="created_at", widget=IsoDateTimeWidget()
    )

    class Meta:
        model = Subscription
        fields = ("scheme", "email", "name", "interested_as", "wants_news", "created_at")
        export_order = fields

    def __init__(self, *, user=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user = user

    def get_queryset(self):
        from .admin_scoping import scope_queryset

        queryset = Subscription.objects.select_related("scheme")
        if self.user is None:
            return queryset
        return scope_queryset(queryset, self.user, "scheme")


def _full_clean(resource, instance, errors: dict, validate_unique: bool) -> None:
    """Run the model's own validation on what the row's fields did not already reject."""
    attributes = {f.column_name: f.attribute for f in resource.get_import_fields()}
    exclude = {attributes.get(key, key) for key in errors}
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _by_column(resource: resources.Resource, exc: ValidationError) -> dict:
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
                "The file is %(size)s MB; the limit for an import is 5 MB. "
                "Split it into smaller files.",
                code="too_big",
                params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            )
        return upload


class AllOrNothingImportMixin:
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
                "Nothing was imported: some rows have errors. Upload the file again to see which.",
                messages.ERROR,
            )
            info = (self.model._meta.app_label, self.model._meta.model_name)
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
        return super().process_result(result, request)
