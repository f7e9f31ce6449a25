"""Every model and field of the six apps is named by a translatable string, so the admin
(index, changelists, change forms, filters) reads in the staff member's language.

A name Django derives from a class or field name ("erasure requests", "first name") is a
plain ``str`` that no catalogue can translate; a name given with ``gettext_lazy`` is a lazy
``Promise``. History models (django-simple-history) are named from their model's own name by
that package, and are skipped.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.functional import Promise

APPS = ("accounts", "schemes", "matching", "sessions_log", "cpd", "insights")


def _own_models(app: str):
    return [
        model
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    ]


def _unnamed(app: str) -> list[str]:
    missing = []
    for model in _own_models(app):
        meta = model._meta
        for option in ("verbose_name", "verbose_name_plural"):
            if not isinstance(getattr(meta, option), Promise):
                missing.append(f"{meta.label} Meta.{option}")
        for field in meta.get_fields(include_hidden=False):
            if not getattr(field, "concrete", False) or field.auto_created:
                continue
            if not isinstance(field.verbose_name, Promise):
                missing.append(f"{meta.label}.{field.name}")
    return missing


@pytest.mark.parametrize("app", APPS)
def test_every_model_and_field_has_a_translatable_name(app):
    assert _unnamed(app) == []


def test_the_check_finds_a_derived_name():
    from django.db import models

    field = models.CharField(max_length=3)
    field.set_attributes_from_name("first_name")
    assert not isinstance(field.verbose_name, Promise)
