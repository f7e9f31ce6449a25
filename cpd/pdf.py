"""PDF documents: the CPD portfolio, laid out as an HCPC CPD profile, and a certificate of
participation, both drawn on the shared ``core.pdf.Document`` (every script, tagged).

The portfolio follows the profile's order: a cover (name, profession, registration number,
period, standards), 1. the summary of practice, 2. the personal statement against each
standard with the numbers of its evidence, 3. the summary of supporting evidence, 4. the
record of CPD activities and hours, 5. the evidence itself, numbered as referred to
(reflections in full, images and PDFs appended as pages, other files listed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.pdf import Document, fmt_date, pdf_page_count

from .portfolio import (
    EvidenceItem,
    Portfolio,
    evidence_for_standard,
    evidence_index,
    fmt_hours,
)
from .prompts import sections
from .validators import STATEMENT_WORD_LIMIT, SUMMARY_WORD_LIMIT, word_count

__all__ = ["Certificate", "Portfolio", "certificate_pdf", "fmt_hours", "portfolio_pdf"]

MAX_EVIDENCE_PAGES = 30  # pages appended from one file; the rest is noted
MIN_IMAGE_HEIGHT = 90  # mm: a smaller space left on a page starts the image on the next


def _identity(p: Portfolio) -> str:
    parts = [p.member_name, p.profession]
    if p.registration_number:
        parts.append(f"registration number {p.registration_number}")
    return ", ".join(part for part in parts if part)


def portfolio_pdf(p: Portfolio) -> bytes:
    """The CPD portfolio of ``p``, evidence files appended."""
    items = evidence_index(p)
    pdf = Document(
        title=f"CPD profile of {p.member_name}",
        header_text=f"CPD profile: {_identity(p)}",
        footer_text=f"Period {fmt_date(p.start)} to {fmt_date(p.end)}",
        plain_first_page=True,
    )
    _cover(pdf, p, items)
    pdf.add_page()
    pdf.heading("1. Summary of practice", 16)
    words = word_count(p.summary_of_practice)
    pdf.para(f"{words} of {SUMMARY_WORD_LIMIT} words", 8, "I")
    pdf.para(p.summary_of_practice or "(Not written yet.)")
    _statement(pdf, p, items)
    _evidence_summary(pdf, p, items)
    _record(pdf, p)
    _evidence(pdf, items)
    return pdf.render()


def _cover(pdf: Document, p: Portfolio, items: list[EvidenceItem]) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.centred("Continuing professional development", size=14, height=8)
    pdf.centred("CPD profile", size=26, height=14, style="B")
    pdf.ln(10)
    pdf.centred(p.member_name, size=20, height=11, style="B")
    for line in (
        p.profession,
        f"Registration number: {p.registration_number}" if p.registration_number else "",
    ):
        if line:
            pdf.centred(line, size=13, height=8)
    pdf.ln(8)
    lines = [
        f"Period: {fmt_date(p.start)} to {fmt_date(p.end)}",
        f"Prepared against: {p.framework_name}" if p.framework_name else "",
        f"{fmt_hours(p.summary.total)} hours in {len(p.activities)} activities; "
        f"{len(items)} {'piece' if len(items) == 1 else 'pieces'} of evidence",
        f"Prepared on {fmt_date(p.prepared_on)}" + (f" with {p.body}" if p.body else "")
        if p.prepared_on
        else "",
    ]
    for line in lines:
        if line:
            pdf.centred(line, size=11, height=7)
    pdf.ln(14)
    pdf.heading("Contents", 12, keep_with=30)
    for line in (
        "1. Summary of practice",
        "2. Personal statement",
        "3. Summary of supporting evidence",
        "4. Record of CPD activities",
        "5. Evidence",
    ):
        pdf.para(line, 11)


def _statement(pdf: Document, p: Portfolio, items: list[EvidenceItem]) -> None:
    statement = "\n".join(p.statements.get(str(s.pk), "") for s in p.standards)
    pdf.heading("2. Personal statement", 16)
    pdf.para(f"{word_count(statement)} of {STATEMENT_WORD_LIMIT} words", 8, "I")
    if not p.standards:
        pdf.para("(No standards chosen: choose them on the CPD profile page.)")
    for standard in p.standards:
        pdf.heading(f"Standard {standard.number}", 12, keep_with=15)
        pdf.para(standard.text, 9, "I")
        pdf.ln(1)
        pdf.para(p.statements.get(str(standard.pk), "") or "(No statement written.)")
        numbers = evidence_for_standard(items, standard)
        pdf.para(
            "Supporting evidence: " + ", ".join(str(n) for n in numbers)
            if numbers
            else "Supporting evidence: none tagged to this standard.",
            9,
            "B",
        )
        pdf.ln(2)


def _where(item: EvidenceItem) -> str:
    return {
        "reflection": "In full in section 5",
        "image": "Image in section 5",
        "pdf": "Pages appended in section 5",
        "other": "Listed only: available on request",
    }[item.kind]


def _evidence_summary(pdf: Document, p: Portfolio, items: list[EvidenceItem]) -> None:
    numbers = {s.pk: s.number for s in p.standards}
    pdf.heading("3. Summary of supporting evidence", 16)
    if not items:
        pdf.para("No evidence listed.")
        return
    pdf.rows(
        ("No.", "Evidence", "Date", "Supports", "Where"),
        [
            (
                str(i.number),
                i.title + (f" (for {i.activity_title})" if i.activity_title else ""),
                fmt_date(i.on),
                ", ".join(str(numbers[pk]) for pk in i.standards if pk in numbers) or "–",
                _where(i),
            )
            for i in items
        ],
        widths=(10, 70, 24, 20, 50),
    )


def _record(pdf: Document, p: Portfolio) -> None:
    pdf.heading("4. Record of CPD activities", 16)
    pdf.para(
        f"{fmt_hours(p.summary.total)} hours in {len(p.activities)} activities, "
        f"{fmt_date(p.start)} to {fmt_date(p.end)}."
    )
    if not p.activities:
        pdf.para("No activities were recorded in this period.")
        return
    pdf.rows(
        ("Type", "Role", "Hours"),
        [(t, r, fmt_hours(h)) for t, r, h in p.summary.by_type_and_role],
        widths=(90, 50, 34),
    )
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


def _evidence(pdf: Document, items: list[EvidenceItem]) -> None:
    pdf.heading("5. Evidence", 16)
    if not items:
        pdf.para("No evidence was chosen or uploaded for this period.")
    after_pages = False
    for item in items:
        if after_pages:  # what follows appended pages starts on a page of its own
            pdf.add_page()
        heading = f"{item.label}: {item.title} ({fmt_date(item.on)})"
        if item.reflection is None:
            after_pages = _file(pdf, item, heading)
            continue
        after_pages = False
        r = item.reflection
        pdf.heading(heading, 12)
        pdf.para(f"Model: {r.get_model_display()}", 9, "I")
        for section, text in sections(r.model, r.entries):
            pdf.para(section, 10, "B")
            pdf.para(text)
            pdf.ln(1)


def _file(pdf: Document, item: EvidenceItem, heading: str) -> bool:
    """Draw an uploaded file's evidence; True when its pages were appended."""
    assert item.file is not None
    name = item.file.original_name
    data = _read(item)
    if item.kind == "pdf" and data is not None and pdf_page_count(data):
        pdf.heading(heading, 12, keep_with=5)
        pages = pdf_page_count(data) or 0
        note = f" (the first {MAX_EVIDENCE_PAGES} of {pages})" if pages > MAX_EVIDENCE_PAGES else ""
        pdf.para(f"{name}: its pages follow{note}.", 9, "I")
        pdf.pdf_pages(data, caption=f"{item.label}: {name}", max_pages=MAX_EVIDENCE_PAGES)
        return True
    if item.kind == "image" and data is not None:
        pdf.heading(heading, 12, keep_with=MIN_IMAGE_HEIGHT)
        try:
            pdf.figure(data, alt_text=f"{item.label}: {item.title}")
            return False
        except (ValueError, OSError, RuntimeError):  # Pillow cannot read it
            pass
    else:
        pdf.heading(heading, 12, keep_with=10)
    reason = (
        "this file type is not included in the PDF"
        if item.kind == "other"
        else "the file could not be read (damaged or locked with a password)"
    )
    pdf.para(f"{name}: listed only, {reason}; available on request.", 9, "I")
    return False


