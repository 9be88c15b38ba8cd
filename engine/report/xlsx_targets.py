"""``targets --format xlsx``: the cascade of targets as an Excel sheet, the rows and numbers
of ``--format csv`` (each amount half up to the cent, as the CSV writes it, then a number),
headed as the CSV is (``--headers``), the kinds of its nodes in the run's language.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..i18n import _
from ..model import Scheme
from ..numbers import plain_amount
from ..year.periods import Period
from .targets import TARGET_COLUMNS, _target_rows
from .xlsx_sheets import Sheet, SheetNames, column_headings, formats, kind_of, write_workbook


def targets_xlsx(scheme: Scheme, period: Period | None, path: str, labels: bool = False
                 ) -> None:
    """The workbook of the scheme's cascades for ``period`` (the year when None), to
    ``path``, its columns headed by their ids or their ``labels`` (``--headers``, as the
    CSV); OSError when it cannot be written."""
    def fill(workbook: Any) -> None:
        sheet = Sheet(workbook, SheetNames().name(_("Cascade of targets")),
                      column_headings(TARGET_COLUMNS, scheme, labels),
                      [kind_of(name) for name in TARGET_COLUMNS], formats(workbook, scheme),
                      frozen=0)
        kinds = {"unit": _("unit"), "person": _("person")}
        months = period.months if period else tuple(range(1, 13))
        rows: list[list[Any]] = []
        for allocation in scheme.allocations.values():
            for row in _target_rows(scheme, allocation, months):
                rows.append([row["cascade"], kinds.get(row["kind"], row["kind"]), row["id"],
                             row["label"], row["unit"], row["depth"],
                             row["split"] or "", *(_number(row.get(k)) for k in (
                                 "target", "stretch", "children", "gap"))])
        if rows:
            sheet.rows(list(zip(*rows, strict=True)))
        sheet.close()

    write_workbook(path, {"title": scheme.label}, fill)


def _number(value: Fraction | None) -> float | None:
    """An amount as the CSV writes it (half up to the cent), as a number."""
    return None if value is None else float(plain_amount(value))
