"""The evaluation report as a PDF: title page, each figure (chart, table, note), the chosen
feedback themes with their quotes, and the lifecycle review questions with the answers.

Drawn on the shared ``core.pdf.Document``, so quotes and answers keep every script, the
document is tagged (each chart a Figure with alternative text) and pages are numbered
"n of m".
"""

from __future__ import annotations

import io
from datetime import date

from django.utils.translation import gettext

from core.pdf import Document, fmt_date

from .charts import png
from .metrics import COHORT_DEFINITION, Table

MISSING = "–"
CHART_WIDTH_MM = 160
CHART_HEIGHT_MM = CHART_WIDTH_MM * 3.8 / 7.5  # charts.SIZE is 7.5 by 3.8 inches


def missing_note() -> str:
    return gettext("%(missing)s: not shown (a group too small to stay anonymous) or no data.") % {
        "missing": MISSING
    }


def cell_text(value: object) -> str:
    if value is None:
        return MISSING
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def period_text(start: date | None, end: date | None, generated_on: date) -> str:
    if start and end:
        return gettext("Cohort period: %(start)s to %(end)s") % {
            "start": fmt_date(start),
            "end": fmt_date(end),
        }
    if start:
        return gettext("Cohort period: from %(start)s to %(generated_on)s") % {
            "start": fmt_date(start),
            "generated_on": fmt_date(generated_on),
        }
    if end:
        return gettext("Cohort period: up to %(end)s") % {"end": fmt_date(end)}
    return gettext("The whole scheme, up to %(generated_on)s") % {
        "generated_on": fmt_date(generated_on)
    }


def report_pdf(content) -> bytes:
    """The PDF of a ``selectors.ReportContent``."""
    pdf = Document(
        title=gettext("%(title)s: %(scheme_name)s")
        % {"title": content.title, "scheme_name": content.scheme_name},
        header_text=gettext("%(title)s: %(scheme_name)s")
        % {"title": content.title, "scheme_name": content.scheme_name},
        footer_text=gettext("Evaluation report"),
        plain_first_page=True,
    )
    _title_page(pdf, content)
    if content.summary is not None:
        pdf.add_page()
        _figure(pdf, "", content.summary)
    pdf.add_page()
    pdf.heading("1. Figures", 16)
    if not content.tables:
        pdf.para(gettext("No figures are available for this scheme yet."))
    for number, table in enumerate(content.tables, start=1):
        _figure(pdf, f"1.{number}", table)

    pdf.add_page()
    pdf.heading(gettext("2. What participants said"), 16)
    pdf.para(
        gettext(
            "Quotes from end-of-relationship feedback, shared by members who agreed that their "
            "answers may be read individually. Names and email addresses are removed."
        ),
        9,
        "I",
    )
    if not content.themes:
        pdf.para(gettext("No feedback was chosen for this report."))
    for theme in content.themes:
        pdf.heading(theme.heading, 12)
        for quote in theme.quotes:
            pdf.para(gettext("“%(text)s”") % {"text": quote.text}, 10, "I")
            pdf.para(
                gettext("— a %(role)s, answering “%(question)s”")
                % {"role": quote.role, "question": quote.question},
                8,
            )
            pdf.ln(2)

    pdf.heading(gettext("3. Review and develop"), 16)
    for question, answer in content.answers:
        pdf.heading(question, 12)
        pdf.para(answer or gettext("(Not answered.)"))
        pdf.ln(1)
    return pdf.render()


def _title_page(pdf: Document, content) -> None:
    pdf.add_page()
    pdf.ln(50)
    pdf.centred(content.title, size=24, height=12, style="B")
    pdf.ln(6)
    pdf.centred(content.scheme_name, size=16, height=9)
    pdf.ln(4)
    for line in (
        gettext("Evaluation report"),
        period_text(content.period_start, content.period_end, content.generated_on),
        gettext("Report date: %(generated_on)s") % {"generated_on": fmt_date(content.generated_on)},
    ):
        pdf.centred(line, size=12, height=7)
    if content.period_start or content.period_end:
        pdf.ln(10)
        pdf.para(str(COHORT_DEFINITION), 9, "I")


def _figure(pdf: Document, number: str, table: Table) -> None:
    if table.rows and table.chart and pdf.will_page_break(CHART_HEIGHT_MM + 12):
        pdf.add_page()  # keep the heading with its chart
    pdf.heading(f"{number} {table.title}".strip(), 12)
    if not table.rows:
        pdf.para(gettext("No data for this period."))
        if table.note:
            pdf.para(table.note, 9, "I")
        return
    if table.chart:
        image = png(table)
        with pdf.tagged(
            "/Figure",
            alt_text=gettext("Chart of %(title)s; its figures are in the table below")
            % {"title": table.title},
        ):
            pdf.image(io.BytesIO(image), w=CHART_WIDTH_MM, x=(pdf.w - CHART_WIDTH_MM) / 2)
        pdf.ln(2)
    pdf.rows(
        table.columns,
        [[cell_text(value) for value in row] for row in table.rows],
        size=8 if len(table.columns) > 5 else 9,
    )
    if table.note:
        pdf.para(table.note, 9, "I")
    if any(value is None for row in table.rows for value in row):
        pdf.para(missing_note(), 8, "I")
    pdf.ln(2)
