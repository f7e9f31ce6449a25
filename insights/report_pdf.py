"""The evaluation report as a PDF: title page, each figure (chart, table, note), the chosen
feedback themes with their quotes, and the lifecycle review questions with the answers.

Laid out like ``cpd.pdf`` (A4, 18 mm margins, a footer with the page number, headings,
paragraphs and fpdf2 tables) but drawn in DejaVu Sans, the TrueType font matplotlib ships,
so quotes and answers keep their accents, Greek, Cyrillic and typographic quotes (scripts
DejaVu lacks, such as CJK, are left out of the text and logged by fpdf2).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from cpd.pdf import fmt_date

from .charts import png
from .metrics import COHORT_DEFINITION, Table

# fpdf2 subsets the embedded font with fontTools, which logs every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
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


class Document(FPDF):
    def __init__(self, *, footer_text: str = ""):
        super().__init__(format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_title(footer_text)
        self.set_creator("mentoring-schemes")

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 6, f"{self.footer_text}  |  page {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self.set_font(FONT, size=8 if len(header) > 5 else 9)
        with self.table(text_align="LEFT", line_height=5) as table:
            head = table.row()
            for text in header:
                head.cell(str(text))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(cell_text(value))
        self.ln(2)


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
    pdf = Document(footer_text=f"{content.title}: {content.scheme_name}")
    _title_page(pdf, content)
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
    return bytes(pdf.output())


def _title_page(pdf: Document, content) -> None:
    pdf.add_page()
    pdf.ln(50)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(0, 12, content.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font(FONT, "", 16)
    pdf.multi_cell(0, 9, content.scheme_name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT, "", 12)
    for line in (
        "Evaluation report",
        period_text(content.period_start, content.period_end, content.generated_on),
        f"Report date: {fmt_date(content.generated_on)}",
    ):
        pdf.multi_cell(0, 7, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if content.period_start or content.period_end:
        pdf.ln(10)
        pdf.para(COHORT_DEFINITION, 9, "I")


def _figure(pdf: Document, number: str, table: Table) -> None:
    if table.rows and table.chart and pdf.will_page_break(CHART_HEIGHT_MM + 12):
        pdf.add_page()  # keep the heading with its chart
    pdf.heading(f"{number} {table.title}", 12)
    if not table.rows:
        pdf.para("No data for this period.")
        if table.note:
            pdf.para(table.note, 9, "I")
        return
    if table.chart:
        image = png(table)
        pdf.image(io.BytesIO(image), w=CHART_WIDTH_MM, x=(pdf.w - CHART_WIDTH_MM) / 2)
        pdf.ln(2)
    pdf.rows(table.columns, table.rows)
    if table.note:
        pdf.para(table.note, 9, "I")
    if any(value is None for row in table.rows for value in row):
        pdf.para(MISSING_NOTE, 8, "I")
    pdf.ln(2)
