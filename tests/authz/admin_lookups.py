"""Which fields of each model are confidential, for the admin's lookup and search matrix
(``test_admin_lookups.py``).

Two sources, so a new field is covered without anyone remembering it: ``CATALOGUE`` names
the fields that hold what members write, what emails carry and secrets (whatever admin they
are reached from, through a relation too); and the generic rule counts every text, JSON,
URL or file field an admin does not show in its list, filter on or search as confidential
on that admin, and every reverse relation it does not show (``?feedback__isnull=``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib import admin
from django.db import models
from django.utils.html import strip_tags

from core.admin import field_path, split_lookup

CATALOGUE: dict[str, frozenset[str]] = {
    label: frozenset(names.split())
    for label, names in {
        "accounts.user": "password",
        "accounts.sentnotification": (
            "key body_text body_html unsubscribe_url last_error reply_to calendar"
        ),
        "accounts.contactsettings": "phone preferred_channel",
        "account.emailconfirmation": "key",
        "mfa.authenticator": "data",
        "schemes.scheme": "need stakeholders resources_funding time_cost",
        "schemes.application": "hopes answers decision_note",
        "schemes.schemeevent": "location",
        "matching.proposal": "reasons",
        "matching.proposalmember": "response_reason",
        "sessions_log.session": "notes location",
        "sessions_log.expectation": "text clarification_request clarification_response",
        "sessions_log.goal": "what why success_looks_like",
        "sessions_log.goalprogress": "note",
        "sessions_log.action": "text",
        "sessions_log.concern": "message",
        "sessions_log.message": "body",
        "sessions_log.messagereport": "reason",
        "sessions_log.ending": "reason",
        "sessions_log.feedbackresponse": "answers",
        "sessions_log.calendarfeed": "token",
        "cpd.reflection": "title entries",
        "cpd.manualactivity": "title description",
        "cpd.evidence": "file original_name description",
        "cpd.cpdprofile": "summary_of_practice statements",
    }.items()
}

# Text fields an admin may search although they are not in its list: what it searches is
# shown in full on the object's page to everyone who may list the object.
SEARCHABLE_TEXT = frozenset({"schemes.newsitem.body"})

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def is_confidential(field) -> bool:
    return field.name in CATALOGUE.get(field.model._meta.label_lower, ())


def shown(model_admin: admin.ModelAdmin, request) -> set[str]:
    """The field paths an admin shows in its list, filters on or searches, read from its
    declarations (not from the guard under test)."""
    model = model_admin.model
    names = [
        *(n for n in model_admin.get_list_display(request) if isinstance(n, str)),
        *(
            f if isinstance(f, str) else f[0]
            for f in model_admin.get_list_filter(request)
            if isinstance(f, (str, list, tuple))
        ),
        *(str(s).lstrip("^=@") for s in model_admin.get_search_fields(request)),
        *([model_admin.date_hierarchy] if model_admin.date_hierarchy else []),
    ]
    paths = [str(n) for n in names]
    return {field_path(model, n) for n in paths if not split_lookup(model, n)[1]}


@dataclass(frozen=True)
class Probe:
    path: str  # a field path from the admin's model
    field: models.Field | models.ForeignObjectRel

    def value(self) -> str | None:
        """A real piece of the field's content (a right guess), if any row has one."""
        if not isinstance(self.field, TEXT_FIELDS):
            return None
        manager = self.field.model._meta.default_manager
        assert manager is not None
        for raw in manager.exclude(**{f"{self.field.name}__isnull": True})[:20]:
            value = getattr(raw, self.field.name)
            text = json.dumps(value) if isinstance(self.field, models.JSONField) else str(value)
            text = " ".join(strip_tags(text).strip('{}[]"').split())
            if len(text) >= 4:
                return text[:12]
        return None


def probes(model_admin: admin.ModelAdmin, request) -> Iterator[Probe]:
    """Every confidential field path of an admin's model: its own hidden text fields and
    catalogued fields, its hidden reverse relations, and the catalogued fields one
    relation away."""
    model = model_admin.model
    visible = shown(model_admin, request)
    for field in model._meta.get_fields():
        if field.concrete and not field.is_relation:
            hidden_text = isinstance(field, TEXT_FIELDS) and field.name not in visible
            if hidden_text or is_confidential(field):
                yield Probe(field.name, field)
        elif field.is_relation and field.related_model is not None:
            if field.auto_created and not field.concrete and field.name not in visible:
                yield Probe(field.name, field)  # a reverse relation: does one exist?
            related = field.related_model._meta.label_lower
            for name in sorted(CATALOGUE.get(related, ())):
                target = field.related_model._meta.get_field(name)
                yield Probe(f"{field.name}__{name}", target)