def _read(item: EvidenceItem) -> bytes | None:
    assert item.file is not None
    try:
        with item.file.file.open("rb") as handle:
            return handle.read()
    except OSError:
        return None


@dataclass
class Certificate:
    member_name: str
    role_label: str
    scheme_name: str
    started_on: date
    ended_on: date | None
    hours: Decimal
    sessions: int
    body: str = ""
    code: str = ""
    verify_url: str = ""
    issued_on: date | None = None


def certificate_pdf(c: Certificate) -> bytes:
    """A one-page certificate of participation in a completed relationship, naming the
    body that issues it and the code its site confirms at ``verify_url``."""
    pdf = Document(title=f"Certificate of participation: {c.scheme_name}")
    pdf.add_page(orientation="L")
    with pdf.artifact():
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
        pdf.set_line_width(0.3)
        pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    pdf.ln(10)
    if c.body:
        pdf.centred(c.body, size=16, height=9, style="B")
        pdf.ln(4)
    pdf.centred("Certificate of participation", size=28, height=14, style="B")
    pdf.ln(4)
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
    pdf.ln(8)
    if c.issued_on:
        pdf.centred(f"Issued on {fmt_date(c.issued_on)} by {c.body}", size=11, height=7)
    if c.code:
        pdf.centred(f"Verification code: {c.code}", size=11, height=7, style="B")
        pdf.centred(f"Check it at {c.verify_url}", size=10, height=6)
    return pdf.render()
