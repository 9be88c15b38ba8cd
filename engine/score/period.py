"""Scoring a period: a compiled scheme and a period's actuals to per-person results.

Two paths, one semantics. The reference path scores one person at a time and records
every step: it is what ``appraise explain`` shows. The column path
(:mod:`engine.vector`) scores everybody at once with the very same operations, and
hands any person it cannot score exactly to the reference path. Results carry
full-precision numbers; reporters round them (half up, at the scheme's precision).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from ..data.reader import Actuals, Row
from ..diagnostics import AppraiseError, Diagnostic, did_you_mean
from ..formula.columns import Floats, compile_columns, rank_column, round_column, score_columns
from ..formula.sandbox import EvaluationError
from ..model.scheme import Indicator, Scheme
from ..numbers import add_up, shows_at_least
from ..rules.base import (
    FormulaRule,
    Outcome,
    RatingRule,
    Role,
    Target,
    VetoRule,
    achievement,
    show,
)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for one person: value, target, rule, points and weight."""

    indicator: str
    label: str
    perspective: str | None
    rule: str
    role: Role
    formula: str
    substituted: str
    value: float | str
    unit: str
    target: Target | None
    achievement: float | None
    points: float
    detail: str
    weight: Decimal | None
    weighted: float | None


@dataclass(frozen=True)
class PersonResult:
    """One person's appraisal for the period.

    ``indicators`` (each step, as ``appraise explain`` shows it) is worked out when
    first asked for, by the reference path, from the same scheme and figures.
    """

    person: str
    name: str
    post: str
    post_label: str
    unit: str
    unit_label: str
    weighted_sum: float
    deductions: float
    bonuses: float
    veto: str | None
    total: float
    grade: str
    grade_label: str
    coefficient: Decimal
    bonus_base: Decimal | None
    bonus: float | None
    rank: int
    rank_of: int
    line: int
    scheme: Scheme = field(repr=False, compare=False)
    row: Row = field(repr=False, compare=False)

    @cached_property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        return trace_person(self.scheme, self.row)


@dataclass(frozen=True)
class Summary:
    """Everybody's totals as columns, in data order."""

    weighted_sum: Floats
    deductions: Floats
    bonuses: Floats
    total: Floats
    grade: NDArray[np.intp]  # an index into scheme.grades
    veto: list[str | None]
    rank: list[int]
    rank_of: list[int]


@dataclass(frozen=True)
class PeriodResult:
    """A whole period's results, in the order of the data file.

    The numbers are held as columns (``points``, ``summary``); ``people`` gives one
    :class:`PersonResult` per row, made when first asked for.
    """

    scheme: Scheme
    actuals: Actuals
    points: dict[str, Floats] = field(repr=False, compare=False)
    """Each indicator's points for every person, in data order (NaN: not on their card)."""
    summary: Summary = field(repr=False, compare=False)

    @cached_property
    def people(self) -> tuple[PersonResult, ...]:
        return tuple(self._person(i) for i in range(len(self.actuals.rows)))

    @cached_property
    def _index(self) -> dict[str, int]:
        return {row.person: i for i, row in enumerate(self.actuals.rows)}

    def person(self, person_id: str) -> PersonResult:
        if person_id in self._index:
            return self._person(self._index[person_id])
        raise AppraiseError([Diagnostic(
            self.actuals.file, 0, 0, "error", "", f"person '{person_id}' is not in the data",
            did_you_mean(person_id, list(self._index)))])

    def _person(self, i: int) -> PersonResult:
        scheme, row, s = self.scheme, self.actuals.rows[i], self.summary
        post = scheme.posts[row.post]
        grade = scheme.grades[int(s.grade[i])]
        base = scheme.bonus_base_for(scheme.people.get(row.person), post)
        unit = scheme.units[post.unit]
        return PersonResult(
            person=row.person, name=row.name, post=post.id, post_label=post.label,
            unit=unit.id, unit_label=unit.label, weighted_sum=float(s.weighted_sum[i]),
            deductions=float(s.deductions[i]), bonuses=float(s.bonuses[i]), veto=s.veto[i],
            total=float(s.total[i]), grade=grade.grade, grade_label=grade.label,
            coefficient=grade.coefficient, bonus_base=base,
            bonus=float(grade.coefficient * base) if base is not None else None,
            rank=s.rank[i], rank_of=s.rank_of[i], line=row.line, scheme=scheme, row=row)


