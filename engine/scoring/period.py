"""Scoring a period: one path for every scheme, from the figures to the :class:`Result`.

    figures --segments--> a person's months on a post, rolled up, with targets
      --score, level by level (units' results and members' averages first)--> totals
      --weigh posts by months--> a total per person --grade, rank, calibrate, pay--> Result

A scheme without a calendar is the one-period case: each row of the data is a segment,
nobody is scored from other people, and the bonus base is the period's. Nothing here
prints; every problem is raised as one :class:`AppraiseError` naming each person.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data import Actuals, Counts, Monthly, Rows, read_actuals, read_monthly
from ..diagnostics import AppraiseError, Diagnostic
from ..model import Award, Scheme
from ..rules import Target
from ..year.periods import Period, PeriodMissing, month_id, parse_period
from .batch import Batch, SegmentResult
from .earlier import LookBack
from .evaluate import score_batch
from .kept import inputs
from .people import combine, settle_people
from .result import Result, Totals
from .segments import Months, RollUp, Segment
from .team import Team, alone, team_columns
from .units import Units, levels

if TYPE_CHECKING:
    from ..data.earlier import Earlier
    from .awards import AwardResult, Latest


def score(scheme: Scheme, data: Actuals | Monthly, period: Period | str | None = None, *,
          reference: bool = False) -> Result:
    """Score a period; raise :class:`AppraiseError` listing every problem.

    ``data`` is a period's rows (:func:`read_actuals`) for a scheme without a calendar, or
    a file kept by month (:func:`read_monthly`) with the ``period`` to score (a
    :class:`Period`, or its text, ``2026-Q1``, read as ``--period`` is).
    ``reference``: roll the months up person by person, the slower way the columns are
    held equal to.
    """
    if isinstance(data, Monthly):
        if period is None:
            raise PeriodMissing.said()
        if isinstance(period, str):
            assert scheme.calendar is not None  # a file kept by month is read for one
            period = parse_period(period, scheme.calendar.year, max(data.months, default=None))
        return _by_month(scheme, data, period, reference)
    return _plain(scheme, data)


def score_file(scheme: Scheme, data_file: str | FilePath, period: str | None = None,
               content: bytes | None = None, *, strict: bool = False,
               history: str | FilePath | Earlier | None = None,
               subjects: Mapping[str, str | FilePath] | None = None,
               sheet: str | None = None) -> Result:
    """Read ``data_file`` and score ``period`` (for a scheme kept by month, a month, quarter,
    half, year or year to date, e.g. ``2026-Q1``; otherwise the period's rows to take from a
    file holding several). ``content``, when given, is the file's bytes (read from standard
    input, say), and ``data_file`` only its name. Raises :class:`AppraiseError` (with the
    data's warnings), or :class:`PeriodError` for a period that is missing or cannot be
    read. ``strict``: every warning is an error (nothing doubtful goes to payroll).
    ``history``: a file of earlier months' rows for a scheme kept by month whose formulas
    read them (``previous(revenue)``, ``last_year(revenue)``), or such months' figures
    kept elsewhere (a history store's), taken where the data has no row. ``subjects``: for a scheme
    that counts another scheme's subjects (``subjects:``), each one's data file by name.
    ``sheet``: the sheet to read when the data file is a workbook (the first when None).
    A note (the sheet read, the encoding a CSV was read in) is never a warning, strict or
    not."""
    return _scored(scheme, data_file, period, content, strict, history, subjects or {},
                   sheet)[0]


def _scored(scheme: Scheme, data_file: str | FilePath, period: str | None,
            content: bytes | None, strict: bool, history: str | FilePath | Earlier | None,
            subjects: Mapping[str, str | FilePath], sheet: str | None = None
            ) -> tuple[Result, Actuals | Monthly]:
    """:func:`score_file`'s result, with the data it read."""
    data: Actuals | Monthly
    chosen = None
    counts: Counts | None = None
    counted_warnings: list[Diagnostic] = []
    if scheme.feeds:
        from .feeds import check_scored, counts_for, same_period  # it counts subjects

        def scored(other: Scheme, file: str, when: str | None) -> tuple[Result, Actuals]:
            found, read = _scored(other, file, when, None, strict, None, subjects)
            assert isinstance(read, Actuals)  # a counted scheme has no calendar
            return found, read

        counts, counted_warnings = counts_for(scheme, subjects, period, scored)
    try:
        if scheme.calendar is None:
            data = read_actuals(data_file, scheme, period, content, counts=counts, sheet=sheet)
        else:
            data = read_monthly(data_file, scheme, content, history=history, counts=counts,
                                sheet=sheet)
    except AppraiseError as exc:
        raise _stopped(exc.diagnostics, [*counted_warnings, *exc.warnings], strict) from None
    if isinstance(data, Monthly):
        if period is None:
            raise PeriodMissing.said()
        assert scheme.calendar is not None
        chosen = parse_period(period, scheme.calendar.year, max(data.months, default=None))
    elif counts is not None:
        try:
            same_period(data, counts)
        except AppraiseError as exc:
            raise _stopped(exc.diagnostics, [*counted_warnings, *data.warnings],
                           strict) from None
    try:
        result = score(scheme, data, chosen)
    except AppraiseError as exc:
        raise _stopped(exc.diagnostics, [*counted_warnings, *data.warnings, *exc.warnings],
                       strict) from None
    if counts is not None:
        result = replace(result, counted=counts,
                         warnings=(*counted_warnings, *result.warnings))
        try:
            check_scored(counts, result)
        except AppraiseError as exc:
            raise _stopped(exc.diagnostics, exc.warnings, strict) from None
    if strict and any(w.severity == "warning" for w in result.warnings):
        raise _stopped([], result.warnings, strict)
    return result, data


def _stopped(errors: Iterable[Diagnostic], warnings: Iterable[Diagnostic],
             strict: bool) -> AppraiseError:
    """The error that stops a run: its warnings shown after the errors, or, ``strict``,
    among them as errors."""
    if strict:
        warnings = list(warnings)
        return AppraiseError([*errors, *(replace(w, severity="error") for w in warnings
                                         if w.severity == "warning")],
                             [w for w in warnings if w.severity == "note"])
    return AppraiseError(errors, warnings)


def _plain(scheme: Scheme, actuals: Actuals) -> Result:
    rows = actuals.rows
    batch = score_batch(scheme, rows, actuals.file, {**actuals.columns, **actuals.ratings},
                        plain_targets(scheme, actuals))
    units: list[str] = np.array([p.unit for p in scheme.posts.values()],
                                dtype=object)[batch.post_index].tolist()
    if isinstance(rows, Rows):  # read as columns: no row made for anybody
        ids, names, posts, lines = rows.people, rows.names, rows.posts, rows.lines
    else:
        ids, names, posts, lines = (_Of(rows, "person"), _Of(rows, "name"),
                                       _Of(rows, "post"), _Of(rows, "line"))
    totals = Totals(ids, names, posts, units, _OneEach(batch, posts, units),
                    batch.weighted_sum, batch.deductions, batch.bonuses, batch.total,
                    batch.veto, lines, np.ones(len(batch), dtype=np.intp), batch.effects)
    index = actuals.index or {row.person: i for i, row in enumerate(rows)}
    people, _, _, _ = settle_people(scheme, totals, None, (index, batch.post_index))
    warnings = list(actuals.warnings)
    if batch.team_members:
        warnings += alone(scheme, Team({}, dict(batch.team_members)), actuals.file,
                          _Rows(ids, posts, units, lines))
    return Result(scheme, None, actuals.period, actuals.file, actuals.fingerprint, people,
                  warnings=tuple(warnings), batches=(batch,),
                  awards=_awards(scheme, totals, _Latest(batch), None))


class _Rows(Sequence[tuple[str, str, str, int]]):
    """Each row's person, post, unit and line, read when asked for."""

    def __init__(self, *columns: Sequence[Any]) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, i: int) -> Any:  # type: ignore[override]
        return tuple(c[i] for c in self.columns)


class _Of(Sequence[Any]):
    """One attribute of every row, read when asked for (a plain period's people)."""

    def __init__(self, rows: Sequence[Any], name: str) -> None:
        self.rows, self.name = rows, name

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Any:  # type: ignore[override]
        return getattr(self.rows[i], self.name)

    def __iter__(self) -> Iterator[Any]:
        return (getattr(row, self.name) for row in self.rows)


class _Latest(Sequence[tuple[Batch, int]]):
    """Each person's one segment in a plain period: their row of the one batch."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch

    def __len__(self) -> int:
        return len(self.batch)

    def __getitem__(self, i: int) -> tuple[Batch, int]:  # type: ignore[override]
        return self.batch, i

    def __iter__(self) -> Iterator[tuple[Batch, int]]:
        return ((self.batch, i) for i in range(len(self.batch)))


class _OneEach(Sequence[Sequence[SegmentResult]]):
    """Each person's one segment in a plain period, made when asked for."""

    def __init__(self, batch: Batch, posts: Sequence[str], units: Sequence[str]) -> None:
        self.batch, self.posts, self.units = batch, posts, units

    def __len__(self) -> int:
        return len(self.batch)

    def __getitem__(self, i: int) -> Sequence[SegmentResult]:  # type: ignore[override]
        return (SegmentResult(self.posts[i], self.units[i], (), self.batch, i),)

    def __iter__(self) -> Iterator[Sequence[SegmentResult]]:
        return (self[i] for i in range(len(self)))


def _by_month(scheme: Scheme, monthly: Monthly, period: Period, reference: bool) -> Result:
    months = Months(scheme, monthly, period, reference)

    def check() -> None:
        if months.errors:
            raise AppraiseError(months.errors, months.warnings)

    segments = months.segments()
    check()
    rollup = RollUp(scheme, period, months)
    rollup.figures(segments)
    check()
    back = LookBack(scheme, monthly, period.year) if scheme.looked_back else None
    if back is not None:
        back.figures(segments)
        months.errors += back.errors
        months.warnings += back.warnings
        check()
    units = Units(scheme, months, rollup, segments)
    order = levels(units, segments)
    team = _team(scheme, months, segments)
    batches = []
    number = {id(s): n for n, s in enumerate(segments)}
    scored: list[tuple[Batch, list[int]]] = []  # each batch, with its segments' numbers
    for level in sorted(set(order.values())):
        chosen = [s for s in segments if order[id(s)] == level]
        with np.errstate(all="ignore"):  # once a level: a member's figures may overflow
            for segment in chosen:
                units.given(segment)
        check()
        columns = inputs(months.kept, chosen) if months.kept is not None else None
        if back is not None:
            columns = {**(columns or {}), **back.columns(chosen)}
        batch = score_batch(scheme, chosen, monthly.file, columns,
                            {i: s.targets for i, s in enumerate(chosen) if s.targets},
                            {i: s.given for i, s in enumerate(chosen) if s.given},
                            {i: s.scaling for i, s in enumerate(chosen) if s.scaling},
                            team.take(np.array([number[id(s)] for s in chosen],
                                               dtype=np.intp)) if team else None)
        batches.append(batch)
        scored.append((batch, [number[id(s)] for s in chosen]))
        if units.columns is not None:
            units.columns.scored(chosen, batch)
        for i, segment in enumerate(chosen):
            segment.scored = (batch, i)
            if batch.veto[i] == "zero_total":
                units.vetoed.add(segment.person)
    totals = _totals(segments, scored)
    people, moves, small, pools = settle_people(scheme, totals, len(period))
    warnings = sorted([*monthly.warnings, *months.warnings, *(alone(
        scheme, team, monthly.file, [(s.person, s.post, s.unit, s.line) for s in segments])
        if team else ())])
    return Result(scheme, period, period.id, monthly.file, monthly.fingerprint, people,
                  tuple(units.results), tuple(moves), tuple(small), tuple(pools),
                  tuple(warnings), tuple(batches),
                  _awards(scheme, totals, None, period, monthly, reference))


def _awards(scheme: Scheme, totals: Totals, latest: Sequence[Latest] | None,
            period: Period | None, monthly: Monthly | None = None, reference: bool = False
            ) -> tuple[AwardResult, ...]:
    """The scheme's awards over everybody's totals, in the scheme's order; one given every
    month, for each month of a longer period, from that month scored on its own.
    ``latest``: each person's latest segment (None: the last of their segments)."""
    if not scheme.awards:
        return ()
    from .awards import rank_awards  # a scheme with awards: worth loading

    if latest is None:
        latest = [(held[-1].batch, held[-1].row) for held in totals.segments]
    ranked: dict[Award, list[AwardResult]] = {a: [] for a in scheme.awards.values()}
    single = period is None or len(period) == 1
    month = period.month_ids[0] if period is not None and single else None
    once = [a for a in ranked if single or not a.every_month]
    for found in rank_awards(scheme, once, totals.person, totals.post, totals.unit, latest,
                             totals.total, totals.veto, month):
        ranked[found.award].append(found)
    if not single and period is not None and monthly is not None \
            and any(a.every_month for a in ranked):  # only those scores each month again
        for m in period.months:
            one = score(scheme, monthly, Period(month_id(period.year, m), period.year, (m,)),
                        reference=reference)
            for found in one.awards:
                if found.award.every_month:
                    ranked[found.award].append(found)
    return tuple(found for results in ranked.values() for found in results)


def _team(scheme: Scheme, months: Months, segments: list[Segment]) -> Team | None:
    """The team averages of every segment of the period (the members of a unit may be
    scored at different levels of the organisation)."""
    if not scheme.team_fields:
        return None
    if months.kept is not None:
        columns = inputs(months.kept, segments)
    else:
        columns = {f: np.array([v if isinstance(v := s.values.get(f), float) else np.nan
                                for s in segments], dtype=np.float64)
                   for f in scheme.team_fields}
    return team_columns(scheme, [s.unit for s in segments], columns,
                        [len(s.months) for s in segments])


def _totals(segments: list[Segment], scored: list[tuple[Batch, list[int]]]) -> Totals:
    """Each person's segments (by the last month each post was held in: the latest post is
    the last one), and their totals over them: a person's one segment's as the batch left
    them, several combined person by person (``scored``: each batch with its segments'
    numbers)."""
    n = len(segments)
    found = np.empty((4, n))
    veto: list[str | None] = [None] * n
    for batch, at in scored:
        found[:, at] = (batch.weighted_sum, batch.deductions, batch.bonuses, batch.total)
        for k, effect in zip(at, batch.veto, strict=True):
            veto[k] = effect
    mine: dict[str, list[int]] = {}
    for k, segment in enumerate(segments):
        mine.setdefault(segment.person, []).append(k)
    one = np.array([held[0] if len(held) == 1 else -1 for held in mine.values()],
                   dtype=np.intp).reshape(-1)
    column = found[:, np.where(one >= 0, one, 0)]
    effects = [veto[k] for k in one.tolist()]
    latest = [segments[k] for k in one.tolist()]
    parts: list[list[SegmentResult]] = [[_result(s)] for s in latest]
    everybody = list(mine.values())
    for p in np.flatnonzero(one < 0).tolist():  # on several posts: combined by months
        held = sorted((segments[k] for k in everybody[p]), key=_last)
        parts[p] = [_result(s) for s in held]
        weighted, deductions, bonuses, total, effects[p] = combine(parts[p])
        column[:, p] = (weighted, deductions, bonuses, total)
        latest[p] = held[-1]
    person_of = {k: p for p, held in enumerate(everybody) for k in held}
    gated: dict[int, frozenset[str]] = {}
    for batch, at in scored:
        for row, acted in batch.effects.items():
            p = person_of[at[row]]
            gated[p] = gated.get(p, frozenset()) | acted
    return Totals(list(mine), [s.name for s in latest], [s.post for s in latest],
                  [s.unit for s in latest], parts, column[0].copy(), column[1].copy(),
                  column[2].copy(), column[3].copy(), effects,
                  [segments[held[0]].line for held in everybody],
                  np.array([sum(len(r.months) for r in held) for held in parts],
                           dtype=np.intp).reshape(-1), gated)


def _last(segment: Segment) -> int:
    return segment.months[-1]


def _result(segment: Segment) -> SegmentResult:
    """A segment as scored (made as ``SegmentResult(...)`` makes it, without its frozen
    ``__setattr__`` a field)."""
    assert segment.scored is not None
    made = object.__new__(SegmentResult)
    made.__dict__.update({"post": segment.post, "unit": segment.unit,
                          "months": segment.months, "batch": segment.scored[0],
                          "row": segment.scored[1]})
    return made


def plain_targets(scheme: Scheme, actuals: Actuals) -> dict[int, Mapping[str, Target]]:
    """A period of a scheme without a calendar, where each row is a segment: the rows of
    people with targets of their own."""
    index = actuals.index or {row.person: i for i, row in enumerate(actuals.rows)}
    return {index[p.id]: p.targets for p in scheme.people.values()
            if p.targets and p.id in index}
