"""Admin infrastructure: read-only mixins, and the guard every registered admin carries.

``NoAddAdminMixin``: never added from a blank admin form (staff may still change or, unless
``deletable = False``, delete one). ``ReadOnlyAdminMixin``: never added or changed either, so
Django shows every field read-only; deleting is refused too unless ``deletable = True``.
Put the mixin first in the bases, before the ModelAdmin or InlineModelAdmin.

``AdminGuardMixin`` closes the admin's oracles on what it does not show. Django's changelist
accepts a lookup on any of a model's own fields (``?notes__startswith=a``), and the result
count then answers yes or no about a hidden text; the guard allows lookups only on the fields
the admin shows in its list, filters on or searches (``lookup_allowed``), so any other lookup
is refused with Django's ``DisallowedModelAdminLookup`` (a 400) before a query runs: the same
answer for a right and a wrong guess. A delete confirmation lists only the objects chosen,
and what goes with them by count, never their related objects' names (a CPD activity's
title, a goal). ``GuardedAdminSite`` gives the guard to every admin registered with it,
third-party ones included, and answers its "view on site" shortcut only for objects the user
may open in the admin (anything else, existing or not, is the same 404), with a redirect to
the object's page on this site (its path: never to the Sites framework's domain).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.filters import SimpleListFilter
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AdminSplitDateTime, url_params_from_lookup_dict
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .passwords import password_changed_notify

# The type checker sees the mixins as the model admin (or inline) they are mixed into, for
# ``super()``; at run time they are plain mixins.
if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin, ModelAdmin

    _ModelAdmin = BaseModelAdmin[Any]
    _FullModelAdmin = ModelAdmin[Any]
else:
    _ModelAdmin = object
    _FullModelAdmin = object


def name_and_email(user: Any) -> str:
    """A person in an admin list: "Ann Jones (ann@example.org)" (namesakes are common), or
    the email alone for someone with no name."""
    name = user.get_full_name()
    if not name:
        return str(user.email)
    return _("%(name)s (%(email)s)") % {"name": name, "email": user.email}


class NoAddAdminMixin(_ModelAdmin):
    deletable = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)


class ReadOnlyAdminMixin(NoAddAdminMixin):
    deletable = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# Lookups a JSON field may take from the query string: its key transforms and containment
# lookups are an oracle on its content, and SQLite cannot run some of them at all (a 500).
JSON_LOOKUPS = frozenset({(), ("exact",), ("isnull",)})


def split_lookup(model: type[models.Model], lookup: str) -> tuple[list[Any], list[str]]:
    """The fields a lookup follows from ``model`` and the rest of it (transforms and the
    lookup itself): ``"relationship__scheme__id__exact"`` gives the fields relationship,
    scheme and id, and ``["exact"]``."""
    opts = model._meta
    fields: list[Any] = []
    parts = lookup.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        try:
            field = opts.get_field(opts.pk.name if part == "pk" else part)
        except FieldDoesNotExist:
            return fields, parts[index:]
        fields.append(field)
        path_infos = getattr(field, "path_infos", None)
        if not path_infos:  # not a relation: the rest are transforms
            return fields, parts[index + 1 :]
        opts = path_infos[-1].to_opts
    return fields, []


def field_path(model: type[models.Model], lookup: str) -> str:
    """The field path a lookup reads, a related object's primary key counted as the
    relation itself (``scheme__id`` is ``scheme``)."""
    fields, _ = split_lookup(model, lookup)
    if len(fields) > 1 and getattr(fields[-1], "primary_key", False):
        fields = fields[:-1]
    return LOOKUP_SEP.join(field.name for field in fields)


class AdminGuardMixin(_FullModelAdmin):
    """Lookups only on what the admin shows, filters on or searches; delete confirmations
    by count. ``GuardedAdminSite`` mixes it into every admin registered with it."""

    def visible_lookups(self, request: HttpRequest | None) -> tuple[set[str], set[str]]:
        """The field paths a lookup may read, and the exact parameters of custom filters."""
        model = self.model
        paths = {model._meta.pk.name}
        parameters: set[str] = set()
        list_filter = self.get_list_filter(request) if request is not None else self.list_filter
        for item in list_filter:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                parameters.add(item.parameter_name)  # type: ignore[arg-type]
            elif isinstance(item, (list, tuple)):
                name = item[0] if isinstance(item[0], str) else getattr(item[0], "name", "")
                paths.add(field_path(model, name))
            elif isinstance(item, str):
                paths.add(field_path(model, item))
        if self.date_hierarchy:
            paths.add(field_path(model, self.date_hierarchy))
        display = self.get_list_display(request) if request is not None else self.list_display
        for name in display:
            if isinstance(name, str) and not split_lookup(model, name)[1]:
                paths.add(field_path(model, name))
        search = self.get_search_fields(request) if request is not None else self.search_fields
        for name in search:
            paths.add(field_path(model, str(name).lstrip("^=@")))
        paths.discard("")
        return paths, parameters

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # The raw-id popups' own lookups (a ForeignKey's ``limit_choices_to``), fixed in code.
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in url_params_from_lookup_dict(fk_lookup).items():
                return True
        paths, parameters = self.visible_lookups(request)
        if lookup in parameters:
            return True
        fields, rest = split_lookup(self.model, lookup)
        if not fields or field_path(self.model, lookup) not in paths:
            return False
        return not isinstance(fields[-1], models.JSONField) or tuple(rest) in JSON_LOOKUPS

    def get_deleted_objects(self, objs, request):
        """The objects chosen by name; everything deleted with them by count only: their
        names can be what members wrote (a CPD activity's title, a goal)."""
        objs = list(objs)
        _, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A private conversation is not even counted (how many messages a pair wrote, and
        # when that changes, says something about them): it goes with its relationship.
        model_count = {
            name: count for name, count in model_count.items() if name not in _uncounted()
        }
        listed = [f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in objs]
        if protected:
            protected = _count_protected(objs)
        return listed, model_count, perms_needed, protected


def _uncounted() -> set[str]:
    """The plural names of models marked ``private_to_members``."""
    return {
        str(model._meta.verbose_name_plural)
        for model in apps.get_models()
        if getattr(model, "private_to_members", False)
    }


def _count_protected(objs: list[models.Model]) -> list[str]:
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    counts = Counter(capfirst(obj._meta.verbose_name_plural) for obj in collector.protected)
    return [f"{name}: {count}" for name, count in sorted(counts.items())]


def guarded(admin_class: type[admin.ModelAdmin[Any]]) -> type[admin.ModelAdmin[Any]]:
    """``admin_class`` with ``AdminGuardMixin`` first among its bases (unchanged if it has
    the guard already)."""
    if issubclass(admin_class, AdminGuardMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (AdminGuardMixin, admin_class),
        {
            "__module__": admin_class.__module__,
            "__qualname__": admin_class.__qualname__,
            "__doc__": admin_class.__doc__,
        },
    )


NOT_FOUND = gettext_noop("No such object.")


class _LabelledAutocomplete(AutocompleteJsonView):
    """The admin's search-as-you-type choices, labelled by the searched model's admin when it
    says how (``autocomplete_label(obj)``; ``str(obj)`` otherwise)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        return {**result, "text": label(obj)} if label else result


class GuardedAdminSite(admin.AdminSite):
    """The project's admin site (``core.apps.GuardedAdminConfig``): every admin registered
    here, ours or a library's, gets ``AdminGuardMixin``.

    Its index lists the sections in the order of the work (``settings.ADMIN_INDEX_ORDER``:
    set up schemes, then run them), with the technical sections
    (``settings.ADMIN_TECHNICAL_APPS``: scheduled tasks, sign-in internals, sites) last,
    folded under their own heading."""

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

    def autocomplete_view(self, request):
        return _LabelledAutocomplete.as_view(admin_site=self)(request)

    def password_change(self, request: HttpRequest, extra_context: dict | None = None):
        """Django's page for one's own password, and the holder is emailed of the change
        (``core.passwords``), as for a change on the site."""
        before = request.user.password  # type: ignore[union-attr]
        response = super().password_change(request, extra_context)
        if request.method == "POST" and request.user.password != before:  # type: ignore[union-attr]
            password_changed_notify(request=request, user=request.user)  # type: ignore[arg-type]
        return response

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        """The sections in the order of the work, the technical ones last."""
        apps = super().get_app_list(request, app_label)
        order = list(getattr(settings, "ADMIN_INDEX_ORDER", ()))
        technical = set(getattr(settings, "ADMIN_TECHNICAL_APPS", ()))

        def rank(app: dict) -> tuple[bool, int]:
            label = app["app_label"]
            app["technical"] = label in technical
            return label in technical, order.index(label) if label in order else len(order)

        return sorted(apps, key=rank)  # stable: the rest stay alphabetical

    def index(self, request: HttpRequest, extra_context: dict | None = None):
        apps = self.get_app_list(request)
        sections = {
            "app_list": [app for app in apps if not app["technical"]],
            "technical_app_list": [app for app in apps if app["technical"]],
        }
        return super().index(request, extra_context={**sections, **(extra_context or {})})

    def get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super().get_urls()
        shortcut_route = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [shortcut_route if getattr(u, "name", "") == "view_on_site" else u for u in urls]

    def view_on_site(
        self, request: HttpRequest, content_type_id: int, object_id: str
    ) -> HttpResponseRedirect:
        """A redirect to an object's page (``get_absolute_url``), for an object the user may
        open in this admin (its scoped queryset); anything else is the same 404 whether it
        exists or not. Unlike Django's shortcut it redirects to the path as it is, on the host
        the admin was reached on, not on the Sites framework's domain."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type else None
        model_admin = self._registry.get(model) if model else None
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404(_(NOT_FOUND))
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404(_(NOT_FOUND))
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        if not url:
            raise Http404(_(NOT_FOUND))
        return HttpResponseRedirect(url)


class LabelledInlineFormSet(BaseInlineFormSet):
    """Names every field of a tabular inline's row in the HTML itself ("Standards: code,
    row 2"): Django's tabular inline labels a field only by its column heading, which a
    screen reader does not announce for an input."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        assert self.model is not None  # an inline formset always has its model
        group = capfirst(self.model._meta.verbose_name_plural)
        for field in form.fields.values():
            # a related-object wrapper renders the widget inside it, with that one's attrs
            attrs = getattr(field.widget, "widget", field.widget).attrs
            if "aria-label" in attrs:
                continue
            label = str(field.label or "")
            attrs["aria-label"] = (
                _("%(group)s: %(field)s, new row") % {"group": group, "field": label}
                if index is None
                else _("%(group)s: %(field)s, row %(row)d")
                % {"group": group, "field": label, "row": index + 1}
            )


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose row fields carry their own accessible names."""

    formset = LabelledInlineFormSet


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date-and-time field with names for its date and time boxes in the HTML
    ("Date", "Time": since Django 4 the field's label points at neither);
    ``static/js/admin_a11y.js`` adds the field's name when scripts run ("Starts at time")."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        date, time = context["widget"]["subwidgets"]
        date["attrs"].setdefault("aria-label", str(context["date_label"]).rstrip(":"))
        time["attrs"].setdefault("aria-label", str(context["time_label"]).rstrip(":"))
        return context
