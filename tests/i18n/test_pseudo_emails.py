"""Every kind of email, rendered for a recipient whose language is the pseudo-locale, has
no untranslated text: subject, text and HTML (the recipient's name is in Greek, so Latin
letters are interface). Rendered with the recipient alone in the context: every static
sentence of the template shows, the variable parts print blank."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.utils.html import strip_tags

from accounts.emails.render import render_email
from tests.factories import ProfileFactory
from tests.i18n.untranslated import untranslated

EMAILS = Path(__file__).resolve().parents[2] / "templates" / "emails"
KINDS = sorted(p.name.removesuffix("_subject.txt") for p in EMAILS.glob("*_subject.txt"))


@pytest.mark.parametrize("template", KINDS)
def test_email_has_no_untranslated_text(db, pseudo_locale, template):
    recipient = ProfileFactory(language=pseudo_locale).user
    recipient.first_name, recipient.last_name = "Ελένη", "Γεωργίου"
    subject, text, body_html = render_email(template, {"recipient": recipient})
    found = {
        "subject": untranslated(subject),
        "text": untranslated(text),
        "html": untranslated(html.unescape(strip_tags(body_html))),
    }
    assert {part: texts for part, texts in found.items() if texts} == {}


def test_every_email_kind_is_checked():
    assert len(KINDS) >= 30  # the glob found the templates: the test above is not empty
