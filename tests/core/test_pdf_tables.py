"""Tables in our PDFs are tagged down to the cell: /Table > /TR > /TH or /TD, read back
from the structure tree, with each cell's marked content on its page (``core.pdf_tables``)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from core.pdf import Document


def _tree(rows: int) -> tuple[PdfReader, list]:
    doc = Document(title="Hours", footer_text="Hours")
    doc.add_page()
    doc.para("Before the table.")
    doc.rows(
        ["Date", "Activity", "Hours"], [[f"{n} Mar", f"Session {n}", "1"] for n in range(rows)]
    )
    doc.para("After the table.")
    reader = PdfReader(io.BytesIO(doc.render()))
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0]
    return reader, [k.get_object() for k in document["/K"]]


def _kids(elem) -> list:
    return [k.get_object() for k in elem["/K"]]


def test_a_table_has_rows_of_header_and_data_cells():
    _, elements = _tree(rows=2)

    assert [e["/S"] for e in elements] == ["/P", "/Table", "/P"]
    rows = _kids(elements[1])
    assert [r["/S"] for r in rows] == ["/TR", "/TR", "/TR"]
    assert [[c["/S"] for c in _kids(r)] for r in rows] == [
        ["/TH", "/TH", "/TH"],
        ["/TD", "/TD", "/TD"],
        ["/TD", "/TD", "/TD"],
    ]
    assert all(c["/P"].get_object() == r for r in rows for c in _kids(r))


def test_each_cell_marks_its_own_content_and_the_parent_tree_finds_it():
    reader, elements = _tree(rows=1)
    page = reader.pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = dict(zip(nums[::2], nums[1::2], strict=True))[page["/StructParents"]]

    cells = [c for r in _kids(elements[1]) for c in _kids(r)]
    mcids = [c["/K"][0] for c in cells]
    assert len(set(mcids)) == 6
    for cell, mcid in zip(cells, mcids, strict=True):
        assert re.search(rf"{cell['/S']} <</MCID {mcid}>> BDC", content)
        assert parents[mcid].get_object() == cell
        assert cell.raw_get("/Pg").idnum == page.indirect_reference.idnum


def test_a_table_across_pages_is_one_table_per_page_each_with_its_header():
    reader, elements = _tree(rows=80)

    tables = [e for e in elements if e["/S"] == "/Table"]
    assert len(reader.pages) > 1
    assert len(tables) == len(reader.pages)
    for table in tables:
        first, *rest = _kids(table)
        assert {c["/S"] for c in _kids(first)} == {"/TH"}
        assert all(c["/S"] == "/TD" for r in rest for c in _kids(r))
    data_rows = sum(len(_kids(t)) - 1 for t in tables)
    assert data_rows == 80
