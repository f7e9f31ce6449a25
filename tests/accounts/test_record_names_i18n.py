"""The accounts records read in the staff member's language: every model and field name
(the admin's index, changelists and forms) and the text naming a record."""

from __future__ import annotations

from django.apps import apps
from django.utils import translation

from accounts.models import (
    ConsentRecord,
    ConsentTopic,
    ContactSettings,
    CoordinatorSettings,
    DataExport,
    EmailPreference,
    NotificationKind,
    Profile,
)
from tests.factories import UserFactory
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated


def _names(app: str) -> list[str]:
    texts = []
    for model in apps.get_app_config(app).get_models():
        if model.__name__.startswith("Historical"):
            continue
        texts += [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
        texts += [str(f.verbose_name) for f in model._meta.concrete_fields if not f.auto_created]
        texts += [str(f.verbose_name) for f in model._meta.many_to_many]
    return texts


def test_model_and_field_names_translate(db, pseudo_locale):  # noqa: F811
    with translation.override(pseudo_locale):
        assert untranslated("\n".join(_names("accounts"))) == []


def _records(user):
    return [
        Profile(user=user),
        ContactSettings(user=user),
        CoordinatorSettings(user=user),
        ConsentRecord(user=user, topic=ConsentTopic.FEEDBACK_SHARING, given=True),
        ConsentRecord(user=user, topic=ConsentTopic.PROFILE_VISIBILITY, given=False),
        DataExport(user=user),
    ]


def test_record_texts_translate_and_english_is_unchanged(db, pseudo_locale):  # noqa: F811
    user = UserFactory(first_name="", last_name="", email="ann@example.org")
    with translation.override(pseudo_locale):
        assert untranslated("\n".join(str(r) for r in _records(user))) == []
        opted_out = str(EmailPreference(user=user, kind=NotificationKind.SCHEME_NEWS))
        assert untranslated(opted_out, allow=("scheme_news",)) == []
    with translation.override("en-gb"):
        assert [str(r) for r in _records(user)] == [
            "Profile of ann@example.org",
            "Contact settings of ann@example.org",
            "ann@example.org: Weekly digest",
            "Reading my written feedback individually and quoting it without my name: given",
            "Showing parts of my profile to proposed partners before a match: not given",
            "Data export of ann@example.org (Being prepared)",
        ]
        assert str(Profile._meta.get_field("years_experience").verbose_name) == (
            "years of experience"
        )
