"""Charts of scheme-health tables, drawn server-side with matplotlib (SVG for pages, PNG for
the PDF report), so the same figure appears everywhere and no JavaScript is needed.

Only the object-oriented API is used (``Figure`` with an Agg or SVG canvas, never pyplot),
so drawing is thread-safe. Every chart can be read without colour: each series has its own
hatching (bars) or marker and line style (lines), bars carry their values, and there is a
legend whenever there is more than one series. The SVG has ``role="img"`` with a ``<title>``
and a ``<desc>`` holding a text summary of the data.

How a ``Table`` is drawn: the first column gives the categories (x axis); numeric columns
are the series, except ``Respondents`` (shown under the category as "n=…") and ``Per cent``
(added to the value labels); a column of "yes"/"no" marks the categories on either side of a
target (hatched differently, with a dashed line at the boundary); a series named
``Rule limit`` is drawn as a dashed line without markers. Column names and yes/no cells are
compared in the active language, the one the table was made in.
"""

from __future__ import annotations

import io
import re
import textwrap
from html import escape
from typing import cast

import matplotlib
import numpy as np
from django.utils.translation import gettext

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: selectable and smaller
matplotlib.rcParams["svg.hashsalt"] = "insights"  # stable ids from one run to the next
# Labels are people's text: "$5 or $10" is not a formula (and "$_$" would not parse).
matplotlib.rcParams["text.parse_math"] = False
LABEL_WIDTH = 28  # characters per line of a category label
MIN_LABEL_WIDTH = 10  # below this a vertical chart's labels slant instead
AXIS_CHARACTERS = 78  # about how many 9-point characters the x axis holds, with gaps
STYLE_VERSION = 5  # part of the dashboard's cache key: raise it when drawing changes
# Whatever is drawn is in the image: a label sticking out is never cut at its edge.
FIT_BOX, FIT_PAD = "tight", 0.08

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .metrics import Table  # noqa: E402

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
HATCHES = ("//", "..", "xx", "\\\\", "oo", "--", "++")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
SIZE = (6.4, 3.6)
# No "Creator: Matplotlib vX", date, format or type in the SVG's <metadata>: page noise.
SVG_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}


def _meta_columns() -> frozenset[str]:
    return frozenset({gettext("Respondents"), gettext("Per cent")})


def _rule_columns() -> frozenset[str]:
    return frozenset({gettext("Rule limit")})


def _yes() -> str:
    return gettext("yes")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _flag_column(table: Table) -> int | None:
    for i, _ in enumerate(table.columns[1:], start=1):
        values = {row[i] for row in table.rows}
        if values and values <= {gettext("yes"), gettext("no")}:
            return i
    return None


def _series(table: Table) -> list[int]:
    return [
        i
        for i, name in enumerate(table.columns[1:], start=1)
        if name not in _meta_columns()
        and table.rows
        and all(row[i] is None or _is_number(row[i]) for row in table.rows)
    ]


