"""CSV import and export of applications and subscriptions (django-import-export).

Imports are all or nothing: every row is validated (unknown scheme slug, unknown email,
bad choices, bad numbers and dates become a row error with a plain message), and if any
row is bad the whole import is rolled back (``core.imports.AllOrNothingImportMixin`` in the
admin, including when someone posts straight to the confirm step).

A coordinator imports and exports only applications of the schemes they coordinate, and
imports only for members who have already applied to one of them: an import must not open
another member's profile to them (an application shows its applicant's profile), nor tell
them whether an account exists (one message for "no such member" and "not your
applicant"). Administrators import for any member. Imported applications are drafts or
submitted (``ApplicationStatus.undecided_states``), and an import never changes a decided
one: decisions go through the decision service, which tells the applicant.
"""

from __future__ import annotations

import difflib

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from import_export import fields, resources, widgets

from accounts.models import User
from accounts.resources import AreaListWidget
from accounts.roles import user_is_administrator
from core.imports import (
    ChoiceWidget,
    IsoDateTimeWidget,
    PlainIntegerWidget,
    errors_by_column,
    instance_full_clean,
)
from core.spreadsheets import SpreadsheetSafeExportMixin

from .models import (
    Application,
    ApplicationStatus,
    Role,
    Scheme,
    Subscription,
)

# --- widgets --------------------------------------------------------------------------


class SchemeSlugWidget(widgets.ForeignKeyWidget):
    """A scheme by slug, limited to the schemes the importing user coordinates."""

    def __init__(self) -> None:
        super().__init__(Scheme, field="slug")
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        from .rules import schemes_coordinated_by

        if self.user is None:
            return Scheme.objects.none()
        return schemes_coordinated_by(user=self.user)

    def clean(self, value, row=None, **kwargs):
        slug = (str(value) if value is not None else "").strip()
        if not slug:
            raise ValueError(gettext("The scheme slug is required."))
        schemes = self.get_queryset(value, row)
        scheme = schemes.filter(slug=slug).first()
        if scheme is None:
            raise ValueError(self.unknown_slug_message(slug, schemes))
        return scheme

    def unknown_slug_message(self, slug: str, schemes) -> str:
        """Worded for who imports (an administrator may use every scheme), with the slugs
        they can use, the closest by spelling first, so a typo is obvious."""
        if self.user is not None and user_is_administrator(user=self.user):
            message = gettext("No scheme has the slug '%(slug)s'.") % {"slug": slug}
        else:
            message = gettext("No scheme you coordinate has the slug '%(slug)s'.") % {"slug": slug}
        known = sorted(schemes.values_list("slug", flat=True))
        if not known:
            return message
        close = difflib.get_close_matches(slug, known, n=SLUGS_SHOWN, cutoff=0.5)
        shown = (close + [k for k in known if k not in close])[:SLUGS_SHOWN]
        more = len(known) - len(shown)
        if more:
            hint = ngettext(
                "Use one of: %(slugs)s (or %(more)s other).",
                "Use one of: %(slugs)s (or %(more)s others).",
                more,
            ) % {"slugs": ", ".join(shown), "more": more}
        else:
            hint = gettext("Use one of: %(slugs)s.") % {"slugs": ", ".join(shown)}
        return f"{message} {hint}"


SLUGS_SHOWN = 4


class MemberEmailWidget(widgets.ForeignKeyWidget):
    """A member by email address (case-insensitive): any member for an administrator; for
    a coordinator, only someone who has applied to a scheme they coordinate, with the same
    message whether the account does not exist or is not their applicant."""

    def __init__(self) -> None:
        super().__init__(User, field="email")
        self.user = None

    def clean(self, value, row=None, **kwargs):
        from .rules import schemes_coordinated_by

        email = (str(value) if value is not None else "").strip().lower()
        if not email:
            raise ValueError(gettext("The applicant's email is required."))
        members = User.objects.filter(email__iexact=email)
        if self.user is not None and user_is_administrator(user=self.user):
            user = members.first()
            if user is None:
                raise ValueError(
                    gettext("No member has the email '%(email)s'; import the members first.")
                    % {"email": email}
                )
            return user
        schemes = schemes_coordinated_by(user=self.user) if self.user else Scheme.objects.none()
        applied = Application.objects.filter(scheme__in=schemes).values("applicant")
        user = members.filter(pk__in=applied).first()
        if user is None:
            raise ValueError(gettext(NOT_YOUR_APPLICANT).format(email=email))
        return user


