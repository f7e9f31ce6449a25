"""Every email subject is in sentence case and marked for translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

SUBJECTS = sorted(
    (Path(settings.BASE_DIR) / "templates" / "emails").glob("*_subject.txt"),
    key=lambda p: p.name,
)
# A stand-in for every variable a subject names; names of people and schemes are the
# member's own spelling, so a subject that starts with one is left as typed.
CONTEXT = {
    "site_name": "Mentoring schemes",
    "scheme": {"name": "Leaders"},
    "session": {"number": 2, "day": "Tuesday 3 March"},
    "application": {"status": "submitted"},
    "event": {"title": "Briefing"},
    "item": {"title": "News"},
    "author": {"display_name": "Ana"},
    "facilitator": {"display_name": "Ana"},
    "relationship": {"pk": 7},
    "other_names": "Ana",
    "frequency": "weekly",
    "subject": "your application to Leaders",
}


def test_every_subject_template_is_found():
    assert len(SUBJECTS) > 20


@pytest.mark.parametrize("path", SUBJECTS, ids=lambda p: p.name)
def test_subject_starts_with_a_capital_and_is_translatable(path):
    source = path.read_text()
    for flag in ({}, {"rescheduled": True, "is_choice": True, "is_facilitator": True}):
        subject = render_to_string(f"emails/{path.name}", {**CONTEXT, **flag}).strip()
        assert subject[:1].isupper(), (path.name, subject)
    assert "{% load i18n %}" in source
    assert "translate" in source
