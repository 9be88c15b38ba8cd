"""CSV for spreadsheets: rows as RFC 4180 writes them, and text that Excel, WPS or
LibreOffice never takes for a formula.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab, a carriage return or a NUL) as a formula: a person's name written as
``=HYPERLINK("http://...", "点击")`` in a scheme or a data file would run on the
computer of whoever opens the results. So every cell of text a scheme or a data file
wrote (ids, names, labels, periods, grades) goes through :func:`text`, which puts an
apostrophe before such a cell; :func:`row` quotes every cell that starts with one. The
spreadsheet shows the text, apostrophe and all, and runs nothing. The numbers the engine
wrote (points, totals, money, a negative gap) are never touched: they stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
_QUOTED = frozenset(',"\r\n')  # a cell holding one of these is quoted (RFC 4180)


def text(value: str) -> str:
    """``value`` as a cell of text, with an apostrophe in front when it starts as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def row(cells: Iterable[object]) -> str:
    """One line of CSV: each cell as it is (None as empty), quoted where RFC 4180 asks and
    wherever it starts with an apostrophe, so that no reader drops or misreads it."""
    fields = []
    for cell in cells:
        field = "" if cell is None else cell if isinstance(cell, str) else str(cell)
        if field.startswith("'") or not _QUOTED.isdisjoint(field):
            field = '"' + field.replace('"', '""') + '"'
        fields.append(field)
    return ",".join(fields) + "\n"
