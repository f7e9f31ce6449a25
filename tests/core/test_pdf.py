"""core.pdf: every script a member's name or answer may be written in reaches the PDF."""

import io
import logging

import pytest
from pypdf import PdfReader

from core.pdf import Document

NAMES = {
    "polish": "Łucja Wiśniewska-Żółć",
    "greek": "Αλέξανδρος Παπαδόπουλος",
    "cyrillic": "Дмитрий Шостакович",
    "arabic": "فاطمة الزهراء",
    "chinese": "王秀英",
}


def pdf_lines(data: bytes) -> list[str]:
    """The PDF's text lines as pypdf extracts them. pypdf reads a NUL before each glyph of
    a CFF font (the Chinese one), which is not in the PDF's text: it is dropped here."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return [" ".join(line.split()) for line in text.replace("\x00", "").splitlines()]


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_document_draws_every_script_in_every_style(name, caplog):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        pdf = Document(footer_text="Names")
        pdf.add_page()
        pdf.heading(name)
        pdf.para(name)
        pdf.para(name, style="I")
        pdf.centred(name, size=12, height=6, style="B")
        pdf.rows(("Name",), [(name,)])
        data = bytes(pdf.output())
    assert pdf_lines(data) == [name, name, name, name, "Name", name, "Names | page 1"]
    assert caplog.messages == []  # fpdf2 logs every glyph that no font has


def test_document_keeps_line_ends_and_drops_nothing_of_latin_text():
    pdf = Document()
    pdf.add_page()
    pdf.para("“Zoë” – Łukasz…\r\n\tok")
    assert pdf_lines(bytes(pdf.output())) == ["“Zoë” – Łukasz…", "ok"]