class _PersonError(Exception):
    def __init__(self, indicator: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.indicator, self.message, self.hint = indicator, message, hint


# -- the reference path: one person, every step --------------------------------------------


def trace_person(scheme: Scheme, row: Row) -> tuple[IndicatorResult, ...]:
    """Every indicator of one person, step by step; raises :class:`AppraiseError`."""
    try:
        return tuple(_trace(scheme, row))
    except _PersonError as exc:
        raise AppraiseError([_diagnostic(row, exc, "")]) from None


def _trace(scheme: Scheme, row: Row) -> Iterable[IndicatorResult]:
    post = scheme.posts[row.post]
    person = scheme.people.get(row.person)
    for item in scheme.scorecards[post.scorecard].items:
        indicator = scheme.indicators[item.indicator]
        if indicator.external:
            yield _given_result(indicator, row, item.weight)
            continue
        target = row.targets.get(indicator.id) or scheme.target_for(person, post, indicator.id)
        try:
            yield score_indicator(indicator, row, target, item.weight)
        except EvaluationError as exc:
            raise _PersonError(indicator.id, f"cannot score '{indicator.id}': {exc}",
                               _hint_for(str(exc))) from None


def _totals(results: Sequence[IndicatorResult]) -> tuple[float, float, float]:
    weighted = add_up(r.weighted for r in results if r.weighted is not None)
    deductions = add_up(r.points for r in results if r.role == "deduction")
    bonuses = add_up(r.points for r in results if r.role == "bonus")
    return weighted, deductions, bonuses


def _diagnostic(row: Row, exc: _PersonError, file: str) -> Diagnostic:
    return Diagnostic(file, row.line, 0, "error", f"{row.person}.{exc.indicator}",
                      exc.message, exc.hint)


def _hint_for(message: str) -> str:
    if "division by zero" in message or "divides by" in message:
        return "check the figures: a divisor in the formula is 0 for this person"
    if "outside every band" in message:
        return "add a band that covers this value"
    return ""


def score_indicator(indicator: Indicator, row: Row, target: Target | None,
                     weight: Decimal | None) -> IndicatorResult:
    formula = indicator.formula
    inputs = {name: row.values[name] for name in sorted(formula.names)}
    rule = indicator.rule
    value: float | str
    if isinstance(rule, RatingRule):
        value = str(inputs[next(iter(formula.names))])
        outcome: Outcome = rule.score_rating(value)
        substituted = value
    else:
        numbers = {k: float(v) for k, v in inputs.items()}
        value = formula.evaluate(numbers)
        outcome = rule.score(value, target)
        if not math.isfinite(outcome.points):
            raise EvaluationError(f"the points are not a finite number ({outcome.detail})")
        substituted = formula.substitute({k: show(v) for k, v in numbers.items()})
    reached = None
    if target is not None and isinstance(value, float) and target.base != 0:
        reached = achievement(value, target.base)
    weighted = outcome.points * float(weight) / 100 if weight is not None else None
    return IndicatorResult(
        indicator=indicator.id, label=indicator.label, perspective=indicator.perspective,
        rule=rule.kind, role=rule.role, formula=formula.text, substituted=substituted,
        value=value, unit=indicator.unit, target=target, achievement=reached,
        points=outcome.points, detail=outcome.detail, weight=weight, weighted=weighted,
    )


def _given_result(indicator: Indicator, row: Row, weight: Decimal | None) -> IndicatorResult:
    given = row.given[indicator.id]
    reached = None
    if given.target is not None and given.target.base != 0:
        reached = achievement(given.value, given.target.base)
    weighted = given.points * float(weight) / 100 if weight is not None else None
    return IndicatorResult(
        indicator=indicator.id, label=indicator.label, perspective=indicator.perspective,
        rule=indicator.rule.kind, role=indicator.rule.role, formula=indicator.formula.text,
        substituted=given.substituted, value=given.value, unit=indicator.unit,
        target=given.target, achievement=reached, points=given.points, detail=given.detail,
        weight=weight, weighted=weighted)


def _veto_effect(scheme: Scheme, vetoed: Iterable[str]) -> str | None:
    effects = {r.effect for name in vetoed
               if isinstance(r := scheme.indicators[name].rule, VetoRule)}
    if not effects:
        return None
    return "zero_total" if "zero_total" in effects else "lowest_grade"


# -- the column path: everybody at once -----------------------------------------------------


@dataclass
class _Columns:
    """The period's figures as columns, and what is known of each person so far."""

    n: int
    post: np.ndarray  # index of each person's post in scheme.posts
    fields: dict[str, Floats]
    weighted_sum: Floats
    deductions: Floats
    bonuses: Floats
    vetoes: list[list[str]]
    fallback: np.ndarray
    own_targets: list[tuple[int, dict[str, Target]]]  # rows with targets of their own
    targets: dict[str, tuple[Floats, Floats]] = field(default_factory=dict)


def score_period(scheme: Scheme, actuals: Actuals) -> PeriodResult:
    """Score every person in ``actuals``; raise :class:`AppraiseError` listing every failure."""
    rows = actuals.rows
    posts = list(scheme.posts)
    post_index = {p: i for i, p in enumerate(posts)}
    n = len(rows)
    cols = _Columns(
        n=n,
        post=np.fromiter((post_index[r.post] for r in rows), dtype=np.intp, count=n),
        fields=_field_columns(scheme, actuals),
        weighted_sum=np.zeros(n), deductions=np.zeros(n), bonuses=np.zeros(n),
        vetoes=[[] for _ in range(n)], fallback=np.zeros(n, dtype=bool),
        own_targets=[(i, own) for i, row in enumerate(rows)
                     if (own := _own_targets(scheme, row))],
    )
    points: dict[str, Floats] = {}
    for card in scheme.scorecards.values():
        on_card = np.isin(cols.post, [post_index[p.id] for p in scheme.posts.values()
                                      if p.scorecard == card.id])
        who = np.flatnonzero(on_card)
        if not len(who):
            continue
        for item in card.items:
            indicator = scheme.indicators[item.indicator]
            scored, bad = _indicator_points(scheme, indicator, rows, cols, who, posts)
            column = points.setdefault(indicator.id, np.full(n, np.nan))
            column[who] = scored
            cols.fallback[who] |= bad
            role = indicator.rule.role
            if role == "weighted" and item.weight is not None:
                cols.weighted_sum[who] += scored * float(item.weight) / 100
            elif role == "deduction":
                cols.deductions[who] += scored
            elif role == "bonus":
                cols.bonuses[who] += scored
            elif role == "veto":
                for i in who[scored > 0]:
                    cols.vetoes[i].append(indicator.id)
    errors = _person_by_person(scheme, actuals, cols, points)
    if errors:
        raise AppraiseError(errors)
    return PeriodResult(scheme, actuals, points, _summary(scheme, cols))


def _own_targets(scheme: Scheme, row: Row) -> dict[str, Target]:
    person = scheme.people.get(row.person)
    return {**person.targets, **row.targets} if person is not None else row.targets


def _field_columns(scheme: Scheme, actuals: Actuals) -> dict[str, Floats]:
    out: dict[str, Floats] = dict(actuals.columns)
    for name, spec in scheme.fields.items():
        if spec.type == "number" and name not in out:  # Actuals made by hand
            out[name] = np.array([v if isinstance(v := r.values.get(name), float) else np.nan
                                  for r in actuals.rows], dtype=np.float64)
    return out


def _targets(scheme: Scheme, indicator: Indicator, cols: _Columns, who: np.ndarray,
             posts: list[str]) -> tuple[Floats, Floats]:
    """Base and stretch columns: the post's target, or the person's where they have one."""
    if indicator.id not in cols.targets:  # an indicator on several cards is done once
        cols.targets[indicator.id] = _target_columns(scheme, indicator, cols, posts)
    base, stretch = cols.targets[indicator.id]
    return base[who], stretch[who]


def _target_columns(scheme: Scheme, indicator: Indicator, cols: _Columns,
                    posts: list[str]) -> tuple[Floats, Floats]:
    table = [scheme.target_for(None, scheme.posts[p], indicator.id) for p in posts]
    bases = np.array([t.base if t else np.nan for t in table])
    stretches = np.array([t.stretch if t and t.stretch is not None else np.nan
                          for t in table])
    base, stretch = bases[cols.post], stretches[cols.post]
    for i, targets in cols.own_targets:
        own = targets.get(indicator.id)
        if own is not None:
            base[i] = own.base
            stretch[i] = own.stretch if own.stretch is not None else np.nan
    return base, stretch


def _indicator_points(scheme: Scheme, indicator: Indicator, rows: Sequence[Row],
                      cols: _Columns, who: np.ndarray, posts: list[str]
                      ) -> tuple[Floats, np.ndarray]:
    rule = indicator.rule
    if indicator.external:
        scored = np.array([rows[i].given[indicator.id].points for i in who], dtype=np.float64)
        return scored, np.zeros(len(who), dtype=bool)
    if isinstance(rule, RatingRule):
        table = dict(rule.points)
        name = next(iter(indicator.formula.names))
        scored = np.array([table.get(str(rows[i].values.get(name)), np.nan) for i in who])
        return scored, np.isnan(scored)
    compiled = compile_columns(indicator.formula)
    inputs = {name: cols.fields[name][who] for name in indicator.formula.names}
    if compiled is not None and inputs:
        value, bad = compiled(inputs)
    else:
        value, bad = _one_by_one(indicator, rows, who)
    base, stretch = _targets(scheme, indicator, cols, who, posts)
    points_formula = None
    if isinstance(rule, FormulaRule) and rule.formula is not None:
        points_formula = compile_columns(rule.formula)
        if points_formula is None:
            return np.zeros(len(who)), np.ones(len(who), dtype=bool)
    outcome = score_columns(rule, value, base, stretch, points_formula)
    return np.where(bad, 0.0, outcome.points), bad | outcome.fallback


def _one_by_one(indicator: Indicator, rows: Sequence[Row],
                who: np.ndarray) -> tuple[Floats, np.ndarray]:
    """A formula the columns cannot do exactly, worked out person by person."""
    values = np.zeros(len(who))
    bad = np.zeros(len(who), dtype=bool)
    names = indicator.formula.names
    for k, i in enumerate(who):
        try:
            values[k] = indicator.formula.evaluate(
                {name: float(rows[i].values[name]) for name in names})
        except (EvaluationError, KeyError, TypeError, ValueError):
            bad[k] = True
    return values, bad


def _person_by_person(scheme: Scheme, actuals: Actuals, cols: _Columns,
                      points: dict[str, Floats]) -> list[Diagnostic]:
    """Score on the reference path those the columns could not; collect their errors."""
    errors: list[Diagnostic] = []
    for i in np.flatnonzero(cols.fallback):
        row = actuals.rows[i]
        try:
            results = list(_trace(scheme, row))
        except _PersonError as exc:
            errors.append(_diagnostic(row, exc, actuals.file))
            continue
        for result in results:
            points[result.indicator][i] = result.points
        cols.weighted_sum[i], cols.deductions[i], cols.bonuses[i] = _totals(results)
        cols.vetoes[i] = [r.indicator for r in results if r.role == "veto" and r.points]
    return errors


def _summary(scheme: Scheme, cols: _Columns) -> Summary:
    total = cols.weighted_sum - cols.deductions + cols.bonuses
    effects = [_veto_effect(scheme, v) if v else None for v in cols.vetoes]
    total = np.where(np.array([e == "zero_total" for e in effects], dtype=bool), 0.0, total)
    grade = grade_column(scheme, total, np.array([e is not None for e in effects], dtype=bool))
    shown = round_column(total, scheme.rounding.points, scheme.rounding.mode)
    unit_index = {u: i for i, u in enumerate(scheme.units)}
    post_unit = np.array([unit_index[scheme.posts[p].unit] for p in scheme.posts],
                         dtype=np.intp)
    rank, rank_of = rank_column(post_unit[cols.post], shown)
    return Summary(cols.weighted_sum, cols.deductions, cols.bonuses, total, grade, effects,
                   rank.tolist(), rank_of.tolist())


def grade_column(scheme: Scheme, total: Floats, vetoed: np.ndarray) -> np.ndarray:
    """Each person's grade (an index into scheme.grades), read from the total as shown."""
    places, mode = scheme.rounding.points, scheme.rounding.mode
    lowest = len(scheme.grades) - 1
    grade = np.full(len(total), lowest)
    for k in range(lowest, -1, -1):  # from worst to best: the best that applies wins
        minimum = scheme.grades[k].min
        earned = np.ones(len(total), dtype=bool) if minimum is None else \
            total >= shows_at_least(minimum, places, mode)
        grade = np.where(earned, k, grade)
    return np.where(vetoed, lowest, grade)
