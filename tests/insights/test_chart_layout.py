"""How the scheme-health charts fit their labels: no title repeated inside the image (the
page's heading names it; the SVG's <title> keeps the accessible name), long category
labels wrapped rather than cut at the edge, slanted month labels and the values of close
series apart from each other."""

from __future__ import annotations

from xml.etree import ElementTree

from matplotlib.backends.backend_agg import FigureCanvasAgg

from insights import charts
from insights.metrics import Table

SVG = "{http://www.w3.org/2000/svg}"

TIME_TO_MATCH = Table(
    slug="time-to-match",
    title="Time to match",
    columns=["Days from application to match", "Applicants", "Within the target window"],
    rows=[
        ["First third of the window", 3, "yes"],
        ["Second third", 2, "yes"],
        ["Last third", 1, "yes"],
        ["Up to half a window late", 1, "no"],
        ["Up to a window late", 0, "no"],
        ["More than a window late", 2, "no"],
    ],
    chart="histogram",
)
MONTHS = [f"{m} 2024" for m in ("Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")] + [
    "Jan 2025",
    "Feb 2025",
]
SUPPLY = Table(
    slug="supply-demand",
    title="Supply and demand over time",
    columns=["Month", "Mentor places offered", "Mentee demand"],
    rows=[[month, 20 + i, 19 + i] for i, month in enumerate(MONTHS)],
    chart="line",
)


def _texts(table: Table) -> list[str]:
    root = ElementTree.fromstring(charts.svg(table))
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _drawn(table: Table):
    figure = charts._figure(table)  # noqa: SLF001
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return figure, canvas.get_renderer()


def _overlapping(boxes) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes)
        if i < j and a.overlaps(b) and a.width and b.width
    ]


def test_no_title_inside_the_image_but_an_accessible_name():
    root = ElementTree.fromstring(charts.svg(TIME_TO_MATCH))

    assert "Time to match" not in _texts(TIME_TO_MATCH)
    assert root.find(f"{SVG}title").text == "Time to match"


def test_long_category_labels_wrap_to_their_room_and_stay_whole():
    figure, renderer = _drawn(TIME_TO_MATCH)
    [ax] = figure.axes
    labels = [t.get_text() for t in ax.get_xticklabels()]

    assert [label.replace("\n", " ") for label in labels] == [r[0] for r in TIME_TO_MATCH.rows]
    assert max(len(line) for label in labels for line in label.splitlines()) <= 14
    assert all(t.get_rotation() == 0 for t in ax.get_xticklabels())
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    assert _overlapping(boxes) == []


def test_months_and_close_values_do_not_overlap():
    figure, renderer = _drawn(SUPPLY)
    [ax] = figure.axes

    ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    values = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(values) == 2 * len(MONTHS)
    assert _overlapping(ticks) == []
    assert _overlapping(values) == []


def test_the_whole_drawing_is_saved():
    text = charts.svg(TIME_TO_MATCH)
    for label in ("First third of", "Up to a window"):
        assert label in text
