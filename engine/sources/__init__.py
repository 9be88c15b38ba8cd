"""Figures from records: a scheme's record sources read in place and each field defined by
``from:`` worked out for every person and month of a period, by DuckDB (or, with
``reference=True``, by the plain Python reference it is held equal to)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path as FilePath

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from ..model import Scheme
from ..year.periods import Period, parse_period
from .figures import Cell, columns, data_file, rows_of


def figures(scheme: Scheme, folder: str | FilePath, period: str, *,
            reference: bool = False) -> str:
    """The monthly data file of ``period`` worked out from the records in ``folder``, or
    :class:`AppraiseError` naming every problem (nothing is half made)."""
    found = _period(scheme, period)
    values = table(scheme, folder, found, reference=reference)
    return data_file(scheme, found, values)


def table(scheme: Scheme, folder: str | FilePath, period: Period, *,
          reference: bool = False) -> dict[tuple[str, str, str], Cell]:
    """(field, person, month) to each figure; a count or a sum of no records is 0."""
    slots = [(person, month) for person, _post, month in rows_of(scheme, period)]
    if reference:
        from .reference import reference_figures

        values = reference_figures(scheme, folder, period.year, slots)
    else:
        from .duck import duck_figures

        values = duck_figures(scheme, folder, period)
    for column in columns(scheme, values):
        if scheme.derived[column.split("@")[0]].how in ("count", "count_distinct", "sum"):
            for person, month in slots:
                if values.get((column, person, month)) is None:
                    values[(column, person, month)] = Decimal(0)
    return values


def _period(scheme: Scheme, period: str) -> Period:
    if scheme.calendar is None or not scheme.derived:
        raise AppraiseError([Diagnostic(scheme.file, 0, 0, "error", "", _(
            "the scheme defines no field from records"), _(
            "declare records: and give fields a from:, under a calendar: of the year"))])
    return parse_period(period, scheme.calendar.year)  # PeriodError: the caller's usage error


__all__ = ["figures", "table"]
