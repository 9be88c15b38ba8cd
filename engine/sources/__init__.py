"""Figures from records: a scheme's record sources read in place and each field defined by
``from:`` worked out for every person and month of a period, by DuckDB (or, with
``reference=True``, by the plain Python reference it is held equal to)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path as FilePath

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from ..load import Made
from ..model import Scheme
from ..year.periods import Period, parse_period
from .figures import Cell, columns, data_file, rows_of
from .files import run


@dataclass(frozen=True)
class Worked:
    """The data file worked out (UTF-8: at a million people the year is most of a gigabyte,
    kept once), and what a person should know of it."""

    content: bytes
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


def figures(scheme: Scheme, folder: str | FilePath, period: str, *,
            reference: bool = False) -> str:
    """The monthly data file of ``period`` worked out from the records in ``folder``, or
    :class:`AppraiseError` naming every problem (nothing is half made)."""
    return work_out(scheme, folder, period, reference=reference).text


def work_out(scheme: Scheme, folder: str | FilePath, period: str, *,
             reference: bool = False) -> Worked:
    """:func:`figures`, with a warning for each person the records credit in a month they
    hold no post (their figures cannot go in the file), and for the records that count for
    no one (blank where they name whom they count for)."""
    found = _period(scheme, period)
    warnings: list[Diagnostic] = []
    if not reference and not is_database(folder):
        from .columnar import data_text

        blanks: list[Diagnostic] = []  # records that count for no one
        with run() as notes:
            try:
                made = data_text(scheme, folder, found, blanks)
            except AppraiseError as exc:  # what was read before the error is worth knowing
                raise AppraiseError(exc.diagnostics, [*notes, *exc.warnings]) from None
            if made is not None:
                content, off_post = made
                warnings.extend([*notes, *blanks])
                _warn(str(folder), off_post, warnings)
                return Worked(Made(content), warnings)
    values = table(scheme, folder, found, reference=reference, warnings=warnings)
    return Worked(Made(data_file(scheme, found, values).encode("utf-8")), warnings)


def table(scheme: Scheme, folder: str | FilePath, period: Period, *,
          reference: bool = False, warnings: list[Diagnostic] | None = None
          ) -> dict[tuple[str, str, str], Cell]:
    """(field, person, month) to each figure; a count or a sum of no records is 0."""
    slots = [(person, month) for person, _post, month in rows_of(scheme, period)]
    blanks: list[Diagnostic] = []  # records that count for no one
    with run() as notes:
        try:
            values = _worked_out(scheme, folder, period, reference, blanks)
        except AppraiseError as exc:  # what was read before the error is worth knowing
            raise AppraiseError(exc.diagnostics, [*notes, *exc.warnings]) from None
    if warnings is not None:
        warnings.extend([*notes, *blanks])
    _off_post(scheme, folder, values, set(slots), warnings)
    for column in columns(scheme, values):
        if scheme.derived[column.split("@")[0]].how in ("count", "count_distinct", "sum"):
            for person, month in slots:
                if values.get((column, person, month)) is None:
                    values[(column, person, month)] = Decimal(0)
    return values


def _worked_out(scheme: Scheme, folder: str | FilePath, period: Period, reference: bool,
                warnings: list[Diagnostic]) -> dict[tuple[str, str, str], Cell]:
    if reference:
        from .reference import reference_figures

        everyone = [(person, month) for month in period.month_ids for person in scheme.people]
        return reference_figures(scheme, folder, period, everyone, warnings)
    if is_database(folder):
        from .database import db_figures

        return db_figures(scheme, str(folder), period, warnings)
    from .duck import duck_figures

    return duck_figures(scheme, folder, period, warnings)


def _off_post(scheme: Scheme, folder: str | FilePath,
              values: dict[tuple[str, str, str], Cell], on_post: set[tuple[str, str]],
              warnings: list[Diagnostic] | None) -> None:
    """Take out the figures of people in months they hold no post, each a warning."""
    found: dict[tuple[str, str], list[str]] = {}
    for key in [k for k in values if (k[1], k[2]) not in on_post]:
        value = values.pop(key)
        column, person, month = key
        if person in scheme.people and value is not None and value != 0:
            found.setdefault((person, month), []).append(column)
    if warnings is not None:
        _warn(str(folder), found, warnings)


def _warn(folder: str, found: dict[tuple[str, str], list[str]],
          warnings: list[Diagnostic]) -> None:
    """A warning for each (person, month) the records give figures without a post."""
    for (person, month), names in sorted(found.items()):
        warnings.append(Diagnostic(_shown(str(folder)), 0, 0, "warning", person, _(
                "the records give {person} figures in {month} ({fields}), a month they hold "
                "no post: the figures are left out").format(
                person=person, month=month, fields=", ".join(sorted(names))), _(
                "check whom the records credit, or the person's posts in the scheme")))


#: The URLs of a database that ``--records`` may name instead of a folder of files.
DATABASES = ("postgresql://", "postgres://", "duckdb://")


def is_database(records: str | FilePath) -> bool:
    """Whether ``--records`` names a database rather than a folder of files."""
    return str(records).startswith(DATABASES)


def _shown(records: str) -> str:
    if is_database(records):
        from .database import shown

        return shown(records)
    return records


def _period(scheme: Scheme, period: str) -> Period:
    if scheme.calendar is None or not scheme.derived:
        raise AppraiseError([Diagnostic(scheme.file, 0, 0, "error", "", _(
            "the scheme defines no field from records"), _(
            "declare records: and give fields a from:, under a calendar: of the year"))])
    return parse_period(period, scheme.calendar.year)  # PeriodError: the caller's usage error


__all__ = ["Worked", "figures", "is_database", "table", "work_out"]