def _label_width(count: int, *, horizontal: bool) -> int:
    """Characters a line of a category label gets: a vertical bar chart shares the figure's
    width between its categories ("First third of the window" on two lines, not cut)."""
    if horizontal:
        return LABEL_WIDTH
    return max(MIN_LABEL_WIDTH, min(LABEL_WIDTH, AXIS_CHARACTERS // max(count, 1)))


def _categories(table: Table, *, horizontal: bool = True) -> list[str]:
    # Long labels (feedback questions) wrap, so they do not squeeze the bars into a sliver.
    width = _label_width(len(table.rows), horizontal=horizontal)
    labels = [textwrap.fill(str(row[0]), width, break_long_words=False) for row in table.rows]
    respondents = gettext("Respondents")
    if respondents in table.columns:
        n = table.columns.index(respondents)
        labels = [
            f"{label}\n" + gettext("(n=%(count)s)") % {"count": row[n]}
            for label, row in zip(labels, table.rows, strict=True)
        ]
    return labels


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:g}" if isinstance(value, float) else str(value)


def _values(table: Table, column: int) -> list[float]:
    # A charted column holds numbers (or None).
    return [0 if row[column] is None else cast(float, row[column]) for row in table.rows]


def _value_labels(table: Table, column: int) -> list[str]:
    labels = [_fmt(row[column]) for row in table.rows]
    per_cent = gettext("Per cent")
    if per_cent in table.columns:
        p = table.columns.index(per_cent)
        labels = [
            f"{label} ({_fmt(row[p])}%)" if row[p] is not None else label
            for label, row in zip(labels, table.rows, strict=True)
        ]
    return labels


def _draw_bars(ax, table: Table, series: list[int], *, horizontal: bool, stacked: bool) -> None:
    labels = _categories(table, horizontal=horizontal)
    positions = np.arange(len(labels))
    count = 1 if stacked else len(series)
    width = 0.8 / count
    bottoms = np.zeros(len(labels))
    flag = _flag_column(table)
    for k, column in enumerate(series):
        values = np.array(_values(table, column), dtype=float)
        offset = 0 if stacked else (k - (count - 1) / 2) * width
        hatches = [HATCHES[k % len(HATCHES)]] * len(labels)
        colours = [COLOURS[k % len(COLOURS)]] * len(labels)
        if flag is not None and len(series) == 1:
            hatches = ["" if row[flag] == _yes() else "//" for row in table.rows]
            colours = [COLOURS[0] if row[flag] == _yes() else COLOURS[5] for row in table.rows]
        draw = ax.barh if horizontal else ax.bar
        extra = {("left" if horizontal else "bottom"): bottoms} if stacked else {}
        bars = draw(
            positions + offset,
            values,
            width,
            color=colours,
            edgecolor="#222222",
            linewidth=0.6,
            label=table.columns[column],
            **extra,
        )
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
        ax.bar_label(
            bars,
            labels=_value_labels(table, column) if len(series) == 1 else None,
            fmt=_fmt,
            padding=2,
            fontsize=9,
            label_type="center" if stacked else "edge",
        )
        if stacked:
            bottoms = bottoms + values
    tick_set = ax.set_yticks if horizontal else ax.set_xticks
    tick_set(positions, labels)
    if horizontal:
        ax.invert_yaxis()
        ax.set_xlabel(table.columns[series[0]] if len(series) == 1 else "")
        ax.margins(x=0.2)
    else:
        ax.set_ylabel(table.columns[series[0]] if len(series) == 1 else "")
        ax.margins(y=0.15)
        ax.tick_params(axis="x", labelsize=9)
        room = _label_width(len(labels), horizontal=False)
        longest = max((len(line) for x in labels for line in x.splitlines()), default=0)
        if longest > room:  # a word longer than the room: slant the labels instead
            _slant(ax)
    if flag is not None and len(series) == 1:
        _mark_boundary(ax, table, flag, horizontal=horizontal)
    elif len(series) > 1:
        ax.legend(fontsize=9, frameon=False)


def _mark_boundary(ax, table: Table, flag: int, *, horizontal: bool) -> None:
    """A dashed line where the target (window, momentum period) is crossed, and a legend."""
    name = table.columns[flag]
    flags = [row[flag] for row in table.rows]
    for i in range(1, len(flags)):
        if flags[i] != flags[i - 1]:
            line = ax.axhline if horizontal else ax.axvline
            line(i - 0.5, color="#000000", linestyle="--", linewidth=1.2)
            break
    ax.legend(
        handles=[
            Patch(
                facecolor=COLOURS[0],
                edgecolor="#222222",
                label=gettext("%(column)s: yes") % {"column": name},
            ),
            Patch(
                facecolor=COLOURS[5],
                edgecolor="#222222",
                hatch="//",
                label=gettext("%(column)s: no") % {"column": name},
            ),
        ],
        fontsize=9,
        frameon=False,
    )


def _draw_lines(ax, table: Table, series: list[int]) -> None:
    labels = [str(row[0]) for row in table.rows]
    positions = list(range(len(labels)))
    few = len(labels) <= 12
    for k, column in enumerate(series):
        name = table.columns[column]
        rule = name in _rule_columns()
        values = _values(table, column)
        ax.plot(
            positions,
            values,
            color="#000000" if rule else COLOURS[k % len(COLOURS)],
            linestyle="--" if rule else ("-", "-.", ":")[k % 3],
            marker=None if rule else MARKERS[k % len(MARKERS)],
            linewidth=1.6,
            label=name,
        )
    every = [_values(table, column) for column in series]
    for x in positions if few else positions[-1:]:
        _annotate_point(ax, x, [values[x] for values in every])
    step = max(1, len(labels) // 12)
    ax.set_xticks(positions[::step], labels[::step])
    if len(labels) > 6:
        _slant(ax)
    ax.margins(y=0.15)
    ax.legend(fontsize=9, frameon=False)


def _annotate_point(ax, x: int, values: list[float]) -> None:
    """The values of every series at ``x``, apart even when they are close (24 and 23):
    the highest above its point, the lowest below it, any between to the right."""
    ordered = sorted(values, reverse=True)
    for rank, value in enumerate(ordered):
        if rank == 0:
            offset, ha, va = (0, 5), "center", "bottom"
        elif rank == len(ordered) - 1:
            offset, ha, va = (0, -6), "center", "top"
        else:
            offset, ha, va = (6, 0), "left", "center"
        ax.annotate(
            _fmt(value),
            (x, value),
            textcoords="offset points",
            xytext=offset,
            ha=ha,
            va=va,
            fontsize=8,
        )


def _slant(ax) -> None:
    """Tick labels at 30 degrees, each ending under its tick (centred slanted labels run
    into their neighbours: "Nov 2024" over "Dec 2024")."""
    ax.tick_params(axis="x", labelrotation=30)
    for text in ax.get_xticklabels():
        text.set_horizontalalignment("right")
        text.set_rotation_mode("anchor")


def _figure(table: Table) -> Figure:
    series = _series(table)
    empty = not table.rows or not series or not any(any(_values(table, c)) for c in series)
    fig = Figure(figsize=(SIZE[0], 1.2) if empty else SIZE, layout="constrained")
    ax = fig.add_subplot()
    # No title inside the image: the page's heading (and the PDF's) names the chart, and
    # the SVG's <title> gives it its accessible name.
    ax.spines[["top", "right"]].set_visible(False)
    if empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, gettext("Nothing to show yet."), ha="center", va="center", fontsize=10)
        return fig
    if all(isinstance(v, int) for c in series for v in _values(table, c)):
        axis = ax.xaxis if table.chart == "hbar" else ax.yaxis
        axis.set_major_locator(MaxNLocator(integer=True))
    if table.chart == "line":
        _draw_lines(ax, table, series)
    else:
        bar_series = series[:1] if table.chart in ("bar", "hbar", "histogram") else series
        _draw_bars(
            ax,
            table,
            bar_series,
            horizontal=table.chart == "hbar",
            stacked=table.chart == "stacked",
        )
    return fig


def summary(table: Table) -> str:
    """A plain-text description of the chart's data (for screen readers)."""
    lines = [
        gettext("%(title)s. Columns: %(columns)s.")
        % {"title": table.title, "columns": ", ".join(table.columns)}
    ]
    if not table.rows:
        lines.append(gettext("No data."))
    for row in table.rows[:24]:
        cells = ", ".join(
            gettext("%(column)s %(value)s")
            % {"column": name, "value": _fmt(value) if value is not None else gettext("none")}
            for name, value in zip(table.columns[1:], row[1:], strict=True)
        )
        lines.append(gettext("%(row)s: %(cells)s.") % {"row": row[0], "cells": cells})
    if len(table.rows) > 24:
        lines.append(
            gettext("And %(count)s more rows in the table view.") % {"count": len(table.rows) - 24}
        )
    if table.note:
        lines.append(table.note)
    return " ".join(lines)


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


def _presentation_attributes(text: str) -> str:
    """matplotlib's ``style="fill: #fff; stroke: …"`` as SVG presentation attributes
    (``fill="#fff" stroke="…"``), and its ``<style>`` element dropped: the page's
    Content-Security-Policy (style-src 'self') blocks inline styles, not attributes. Every
    property matplotlib writes (fill, stroke*, font-*, text-anchor) is one."""

    def attributes(match: re.Match) -> str:
        pairs = (d.split(":", 1) for d in match.group(1).split(";") if ":" in d)
        return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)

    return _STYLE_ELEMENT.sub("", _STYLE_ATTRIBUTE.sub(attributes, text))


