"""The project's own admin pages (erasure and refusal confirmations, the organisation
merge, import and export, an object's history, the data-protection settings) in the
pseudo-locale: an administrator whose profile language is the pseudo-locale sees no
untranslated text in the page's breadcrumbs and content. The people and organisations are
named in Greek, so any run of Latin letters left is interface."""

from __future__ import annotations

import html
import re
from pathlib import Path

import import_export
import pytest
import simple_history
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from accounts.erasure import erasure_request_create
from accounts.models import Organisation
from accounts.resources import MemberResource
from tests.factories import ApplicationFactory, ProfileFactory, UserFactory
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated

pytestmark = pytest.mark.django_db

MAIN = re.compile(r"<main\b.*?</main>", re.S)
BREADCRUMBS = re.compile(r'<div class="breadcrumbs">.*?</div>', re.S)
SCRIPTS = re.compile(r"<(script|style|template)\b.*?</\1>", re.S)
# What a person reads in the attributes: buttons' words, labels for screen readers.
ATTRIBUTES = re.compile(r'\b(?:value|title|aria-label|placeholder|alt)="([^"]*)"')
TYPED = re.compile(r'<(?:input|option)[^>]*type="(?:hidden|text|checkbox)"[^>]*>')


def _text(page: str) -> str:
    """The page's main part (breadcrumbs, title, content) as text, with the attribute
    values a person reads on buttons; form fields' own values left out."""
    crumbs = BREADCRUMBS.search(page)
    main = SCRIPTS.sub(" ", (crumbs.group(0) if crumbs else "") + MAIN.search(page).group(0))
    attributes = ATTRIBUTES.findall(TYPED.sub(" ", main))
    return html.unescape(strip_tags(main) + "\n" + "\n".join(attributes))


@pytest.fixture
def administrator(client, admin_user, pseudo_locale):  # noqa: F811
    """An administrator in Greek whose language is the pseudo-locale, signed in."""
    admin_user.first_name, admin_user.last_name = "Ελένη", "Γεωργίου"
    admin_user.save()
    ProfileFactory(user=admin_user, language=pseudo_locale)
    client.force_login(admin_user)
    return admin_user


def _member():
    return UserFactory(first_name="Νίκος", last_name="Παππάς")


def _msgids(po: str) -> set[str]:
    """The msgids of a .po file's text (each one joined from its quoted lines)."""
    found, current = set(), None
    for line in [*po.splitlines(), ""]:
        if line.startswith('msgid "'):
            current = [line[len('msgid "') : -1]]
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        elif current is not None:
            found.add("".join(current).strip(" :"))
            current = None
    return found


def _package_strings() -> set[str]:
    """The strings of django-import-export's and django-simple-history's own templates and
    forms ("File to import", "Changed"): those packages translate them in each real
    language, but ship no English catalogue for the pseudo-locale to accent."""
    found: set[str] = set()
    for package in (import_export, simple_history):
        path = Path(package.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
        found |= _msgids(path.read_text(encoding="utf-8"))
    return found


PACKAGE_STRINGS = _package_strings()
PSEUDO_PIECE = re.compile(r"\[[^\]]*~+\]")
FORMATS = {"csv", "tsv", "json", "yaml", "html", "xls", "xlsx", "ods"}
COLUMNS = re.compile(r"^[a-z_]+(?:, [a-z_]+)*$")  # a file's column names, as typed in it
# The export form labels each column by its name ("first_name" is "First Name").
COLUMN_LABELS = {name.replace("_", " ").title() for name in MemberResource().get_export_order()}


def _interface(line: str) -> bool:
    """Whether an untranslated line is the project's (not a package's, not a column)."""
    bare = PSEUDO_PIECE.sub("", line).strip(" :")
    return not (
        bare in PACKAGE_STRINGS or bare in FORMATS or bare in COLUMN_LABELS or COLUMNS.match(bare)
    )


def _assert_translated(response, allow: tuple[str, ...] = ()) -> None:
    assert response.status_code == 200
    found = [line for line in untranslated(_text(response.text), allow=allow) if _interface(line)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("action", ["carry_out", "refuse"])
def test_erasure_confirmation_pages(client, administrator, action):
    member = _member()
    erasure = erasure_request_create(user=member, by=member)
    response = client.post(
        reverse("admin:accounts_erasurerequest_changelist"),
        {"action": action, helpers.ACTION_CHECKBOX_NAME: [erasure.pk]},
    )
    _assert_translated(response)


def test_erasure_confirmation_in_english(client, admin_user):
    """English stays as it was (the site's language for an administrator without one)."""
    member = _member()
    erasure = erasure_request_create(user=member, by=member)
    client.force_login(admin_user)
    page = client.post(
        reverse("admin:accounts_erasurerequest_changelist"),
        {"action": "carry_out", helpers.ACTION_CHECKBOX_NAME: [erasure.pk]},
    ).text
    assert "This cannot be undone." in page
    asked = f"{timezone.localtime(erasure.requested_at):%-d %b %Y}"
    assert f"Erasure request #{erasure.pk} (Waiting for review): {member} (asked {asked})" in page
    assert 'value="Erase"' in page


def test_organisation_merge_page(client, administrator):
    first = Organisation.objects.create(name="Νοσοκομείο Α")
    second = Organisation.objects.create(name="Νοσοκομείο Β")
    response = client.post(
        reverse("admin:accounts_organisation_changelist"),
        {"action": "merge_organisations", helpers.ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
    )
    _assert_translated(response)


@pytest.mark.parametrize(
    "name",
    [
        "admin:accounts_user_import",
        "admin:accounts_user_export",
        "admin:accounts_retentionsettings_add",
        "admin:accounts_expertisearea_add",
        "admin:matching_matchingrun_start",
        "admin:matching_matchingrun_waiting",
    ],
)
def test_import_export_and_settings_pages(client, administrator, name):
    # The user model's name is derived from its class (a name for it needs a migration).
    _assert_translated(client.get(reverse(name)), allow=("Users",))


def test_history_page(client, administrator, scheme):
    scheme.audience = "Νέοι βιβλιοθηκονόμοι"  # a field named in the catalogue
    scheme.save()
    response = client.get(reverse("admin:schemes_scheme_history", args=[scheme.pk]))
    _assert_translated(response, allow=(scheme.name,))


def test_messages_and_texts_of_the_admin_modules(pseudo_locale):  # noqa: F811
    """Texts built in Python for the admin and the imports, in the pseudo-locale."""
    from accounts.models import RetentionSettings
    from core.autosave import not_saved
    from core.imports import ChoiceWidget, PlainIntegerWidget

    with translation.override(pseudo_locale):
        texts = [str(RetentionSettings()), str(RetentionSettings._meta.verbose_name)]
        for widget, value in ((PlainIntegerWidget(), "πολλά"), (ChoiceWidget([("α", "α")]), "")):
            with pytest.raises(ValueError, match=r"\[.* ~+\]") as error:
                widget.clean(value)
            texts.append(str(error.value))
        texts.append(not_saved("").content.decode())
    assert untranslated("\n".join(texts), allow=("saved", "message", "false")) == []


def test_decide_with_a_note_page(client, administrator, scheme):
    application = ApplicationFactory(scheme=scheme, applicant=_member())
    response = client.post(
        reverse("admin:schemes_application_changelist"),
        {"action": "decide_with_note", helpers.ACTION_CHECKBOX_NAME: [application.pk]},
    )
    _assert_translated(response, allow=(scheme.name,))
