"""PDF documents: the CPD portfolio, laid out as an HCPC CPD profile, drawn on the shared
``core.pdf.Document`` (every script, tagged), and the certificate of participation
(``cpd.certificate``, named here too).

The portfolio follows the profile's order: a cover (name, profession, registration number,
period, standards), 1. the summary of practice, 2. the personal statement against each
standard with the numbers of its evidence, 3. the summary of supporting evidence, 4. the
record of CPD activities and hours, 5. the evidence itself, numbered as referred to
(reflections and plain text in full, images and PDFs appended as pages, other files
listed). A PDF's pages open with its heading, never left alone on the page before them.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from core.pdf import Document, pdf_page_count

from .certificate import Certificate, certificate_pdf
from .portfolio import (
    EvidenceItem,
    Portfolio,
    evidence_for_standard,
    evidence_index,
    fmt_date,
    fmt_hours,
)
from .prompts import sections

__all__ = ["Certificate", "Portfolio", "certificate_pdf", "fmt_hours", "portfolio_pdf"]

MAX_EVIDENCE_PAGES = 30  # pages appended from one file; the rest is noted
MAX_EVIDENCE_CHARACTERS = 30_000  # of a plain-text file printed (about ten pages)
MIN_IMAGE_HEIGHT = 90  # mm: a smaller space left on a page starts the image on the next


def _identity(p: Portfolio) -> str:
    parts = [p.member_name, p.profession]
    if p.registration_number:
        parts.append(
            gettext("registration number %(registration_number)s")
            % {"registration_number": p.registration_number}
        )
    return ", ".join(part for part in parts if part)


def portfolio_pdf(p: Portfolio) -> bytes:
    """The CPD portfolio of ``p``, evidence files appended."""
    items = evidence_index(p)
    pdf = Document(
        title=gettext("CPD profile of %(member_name)s") % {"member_name": p.member_name},
        header_text=gettext("CPD profile: %(identity)s") % {"identity": _identity(p)},
        footer_text=gettext("Period %(start)s to %(end)s")
        % {"start": fmt_date(p.start), "end": fmt_date(p.end)},
        plain_first_page=True,
    )
    _cover(pdf, p, items)
    pdf.add_page()
    pdf.heading(gettext("1. Summary of practice"), 16)  # no word count: that is the form's
    pdf.para(p.summary_of_practice or gettext("(Not written yet.)"))
    _statement(pdf, p, items)
    _evidence_summary(pdf, p, items)
    _record(pdf, p)
    _evidence(pdf, items)
    return pdf.render()


def _cover(pdf: Document, p: Portfolio, items: list[EvidenceItem]) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.centred(gettext("Continuing professional development"), size=14, height=8)
    pdf.centred(gettext("CPD profile"), size=26, height=14, style="B")
    pdf.ln(10)
    pdf.centred(p.member_name, size=20, height=11, style="B")
    for line in (
        p.profession,
        gettext("Registration number: %(registration_number)s")
        % {"registration_number": p.registration_number}
        if p.registration_number
        else "",
    ):
        if line:
            pdf.centred(line, size=13, height=8)
    pdf.ln(8)
    lines = [
        gettext("Period: %(start)s to %(end)s")
        % {"start": fmt_date(p.start), "end": fmt_date(p.end)},
        gettext("Prepared against: %(framework_name)s") % {"framework_name": p.framework_name}
        if p.framework_name
        else "",
        ngettext(
            "%(total)s hours in %(activities)s activities; %(items)s piece of evidence",
            "%(total)s hours in %(activities)s activities; %(items)s pieces of evidence",
            len(items),
        )
        % {
            "total": fmt_hours(p.summary.total),
            "activities": len(p.activities),
            "items": len(items),
        },
        _prepared(p),
    ]
    for line in lines:
        if line:
            pdf.centred(line, size=11, height=7)
    pdf.ln(14)
    pdf.heading(gettext("Contents"), 12, keep_with=30)
    for line in (
        gettext("1. Summary of practice"),
        gettext("2. Personal statement"),
        gettext("3. Summary of supporting evidence"),
        gettext("4. Record of CPD activities"),
        gettext("5. Evidence"),
    ):
        pdf.para(line, 11)


def _prepared(p: Portfolio) -> str:
    if not p.prepared_on:
        return ""
    values = {"prepared_on": fmt_date(p.prepared_on), "body": p.body}
    if p.body:
        return gettext("Prepared on %(prepared_on)s with %(body)s") % values
    return gettext("Prepared on %(prepared_on)s") % values


def _statement(pdf: Document, p: Portfolio, items: list[EvidenceItem]) -> None:
    pdf.heading(gettext("2. Personal statement"), 16)
    if not p.standards:
        pdf.para(gettext("(No standards chosen: choose them on the CPD profile page.)"))
    for standard in p.standards:
        pdf.heading(gettext("Standard %(number)s") % {"number": standard.number}, 12, keep_with=15)
        pdf.para(standard.text, 9, "I")
        pdf.ln(1)
        pdf.para(p.statements.get(str(standard.pk), "") or gettext("(No statement written.)"))
        numbers = evidence_for_standard(items, standard)
        pdf.para(
            gettext("Supporting evidence: %(numbers)s")
            % {"numbers": ", ".join(str(n) for n in numbers)}
            if numbers
            else gettext("Supporting evidence: none tagged to this standard."),
            9,
            "B",
        )
        pdf.ln(2)


def _where(item: EvidenceItem) -> str:
    return {
        "reflection": gettext("In full in section 5"),
        "text": gettext("In full in section 5"),
        "image": gettext("Image in section 5"),
        "pdf": gettext("Pages appended in section 5"),
        "other": gettext("Listed only: available on request"),
    }[item.kind]


def _evidence_summary(pdf: Document, p: Portfolio, items: list[EvidenceItem]) -> None:
    numbers = {s.pk: s.number for s in p.standards}
    pdf.heading(gettext("3. Summary of supporting evidence"), 16)
    if not items:
        pdf.para(gettext("No evidence listed."))
        return
    pdf.rows(
        (
            gettext("No."),
            gettext("Evidence"),
            gettext("Date"),
            gettext("Supports"),
            gettext("Where"),
        ),
        [
            (
                str(i.number),
                gettext("%(title)s (for %(activity_title)s)")
                % {"title": i.title, "activity_title": i.activity_title}
                if i.activity_title
                else i.title,
                fmt_date(i.on),
                ", ".join(str(numbers[pk]) for pk in i.standards if pk in numbers)
                or gettext("none"),
                _where(i),
            )
            for i in items
        ],
        widths=(10, 66, 28, 20, 50),  # a date on one line
    )
    if any(not (set(i.standards) & set(numbers)) for i in items):
        pdf.para(
            gettext(
                '"none": not linked to an activity tagged with one of the standards. A '
                "reflection supports a standard when it is about a session or event tagged "
                "with it."
            ),
            9,
            "I",
        )


def _record(pdf: Document, p: Portfolio) -> None:
    pdf.heading(gettext("4. Record of CPD activities"), 16)
    pdf.para(
        gettext("%(total)s hours in %(activities)s activities, %(start)s to %(end)s.")
        % {
            "total": fmt_hours(p.summary.total),
            "activities": len(p.activities),
            "start": fmt_date(p.start),
            "end": fmt_date(p.end),
        }
    )
    if not p.activities:
        pdf.para(gettext("No activities were recorded in this period."))
        return
    pdf.rows(
        (gettext("Type"), gettext("Role"), gettext("Hours")),
        [(t, r, fmt_hours(h)) for t, r, h in p.summary.by_type_and_role],
        widths=(90, 50, 34),
    )
    pdf.rows(
        (
            gettext("Date"),
            gettext("Activity"),
            gettext("Type"),
            gettext("Role"),
            gettext("Hours"),
            gettext("Standards"),
        ),
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
        widths=(28, 56, 30, 22, 14, 24),  # a date on one line
    )


def _evidence(pdf: Document, items: list[EvidenceItem]) -> None:
    section = gettext("5. Evidence")
    if not items:
        pdf.heading(section, 16)
        pdf.para(gettext("No evidence was chosen or uploaded for this period."))
        return
    opening = [section]  # the section's heading goes on the page of its first item
    after_pages = False
    for item in items:
        heading = gettext("%(label)s: %(title)s (%(on)s)") % {
            "label": item.label,
            "title": item.title,
            "on": fmt_date(item.on),
        }
        data = _read(item) if item.reflection is None else None
        if item.kind == "pdf" and data is not None and pdf_page_count(data):
            _pdf(pdf, item, data, headings=[*opening, heading])  # starts a page of its own
            after_pages, opening = True, []
            continue
        if after_pages:  # what follows appended pages starts on a page of its own
            pdf.add_page()
        after_pages = False
        for text in opening:
            pdf.heading(text, 16)
        opening = []
        if item.reflection is None:
            _file(pdf, item, heading, data)
            continue
        r = item.reflection
        pdf.heading(heading, 12)
        pdf.para(gettext("Model: %(model)s") % {"model": r.get_model_display()}, 9, "I")
        for section_heading, text in sections(r.model, r.entries):
            pdf.para(section_heading, 10, "B")
            pdf.para(text)
            pdf.ln(1)


def _pdf(pdf: Document, item: EvidenceItem, data: bytes, *, headings: list[str]) -> None:
    """An uploaded PDF's pages appended, its ``headings`` (the section's, if it opens it,
    and the evidence's) at the top of the first appended page rather than alone on the
    page before it."""
    assert item.file is not None
    name = item.file.original_name
    pages = pdf_page_count(data) or 0
    note = (
        gettext(" (the first %(max_evidence_pages)s of %(pages)s)")
        % {"max_evidence_pages": MAX_EVIDENCE_PAGES, "pages": pages}
        if pages > MAX_EVIDENCE_PAGES
        else ""
    )

    def lead() -> None:
        *opening, own = headings
        for text in opening:
            pdf.heading(text, 16, keep_with=0)
        pdf.heading(own, 12, keep_with=0)
        pdf.para(
            gettext("%(name)s: its pages follow%(note)s.") % {"name": name, "note": note}, 9, "I"
        )

    pdf.pdf_pages(
        data,
        caption=gettext("%(label)s: %(name)s") % {"label": item.label, "name": name},
        max_pages=MAX_EVIDENCE_PAGES,
        lead=lead,
    )


def _file(pdf: Document, item: EvidenceItem, heading: str, data: bytes | None) -> None:
    """An uploaded file's evidence other than appended pages: text printed, an image
    drawn, anything else (or a damaged file) listed."""
    assert item.file is not None
    name = item.file.original_name
    if item.kind == "text" and data is not None:
        pdf.heading(heading, 12, keep_with=10)
        _text(pdf, name, data)
        return
    if item.kind == "image" and data is not None:
        pdf.heading(heading, 12, keep_with=MIN_IMAGE_HEIGHT)
        try:
            pdf.figure(
                data,
                alt_text=gettext("%(label)s: %(title)s")
                % {"label": item.label, "title": item.title},
            )
            return
        except (ValueError, OSError, RuntimeError):  # Pillow cannot read it
            pass
    else:
        pdf.heading(heading, 12, keep_with=10)
    reason = (
        gettext("this file type is not included in the PDF")
        if item.kind == "other"
        else gettext("the file could not be read (damaged or locked with a password)")
    )
    pdf.para(
        gettext("%(name)s: listed only, %(reason)s; available on request.")
        % {"name": name, "reason": reason},
        9,
        "I",
    )


def _text(pdf: Document, name: str, data: bytes) -> None:
    """A plain-text file printed as text (at most ``MAX_EVIDENCE_CHARACTERS``)."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").strip()
    pdf.para(gettext("%(name)s: its text follows.") % {"name": name}, 9, "I")
    pdf.para(text[:MAX_EVIDENCE_CHARACTERS] or gettext("(The file is empty.)"))
    if len(text) > MAX_EVIDENCE_CHARACTERS:
        pdf.para(gettext("(Cut after %(count)s characters.)") % {"count": MAX_EVIDENCE_CHARACTERS})


def _read(item: EvidenceItem) -> bytes | None:
    assert item.file is not None
    try:
        with item.file.file.open("rb") as handle:
            return handle.read()
    except OSError:
        return None
