"""The reference: each field worked out person by person and month by month, in plain
Python, from the records read one at a time. Slow and obviously right; the DuckDB queries
are held equal to it by the tests, to the cent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path as FilePath

from ..diagnostics import Diagnostic
from ..formula.records import ColumnPath, Value
from ..model import FieldSource, RecordSource, Scheme
from ..year.periods import Period
from . import blank
from .figures import Cell, Slot, average, people_known
from .files import where
from .read import Record, raw_rows, read_source


def read_all(scheme: Scheme, folder: str | FilePath, year: int
             ) -> dict[str, dict[str, Record]]:
    """Every source's records by key, each checked (keys read first, so that any source
    may refer to any other)."""
    known = people_known(scheme)
    for source in scheme.records.values():
        known[source.id] = {cells[source.key] for _row, cells in raw_rows(folder, source)}
    return {name: {str(r.values[source.key]): r
                   for r in read_source(folder, source, year, known)}
            for name, source in scheme.records.items()}


def reference_figures(scheme: Scheme, folder: str | FilePath, period: Period,
                      slots: list[Slot], warnings: list[Diagnostic] | None = None
                      ) -> dict[tuple[str, str, str], Cell]:
    """(field, person, month) to the figure, for every slot and derived field; in
    ``warnings``, the records of ``period`` that count for no one."""
    records = read_all(scheme, folder, period.year)
    if warnings is not None:
        warnings += _no_ones(scheme, folder, records, period)
    out: dict[tuple[str, str, str], Cell] = {}
    for name, spec in scheme.derived.items():
        source = scheme.records[spec.source]
        chosen = _first_of(scheme.records, records, source, spec)
        months = {month for _person, month in slots}
        raters: list[Value] = [None]
        if spec.rater is not None:
            raters = sorted({v for r in chosen if _month(r, source) in months and (v := _read(
                scheme.records, records, spec.source, r, spec.rater)) is not None}, key=str)
        for rater in raters:
            column = name if spec.rater is None else f"{name}@{rater}"
            for person, month in slots:
                picked = [r for r in chosen
                          if _month(r, source) == month
                          and _read(scheme.records, records, spec.source, r, spec.by) == person
                          and (spec.rater is None or _read(
                              scheme.records, records, spec.source, r, spec.rater) == rater)
                          and (spec.where is None or spec.where.evaluate(
                              _reader(scheme.records, records, spec.source, r)) is True)]
                out[(column, person, month)] = _aggregate(scheme.records, records, source,
                                                          spec, picked)
    return out


def _no_ones(scheme: Scheme, folder: str | FilePath,
             records: Mapping[str, dict[str, Record]], period: Period) -> list[Diagnostic]:
    """The reference's :func:`.duck.no_ones`: the records a field's filter lets through in
    the period with a blank path to whom they count for, their first keys and count."""
    out = []
    months = set(period.month_ids)
    for group in blank.groups(scheme):
        source = scheme.records[group.source]
        specs = [scheme.derived[name] for name in group.fields]
        keys = sorted(r.values[source.key] for r in _first_of(  # type: ignore[type-var]
            scheme.records, records, source, specs[0])
            if _month(r, source) in months
            and _read(scheme.records, records, source.id, r, group.path) is None
            and any(s.where is None or s.where.evaluate(_reader(
                scheme.records, records, source.id, r)) is True for s in specs))
        said = blank.warning(scheme, group, period, where(folder, source),
                             [(key, len(keys)) for key in keys[:blank.NAMED]])
        if said is not None:
            out.append(said)
    return out


def _month(record: Record, source: RecordSource) -> str:
    day = record.values[str(source.date)]
    assert isinstance(day, date)
    return f"{day.year}-{day.month:02d}"


def _order(source: RecordSource, record: Record) -> tuple[date, str]:
    day = record.values[str(source.date)]
    assert isinstance(day, date)
    return day, str(record.values[source.key])


def _first_of(sources: Mapping[str, RecordSource], records: Mapping[str, dict[str, Record]],
              source: RecordSource, spec: FieldSource) -> list[Record]:
    """The records that may count: with ``first_of``, each value's first record only."""
    every = sorted(records[source.id].values(), key=lambda r: _order(source, r))
    if spec.first_of is None:
        return every
    seen: set[Value] = set()
    out = []
    for record in every:
        value = _read(sources, records, source.id, record, spec.first_of)
        if value is not None and value not in seen:
            seen.add(value)
            out.append(record)
    return out


def _read(sources: Mapping[str, RecordSource], records: Mapping[str, dict[str, Record]],
          name: str, record: Record, path: ColumnPath) -> Value:
    """The value at ``path`` from ``record``, following each reference to its record."""
    value: Value = None
    current, at = name, record
    for index, step in enumerate(path):
        value = at.values.get(step)
        if index == len(path) - 1 or value is None:
            return value
        current = str(sources[current].columns[step].refers)
        found = records[current].get(str(value))
        if found is None:
            return None
        at = found
    return value


def _reader(sources: Mapping[str, RecordSource], records: Mapping[str, dict[str, Record]],
            name: str, record: Record) -> Callable[[ColumnPath], Value]:
    return lambda path: _read(sources, records, name, record, path)


def _aggregate(sources: Mapping[str, RecordSource], records: Mapping[str, dict[str, Record]],
               source: RecordSource, spec: FieldSource, picked: list[Record]) -> Cell:
    if spec.how == "count":
        if spec.per is None:
            return Decimal(len(picked))
        tally: dict[Value, int] = {}
        for record in picked:
            value = _read(sources, records, source.id, record, spec.per)
            if value is not None:
                tally[value] = tally.get(value, 0) + 1
        return Decimal(sum(1 for n in tally.values() if n >= spec.at_least))
    assert spec.of is not None
    picked = sorted(picked, key=lambda r: _order(source, r))
    values = [spec.of.evaluate(_reader(sources, records, source.id, r)) for r in picked]
    present = [v for v in values if v is not None]
    if spec.how == "count_distinct":
        return Decimal(len(set(present)))
    numbers = [v for v in present if isinstance(v, Decimal)]
    if spec.how == "sum":
        return sum(numbers, Decimal(0))
    if spec.how == "average":
        return average(sum(numbers, Decimal(0)), len(numbers)) if numbers else None
    if spec.how in ("first", "last"):
        if not values:
            return None
        chosen = values[0] if spec.how == "first" else values[-1]
        return chosen if isinstance(chosen, Decimal) else None
    if not numbers:
        return None
    return min(numbers) if spec.how == "min" else max(numbers)
