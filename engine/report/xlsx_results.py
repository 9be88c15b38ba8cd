"""``score --format xlsx``: the period's results as an Excel workbook, for HR to sort, filter
and check.

- a summary sheet: the rows and numbers of ``--format csv`` (:func:`.as_csv.score_columns`
  makes both), each number a number in the scheme's format, headed as the CSV is (by the
  columns' ids, or with ``--headers labels`` by the scheme's labels and the run's
  language), posts and units by their labels; where a pool scaled the bonuses, the bonus
  before it;
- for a period of a scheme kept by month, the units' results, calibration's moves and the
  bonus pools, as the table shows them (:mod:`.xlsx_period`);
- the explanation: each item of each person, step by step (:mod:`.xlsx_explain`), for a
  period of at most :data:`EXPLAINED` people (Excel writes some ten thousand cells a second:
  a larger one's sheet would take minutes and pass Excel's rows); above, a note in its
  place, and the same said on the screen (:func:`notes`);
- a sheet for each unit with people (at most :data:`MAX_UNIT_SHEETS`), its people's rows.

Every text a scheme or data wrote is written as text, never as a formula. The workbook is
written row by row (xlsxwriter's constant memory mode) straight to ``path``; the caller
writes it beside its target and renames it, so that it is whole or absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..diagnostics import Diagnostic
from ..i18n import _, language
from ..model import Scheme
from ..numbers import to_cents
from ..scoring import Result
from ..scoring.batch import Floats
from .as_csv import score_columns
from .layout import Points
from .xlsx_sheets import (
    TEXT,
    Sheet,
    SheetNames,
    column_headings,
    formats,
    kind_of,
    write_workbook,
)

BLOCK = 4096  # people whose rows are made at once
MAX_ROWS = 1 << 20  # rows of an Excel sheet, its header's among them
EXPLAINED = 10_000  # people whose steps the explain sheet shows at most
MAX_UNIT_SHEETS = 200  # units with people above which no unit has a sheet of its own


class XlsxCells:
    """A block's columns as the cells of a sheet: text as it is (written as text), points
    and money as the numbers the CSV writes (rounded the same way, then made a double),
    ranks and months as whole numbers."""

    def __init__(self, scheme: Scheme) -> None:
        self.points_of, self.places = Points(scheme), scheme.rounding.money

    def cells(self, values: Sequence[str]) -> list[str]:
        return list(values)

    def texts(self, values: Sequence[str]) -> list[str]:
        return list(values)

    def same(self, cell: str, n: int) -> list[str]:
        return [cell] * n

    def points(self, column: Floats) -> list[float]:
        return self.points_of.numbers(column)

    def money(self, units: Sequence[int | None]) -> list[float | None]:
        scale = 10 ** self.places  # a whole number of cents over it: the nearest double
        return [None if u is None else u / scale for u in units]

    def numbers(self, column: np.ndarray) -> list[int]:
        out: list[int] = column.tolist()
        return out

    def chosen(self, cells: list[str], which: np.ndarray) -> list[str]:
        return [cells[k] for k in which.tolist()]

    def rows(self, columns: list[object]) -> list[object]:
        return columns


def too_large(result: Result) -> str | None:
    """What is wrong when the people are more than an Excel sheet holds, else None."""
    if len(result.columns) < MAX_ROWS:
        return None
    return _("{file}: error: {count} people are more rows than an Excel sheet holds "
             "({most} under its header); write the results with --format csv").format(
        file=result.file, count=f"{len(result.columns):,}", most=f"{MAX_ROWS - 1:,}")


def notes(result: Result, output: str = "") -> list[Diagnostic]:
    """What a person should know of the workbook written for ``result`` to ``output``:
    notes, which ``--quiet`` leaves out."""
    if len(result.columns) <= EXPLAINED:
        return []
    return [Diagnostic(output, 0, 0, "note", "", _(
        "the workbook's sheet of score details shows no steps: {count} people are more than "
        "it shows ({most} at most)").format(count=f"{len(result.columns):,}",
                                             most=f"{EXPLAINED:,}"),
        _("see a person's with appraise explain --person ID"))]


def score_xlsx(result: Result, path: str, labels: bool = False) -> None:
    """The workbook of ``result``, written to ``path``, its summary's columns headed by
    their ids or their ``labels`` (``--headers``); OSError when it cannot be."""
    write_workbook(path, {"title": result.scheme.label, "comments": result.period_id or ""},
                   lambda workbook: _fill(workbook, result, labels), constant_memory=True)


def _fill(workbook: Any, result: Result, labels: bool) -> None:
    scheme = result.scheme
    styles = formats(workbook, scheme)
    names = SheetNames()
    header, blocks = score_columns(result, XlsxCells(scheme), BLOCK)
    before_pool = bool(result.pools)
    if before_pool:  # the bonus a pool scaled, beside the bonus paid (as the JSON has it)
        header.insert(header.index("bonus"), "bonus_before_pool")
    heads, kinds = column_headings(header, scheme, labels), [kind_of(n) for n in header]
    summary = Sheet(workbook, names.name(_("Summary")), heads, kinds, styles, frozen=2)
    from .xlsx_period import period_sheets

    period = period_sheets(workbook, result, names, styles)
    from .xlsx_explain import explain_sheet

    said = [_("{message} ({hint})").format(message=note.message, hint=note.hint)
            for note in notes(result)]
    explain = Sheet(workbook, names.name(_("Score details")), *(
        ([_("Note")], [TEXT]) if said else explain_sheet()), styles, frozen=0 if said else 2)
    unit_of, sheets = _unit_sheets(workbook, result, names, heads, kinds, styles)
    shown = {"post": {p: post.label for p, post in scheme.posts.items()},
              "unit": {u: unit.label for u, unit in scheme.units.items()}}
    at = {name: header.index(name) for name in ("post", "unit")}
    exact = _before_pool(result) if before_pool else []
    start = 0
    for columns in blocks:
        n = len(columns[0])  # type: ignore[arg-type]
        if before_pool:
            columns.insert(header.index("bonus_before_pool"), exact[start:start + n])
        for name, k in at.items():
            columns[k] = [shown[name][v] for v in columns[k]]  # type: ignore[attr-defined]
        rows: list[Sequence[Any]] = columns  # type: ignore[assignment]
        summary.rows(rows)
        if sheets:
            here = unit_of[start:start + n]
            for u, sheet in sheets.items():
                if len(picked := np.flatnonzero(here == u)):
                    sheet.rows(rows, picked.tolist())
        start += n
    for sheet in [summary, *period, *sheets.values()]:
        sheet.close()
    from .xlsx_explain import explain_rows

    if said:
        explain.rows([said])
    else:
        explain_rows(explain, result, language())
    explain.close()


def _unit_sheets(workbook: Any, result: Result, names: SheetNames, heads: list[str],
                 kinds: list[str], styles: dict[str, Any]
                 ) -> tuple[np.ndarray, dict[int, Sheet]]:
    """Each person's unit (its place in the scheme's units), and a sheet for each unit with
    people, in the scheme's order, named by its label; none when there are too many."""
    scheme = result.scheme
    order = {u: k for k, u in enumerate(scheme.units)}
    unit_of = np.array([order[u] for u in result.columns.unit], dtype=np.intp)
    held = sorted(set(unit_of.tolist()))
    if len(held) > MAX_UNIT_SHEETS:
        return unit_of, {}
    ids = list(scheme.units)
    return unit_of, {k: Sheet(workbook, names.name(scheme.units[ids[k]].label, ids[k]),
                              heads, kinds, styles, frozen=2) for k in held}


def _before_pool(result: Result) -> list[float | None]:
    """Each person's bonus before the pool scaled it, to the cent, as the JSON gives it."""
    places = result.scheme.rounding.money
    scale = 10 ** places
    return [None if b is None else to_cents(Fraction(b), places) / scale
            for b in result.columns.bonus]

