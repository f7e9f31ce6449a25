"""core.spreadsheets: a cell a spreadsheet would run as a formula is written as text."""

from core.spreadsheets import neutralise


def test_neutralise_leaves_plain_values():
    assert [neutralise(v) for v in ("1.50", "", None, "a=b", "-")] == ["1.50", "", "", "a=b", "'-"]


def test_neutralise_quotes_every_formula_start():
    starts = ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")
    assert [neutralise(v) for v in starts] == ["'" + v for v in starts]
