"""Figures counted from another scheme's subjects (``count:`` fields): each row of a data
file is given, as if the file had the column, the number of its person's subjects of the
grades counted (a salesperson's VIP customers), so that both readers and both scoring
paths take a count like any figure.

A subject whose owner has no row in the data is an error naming the subject's row in its
own file (and one whose owner is not scored in the period, once scored: :mod:`..scoring`):
a customer that counts for nobody would be a figure silently lost. The errors are the
reader's, said with those it finds in the rest of the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..i18n import _
from ..model import Field, Scheme
from .header import ID_COLUMNS, pick_column
from .records import Record
from .table import Table


@dataclass(frozen=True)
class Owned:
    """A subject counted for its owner: who it is, its grade, and where it is written."""

    subject: str
    name: str
    grade: str
    file: str
    line: int  # its row; for JSON, its record (the diagnostic names no line)
    record: bool = False  # written in a JSON file

    def at(self, path: str, message: str, hint: str) -> Diagnostic:
        """An error about this subject, at its row (or naming its record)."""
        if self.record:
            return Diagnostic(self.file, 0, 0, "error", path,
                              _("{message} (record {line})").format(message=message,
                                                                    line=self.line), hint)
        return Diagnostic(self.file, self.line, 0, "error", path, message, hint)


@dataclass(frozen=True)
class Counts:
    """Each scheme's subjects (by its name under ``subjects:``), by owner."""

    owned: dict[str, dict[str, list[Owned]]]
    period: dict[str, str | None] = field(default_factory=dict)
    """The period each scheme's subjects were scored for, as its data names it."""
    called: dict[str, str] = field(default_factory=dict)  # what each scheme's subjects are
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    """Each counted scheme's file and data file, with their fingerprints."""

    def of(self, spec: Field, owner: str) -> list[Owned]:
        """The subjects ``spec`` counts for ``owner``, in their file's order."""
        assert spec.count is not None
        found = self.owned.get(spec.count.subjects, {}).get(owner, [])
        grades = spec.count.grades
        return found if grades is None else [o for o in found if o.grade in grades]


def counted_fields(scheme: Scheme) -> list[Field]:
    return [f for f in scheme.fields.values() if f.count is not None]


def counted_table(name: str, scheme: Scheme, counts: Counts, table: Table
                  ) -> tuple[Table, list[Diagnostic]]:
    """``table`` with a column for each counted field; the problems found."""
    ids = [i.strip() for i in table.column(pick_column(table.header, ID_COLUMNS))]
    errors = _check(name, scheme, counts, table.header, table.positions, ids)
    header, cells, positions = list(table.header), dict(table.cells), dict(table.positions)
    for spec in _added(scheme, table.header):
        header.append(spec.id)
        cells[spec.id] = [str(len(counts.of(spec, i))) for i in ids]
        if positions:
            positions[spec.id] = len(header)
    return Table(header, cells, table.lines, positions, table.numbers), errors


def counted_records(name: str, scheme: Scheme, counts: Counts, header: list[str],
                    found: Sequence[Record]) -> tuple[list[str], list[Diagnostic]]:
    """``found`` given a cell for each counted field; the header with their columns, and
    the problems found."""
    column = pick_column(header, ID_COLUMNS)
    ids = [r.cells.get(column, "").strip() if column else "" for r in found]
    positions = found[0].columns if found else {}
    errors = _check(name, scheme, counts, header, positions, ids)
    out = list(header)
    for spec in _added(scheme, header):
        out.append(spec.id)
        for record, person in zip(found, ids, strict=True):
            record.cells[spec.id] = str(len(counts.of(spec, person)))
            if record.columns:
                record.columns[spec.id] = len(out)
    return out, errors


def _added(scheme: Scheme, header: list[str]) -> list[Field]:
    """The counted fields given a column: those the file has no column of (which is said)."""
    return [f for f in counted_fields(scheme) if f.id not in header and f.label not in header]


def _check(name: str, scheme: Scheme, counts: Counts, header: list[str],
           positions: dict[str, int], ids: list[str]) -> list[Diagnostic]:
    """No column of the file holds a counted field; every subject's owner has a row."""
    errors: list[Diagnostic] = []
    for spec in counted_fields(scheme):
        for column in (spec.id, spec.label):
            if column in header:
                errors.append(Diagnostic(
                    name, 1 if positions else 0, positions.get(column, 0), "error", spec.id,
                    _("column '{column}' holds field '{field}', which is counted from the "
                      "subjects '{subjects}', not read").format(
                        column=column, field=spec.id,
                        subjects=spec.count.subjects if spec.count else ""),
                    _("delete the column: the count comes from their scheme's data")))
                break
    present = set(ids)
    present.discard("")
    for feed, owners in counts.owned.items() if present else ():  # no ids: the reader says
        called = counts.called.get(feed) or _("subject")
        for owner, subjects in owners.items():
            if owner in present:
                continue
            errors.append(not_scored(called, owner, subjects, _("who has no row in {file}").format(
                file=name)))
    return errors


def not_scored(called: str, owner: str, subjects: list[Owned], why: str) -> Diagnostic:
    """The error for subjects whose owner is not scored: at the first of them. ``why`` is
    a clause saying what the owner lacks ("who has no row in FILE")."""
    first, more = subjects[0], len(subjects) - 1
    text = _("{called} '{subject}' ({name}) and {more} more are looked after by '{owner}', "
             "{why}") if more else _("{called} '{subject}' ({name}) is looked after by "
                                     "'{owner}', {why}")
    return first.at(first.subject, text.format(called=called, subject=first.subject,
                                               name=first.name, more=more, owner=owner, why=why),
                    _("check the owner's id against the data file, or add their row"))
