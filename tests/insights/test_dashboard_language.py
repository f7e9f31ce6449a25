"""The scheme-health dashboard in the coordinator's language: every figure's title,
columns, range labels, yes/no cells and notes, and the charts' text, are translated; the
English figures are unchanged; the SVG carries no matplotlib metadata."""

from __future__ import annotations

import html
import re

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from insights import charts
from insights.metrics import scheme_health
from schemes.models import Scheme
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated


def _visible(svg: str) -> str:
    """The chart's text as a reader (or a screen reader) meets it, one element a line."""
    return html.unescape(strip_tags(re.sub(r"<", "\n<", svg)))


def _tables(scheme):
    return scheme_health(schemes=Scheme.objects.filter(pk=scheme.pk))


def test_figures_and_charts_in_the_pseudo_locale(db, scheme, pseudo_locale):  # noqa: F811
    with translation.override(pseudo_locale):
        tables = _tables(scheme)
        texts = []
        for table in tables:
            texts += [table.title, table.note, *table.columns]
            texts += [str(cell) for row in table.rows for cell in row if isinstance(cell, str)]
            texts.append(_visible(charts.svg(table)))
    assert untranslated("\n".join(texts), allow=(scheme.name,)) == []


def test_english_figures_are_unchanged(db, scheme):
    with translation.override("en-gb"):
        tables = {t.slug: t for t in _tables(scheme)}
    window = scheme.target_window_days
    match = tables["time-to-match"]
    assert match.rows[0][0] == f"0–{window // 3} days"
    assert match.rows[-1][0] == f"Over {2 * window} days"
    assert [row[2] for row in match.rows] == ["yes"] * 3 + ["no"] * 3
    momentum = tables["momentum-last-session"]
    assert momentum.rows[-1][0].startswith("Over ")
    assert [row[2] for row in momentum.rows] == ["yes", "yes", "no", "no"]
    assert tables["feedback-scores"].note.endswith(
        "Figures rest on fixed groups of at least 5 respondents (by the month their "
        "relationship started); a cohort shows only the groups that lie wholly inside it."
    )


def test_svg_has_no_matplotlib_metadata(db, scheme):
    for table in _tables(scheme):
        svg = charts.svg(table)
        assert "Matplotlib" not in svg
        assert "image/svg+xml" not in svg
        assert "<metadata" not in svg


def test_dashboard_page_in_the_pseudo_locale(client, admin_user, scheme, pseudo_locale):  # noqa: F811
    client.force_login(admin_user)
    client.cookies["django_language"] = pseudo_locale
    response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 200
    main = response.text[response.text.index("<main") : response.text.index("</main>")]
    text = html.unescape(strip_tags(re.sub(r"<", "\n<", main)))
    assert untranslated(text, allow=(scheme.name,)) == []
