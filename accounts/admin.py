"""People in the admin: users (email login) with their profile, the organisation list
(aliases, merging) and email opt-outs. Only administrators (superusers) manage them. The
record of every email sent is registered by ``schemes.admin.outbox``, which scopes it to a
coordinator's schemes."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from core.admin import LabelledInlineFormSet, LabelledTabularInline, ReadOnlyAdminMixin
from core.imports import AllOrNothingImportMixin

from .admin_passwords import NewAccountForm, PasswordAdminMixin
from .forms import AreaField
from .invitations import invitations_send, invited_not_signed_in
from .models import (
    PROFILE_FIELDS,
    EmailPreference,
    Organisation,
    OrganisationAlias,
    Profile,
    User,
)
from .organisations import organisation_key
from .resources import MemberResource
from .roles import user_is_administrator
from .services import organisation_merge, profile_resolve


class SuperuserOnlyMixin:
    """Every permission on this model belongs to administrators alone."""

    def has_module_permission(self, request):
        return user_is_administrator(user=request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_administrator(user=request.user)

    def has_add_permission(self, request, *args):
        return user_is_administrator(user=request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_administrator(user=request.user)

    def has_delete_permission(self, request, obj=None):
        return user_is_administrator(user=request.user)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileAdminForm(forms.ModelForm):
    """The profile's list fields are JSON in the admin: an emptied box means an empty list
    (the column is NOT NULL), and anything but a list is a clear error, never a 500."""

    LIST_FIELDS = ("expertise", "interests", "languages", "availability")

    # Ticked from the body's list, by label (a retired area the member chose stays).
    expertise = AreaField(label=_("Areas of expertise"))

    class Meta:
        model = Profile
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expertise"]
        assert isinstance(field, AreaField)
        field.offer(keep=self.instance.expertise)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name in self.LIST_FIELDS:
            if name not in cleaned:
                continue
            if cleaned[name] in (None, ""):
                cleaned[name] = []
            elif not isinstance(cleaned[name], list):
                self.add_error(
                    name,
                    gettext('Enter a list, for example ["first", "second"], or leave it empty.'),
                )
        return cleaned


class ProfileInline(admin.StackedInline):
    model = Profile
    form = ProfileAdminForm
    can_delete = False
    extra = 0
    # The six short fields two to a line, what the organisation and country resolved to,
    # then the lists.
    fields = (
        PROFILE_FIELDS[0:2],
        PROFILE_FIELDS[2:4],
        ("organisation_record", "country_as_entered"),
        PROFILE_FIELDS[4:6],
        *PROFILE_FIELDS[6:],
    )
    readonly_fields = ("organisation_record", "country_as_entered")


class CountryStatusFilter(admin.SimpleListFilter):
    """Members whose country is missing, or was typed as text that names no country."""

    title = _("country")
    parameter_name = "country_status"

    def lookups(self, request, model_admin):
        return (("unrecognised", _("Not recognised (see the profile)")), ("missing", _("Missing")))

    def queryset(self, request, queryset):
        if self.value() == "unrecognised":
            return queryset.filter(profile__country="").exclude(profile__country_as_entered="")
        if self.value() == "missing":
            return queryset.filter(
                Q(profile__isnull=True) | Q(profile__country="", profile__country_as_entered="")
            )
        return queryset


class SignInFilter(admin.SimpleListFilter):
    """The report of who has not yet signed in: invited, or never invited at all."""

    title = _("sign-in")
    parameter_name = "sign_in"

    def lookups(self, request, model_admin):
        return (
            ("invited", _("Invited, not yet signed in")),
            ("never", _("Never signed in")),
            ("signed_in", _("Has signed in")),
        )

    def queryset(self, request, queryset):
        if self.value() == "invited":
            return queryset.filter(pk__in=invited_not_signed_in())
        if self.value() == "never":
            return queryset.filter(last_login__isnull=True)
        if self.value() == "signed_in":
            return queryset.filter(last_login__isnull=False)
        return queryset


def _names(users: list[User], limit: int = 20) -> str:
    shown = ", ".join(u.email for u in users[:limit])
    if len(users) <= limit:
        return shown
    more = len(users) - limit
    return ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
        "names": shown,
        "count": more,
    }


@admin.register(User)
class UserAdmin(
    PasswordAdminMixin,
    SuperuserOnlyMixin,
    AllOrNothingImportMixin,
    ImportExportMixin,
    DjangoUserAdmin,
):
    resource_classes = [MemberResource]
    form = EmailUserChangeForm
    add_form = NewAccountForm  # no password (``accounts.admin_passwords``)
    add_form_template = "admin/change_form.html"
    inlines = (ProfileInline,)
    list_display = (
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_superuser",
        "is_active",
        "last_login",
    )
    list_filter = (
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
        CountryStatusFilter,
        SignInFilter,
    )
    actions = ("invite",)
    search_fields = ("email", "first_name", "last_name", "profile__membership_number")

    def autocomplete_label(self, obj: User) -> str:
        """A person offered by a search (the erasure request's): name and email, because
        namesakes are common and erasure cannot be undone."""
        return f"{obj} <{obj.email}>"

    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {
                "description": _(
                    "Administrators are superusers. Coordinators are staff in the "
                    "Coordinators group and are added to schemes on each scheme's page."
                ),
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email",),
            },
        ),
    )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    @admin.action(description=_("Invite the selected members to set a password and sign in"))
    def invite(self, request, queryset):
        """One email each (set a password, which verifies the address); then the report of
        who has not signed in yet is the "Invited, not yet signed in" filter."""
        report = invitations_send(users=queryset.order_by("email"), by=request.user)
        invited = gettext("Invited %(count)s.") % {"count": len(report.invited)}
        self.message_user(request, invited, messages.SUCCESS)
        for users, why in (
            (
                report.still_valid,
                gettext(
                    "%(count)s already invited, link still valid, not yet signed in: %(names)s."
                ),
            ),
            (report.signed_in, gettext("%(count)s already signed in, not invited: %(names)s.")),
            (report.inactive, gettext("%(count)s inactive, not invited: %(names)s.")),
        ):
            if users:
                text = why % {"count": len(users), "names": _names(users)}
                self.message_user(request, text, messages.INFO)

    def save_formset(self, request, form, formset, change):
        if formset.model is Profile:
            for profile_form in formset.forms:
                if profile_form.has_changed():
                    profile_resolve(profile=profile_form.instance)
        super().save_formset(request, form, formset, change)

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("profile")

    def has_import_permission(self, request):
        return user_is_administrator(user=request.user)

    def has_export_permission(self, request):
        return user_is_administrator(user=request.user)


@admin.register(EmailPreference)
class EmailPreferenceAdmin(ReadOnlyAdminMixin, SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "kind")
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "kind")


class OrganisationAliasFormSet(LabelledInlineFormSet):
    """Aliases spelt alike within one page (or like the organisation's own name) are
    refused here; the models refuse those spelt like names already saved."""

    def clean(self) -> None:
        super().clean()
        seen = {organisation_key(self.instance.name or "")}
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", {})
            if not cleaned.get("name") or cleaned.get("DELETE"):
                continue
            key = organisation_key(cleaned["name"])
            if key in seen:
                form.add_error(
                    "name", gettext("This is spelt like the name or another alias here.")
                )
            seen.add(key)


class OrganisationAliasInline(LabelledTabularInline):
    model = OrganisationAlias
    formset = OrganisationAliasFormSet
    fields = ("name",)
    extra = 1


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Keep this one"),
        help_text=_("Every member moves to it; the others' names become its aliases."),
    )

    def __init__(self, *args, organisations: QuerySet[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = organisations  # type: ignore[attr-defined]


@admin.register(Organisation)
class OrganisationAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """The organisation list: names typed in profiles and imports land here; aliases and
    merges make spellings and other names of one organisation count as one."""

    list_display = ("name", "member_count", "alias_names")
    search_fields = ("name", "aliases__name")
    fields = ("name",)
    inlines = (OrganisationAliasInline,)
    actions = ("merge_organisations",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return (
            super()
            .get_queryset(request)
            .annotate(members=Count("profiles", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description=_("members"), ordering="members")
    def member_count(self, obj: Organisation) -> int:
        return obj.members  # type: ignore[attr-defined]

    @admin.display(description=_("aliases"))
    def alias_names(self, obj: Organisation) -> str:
        return ", ".join(a.name for a in obj.aliases.all())

    @admin.action(description=_("Merge the selected organisations"), permissions=("change",))
    def merge_organisations(self, request: HttpRequest, queryset: QuerySet[Organisation]):
        """Ask which to keep, then merge (``accounts.services.organisation_merge``)."""
        selected = queryset.order_by("name")
        if selected.count() < 2:
            self.message_user(
                request, gettext("Select two organisations or more."), messages.WARNING
            )
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, organisations=selected)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            moved = organisation_merge(keep=keep, others=list(selected.exclude(pk=keep.pk)))
            self.message_user(
                request,
                gettext("Merged into %(name)s: %(moved)s member profiles moved.")
                % {"name": keep.name, "moved": moved},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge organisations"),
            "opts": self.model._meta,
            "form": form,
            "organisations": selected,
            "action": "merge_organisations",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accounts/organisation/merge.html", context)


# Registered in modules of their own: the list of areas; erasure requests, retention
# settings and runs.
from . import admin_areas, admin_data_protection  # noqa: E402, F401
