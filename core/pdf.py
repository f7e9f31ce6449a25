"""The one PDF base every download is drawn on (fpdf2, A4): the CPD portfolio and
certificate, and the evaluation report.

Why fpdf2: it shapes text with HarfBuzz (``uharfbuzz``), so Arabic joins and Arabic and
Hebrew run right to left in reading order; it embeds subsets of any TrueType/OpenType font
with per-glyph fallback; and it writes a structure tree. ReportLab shapes neither Arabic nor
Hebrew; WeasyPrint would need Pango and fontconfig from the system.

Every script is drawn, in fonts installed from PyPI by requirements.txt (no font file is in
the repository): DejaVu Sans, which matplotlib ships (Latin with Polish, Turkish and
Vietnamese, Greek, Cyrillic, Arabic, Hebrew); Noto Sans SC from ``pylopdf-fonts-zh-cn``
(Chinese, Japanese kana and kanji) and Noto Sans KR from ``pylopdf-fonts-ko`` (Korean),
loaded only for a document that needs them. DejaVu's oblique faces lack Arabic and Hebrew,
so italic text in those scripts is set upright. A character that no font has (an emoji) is
left out and logged by fpdf2.

Accessibility: the document is tagged (a language, a title shown as the window title, and
every heading, paragraph, table and figure in the structure tree as H1/H2/H3, P, Table and
Figure with alternative text; tables down to their rows and header and data cells, TR, TH
and TD, in ``core.pdf_tables``; running headers and footers are artifacts). Content split by a
page break becomes one element per page. Pages appended from other PDFs (``pdf_pages``) are
drawn as they are and are not tagged; their placeholder carries a Figure with alt text.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib
import pylopdf_fonts_ko
import pylopdf_fonts_zh_cn
from django.utils.formats import date_format
from django.utils.translation import gettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.prefs import ViewerPreferences
from PIL import Image
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError

from .pdf_tables import NestedStructureTree, TaggedTable

# fpdf2 subsets the embedded fonts with fontTools, which logs every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
CJK_FONT = "NotoSansSC"
KOREAN_FONT = "NotoSansKR"
FALLBACK_FONTS = {CJK_FONT: pylopdf_fonts_zh_cn.sans_path, KOREAN_FONT: pylopdf_fonts_ko.sans_path}
MARGIN = 18
HEADINGS = {20: "/H1", 16: "/H1", 14: "/H2", 12: "/H3"}


def fmt_date(value: date | None) -> str:
    """``value`` as "05 Mar 2026", the month's name in the active language."""
    return date_format(value, "d M Y") if value else ""


def drawable(text: object) -> str:
    """The text as fpdf2 lays it out: one kind of line end, tabs as four spaces."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")


@dataclass
class AppendedPage:
    """A page of another PDF to draw into a page of this one, at x, y (mm from the top
    left) scaled by ``scale``."""

    page_no: int
    source: Any  # a pypdf PageObject owned by a PdfWriter
    x: float
    y: float
    scale: float


def pdf_page_count(data: bytes) -> int | None:
    """The number of pages of a PDF that can be appended, or None (damaged, or locked with
    a password)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        return len(reader.pages)
    except (PyPdfError, ValueError, OSError, KeyError, TypeError):
        return None