NOT_YOUR_APPLICANT = gettext_noop(
    "Nobody who has applied to a scheme you coordinate has the email '{email}'. "
    "Applications for other members are imported by an administrator."
)
NOT_BEFORE_DECISION = gettext_noop(
    "Imported applications are drafts or submitted; accept, waitlist or decline them with "
    "the actions on the applications list, which tell the applicant."
)
CAPACITY_AT_LEAST_ONE = gettext_noop(
    "Ensure this value is at least 1 (a mentor takes at least one mentee); leave it empty for 1."
)
DECIDED = gettext_noop("This application has been decided ({status}); an import cannot change it.")


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
        attribute="goals_areas", column_name="goals_areas", widget=AreaListWidget()
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
        self.fields["applicant"].widget.user = user

    def before_import(self, dataset, **kwargs):
        if kwargs.get("user") is not None:
            self.user = kwargs["user"]
            self.fields["scheme"].widget.user = self.user
            self.fields["applicant"].widget.user = self.user

    def get_queryset(self):
        from .rules import filter_coordinated_by

        queryset = Application.objects.select_related("scheme", "applicant")
        if self.user is None:
            return queryset
        return filter_coordinated_by(queryset, user=self.user)

    def get_instance(self, instance_loader, row):
        """The applicant's live application to the scheme, if any (None: a new one)."""
        try:
            scheme = self.fields["scheme"].clean(row)
            applicant = self.fields["applicant"].clean(row)
        except (ValueError, KeyError):
            return None  # the row error is reported when the fields are imported
        return (
            Application.objects.live()
            .filter(scheme=scheme, applicant=applicant)
            .order_by("-pk")
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            raise ValidationError(errors_by_column(self, exc)) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        scheme = getattr(instance, "scheme", None) if instance.scheme_id else None
        if scheme is not None and instance.role and instance.role not in scheme.roles:
            roles = ", ".join(scheme.roles)
            errors["role"] = ValidationError(
                gettext("%(slug)s takes applications only as: %(roles)s.")
                % {"slug": scheme.slug, "roles": roles}
            )
        for column, error in _status_errors(instance).items():
            errors.setdefault(column, error)  # a status the widget could not read stays so
        if instance.status != ApplicationStatus.DRAFT and instance.submitted_at is None:
            instance.submitted_at = timezone.now()
        if instance.capacity is None:
            instance.capacity = 1
        elif instance.capacity < 1:
            # The model's check constraint (a mentor offers at least one place) is not
            # reported per column, and the field's own minimum is 0.
            errors.setdefault("capacity", ValidationError(gettext(CAPACITY_AT_LEAST_ONE)))
        instance_full_clean(self, instance, errors, validate_unique)

    def dehydrate_scheme(self, application: Application) -> str:
        return application.scheme.slug

    def dehydrate_applicant(self, application: Application) -> str:
        return application.applicant.email


def _status_errors(instance: Application) -> dict[str, ValidationError]:
    """A row may only set a status before any decision, and never change a decided
    application (whatever status it names)."""
    stored = (
        Application.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )
    if stored is not None and stored not in ApplicationStatus.undecided_states:
        label = ApplicationStatus(stored).label.lower()
        return {"status": ValidationError(gettext(DECIDED).format(status=label))}
    if instance.status and instance.status not in ApplicationStatus.undecided_states:
        return {"status": ValidationError(gettext(NOT_BEFORE_DECISION))}
    return {}


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
        from .rules import filter_coordinated_by

        queryset = Subscription.objects.select_related("scheme")
        if self.user is None:
            return queryset
        return filter_coordinated_by(queryset, user=self.user)
