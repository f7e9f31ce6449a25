"""Finding every form that takes a date, and the POST (or GET) a browser sends for it.

``forms_in(response)`` yields every form a page rendered (portal forms, the admin's main
form and the forms of its inlines); ``date_fields(form)`` names its date and date-time
fields. ``page_data`` builds an otherwise valid submission from what the page shows, with
a plausible value in each empty field, so that a refusal can only come from the date.
``declared_date_forms`` and ``admin_date_fields`` list what must be reached: every form
class of ours with a date field, and every date field an admin of ours lets staff edit.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import timedelta

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import AdminForm
from django.forms.formsets import BaseFormSet
from django.test import RequestFactory
from django.utils import timezone

from tests.badinput.admin_harness import page_data as admin_page_data

# The packages whose forms and admins are ours. Third-party admins (the periodic tasks'
# schedules, MFA authenticators) are administrators' infrastructure: their dates feed no
# page or figure of ours, and they are left as their libraries made them.
OUR_PACKAGES = ("accounts", "schemes", "matching", "sessions_log", "cpd", "insights", "core")
OUR_APPS = ("accounts", "schemes", "matching", "sessions_log", "cpd", "insights")
THIRD_PARTY_APPS = ("django_celery_beat", "mfa")
DATE_TYPES = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def date_fields(form: forms.BaseForm) -> list[str]:
    return [name for name, field in form.fields.items() if isinstance(field, DATE_TYPES)]


def _forms_of(value):
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, AdminForm):
        yield value.form
    elif isinstance(value, BaseFormSet):
        yield from value.forms
    elif isinstance(value, list | tuple):
        for item in value:
            formset = getattr(item, "formset", None)  # the admin's InlineAdminFormSet
            if isinstance(formset, BaseFormSet):
                yield from formset.forms


def _context(response) -> dict:
    """What the page's templates were given (one template's Context, or several)."""
    context = response.context
    if context is None:
        return {}
    if hasattr(context, "keys"):  # a ContextList
        return {key: context[key] for key in context.keys()}  # noqa: SIM118 (not a dict)
    return context.flatten()


def forms_in(response) -> list[forms.BaseForm]:
    """Every form the page's templates were given, once each."""
    found: dict[int, forms.BaseForm] = {}
    for value in _context(response).values():
        for form in _forms_of(value):
            found.setdefault(id(form), form)
    return list(found.values())


def form_key(form: forms.BaseForm) -> tuple[str, str]:
    """What a form is, for the list of forms reached: an admin's form by its model (its
    class is made on the fly), any other by its class."""
    meta = getattr(form, "_meta", None)
    module = type(form).__module__
    model = getattr(meta, "model", None) if meta is not None else None
    # The admin's form class is made by modelform_factory ("<Model>Form" in Django's own
    # module); an admin may wrap it in a subclass of its own (the scheme admin does).
    made = model is not None and any(
        c.__module__.startswith("django.") and c.__name__ == f"{model.__name__}Form"
        for c in type(form).__mro__
    )
    if made:
        return ("admin", model._meta.label_lower)
    return ("form", f"{module}.{type(form).__qualname__}")


# --- what a browser sends -----------------------------------------------------------------


