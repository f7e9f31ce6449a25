"""The CPD record and export pages and the portfolio, as members read them: standards
named ("Standard 4", never a bare "4" that reads like a count), nothing shown the same way
in every column, the period filter's dates optional, one note about required fields, plain
text evidence printed in the portfolio, no word counters in it, dates on one line."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cpd import services
from cpd.models import Framework, ManualActivity
from tests.cpd.test_portfolio import PERIOD, _pages, _upload, hcpc_member  # noqa: F401
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated

pytestmark = pytest.mark.django_db


def _course(user, title="Supervision course", standards=()):
    return services.manual_activity_create(
        user=user,
        title=title,
        activity_type="course",
        role="participant",
        date=date(2025, 3, 1),
        hours=Decimal("2"),
        standards=list(standards),
    )


def _cells(html: str, title: str) -> list[str]:
    row = re.search(r"<tr>\s*<td>[^<]*</td>\s*<td>" + re.escape(title) + r".*?</tr>", html, re.S)
    assert row, title
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)


def test_standards_are_named_and_nothing_reads_the_same_everywhere(client, mentor):
    framework = Framework.objects.get(name="HCPC standards for CPD")
    s1, s4 = framework.standards.get(number=1), framework.standards.get(number=4)
    _course(mentor, "Tagged twice", [s1, s4])
    _course(mentor, "Tagged once", [s4])
    _course(mentor, "Untagged")
    client.force_login(mentor)

    html = client.get(reverse("cpd:record")).content.decode()

    assert _cells(html, "Tagged twice")[5] == "Standards 1, 4"
    assert _cells(html, "Tagged once")[5] == "Standard 4"
    untagged = _cells(html, "Untagged")
    none = '<span aria-hidden="true">—</span><span class="visually-hidden">none</span>'
    assert untagged[5].strip() == none
    assert untagged[6].strip() == none
    assert ">None<" not in html


def test_record_filter_dates_are_optional(client, mentor):
    _course(mentor)
    client.force_login(mentor)

    response = client.get(reverse("cpd:record"), {"start": "", "end": ""})

    assert response.context["form"].errors == {}
    assert "asteriskField" not in response.content.decode()
    assert [a.title for a in response.context["activities"]] == ["Supervision course"]


def test_export_page_says_when_there_is_no_reflection(client, mentor):
    client.force_login(mentor)

    text = client.get(reverse("cpd:export")).content.decode()

    assert "No completed reflections yet." in text


def test_export_page_in_the_pseudo_locale(client, mentor, pseudo_locale):  # noqa: F811
    mentor.profile.language = pseudo_locale
    mentor.profile.save()
    _course(mentor)
    client.force_login(mentor)
    with translation.override(pseudo_locale):
        record = client.get(reverse("cpd:record")).content.decode()
        export = client.get(reverse("cpd:export")).content.decode()
    assert "No completed reflections yet." not in export
    assert 'visually-hidden">none<' not in record


def test_plain_text_evidence_is_printed_in_the_portfolio(client, hcpc_member, mentor):  # noqa: F811
    course = ManualActivity.objects.get(user=mentor, title="Supervision course")
    notes = b"What I learnt about feedback.\r\nAsk first."
    _upload(mentor, course, "notes.txt", notes, "text/plain")
    client.force_login(mentor)

    pages = _pages(client.get(reverse("cpd:export_pdf"), PERIOD).content)
    text = " ".join(pages)

    assert "notes.txt (for Supervision course) 01 Mar 2025 1, 4 In full in section 5" in text
    assert "notes.txt: its text follows. What I learnt about feedback. Ask first." in text
    assert "available on request" not in text.split("notes.txt: its text follows.")[1][:200]
    # no word counters ("5 of 500 words") and each date on one line of its cell
    assert not re.search(r"\d of [\d,]+ words", text)
    assert "01 Mar 2025 Supervision course" in text


def test_untranslated_none_marker(pseudo_locale):  # noqa: F811
    from django.template.loader import render_to_string

    with translation.override(pseudo_locale):
        text = render_to_string("cpd/_none.html")
    assert untranslated(re.sub(r"<[^>]+>", " ", text)) == []
