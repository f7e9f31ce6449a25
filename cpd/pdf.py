"""PDF documents: the CPD portfolio for a period and a certificate of participation.

Drawn with fpdf2's core Helvetica font (no font files), so text is reduced to Latin-1:
common typographic characters are replaced by plain equivalents, anything else by "?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .models import Standard
from .prompts import sections
from .selectors import CpdActivity, HoursSummary

REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2022": "*",
    "\u2026": "...",
    "\u2192": "->",
    "\u00a0": " ",
    "\u2009": " ",
    "\u200b": "",
}


def latin1(text: object) -> str:
    """Text the core fonts can draw."""
    value = str(text)
    for char, plain in REPLACEMENTS.items():
        value = value.replace(char, plain)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return value.encode("latin-1", errors="replace").decode("latin-1")


def fmt_date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def fmt_hours(value: Decimal) -> str:
    return f"{value:.2f}"


class Document(FPDF):
    def __init__(self, *, footer_text: str = ""):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_title(latin1(footer_text))
        self.set_creator("mentoring-schemes")

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, latin1(f"{self.footer_text}  |  page {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(2)
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.55, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, 5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(self, header: tuple[str, ...], rows: list[tuple[str, ...]], widths) -> None:
        self.set_font("Helvetica", size=9)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
            head = table.row()
            for text in header:
                head.cell(latin1(text))
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(latin1(text))
        self.ln(2)


@dataclass
class Portfolio:
    member_name: str
    start: date
    end: date
    activities: list[CpdActivity]
    summary: HoursSummary
    reflections: list
    framework_name: str = ""
    standards: list[Standard] = field(default_factory=list)
    summary_of_practice: str = ""
    statements: dict[str, str] = field(default_factory=dict)


def portfolio_pdf(p: Portfolio) -> bytes:
    """The CPD portfolio: hours summary, activities, reflections in full, audit profile."""
    pdf = Document(footer_text=f"CPD portfolio of {p.member_name}")
    pdf.add_page()
    pdf.heading("CPD portfolio", 20)
    pdf.para(f"{p.member_name}", 12, "B")
    pdf.para(f"Period: {fmt_date(p.start)} to {fmt_date(p.end)}")
    pdf.para(f"Total CPD hours: {fmt_hours(p.summary.total)} in {len(p.activities)} activities")

    pdf.heading("1. Summary of hours")
    if p.summary.by_type_and_role:
        pdf.rows(
            ("Type", "Role", "Hours"),
            [(t, r, fmt_hours(h)) for t, r, h in p.summary.by_type_and_role],
            (90, 50, 30),
        )
        pdf.rows(("Role", "Hours"), [(r, fmt_hours(h)) for r, h in p.summary.by_role], (120, 50))
    else:
        pdf.para("No activities were recorded in this period.")

    pdf.heading("2. Activities")
    if p.activities:
        pdf.rows(
            ("Date", "Activity", "Type", "Role", "Hours", "Standards"),
            [
                (
                    fmt_date(a.date),
                    a.title + (f" ({a.scheme_name})" if a.scheme_name else ""),
                    a.type_label,
                    a.role_label,
                    fmt_hours(a.hours),
                    a.standard_numbers,
                )
                for a in p.activities
            ],
            (22, 60, 32, 22, 14, 24),
        )
    else:
        pdf.para("None.")

    pdf.heading("3. Reflections")
    if not p.reflections:
        pdf.para("No reflections were selected.")
    for r in p.reflections:
        pdf.heading(f"{r.title} ({fmt_date(r.reflected_on)})", 12)
        pdf.para(f"Model: {r.get_model_display()}", 9, "I")
        for heading, text in sections(r.model, r.entries):
            pdf.para(heading, 10, "B")
            pdf.para(text)
            pdf.ln(1)

    _profile(pdf, p)
    return bytes(pdf.output())


def _profile(pdf: Document, p: Portfolio) -> None:
    pdf.add_page()
    pdf.heading("4. CPD profile", 16)
    if p.framework_name:
        pdf.para(f"Prepared against: {p.framework_name}", 10, "I")
    pdf.heading("Summary of practice", 12)
    pdf.para(p.summary_of_practice or "(Not written yet.)")

    evidence_items: list[str] = []
    for r in p.reflections:
        evidence_items.append(f"Reflection: {r.title} ({fmt_date(r.reflected_on)})")
    for a in p.activities:
        for e in a.evidence:
            label = e.description or e.original_name
            evidence_items.append(f"{label}, for '{a.title}' ({fmt_date(a.date)})")

    pdf.heading("Personal statement", 12)
    for standard in p.standards:
        pdf.para(f"Standard {standard.number}: {standard.text}", 10, "B")
        pdf.para(p.statements.get(str(standard.pk), "") or "(No statement written.)")
        tagged = [a for a in p.activities if any(s.pk == standard.pk for s in a.standards)]
        if tagged:
            pdf.para(
                "Activities mapped to this standard: "
                + "; ".join(f"{a.title} ({fmt_date(a.date)})" for a in tagged),
                9,
                "I",
            )
        pdf.ln(2)

    pdf.heading("Summary of supporting evidence", 12)
    if not evidence_items:
        pdf.para("No evidence listed.")
    for number, item in enumerate(evidence_items, start=1):
        pdf.para(f"{number}. {item}")


@dataclass
class Certificate:
    member_name: str
    role_label: str
    scheme_name: str
    started_on: date
    ended_on: date | None
    hours: Decimal
    sessions: int


def certificate_pdf(c: Certificate) -> bytes:
    """A one-page certificate of participation in a completed relationship."""
    pdf = Document()
    pdf.set_title(f"Certificate of participation: {c.scheme_name}")
    pdf.add_page(orientation="L")
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.ln(20)
    pdf.set_font("Helvetica", "B", 28)
    pdf.cell(0, 14, "Certificate of participation", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 9, "This certifies that", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 14, latin1(c.member_name), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=14)
    lines = [
        f"took part as {c.role_label.lower()} in",
        c.scheme_name,
        f"from {fmt_date(c.started_on)} to {fmt_date(c.ended_on)}",
        f"{c.sessions} session{'' if c.sessions == 1 else 's'}, "
        f"{fmt_hours(c.hours)} hours of mentoring",
    ]
    for line in lines:
        pdf.multi_cell(0, 9, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
