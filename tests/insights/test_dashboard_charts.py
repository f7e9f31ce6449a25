"""Charts of scheme-health tables: accessible SVG, PNG for the report, every chart kind."""

import re
from xml.etree import ElementTree

import pytest

from insights import charts
from insights.metrics import Table

SVG = "{http://www.w3.org/2000/svg}"

FUNNEL = Table(
    slug="funnel",
    title="Pipeline: from interest to completion",
    columns=["Stage", "Mentors", "Mentees"],
    rows=[["Registered interest", 3, 5], ["Applied", 2, 4], ["Matched", 1, None]],
    note="Active: in a relationship that has held at least one session.",
    chart="grouped",
)


def test_svg_has_title_and_text_summary():
    root = ElementTree.fromstring(charts.svg(FUNNEL))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-funnel-title chart-funnel-desc"
    assert root.find(f"{SVG}title").text == "Pipeline: from interest to completion"
    assert root.find(f"{SVG}desc").text == (
        "Pipeline: from interest to completion. Columns: Stage, Mentors, Mentees. "
        "Registered interest: Mentors 3, Mentees 5. Applied: Mentors 2, Mentees 4. "
        "Matched: Mentors 1, Mentees none. "
        "Active: in a relationship that has held at least one session."
    )


def test_svg_ids_are_prefixed_so_charts_can_share_a_page():
    text = charts.svg(FUNNEL, id_prefix="a-")

    ids = re.findall(r'\bid="([^"]+)"', text)
    refs = re.findall(r'(?:url\(#|href="#)([^)"]+)', text)
    assert ids
    assert all(i.startswith("a-") for i in ids)
    assert refs
    assert set(refs) <= set(ids)


def test_svg_shows_values_and_legend_as_text():
    texts = [t.text for t in ElementTree.fromstring(charts.svg(FUNNEL)).iter(f"{SVG}text")]

    assert {"Mentors", "Mentees", "3", "5", "2", "4"} <= set(texts)


@pytest.mark.parametrize("kind", ["bar", "hbar", "line", "grouped", "stacked", "histogram"])
def test_every_chart_kind_draws_svg_and_png(kind):
    table = Table(
        slug="x",
        title="A figure",
        columns=["Category", "Count", "Other", "Per cent", "Respondents", "In target"],
        rows=[["a", 1, 2, 50.0, 5, "yes"], ["b", 3, 1.5, 50.0, 6, "no"]],
        chart=kind,
    )

    assert '<title id="chart-x-title">A figure</title>' in charts.svg(table)
    assert charts.png(table, dpi=50).startswith(b"\x89PNG\r\n\x1a\n")


def test_empty_table_says_so():
    table = Table(slug="self-ratings", title="Self-ratings", columns=["Dimension"], rows=[])

    texts = [t.text for t in ElementTree.fromstring(charts.svg(table)).iter(f"{SVG}text")]

    assert sorted(texts) == ["Nothing to show yet."]


def test_dollar_signs_in_labels_are_text_not_formulas():
    from insights.charts import png, svg
    from insights.metrics import Table

    table = Table(
        slug="feedback-scores",
        title="Feedback scores",
        columns=["Question", "Respondents", "Average answer"],
        rows=[["Worth it ($_$)?", 5, 4.0], ["Cost $5 or $10 a month?", 6, 3.5]],
        chart="hbar",
    )
    drawn = svg(table)
    assert "Worth it ($_$)?" in drawn
    assert "Cost $5 or $10 a month?" in drawn
    assert png(table).startswith(b"\x89PNG")
