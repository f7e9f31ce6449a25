"""PDF documents: the CPD portfolio for a period and a certificate of participation, drawn
on the shared ``core.pdf.Document`` (every script, in fonts from pinned packages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.pdf import Document, fmt_date

from .models import Standard
from .prompts import sections
from .selectors import CpdActivity, HoursSummary


def fmt_hours(value: Decimal) -> str:
    return f"{value:.2f}"


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
            widths=(90, 50, 30),
        )
        pdf.rows(
            ("Role", "Hours"),
            [(r, fmt_hours(h)) for r, h in p.summary.by_role],
            widths=(120, 50),
        )
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
            widths=(22, 60, 32, 22, 14, 24),
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
    pdf.centred("Certificate of participation", size=28, height=14, style="B")
    pdf.ln(8)
    pdf.centred("This certifies that", size=14, height=9)
    pdf.centred(c.member_name, size=22, height=14, style="B")
    lines = [
        f"took part as {c.role_label.lower()} in",
        c.scheme_name,
        f"from {fmt_date(c.started_on)} to {fmt_date(c.ended_on)}",
        f"{c.sessions} session{'' if c.sessions == 1 else 's'}, "
        f"{fmt_hours(c.hours)} hours of mentoring",
    ]
    for line in lines:
        pdf.centred(line, size=14, height=9)
    return bytes(pdf.output())
