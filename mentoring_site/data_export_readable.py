"""The readable summary of a member's export (the HTML page and the PDF of the package).

The JSON of the package stays complete and machine-readable (codes, ISO dates, every
section even when empty). The summary is for a person: human headings (``HEADINGS``),
each field by its model's verbose name or a label of its own (``LABELS``), a choice by its
label rather than its code (the field named by ``SOURCES``), a country by its name, dates
in the member's own zone and language (the caller activates both), and no section with
nothing in it (a member never sees "Matching runs started", which only staff have).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model
from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.countries import country_name
from accounts.models import (
    ConsentRecord,
    ContactSettings,
    CoordinatorSettings,
    DataExport,
    EmailPreference,
    ErasureRequest,
    Profile,
    SentNotification,
    User,
)
from core.zones import local_with_zone
from cpd.models import (
    ActivityType,
    CpdProfile,
    Evidence,
    IssuedCertificate,
    ManualActivity,
    Reflection,
    SourceType,
)
from insights.models import EvaluationReport, ReportQuote
from matching.models import MatchingRun, MentorRequest, Proposal, ProposalMember
from schemes.models import Application, EventAttendance, PreparationCompletion, Subscription
from sessions_log.models import (
    Action,
    CalendarFeed,
    Concern,
    Ending,
    Expectation,
    FacilitatorConsent,
    FeedbackResponse,
    FlashSlot,
    Goal,
    GoalProgress,
    Message,
    MessageReport,
    ProgrammeTemplate,
    Relationship,
    RelationshipMember,
    SelfRating,
    Session,
)

from .data_export_words import HEADINGS, LABELS

#: Where each section's (or nested list's) records come from: the model whose fields give
#: the labels and choices, and the export's keys that name a field otherwise (a field name
#: of that model, or another model's field).
Source = tuple[type[Model], dict[str, str | tuple[type[Model], str]]]
SOURCES: dict[str, Source] = {
    "account": (User, {}),
    "profile": (Profile, {}),
    "email_addresses": (EmailAddress, {}),
    "two_factor_devices": (Authenticator, {}),
    "contact_settings": (ContactSettings, {}),
    "coordinator_settings": (CoordinatorSettings, {}),
    "email_preferences": (EmailPreference, {"turned_off": "kind"}),
    "consents": (ConsentRecord, {"about": "subject_label", "where": "source"}),
    "erasure_requests": (ErasureRequest, {}),
    "data_exports": (DataExport, {}),
    "emails_sent": (SentNotification, {"text": "body_text"}),
    "applications": (Application, {}),
    "applications.status_history": (Application, {}),
    "subscriptions": (Subscription, {}),
    "events": (EventAttendance, {}),
    "preparation": (PreparationCompletion, {}),
    "match_proposals": (
        Proposal,
        {
            "my_role": (ProposalMember, "role"),
            "my_response": (ProposalMember, "response"),
            "my_reason": (ProposalMember, "response_reason"),
            "responded_at": (ProposalMember, "responded_at"),
        },
    ),
    "mentor_requests": (MentorRequest, {"my_decline_reason": "decline_reason"}),
    "matching_runs_started": (MatchingRun, {}),
    "proposals_approved_or_overridden": (Proposal, {}),
    "relationships": (
        Relationship,
        {"my_role": (RelationshipMember, "role"), "joined_at": (RelationshipMember, "joined_at")},
    ),
    "relationships.members": (RelationshipMember, {}),
    "relationships.status_history": (Relationship, {}),
    "relationships.sessions": (Session, {}),
    "expectations": (Expectation, {}),
    "goals": (Goal, {"goal": "what"}),
    "goals.progress": (GoalProgress, {}),
    "actions": (Action, {}),
    "messages": (Message, {}),
    "message_reports": (MessageReport, {}),
    "concerns": (Concern, {}),
    "endings": (Ending, {}),
    "feedback": (FeedbackResponse, {}),
    "self_ratings": (SelfRating, {}),
    "facilitator_answers": (FacilitatorConsent, {}),
    "calendar_feed": (CalendarFeed, {}),
    "flash_slots": (FlashSlot, {"withdrawn_at": "cancelled_at"}),
    "programme_templates_owned": (ProgrammeTemplate, {}),
    "reflections": (Reflection, {}),
    "cpd_activities": (ManualActivity, {}),
    "cpd_activities.evidence": (Evidence, {"name": "original_name", "type": "content_type"}),
    "cpd_profile": (CpdProfile, {}),
    "cpd_activity_versions": (ManualActivity, {}),
    "certificates_issued": (IssuedCertificate, {}),
    "quoted_in_reports": (ReportQuote, {}),
    "evaluation_reports_created": (EvaluationReport, {}),
}

#: Choices the model's field does not list (a derived activity is of any type or source).
CHOICES: dict[str, Any] = {
    "cpd_activities.type": ActivityType.choices,
    "cpd_activities.source": SourceType.choices,
}
#: The kind of change in a record's history (simple_history's codes).
CHANGES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
#: Keys whose value is a file of the package (a link in the HTML).
FILE_KEYS = frozenset({"photo", "file"})


@dataclass
class Line:
    """One field of a record: its label and its value as text, or the records of a nested
    list (``children``); ``link`` when the value is a file of the package."""

    label: str
    text: str = ""
    link: str = ""
    children: list[list[Line]] = field(default_factory=list)


@dataclass
class Section:
    """One part of the summary: a heading and its records, each a list of lines."""

    key: str
    title: str
    items: list[list[Line]] = field(default_factory=list)


def is_empty(value: Any) -> bool:
    """Nothing held: no value, an empty list, or a record whose every field is empty."""
    if value is None or value in ("", [], {}):
        return True
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def fallback_label(key: str) -> str:
    """A key made readable when nothing names it (``is_named``: the tests check that no
    field of the export is left to this)."""
    return key.replace("_", " ").capitalize()


def model_field(path: str, key: str) -> Field | None:
    """The model field the export's ``key`` at ``path`` comes from, if known."""
    model, aliases = SOURCES.get(path, (None, {}))
    if model is None:
        return None
    target = aliases.get(key, key)
    if isinstance(target, tuple):
        model, target = target
    try:
        found = model._meta.get_field(target)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, Field) else None


