"""Every date a person can type is bounded (issue 14: one session dated 0001-01-01 made the
scheme-health page draw 24,000 months).

Class-wide: every URL of the matrix is requested by someone who may open it; every form
the page shows with a date or date-time field (portal forms, the admin's forms and their
inlines, filters sent by GET) is sent 0001-01-01, 1900-01-01 and 9999-12-31 in that field,
the rest of the form as the page filled it. Each must be refused beside the field, with the
date kept, and write nothing. Every import column that takes a date is tried the same way.
A form class or admin field with a date that no page shows fails
``test_every_date_form_is_reached``: a new form with a date is covered as soon as its URL
is in the matrix.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils.html import escape
from import_export import widgets

from core.imports import IsoDateTimeWidget
from tests.badinput.harness import changed_tables, table_counts

from .admin_matrix import ADMIN_MODELS
from .date_forms import (
    THIRD_PARTY_APPS,
    admin_date_fields,
    date_fields,
    declared_date_forms,
    form_key,
    forms_in,
    method_and_action,
    our_admins,
    page_data,
    with_date,
)
from .test_matrix import _path, all_entries
from .world import (
    ADMIN,
    ANON,
    COORD,
    MENTEE,
    OTHER_COORD,
    OTHER_MENTOR,
    OUTSIDER,
    rolled_back_world,
)

EXTREMES = ("0001-01-01", "1900-01-01", "9999-12-31")
# Who opens each page: the member for the portal, the administrator for the admin.
PREFERENCE = (MENTEE, ADMIN, COORD, OTHER_MENTOR, OUTSIDER, OTHER_COORD, ANON)


@pytest.fixture(scope="module")
def date_world(django_db_setup, django_db_blocker):
    """One world for the module, rolled back at the end."""
    with rolled_back_world(django_db_blocker) as world:
        yield world


def _opener(statuses) -> str | None:
    for cast in PREFERENCE:
        status = statuses.get(cast)
        if status == 200 or (isinstance(status, frozenset) and 200 in status):
            return cast
    return None


def _pages(world):
    """(url key, path, cast) for every page of the matrix someone may open."""
    for key, entry in sorted(all_entries(world).items()):
        built = entry.kwargs(world)
        for label, kwargs in built if isinstance(built, list) else [("", built)]:
            cast = _opener(entry.variant_get.get(label, entry.get))
            if cast is not None and cast != ANON and not entry.token_holder:
                path = _path(key, kwargs) + (f"?{entry.query}" if entry.query else "")
                yield key, path, cast


def _same_form(response, form):
    """The form in the re-rendered page that stands for ``form`` (same class, prefix)."""
    for candidate in forms_in(response):
        if type(candidate).__name__ == type(form).__name__ and candidate.prefix == form.prefix:
            return candidate
    return None


def _send(client, form, page, path: str, name: str, day: str) -> list[str]:
    """Type ``day`` into ``name``; what went wrong (nothing if it was refused properly)."""
    html = page.content.decode()
    method, action = method_and_action(html, form[name].html_name, path)
    data = with_date(page_data(page, form), form, name, day)
    before = table_counts()
    with transaction.atomic():
        response = (client.get if method == "get" else client.post)(action, data)
        changed = changed_tables(before, table_counts())
        transaction.set_rollback(True)
    where = f"{path} {type(form).__name__}.{name} = {day}"
    if response.status_code in (301, 302, 303) or changed:
        return [f"{where}: accepted ({response.status_code}, wrote {changed})"]
    if not response.get("Content-Type", "").startswith("text/html"):
        return [f"{where}: answered with a file ({response['Content-Type']})"]
    again = _same_form(response, form)
    if again is None or not again.errors.get(name):
        return [f"{where}: no error beside the field"]
    if escape(day) not in response.content.decode():
        return [f"{where}: the typed date is lost"]
    return []


def _try_page(client, path: str, reached: set) -> list[str]:
    """Each date field of each form of ours on the page, with each extreme date."""
    page = client.get(path)
    if page.status_code != 200:
        return [f"{path}: got {page.status_code}, not the page"]
    problems: list[str] = []
    for form in forms_in(page):
        if form_key(form)[1].split(".")[0] in THIRD_PARTY_APPS:
            continue
        for name in date_fields(form):
            reached.add((*form_key(form), name))
            for day in EXTREMES:
                problems += _send(client, form, page, path, name, day)
    return problems


@pytest.fixture(scope="module")
def crawl(date_world):
    """Every page's date fields tried with each extreme date: (reached, problems)."""
    clients: dict[str, Client] = {}
    reached: set[tuple[str, ...]] = set()
    problems: list[str] = []
    with override_settings(STAFF_MFA_REQUIRED=False):  # module-scoped: before tests/conftest
        for _key, path, cast in _pages(date_world):
            if cast not in clients:
                clients[cast] = Client()
                clients[cast].force_login(date_world.user(cast))
            problems += _try_page(clients[cast], path, reached)
    return reached, problems


