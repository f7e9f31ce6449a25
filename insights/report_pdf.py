"""The evaluation report as a PDF: title page, each figure (chart, table, note), the chosen
feedback themes with their quotes, and the lifecycle review questions with the answers.

Drawn on the shared ``core.pdf.Document``, so quotes and answers keep every script, the
document is tagged (each chart a Figure with alternative text) and pages are numbered
"n of m".
"""

from __future__ import annotations

import io
from datetime import date

from core.pdf import Document, fmt_date

from .charts import png
from .metrics import COHORT_DEFINITION, Table

MISSING = "–"
MISSING_NOTE = f"{MISSING}: not shown (a group too small to stay anonymous) or no data."
CHART_WIDTH_MM = 160
CHART_HEIGHT_MM = CHART_WIDTH_MM * 3.8 / 7.5  # charts.SIZE is 7.5 by 3.8 inches


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
        return f"Cohort period: {fmt_date(start)} to {fmt_date(end)}"
    if start:
        return f"Cohort period: from {fmt_date(start)} to {fmt_date(generated_on)}"
    if end:
        return f"Cohort period: up to {fmt_date(end)}"
    return f"The whole scheme, up to {fmt_date(generated_on)}"


def report_pdf(content) -> bytes:
    """The PDF of a ``selectors.ReportContent``."""
    pdf = Document(
        title=f"{content.title}: {content.scheme_name}",
        header_text=f"{content.title}: {content.scheme_name}",
        footer_text="Evaluation report",
        plain_first_page=True,
    )
    _title_page(pdf, content)
    if content.summary is not None:
        pdf.add_page()
        _figure(pdf, "", content.summary)
    pdf.add_page()
    pdf.heading("1. Figures", 16)
    if not content.tables:
        pdf.para("No figures are available for this scheme yet.")
    for number, table in enumerate(content.tables, start=1):
        _figure(pdf, f"1.{number}", table)

    pdf.add_page()
    pdf.heading("2. What participants said", 16)
    pdf.para(
        "Quotes from end-of-relationship feedback, shared by members who agreed that their "
        "answers may be read individually. Names and email addresses are removed.",
        9,
        "I",
    )
    if not content.themes:
        pdf.para("No feedback was chosen for this report.")
    for theme in content.themes:
        pdf.heading(theme.heading, 12)
        for quote in theme.quotes:
            pdf.para(f"“{quote.text}”", 10, "I")
            pdf.para(f"— a {quote.role}, answering “{quote.question}”", 8)
            pdf.ln(2)

    pdf.heading("3. Review and develop", 16)
    for question, answer in content.answers:
        pdf.heading(question, 12)
        pdf.para(answer or "(Not answered.)")
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
        "Evaluation report",
        period_text(content.period_start, content.period_end, content.generated_on),
        f"Report date: {fmt_date(content.generated_on)}",
    ):
        pdf.centred(line, size=12, height=7)
    if content.period_start or content.period_end:
        pdf.ln(10)
        pdf.para(COHORT_DEFINITION, 9, "I")


def _figure(pdf: Document, number: str, table: Table) -> None:
    if table.rows and table.chart and pdf.will_page_break(CHART_HEIGHT_MM + 12):
        pdf.add_page()  # keep the heading with its chart
    pdf.heading(f"{number} {table.title}".strip(), 12)
    if not table.rows:
        pdf.para("No data for this period.")
        if table.note:
            pdf.para(table.note, 9, "I")
        return
    if table.chart:
        image = png(table)
        with pdf.tagged(
            "/Figure", alt_text=f"Chart of {table.title}; its figures are in the table below"
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
        pdf.para(MISSING_NOTE, 8, "I")
    pdf.ln(2)