class Document(FPDF):
    """An A4 document in the fonts above: tagged, with a running header and a footer
    ("text | page n of m") when given. ``plain_first_page`` leaves a cover without them."""

    def __init__(
        self,
        *,
        footer_text: str = "",
        header_text: str = "",
        title: str = "",
        lang: str = "en-GB",
        plain_first_page: bool = False,
    ) -> None:
        super().__init__(format="A4")
        self.struct_builder = NestedStructureTree()
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self._upright = self._cmap("")
        self._oblique = self._cmap("I")
        self.set_text_shaping(True)
        self.footer_text = footer_text
        self.header_text = header_text
        self.plain_first_page = plain_first_page
        self._open_tag: tuple[str, str | None] | None = None
        self._appended: list[AppendedPage] = []
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_title(title or footer_text)
        self.set_lang(lang)
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_creator("mentoring-schemes")

    def _cmap(self, style: str) -> dict[int, str]:
        """The characters a style of the main font draws (code point to glyph name)."""
        font = self.fonts[f"{FONT.lower()}{style}"]
        assert isinstance(font, TTFFont)
        return font.cmap

    def use_font(self, text: object, *, size: float, style: str = "") -> str:
        """Set the font for ``text`` and return the text as drawn (see the module's note on
        italics and on the fallback fonts)."""
        text = drawable(text)
        if "I" in style and any(
            ord(c) not in self._oblique and ord(c) in self._upright for c in text
        ):
            style = style.replace("I", "")
        if CJK_FONT.lower() not in self.fonts and any(
            ord(c) not in self._upright for c in text if not c.isspace()
        ):
            for name, path in FALLBACK_FONTS.items():
                self.add_font(name, "", str(path()))
            self.set_fallback_fonts(list(FALLBACK_FONTS), exact_match=False)
        self.set_font(FONT, style, size)
        return text

    # --- tagging ---------------------------------------------------------------------

    def _begin_tag(self, struct_type: str, alt_text: str | None) -> None:
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=struct_type, mcid=mcid, alt_text=alt_text)
        self._out(f"{struct_type} <</MCID {mcid}>> BDC")

    @contextmanager
    def tagged(self, struct_type: str, alt_text: str | None = None) -> Iterator[None]:
        """Draw the content inside as one structure element (``/P``, ``/H1``, ``/Table``,
        ``/Figure``...); a page break inside closes it and opens a new one on the next page."""
        if self._open_tag is not None:  # already inside an element: part of it
            yield
            return
        self._begin_tag(struct_type, alt_text)
        self._open_tag = (struct_type, alt_text)
        try:
            yield
        finally:
            self._open_tag = None
            self._out("EMC")

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Running headers, footers and rules: not part of the text read aloud."""
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        """A new page; an element open across the break is closed and reopened."""
        open_tag, self._open_tag = self._open_tag, None
        if open_tag is not None and self.page:
            self._out("EMC")
        super().add_page(*args, **kwargs)
        if open_tag is not None:
            self._begin_tag(*open_tag)
            self._open_tag = open_tag

    # --- running header and footer ---------------------------------------------------

    def _running(self) -> bool:
        return not (self.plain_first_page and self.page_no() == 1)

    def header(self) -> None:
        if not self.header_text or not self._running():
            return
        with self.artifact():
            self.set_y(8)
            text = self.use_font(self.header_text, size=8)
            self.set_text_color(90)
            self.cell(0, 5, text, align="L")
            self.set_draw_color(160)
            self.set_line_width(0.2)
            self.line(MARGIN, 13.5, self.w - MARGIN, 13.5)
            self.set_text_color(0)
            self.set_draw_color(0)
            self.set_xy(MARGIN, MARGIN)

    def footer(self) -> None:
        if not self.footer_text or not self._running():
            return
        with self.artifact():
            self.set_y(-12)
            text = self.use_font(
                gettext("%(text)s  |  page %(page)s of %(pages)s")
                % {
                    "text": self.footer_text,
                    "page": self.page_no(),
                    "pages": self.str_alias_nb_pages,
                },
                size=8,
            )
            self.cell(0, 6, text, align="C")

    # --- content ---------------------------------------------------------------------

    def heading(self, text: str, size: int = 14, *, keep_with: float = 25) -> None:
        """A heading, moved to the next page with what follows it when fewer than
        ``keep_with`` mm would stay below it (no heading alone at the foot of a page)."""
        if self.page and self.will_page_break(size * 0.55 + 3 + keep_with):
            self.add_page()
        self.ln(2)
        text = self.use_font(text, size=size, style="B")
        with self.tagged(HEADINGS.get(size, "/H3")):
            self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        text = self.use_font(text, size=size, style=style)
        with self.tagged("/P"):
            self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def centred(self, text: str, *, size: int, height: float, style: str = "") -> None:
        """A centred paragraph (title pages, certificates)."""
        text = self.use_font(text, size=size, style=style)
        with self.tagged("/P"):
            self.multi_cell(0, height, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float] | None = None,
        size: int = 9,
    ) -> None:
        """A table: a header row (repeated on each page), then one row per item; tagged
        down to the cell (``core.pdf_tables``)."""
        self.use_font(" ".join([*header, *(text for values in rows for text in values)]), size=size)
        table = TaggedTable(self, col_widths=widths, text_align="LEFT", line_height=5)
        head = table.row()
        for text in header:
            head.cell(drawable(text))
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(drawable(text))
        table.render()
        self.ln(2)

    def figure(self, data: bytes, *, alt_text: str, max_height: float | None = None) -> None:
        """An image, as wide as the text at most and as tall as ``max_height`` (the rest of
        the page by default), centred, with its alternative text."""
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # a damaged file fails here, before anything is drawn
            pixels_w, pixels_h = image.size
        room = max_height or (self.h - MARGIN - self.y - 2)
        scale = min(self.epw / pixels_w, room / pixels_h)
        width, height = pixels_w * scale, pixels_h * scale
        with self.tagged("/Figure", alt_text=alt_text):
            self.image(io.BytesIO(data), x=(self.w - width) / 2, w=width, h=height)
        self.ln(2)

    def pdf_pages(
        self,
        data: bytes,
        *,
        caption: str,
        max_pages: int = 50,
        lead: Callable[[], None] | None = None,
    ) -> int:
        """Append the pages of another PDF (the first ``max_pages``), each under ``caption``
        and drawn scaled into the rest of a page of this one (so the running header and
        "page n of m" go on). ``lead`` draws what introduces them (a heading) at the top of
        the first, so it never stands alone on a page before them. The caller has checked
        the file with ``pdf_page_count``. Returns the pages added."""
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = PdfWriter(clone_from=reader).pages  # pages a writer owns can be transformed
        total = len(pages)
        for number, source in enumerate(list(pages)[:max_pages], start=1):
            if source.rotation:
                source.transfer_rotation_to_content()
            self.add_page()
            if number == 1 and lead is not None:
                lead()
            values = {"caption": caption, "page": number, "pages": total}
            self.para(gettext("%(caption)s: page %(page)s of %(pages)s") % values, 9, "B")
            alt_text = gettext("%(caption)s, page %(page)s of %(pages)s") % values
            with self.tagged("/Figure", alt_text=alt_text):
                pass
            self._appended.append(self._place(source))
        return min(total, max_pages)

    def _place(self, source: Any) -> AppendedPage:
        """Where a page of another PDF goes: below the cursor, inside the margins, centred,
        scaled to fit; framed by a thin rule (the edge of a white page would not show)."""
        box = source.mediabox
        width, height = float(box.width) / self.k, float(box.height) / self.k  # in mm
        top = self.y + 2
        scale = min(self.epw / width, (self.h - MARGIN - top) / height)
        x = (self.w - width * scale) / 2
        with self.artifact():
            self.set_draw_color(150)
            self.set_line_width(0.2)
            self.rect(x, top, width * scale, height * scale)
            self.set_draw_color(0)
        return AppendedPage(self.page_no(), source, x=x, y=top, scale=scale)

    def render(self) -> bytes:
        """The finished PDF, with the appended pages drawn in."""
        data = bytes(self.output())
        if not self._appended:
            return data
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        for item in self._appended:
            page = writer.pages[item.page_no - 1]
            box = item.source.mediabox
            k, scale = self.k, item.scale
            tx = item.x * k - float(box.left) * scale
            ty = float(page.mediabox.height) - (item.y * k + float(box.height) * scale)
            ty -= float(box.bottom) * scale
            page.merge_transformed_page(
                item.source, Transformation().scale(scale).translate(tx, ty)
            )
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