def test_extreme_dates_are_refused_by_every_form(crawl, db):
    reached, problems = crawl
    assert len(reached) >= 10, reached  # the crawl does find the forms
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_date_form_is_reached(crawl, date_world, db):
    """Each form class of ours with a date field, and each date field an admin of ours
    lets staff edit, was met (and tried) by the crawl."""
    reached, _ = crawl

    def obj_for(label):
        spec = ADMIN_MODELS.get(label)
        return spec.obj(date_world) if spec else None

    expected = declared_date_forms() | admin_date_fields(date_world.user(ADMIN), obj_for)
    missing = sorted(expected - reached)
    assert missing == [], "Not reached by any page of the matrix:\n" + "\n".join(map(str, missing))


# --- imports -----------------------------------------------------------------------------

DATE_WIDGETS = (IsoDateTimeWidget, widgets.DateWidget, widgets.DateTimeWidget)


def _import_date_columns(admin_user):
    """(model, model admin, resource, column) for each import column that takes a date."""
    request = RequestFactory().get("/")
    request.user = admin_user
    for model, model_admin in our_admins():
        if not hasattr(model_admin, "get_import_resource_classes"):
            continue
        for resource_class in model_admin.get_import_resource_classes(request):
            resource = resource_class(**model_admin.get_import_resource_kwargs(request))
            for field in resource.get_import_fields():
                if isinstance(field.widget, DATE_WIDGETS):
                    yield model, model_admin, resource, field.column_name


def _csv(resource, model, column: str, day: str) -> bytes:
    """The first exported row of ``model``, with ``day`` in ``column``."""
    dataset = resource.export(queryset=model.objects.all()[:1])
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row[column] = day
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(dataset.headers))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


def test_extreme_dates_are_refused_by_every_import(date_world, db):
    admin_user = date_world.user(ADMIN)
    client = Client()
    client.force_login(admin_user)
    tried, problems = 0, []
    for model, model_admin, resource, column in _import_date_columns(admin_user):
        formats = model_admin.get_import_formats()
        csv_index = next(i for i, f in enumerate(formats) if f().get_title() == "csv")
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        for day in EXTREMES:
            tried += 1
            before = table_counts()
            upload = SimpleUploadedFile("d.csv", _csv(resource, model, column, day), "text/csv")
            response = client.post(
                reverse(f"admin:{info}_import"), {"format": csv_index, "import_file": upload}
            )
            result = response.context.get("result") if response.context else None
            errors = [r.error_dict.get(column) for r in (result.invalid_rows if result else [])]
            if response.context.get("confirm_form") is not None or not any(errors):
                problems.append(f"{info}.{column} = {day}: not refused in its column")
            if changed_tables(before, table_counts()):
                problems.append(f"{info}.{column} = {day}: wrote something")
    assert tried >= 3  # the applications' submitted_at, at least
    assert problems == []
