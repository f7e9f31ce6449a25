"""The pseudo-locale builds clean, and it translates: placeholders survive, a member who
chooses it reads their pages in it."""

from __future__ import annotations

import re

from django.utils import translation

from tests.i18n import pseudo
from tests.i18n.untranslated import untranslated


def test_makemessages_and_compilemessages_run_clean(pseudo_locale_build):
    directory, report = pseudo_locale_build
    assert report == {"makemessages": "", "compilemessages": ""}
    folder = directory / pseudo.LOCALE / "LC_MESSAGES"
    for domain in pseudo.DOMAINS:
        assert (folder / f"{domain}.mo").stat().st_size > 0
    catalogue = (folder / "django.po").read_text(encoding="utf-8")
    assert 'msgid "Your profile is saved."' in catalogue
    assert 'msgid "This field is required."' in catalogue  # Django's own, added


def test_pseudo_keeps_placeholders_and_tags_and_brackets_the_text():
    text = 'Hello %(name)s, <a href="/x">%s items</a> {0} &amp; more\\n'
    made = pseudo.pseudo(text)
    assert made.startswith("[")
    assert made.endswith("]")
    for kept in ("%(name)s", '<a href="/x">', "%s", "</a>", "{0}", "&amp;", "\\n"):
        assert kept in made
    without_kept = re.sub(r"%\(name\)s|<[^>]+>|%s|\{0\}|&amp;|\\n", "", made)
    assert not re.search(r"[A-Za-z]", without_kept)
    assert len(made) > len(text)


def test_blank_text_stays_blank():
    assert pseudo.pseudo("") == ""
    assert pseudo.pseudo("  ") == "  "


def test_strings_translate_in_the_pseudo_locale(pseudo_locale):
    with translation.override(pseudo_locale):
        assert translation.gettext("Your profile is saved.").startswith("[Ýöûŕ")
        assert untranslated(translation.gettext("This field is required.")) == []


def test_untranslated_finds_latin_text_and_allows_addresses():
    assert untranslated("[Šàṽé ~~] Save") == ["[Šàṽé ~~] Save"]
    assert untranslated("[Šéñţ ţö ~~] ana@example.org Europe/London") == []
