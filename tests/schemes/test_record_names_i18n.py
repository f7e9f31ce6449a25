"""The schemes and insights records read in the staff member's language: every model and
field name, and the text naming a form or an event."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import translation

from schemes.models import ApplicationForm, Role, Scheme, SchemeEvent
from tests.accounts.test_record_names_i18n import _names
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated


def test_model_and_field_names_translate(db, pseudo_locale):  # noqa: F811
    with translation.override(pseudo_locale):
        assert untranslated("\n".join(_names("schemes") + _names("insights"))) == []


def test_form_and_event_texts_translate_and_english_is_unchanged(db, pseudo_locale, settings):  # noqa: F811
    settings.TIME_ZONE = "UTC"
    scheme = Scheme(name="Ωμέγα")
    form = ApplicationForm(scheme=scheme, role=Role.MENTOR)
    event = SchemeEvent(scheme=scheme, title="Ωμέγα", starts_at=datetime(2026, 3, 5, 9, tzinfo=UTC))
    with translation.override(pseudo_locale):
        assert untranslated(f"{form}\n{event}") == []
    with translation.override("en-gb"):
        assert str(form) == "Ωμέγα: Mentor form"
        assert str(event) == "Ωμέγα (5 Mar 2026)"
