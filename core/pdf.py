"""The PDF document every download is drawn on (fpdf2, A4, 18 mm margins, a footer with
the page number, headings, paragraphs and tables): the CPD portfolio and certificate, and
the evaluation report.

Every script is drawn. Text is set in DejaVu Sans, the TrueType family matplotlib ships
(Latin, Greek, Cyrillic, Arabic, Hebrew); characters DejaVu lacks (Chinese) fall back to
Noto Sans SC from the ``pylopdf-fonts-zh-cn`` package, loaded only for a document that
needs it. Both packages are pinned in requirements.txt, so no machine needs fonts of its
own. Text shaping (uharfbuzz) joins Arabic letters and lays right-to-left text out in
reading order; DejaVu's oblique faces lack Arabic (a script without italics), so italic
text that has Arabic is set upright. A character that no font has (an emoji) is left out
and logged by fpdf2.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import matplotlib
import pylopdf_fonts_zh_cn
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

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


def fmt_date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else ""


def drawable(text: object) -> str:
    """The text as fpdf2 lays it out: one kind of line end, tabs as four spaces."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")


class Document(FPDF):
    """An A4 document in the fonts above, with a footer line on every page when given."""

    def __init__(self, *, footer_text: str = "") -> None:
        super().__init__(format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self._upright = self._cmap("")
        self._oblique = self._cmap("I")
        self.set_text_shaping(True)
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_title(footer_text)
        self.set_creator("mentoring-schemes")

    def _cmap(self, style: str) -> dict[int, str]:
        """The characters a style of the main font draws (code point to glyph name)."""
        font = self.fonts[f"{FONT.lower()}{style}"]
        assert isinstance(font, TTFFont)
        return font.cmap

    def use_font(self, text: object, *, size: float, style: str = "") -> str:
        """Set the font for ``text`` and return the text as drawn (see the module's note on
        Arabic in italics and on the Chinese font)."""
        text = drawable(text)
        if "I" in style and any(
            ord(c) not in self._oblique and ord(c) in self._upright for c in text
        ):
            style = style.replace("I", "")
        if CJK_FONT.lower() not in self.fonts and any(
            ord(c) not in self._upright for c in text if not c.isspace()
        ):
            self.add_font(CJK_FONT, "", str(pylopdf_fonts_zh_cn.sans_path()))
            self.set_fallback_fonts([CJK_FONT], exact_match=False)
        self.set_font(FONT, style, size)
        return text

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-12)
        text = self.use_font(f"{self.footer_text}  |  page {self.page_no()}", size=8)
        self.cell(0, 6, text, align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(2)
        text = self.use_font(text, size=size, style="B")
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, size: int = 10, style: str = "") -> None:
        text = self.use_font(text, size=size, style=style)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def centred(self, text: str, *, size: int, height: float, style: str = "") -> None:
        """A centred paragraph (title pages, certificates)."""
        text = self.use_font(text, size=size, style=style)
        self.multi_cell(0, height, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float] | None = None,
        size: int = 9,
    ) -> None:
        """A table: a header row, then one row per item (text already formatted)."""
        self.use_font(" ".join([*header, *(text for values in rows for text in values)]), size=size)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
            head = table.row()
            for text in header:
                head.cell(drawable(text))
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(drawable(text))
        self.ln(2)
