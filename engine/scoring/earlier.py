"""A field over earlier months, for the formulas that read one: ``previous(revenue)`` is
revenue over the months just before a segment's, as many as it has (2026-Q1: 2025-10 to
2025-12), and ``last_year(revenue)`` revenue over the same months a year earlier.

The figures are the person's, whatever post they held then, month by month from the data
file (the scheme's year, and the year before's rows) and the history file, rolled up by
the field's own ``aggregate`` in month order, with the operations of the segments'
roll-up. A month without the person's row is an error naming the person, the indicator,
the field and the months, unless ``calendar.missing_months: zero`` makes it 0 in a sum.
Both roll-ups of the period (the columns and the person-by-person reference) take the
figures from here, so a person's earlier figure is the same on either.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from ..data import Monthly
from ..data.earlier import absolute
from ..diagnostics import Diagnostic
from ..formula.earlier import looked_back
from ..i18n import _
from ..model import Indicator, Scheme
from ..numbers import add_up, show
from ..rules import Column
from ..year.periods import month_id
from .segments import Segment


def window(kind: str, year: int, months: Sequence[int]) -> list[int]:
    """The months (:func:`absolute`) that ``kind`` reads for a segment's ``months`` of
    ``year``: as many just before the first (previous), or the same a year earlier."""
    first = absolute(year, months[0])
    if kind == "previous":
        return list(range(first - len(months), first))
    return [absolute(year - 1, m) for m in months]


def _month(at: int) -> str:
    return month_id(at // 12, at % 12 + 1)


def span(months: Sequence[int]) -> str:
    """Months as a person names them: 2025-11; 2025-Q4 (2025-10 to 2025-12); 2025-H2 (...);
    2025 (...); or 2025-11 to 2026-01."""
    first, last = months[0], months[-1]
    if len(months) == 1:
        return _month(first)
    run = _("{first} to {last}").format(first=_month(first), last=_month(last))
    year, start = divmod(first, 12)
    name = {3: f"{year}-Q{start // 3 + 1}", 6: f"{year}-H{start // 6 + 1}", 12: f"{year}"}
    if len(months) in name and start % len(months) == 0 and last - first == len(months) - 1:
        return f"{name[len(months)]} ({run})"
    return run


def _listed(months: Sequence[int]) -> str:
    said = [_month(m) for m in months]
    return said[0] if len(said) == 1 else _("{months} and {last}").format(
        months=", ".join(said[:-1]), last=said[-1])


class LookBack:
    """The earlier figures of a period's segments, and every problem found."""

    def __init__(self, scheme: Scheme, monthly: Monthly, year: int) -> None:
        self.scheme, self.monthly, self.year = scheme, monthly, year
        self.zero = scheme.calendar is not None and scheme.calendar.missing_months == "zero"
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.found: dict[int, dict[str, float]] = {}  # by segment: previous(revenue): figure
        formulas = [i.formula for i in scheme.indicators.values()] + scheme.target_formulas()
        self.names = sorted({n for f in formulas for n in f.looks_back})
        self._done: dict[tuple[str, str, tuple[int, ...]], float | None] = {}
        self._rows: dict[tuple[str, int], dict[str, float] | None] = {}
        self._months: dict[int, tuple[Mapping[str, int], list[tuple[str, list[float]]]]] = {}

    def figures(self, segments: Sequence[Segment]) -> None:
        """Every segment's earlier figures, for the indicators of its card."""
        scheme = self.scheme
        for segment in segments:
            card = scheme.scorecards[scheme.posts[segment.post].scorecard]
            mine: dict[str, float] = {}
            person = scheme.people.get(segment.person)
            for item in card.items:
                indicator = scheme.indicators[item.indicator]
                target = scheme.target_for(person, scheme.posts[segment.post], indicator.id)
                written = target.formulas if target is not None else ()
                for name in sorted({n for f in (indicator.formula, *written)
                                    for n in f.looks_back}):
                    if name in mine:
                        continue
                    value = self.figure(segment, indicator, name)
                    if value is not None:
                        mine[name] = value
            self.found[id(segment)] = mine

    def columns(self, chosen: Sequence[Segment]) -> dict[str, Column]:
        """Each earlier figure as a column over ``chosen`` (NaN where a card has none)."""
        out: dict[str, Column] = {}
        for name in self.names:
            out[name] = np.array([self.found.get(id(s), {}).get(name, math.nan)
                                  for s in chosen], dtype=np.float64)
        return out

    def figure(self, segment: Segment, indicator: Indicator, name: str) -> float | None:
        """``name`` (``previous(revenue)``) for ``segment``; None, with the problem filed,
        if the months lack the person's figures."""
        found = looked_back(name)
        assert found is not None
        kind, field = found
        months = window(kind, self.year, segment.months)
        key = (segment.person, name, tuple(months))
        if key in self._done:
            return self._done[key]
        value = self._done[key] = self.roll_up(segment, indicator, name, field, months)
        return value

    def roll_up(self, segment: Segment, indicator: Indicator, name: str, field: str,
                months: list[int]) -> float | None:
        spec = self.scheme.fields[field]
        person = segment.person
        values: list[float] = []
        weights: list[float] = []
        no_row: list[int] = []
        blank: list[int] = []
        for month in months:
            row = self.row(person, month)
            if row is None:
                no_row.append(month)
            elif field not in row:
                blank.append(month)
            else:
                values.append(row[field])
                weights.append(row.get(spec.weight or "", 0.0))
        summed = spec.aggregate == "sum"
        if self.zero and not blank and (values or summed):
            for month in no_row:  # as the period's own months: 0 in a sum, else left out
                self.warnings.append(Diagnostic(
                    self.monthly.file, 0, 0, "warning", f"{person}.{indicator.id}",
                    _("{name} has no row for {person} in {month}, which counts as 0 in summed "
                      "figures (calendar.missing_months: zero)").format(
                        name=name, person=person, month=_month(month)),
                    _("add the row if they had figures that month")))
                if summed:
                    values.append(0.0)
            no_row = []
        if no_row or blank:
            self.missing(segment, indicator, name, field, months, no_row, blank)
            return None
        if summed:
            return add_up(values)
        if spec.aggregate == "average":
            return add_up(values) / len(values)
        if spec.aggregate in ("first", "last"):
            return values[0] if spec.aggregate == "first" else values[-1]
        total = add_up(weights)
        if total == 0:
            self.errors.append(Diagnostic(
                self.monthly.file, segment.line, 0, "error", f"{person}.{indicator.id}",
                _("cannot work out {name} over {months}: the weights '{weight}' add up to "
                  "0").format(name=name, months=span(months), weight=spec.weight),
                _("check the figures of '{weight}'").format(weight=spec.weight)))
            return None
        return add_up([v * w for v, w in zip(values, weights, strict=True)]) / total

    def row(self, person: str, month: int) -> dict[str, float] | None:
        """The person's figures of ``month`` (the fields read over earlier months), from
        every file that has their row; two files that differ are an error."""
        key = (person, month)
        if key not in self._rows:
            self._rows[key] = self.merged(person, month)
        return self._rows[key]

    def this_year(self, month: int) -> tuple[Mapping[str, int], list[tuple[str, list[float]]]]:
        """A month of the scheme's year in the data: each person's row, and the columns of
        the fields read over earlier months (as lists, read once a month)."""
        if month not in self._months:
            actuals = self.monthly.months[month % 12 + 1]
            self._months[month] = (actuals.index, [
                (f, actuals.columns[f].tolist()) for f in self.scheme.looked_back
                if f in actuals.columns])
        return self._months[month]

    def merged(self, person: str, month: int) -> dict[str, float] | None:
        found: list[tuple[str, int, dict[str, float]]] = []
        year, number = divmod(month, 12)
        if year == self.year and number + 1 in self.monthly.months:
            index, columns = self.this_year(month)
            i = index.get(person)
            if i is not None:
                found.append((self.monthly.file, 0, {f: column[i] for f, column in columns
                                                     if not math.isnan(column[i])}))
        for earlier in self.monthly.earlier:
            row = earlier.figures.get(month, {}).get(person)
            if row is not None:
                found.append((earlier.file, row[1], row[0]))
        if not found:
            return None
        merged: dict[str, float] = {}
        source: dict[str, tuple[str, int]] = {}  # the file and line each figure came from
        for file, line, figures in found:
            for field, value in figures.items():
                before = merged.setdefault(field, value)
                first = source.setdefault(field, (file, line))
                if before != value:  # said; the run stops on it
                    self.errors.append(Diagnostic(
                        file, line, 0, "error", f"{person}.{field}", _(
                            "{person}'s {field} for {month} is {value} here but {before} in "
                            "{where}").format(person=person, field=field, month=_month(month),
                                              value=show(value), before=show(before),
                                              where=f"{first[0]}:{first[1]}" if first[1]
                                              else first[0]),
                        _("give each month's figures once, or the same in both files")))
        return merged

    def missing(self, segment: Segment, indicator: Indicator, name: str, field: str,
                months: list[int], no_row: list[int], blank: list[int]) -> None:
        self.errors.append(Diagnostic(self.monthly.file, 0, 0, "error",
                                      f"{segment.person}.{indicator.id}",
                                      *_missing(name, segment.person, field, months, no_row,
                                                blank)))


def _missing(name: str, person: str, field: str, months: list[int], no_row: list[int],
             blank: list[int]) -> tuple[str, str]:
    """What is said of earlier months a formula reads that have no row, or a blank figure."""
    if no_row:
        return (_("{name} needs {person}'s {field} for {months}, and the data has no row for "
                  "{person} in {missing}").format(name=name, person=person, field=field,
                                                  months=span(months), missing=_listed(no_row)),
                _("add those months' rows to the data, or give them with --history FILE"))
    return (_("{name} needs {person}'s {field} for {months}, and {person}'s row of {missing} "
              "has no {field}").format(name=name, person=person, field=field,
                                       months=span(months), missing=_listed(blank)),
            _("fill in the figure"))
