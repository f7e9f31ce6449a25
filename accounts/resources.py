"""CSV import and export of members: one row is a user and their standing profile.

Rows are matched to existing members by email (case-insensitive); new members get an
unusable password and an unverified primary email address, so they sign in by resetting
their password. Every column is validated; a bad row is reported and nothing is imported
(see ``core.imports.AllOrNothingImportMixin``).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import fields, resources, widgets

from core.imports import ChoiceWidget, ListWidget, PlainIntegerWidget, errors_by_column
from core.spreadsheets import SpreadsheetSafeExportMixin

from .areas import area_labels
from .availability import AvailabilityError, codes_of, parse_lines
from .countries import country_code, country_name
from .models import (
    PROFILE_FIELDS,
    CareerStage,
    PreferredMode,
    Profile,
    User,
)
from .services import profile_resolve

TEXT = {"widget": widgets.CharWidget(allow_blank=True)}


class CountryWidget(widgets.Widget):
    """A country by name, alias or ISO code ("UK", "United Kingdom", "GB") stored as its
    code; exported by name. Text naming no country we know is a row error."""

    def clean(self, value, row=None, **kwargs):
        code = country_code(str(value) if value is not None else "")
        if code is None:
            raise ValueError(
                gettext(
                    "'%(value)s' is not a country we know: write its name (e.g. United Kingdom) "
                    "or its two-letter code (e.g. GB)."
                )
                % {"value": value}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return country_name(str(value or ""))


class AreaListWidget(ListWidget):
    """Area codes from the body's list, read when the row is (retired areas included, so
    an export imports back unchanged)."""

    def __init__(self) -> None:
        super().__init__(choices=())

    def clean(self, value, row=None, **kwargs):
        self.codes = list(area_labels())
        return super().clean(value, row, **kwargs)


def _profile_field(name: str, **kwargs) -> fields.Field:
    return fields.Field(attribute=f"profile__{name}", column_name=name, **(kwargs or TEXT))


class AvailabilityWidget(ListWidget):
    """Weekly windows separated by semicolons ("Tuesday 18:00-20:00;weekdays 07:30-08:30"),
    stored as codes; an unreadable window is a row error naming it."""

    def clean(self, value, row=None, **kwargs):
        try:
            return codes_of(parse_lines(super().clean(value, row, **kwargs)))
        except AvailabilityError as exc:
            raise ValueError(str(exc)) from None


class MemberResource(SpreadsheetSafeExportMixin, resources.ModelResource):
    email = fields.Field(attribute="email", column_name="email")
    first_name = fields.Field(attribute="first_name", column_name="first_name", **TEXT)
    last_name = fields.Field(attribute="last_name", column_name="last_name", **TEXT)
    membership_number = _profile_field("membership_number")
    job_title = _profile_field("job_title")
    organisation = _profile_field("organisation")
    country = _profile_field("country", widget=CountryWidget())
    timezone = _profile_field("timezone")  # an IANA name; an unknown one is a row error
    years_experience = _profile_field("years_experience", widget=PlainIntegerWidget())
    career_stage = _profile_field(
        "career_stage", widget=ChoiceWidget(CareerStage.choices, allow_blank=True)
    )
    expertise = _profile_field("expertise", widget=AreaListWidget())
    interests = _profile_field("interests", widget=ListWidget())
    availability = _profile_field("availability", widget=AvailabilityWidget())
    preferred_mode = _profile_field(
        "preferred_mode", widget=ChoiceWidget(PreferredMode.choices, default=PreferredMode.EITHER)
    )
    languages = _profile_field("languages", widget=ListWidget())
    do_not_pair_with = _profile_field("do_not_pair_with", widget=ListWidget(emails=True))
    profession = _profile_field("profession")
    registration_number = _profile_field("registration_number")
    bio = _profile_field("bio")

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", *PROFILE_FIELDS)
        export_order = fields
        import_id_fields = ("email",)
        clean_model_instances = True

    def __init__(self, *, user=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user = user

    def get_queryset(self):
        return User.objects.select_related("profile")

    def before_import_row(self, row, **kwargs):
        if "email" in row:
            row["email"] = (row["email"] or "").strip().lower()

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.set_unusable_password()
        if new or not Profile.objects.filter(user=instance).exists():
            instance.profile = Profile(user=instance)

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            raise ValidationError(errors_by_column(self, exc)) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not instance.email:
            errors["email"] = ValidationError(gettext("The email address is required."))
        profile_columns = {
            f.attribute.removeprefix("profile__")
            for f in self.get_import_fields()
            if f.attribute.startswith("profile__")
        }
        exclude = {"user"} | {key for key in errors if key in profile_columns}
        try:
            instance.profile.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            instance.full_clean(exclude=set(errors) | {"password"}, validate_unique=validate_unique)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        profile = instance.profile
        profile.user = instance
        profile_resolve(profile=profile)
        profile.save()
        EmailAddress.objects.get_or_create(
            user=instance, email=instance.email, defaults={"primary": True, "verified": False}
        )
