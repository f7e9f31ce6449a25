"""core.pdf: every script a member's name or answer may be written in reaches the PDF."""

import io
import logging

import pytest
from pypdf import PdfReader

from core.pdf import Document, pdf_page_count

# One sample of each script every document must draw and give back exactly (shared by the
# portfolio, certificate and evaluation report tests).
NAMES = {
    "polish": "Łucja Wiśniewska-Żółć",
    "turkish": "Şükrü Ağaoğlu İğdır",
    "vietnamese": "Nguyễn Thị Hương",
    "greek": "Αλέξανδρος Παπαδόπουλος",
    "cyrillic": "Дмитрий Шостакович",
    "arabic": "فاطمة الزهراء",
    "hebrew": "שרה לוי",
    "chinese": "王秀英",
    "japanese": "佐藤 はなこ",
    "korean": "김민준",
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
    assert pdf_lines(data) == [name, name, name, name, "Name", name, "Names | page 1 of 1"]
    assert caplog.messages == []  # fpdf2 logs every glyph that no font has


def test_document_keeps_line_ends_and_drops_nothing_of_latin_text():
    pdf = Document()
    pdf.add_page()
    pdf.para("“Zoë” – Łukasz…\r\n\tok")
    assert pdf_lines(bytes(pdf.output())) == ["“Zoë” – Łukasz…", "ok"]


def test_running_header_and_page_n_of_m_after_a_plain_cover():
    pdf = Document(header_text="Header", footer_text="Footer", plain_first_page=True)
    for text in ("Cover", "Body", "More"):
        pdf.add_page()
        pdf.para(text)
    pages = [
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.render())).pages
    ]
    assert pages == [
        "Cover",
        "Header Body Footer | page 2 of 3",
        "Header More Footer | page 3 of 3",
    ]


def test_pdf_pages_of_another_document_are_appended_under_a_caption():
    inner = Document()
    inner.add_page()
    inner.para("Inner page")
    outer = Document(footer_text="Outer")
    outer.add_page()
    outer.para("First")
    assert outer.pdf_pages(inner.render(), caption="Evidence 1") == 1
    assert pdf_lines(outer.render())[-3:] == [
        "Evidence 1: page 1 of 1",
        "Outer | page 2 of 2",
        "Inner page",
    ]


def test_pdf_pages_lead_opens_the_first_appended_page_only():
    inner = Document()
    for n in range(2):
        inner.add_page()
        inner.para(f"Inner {n + 1}")
    outer = Document()
    outer.add_page()
    outer.para("Before")
    calls: list[int] = []

    def lead() -> None:
        calls.append(outer.page_no())
        outer.heading("Evidence 1: Notes", 12)

    assert outer.pdf_pages(inner.render(), caption="Evidence 1", max_pages=2, lead=lead) == 2
    assert calls == [2]  # on the first appended page, not the page before
    lines = pdf_lines(outer.render())
    assert lines.index("Evidence 1: Notes") < lines.index("Evidence 1: page 1 of 2")
    assert lines.index("Before") < lines.index("Evidence 1: Notes")


@pytest.mark.parametrize("data", [b"%PDF-1.4 broken", b"not a pdf", b""])
def test_pdf_page_count_of_a_damaged_file_is_none(data):
    assert pdf_page_count(data) is None


def test_pdf_pages_appends_at_most_max_pages():
    inner = Document()
    for n in range(3):
        inner.add_page()
        inner.para(f"Inner {n + 1}")
    outer = Document()
    assert outer.pdf_pages(inner.render(), caption="E", max_pages=2) == 2
    assert [line for line in pdf_lines(outer.render()) if line.startswith("Inner")] == [
        "Inner 1",
        "Inner 2",
    ]
