"""Tables tagged down to the cell for screen readers: ``/Table`` > ``/TR`` > ``/TH`` or
``/TD``, each cell's text marked as its own content.

fpdf2 (2.8) tags only flat: every element is a child of ``/Document``, and its tables draw
no marked content at all. Two small extensions close the gap:

- ``NestedStructureTree`` lets an element have a parent other than ``/Document``, numbers
  marked content per page itself, and gives each nested element its page (``/Pg``);
- ``TaggedTable`` wraps each cell it draws in a ``/TH`` (header rows) or ``/TD`` inside a
  ``/TR``. A table broken by a page becomes one ``/Table`` per page, each starting with
  the repeated header row (as the rest of the document splits elements per page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from fpdf import FPDF
from fpdf.structure_tree import StructElem, StructureTreeBuilder
from fpdf.syntax import PDFObject
from fpdf.table import Table


class _NestedElem(StructElem):
    """An element below a child of ``/Document``: its page (``/Pg``) is that child's, which
    fpdf2 sets only when it writes the file."""

    __slots__ = ("_holder",)

    def __init__(self, struct_type: str, parent: StructElem, kids: list, *, holder: StructElem):
        super().__init__(struct_type, parent, kids, page_number=holder.page_number())
        self._holder = holder

    @property
    def pg(self) -> Any:
        return self._holder.pg

    @pg.setter
    def pg(self, value: Any) -> None:
        """fpdf2 sets None on creation; the page is the holder's."""


class NestedStructureTree(StructureTreeBuilder):
    """fpdf2's structure tree, with elements nested under others (tables' rows and cells)."""

    def __init__(self) -> None:
        super().__init__()
        self.nested: list[StructElem] = []
        self.marked: defaultdict[int, int] = defaultdict(int)  # page -> MCIDs used

    def next_mcid_for_page(self, page_number: int) -> int:
        return self.marked[page_number]

    def add_marked_content(
        self,
        page_number: int,
        struct_type: str,
        mcid: int | None = None,
        title: str | None = None,
        alt_text: str | None = None,
    ) -> tuple[StructElem, int]:
        if mcid is not None:
            self.marked[page_number] += 1
        return super().add_marked_content(page_number, struct_type, mcid, title, alt_text)

    def add_group(
        self, struct_type: str, *, page_number: int, parent: StructElem | None
    ) -> StructElem:
        """An element holding others (``/Table``, ``/TR``): no content of its own."""
        if parent is None:
            elem = StructElem(struct_type, self.doc_struct_elem, [], page_number=page_number)
            self.doc_struct_elem.k.append(elem)
            return elem
        elem = _NestedElem(struct_type, parent, [], holder=self._holder(parent))
        parent.k.append(elem)
        self.nested.append(elem)
        return elem

    @staticmethod
    def _holder(parent: StructElem) -> StructElem:
        return parent._holder if isinstance(parent, _NestedElem) else parent  # noqa: SLF001

    def add_nested_content(
        self, struct_type: str, *, page_number: int, parent: StructElem
    ) -> tuple[StructElem, int, int]:
        """An element with marked content under ``parent``: (element, MCID, parent-tree id)."""
        spid = self.spid_per_page_number.setdefault(page_number, len(self.spid_per_page_number))
        mcid = self.marked[page_number]
        self.marked[page_number] += 1
        elem = _NestedElem(struct_type, parent, [mcid], holder=self._holder(parent))
        parent.k.append(elem)
        self.nested.append(elem)
        self.struct_tree_root.parent_tree.nums[spid].append(elem)
        return elem, mcid, spid

    def __iter__(self) -> Iterator[PDFObject]:
        yield from super().__iter__()
        yield from self.nested


class TaggedTable(Table):
    """An fpdf2 table whose rows and cells are tagged (see the module's note)."""

    def __init__(self, fpdf: FPDF, *args: Any, **kwargs: Any) -> None:
        super().__init__(fpdf, *args, **kwargs)
        self._tagged_page: int | None = None
        self._table_elem: StructElem | None = None

    def _render_table_row(
        self,
        i: int,
        row_layout_info: Any,
        cell_x_positions: Sequence[float] | None,
        **kwargs: Any,
    ) -> None:
        pdf = self._fpdf
        tree = pdf.struct_builder
        assert isinstance(tree, NestedStructureTree)
        page = pdf.page
        if self._table_elem is None or self._tagged_page != page:
            self._table_elem = tree.add_group("/Table", page_number=page, parent=None)
            self._tagged_page = page
        row = tree.add_group("/TR", page_number=page, parent=self._table_elem)
        kind = "/TH" if i < self._num_heading_rows else "/TD"
        original = self._render_table_cell

        def tagged_cell(*args: Any, **cell_kwargs: Any) -> Any:
            _, mcid, spid = tree.add_nested_content(kind, page_number=page, parent=row)
            pdf.pages[page].struct_parents = spid
            pdf._out(f"{kind} <</MCID {mcid}>> BDC")  # noqa: SLF001 - fpdf2's own writer
            try:
                return original(*args, **cell_kwargs)
            finally:
                pdf._out("EMC")  # noqa: SLF001

        self._render_table_cell = tagged_cell  # type: ignore[method-assign]
        try:
            super()._render_table_row(i, row_layout_info, cell_x_positions, **kwargs)
        finally:
            del self._render_table_cell