def svg(table: Table, *, id_prefix: str | None = None) -> str:
    """The chart as an inline ``<svg>`` element (no XML prolog), accessible and responsive.

    Element ids get ``id_prefix`` (default: ``chart-<slug>-``) so several charts can share
    one HTML page.
    """
    buffer = io.StringIO()
    figure = _figure(table)
    FigureCanvasSVG(figure)
    figure.savefig(
        buffer, format="svg", metadata=SVG_METADATA, bbox_inches=FIT_BOX, pad_inches=FIT_PAD
    )
    text = buffer.getvalue()
    text = _presentation_attributes(text[text.index("<svg") :])
    prefix = id_prefix if id_prefix is not None else f"chart-{table.slug}-"
    text = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = _REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)
    title_id, desc_id = f"{prefix}title", f"{prefix}desc"
    head_end = text.index(">") + 1
    head = text[:head_end]
    head = re.sub(r'\s(width|height)="[^"]*"', "", head, count=2)
    head = head.replace(
        "<svg",
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" class="chart" '
        # what matplotlib's <style> element set on every element, inherited instead
        'stroke-linejoin="round" stroke-linecap="butt"',
        1,
    )
    accessible = (
        f'<title id="{title_id}">{escape(table.title)}</title>'
        f'<desc id="{desc_id}">{escape(summary(table))}</desc>'
    )
    return head + accessible + text[head_end:]


def png(table: Table, *, dpi: int = 150) -> bytes:
    """The chart as a PNG (for the PDF report)."""
    buffer = io.BytesIO()
    figure = _figure(table)
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches=FIT_BOX, pad_inches=FIT_PAD)
    return buffer.getvalue()