def _plausible(field: forms.Field):  # noqa: PLR0911 (one answer per kind of field)
    """A valid value for an empty field (None: leave it out)."""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.FileField):
        return None
    if isinstance(field, forms.ModelChoiceField):
        pk = field.queryset.values_list("pk", flat=True).first()
        return str(pk) if field.required and pk is not None else ""
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _ in field.choices if str(v)]
        if isinstance(field, forms.MultipleChoiceField):
            return values[:1] if field.required else None
        return values[0] if values else ""
    if isinstance(field, forms.BooleanField):
        return "on" if field.required else None
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "1"
    if isinstance(field, forms.DateTimeField):
        return (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    if isinstance(field, forms.DateField):
        return timezone.localdate().isoformat()
    if isinstance(field, forms.EmailField):
        return "someone@example.org"
    return "Some words"


def portal_data(form: forms.BaseForm) -> dict:
    """The form's shown values, and a plausible value in each empty field."""
    data: dict = {}
    for name, field in form.fields.items():
        bf = form[name]
        value = bf.value()
        if isinstance(field, forms.BooleanField):
            value = "on" if value else _plausible(field)
        elif value in (None, "", []):
            value = _plausible(field)
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            value = bf.field.widget.format_value(value)
        else:
            value = str(value)
        if value is not None:
            data[bf.html_name] = value
    return data


def page_data(response, form: forms.BaseForm) -> dict:
    if "adminform" in _context(response):
        return admin_page_data(response)
    return portal_data(form)


def with_date(data: dict, form: forms.BaseForm, name: str, day: str) -> dict:
    """``data`` with ``day`` typed into the date field ``name``."""
    field, html_name = form.fields[name], form[name].html_name
    data = dict(data)
    if isinstance(field, forms.SplitDateTimeField):
        data[f"{html_name}_0"], data[f"{html_name}_1"] = day, "09:00"
    elif isinstance(field, forms.DateTimeField):
        data[html_name] = f"{day}T09:00"
    else:
        data[html_name] = day
    return data


_FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_ATTR = r'{}\s*=\s*"([^"]*)"'


def method_and_action(html: str, html_name: str, path: str) -> tuple[str, str]:
    """How the browser sends the form holding ``html_name``: its method and action."""
    at = html.find(f'name="{html_name}')
    tags = [m for m in _FORM_TAG.finditer(html, 0, max(at, 0))]
    if at < 0 or not tags:
        return "post", path
    tag = tags[-1].group(0)
    method = re.search(_ATTR.format("method"), tag, re.IGNORECASE)
    action = re.search(_ATTR.format("action"), tag, re.IGNORECASE)
    return (
        (method.group(1).lower() if method else "get"),
        (action.group(1) if action and action.group(1) else path),
    )


# --- what must be reached -----------------------------------------------------------------


def _our_modules():
    for package in OUR_PACKAGES:
        root = importlib.import_module(package)
        yield root
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def our_admins():
    """(model, its ModelAdmin) for each model of ours registered with the admin."""
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS and admin.site.is_registered(model):
            yield model, admin.site.get_model_admin(model)


def _admin_form_classes() -> set[type]:
    """The form classes our admins are built from (what they let staff edit of them is
    ``admin_date_fields``)."""
    classes = set()
    for model, model_admin in our_admins():
        classes |= {model_admin.form, getattr(model_admin, "add_form", None)}
        classes |= {inline.form for inline in model_admin.inlines}
    return classes


def declared_date_forms() -> set[tuple[str, str, str]]:
    """(``"form"``, class, field) for each date field of each form class in our packages
    (but the admins' own form classes)."""
    found = set()
    admin_forms = _admin_form_classes()
    for module in _our_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__.split(".")[0] in OUR_PACKAGES
                and value not in admin_forms
            ):
                for name, field in value.base_fields.items():
                    if isinstance(field, DATE_TYPES):
                        found.add(("form", f"{value.__module__}.{value.__qualname__}", name))
    return found


def admin_date_fields(admin_user, obj_for) -> set[tuple[str, str]]:
    """(model, field) for each date field an admin of ours lets its user edit, on the add
    or the change page (``obj_for(label)``: the object whose change page is requested),
    inlines included."""
    request = RequestFactory().get("/")
    request.user = admin_user
    found = set()
    for model, model_admin in our_admins():
        label = model._meta.label_lower
        for obj in (None, obj_for(label)):
            editable = (
                model_admin.has_change_permission(request, obj)
                if obj is not None
                else model_admin.has_add_permission(request)
            )
            if not editable:
                continue
            form_admins = [(model_admin, model)] + [
                (inline, inline.model) for inline in model_admin.get_inline_instances(request, obj)
            ]
            for owner, form_model in form_admins:
                if isinstance(owner, admin.options.InlineModelAdmin):
                    form_class = owner.get_formset(request, obj).form
                else:
                    form_class = owner.get_form(request, obj, change=obj is not None)
                for name, field in form_class.base_fields.items():
                    if isinstance(field, DATE_TYPES):
                        found.add(("admin", form_model._meta.label_lower, name))
    return found