def is_named(path: str, key: str) -> bool:
    """Whether the field has words of its own (a label, or its model's field)."""
    return key in LABELS or model_field(path, key) is not None


def label(path: str, key: str) -> str:
    if key in LABELS:
        return str(LABELS[key])
    found = model_field(path, key)
    if found is not None:
        return str(capfirst(found.verbose_name))
    return fallback_label(key)


def _choices(path: str, key: str) -> dict[Any, str]:
    given = CHOICES.get(f"{path}.{key}")
    if given is None:
        found = model_field(path, key)
        given = found.flatchoices if found is not None and found.choices else []
    return {value: str(text) for value, text in given}


def _typed(value: Any) -> str | None:
    """A yes/no, a moment, a day or a number for people; None for anything else."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, date):
        return date_format(value, formats.get_format("DATE_FORMAT"))
    if isinstance(value, Decimal | float | int):
        return str(formats.localize(value, use_l10n=True))
    return None


def _scalar(value: Any, *, key: str, choices: dict[Any, str]) -> str:
    if value is None or value == "":
        return "-"
    typed = _typed(value)
    if typed is not None:
        return typed
    if key == "country":
        return country_name(str(value)) or str(value)
    if key == "change" and value in CHANGES:
        return str(CHANGES[value])
    return choices.get(value, str(value))


def _value(path: str, key: str, value: Any) -> Line:
    name = label(path, key)
    inner = f"{path}.{key}"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return Line(name, children=[lines(inner, v) for v in value])
    if isinstance(value, dict):
        if is_empty(value):
            return Line(name, "-")
        return Line(name, children=[lines(inner, value)])
    choices = _choices(path, key)
    if isinstance(value, list | tuple):
        text = ", ".join(_scalar(v, key=key, choices=choices) for v in value) or "-"
        return Line(name, text)
    link = str(value) if key in FILE_KEYS and value else ""
    return Line(name, _scalar(value, key=key, choices=choices), link=link)


def lines(path: str, record: Any) -> list[Line]:
    """One record (a dict of fields, or a lone value) as lines."""
    if isinstance(record, dict):
        return [_value(path, k, v) for k, v in record.items()]
    return [Line("", _scalar(record, key="", choices={}))]


def summary_sections(data: dict[str, Any]) -> list[Section]:
    """The export (Python values, as ``member_data_values`` returns them) as readable
    sections; the empty ones are left out."""
    sections = []
    for key, value in data.items():
        if key == "exported_at" or is_empty(value):
            continue
        records = value if isinstance(value, list) else [value]
        title = str(HEADINGS.get(key, fallback_label(key)))
        sections.append(Section(key, title, [lines(key, r) for r in records]))
    return sections


def when(value: datetime) -> str:
    """A moment for people: in the active zone and the active language's format, with
    the zone's abbreviation."""
    return local_with_zone(value, str(formats.get_format("DATETIME_FORMAT")))
