"""Targets written as formulas (业绩目标 = 去年同期销售额 × 120%), worked out a whole column
at a time: the column form of the formula where it is exact, else person by person, as
the reference path (:func:`.reference.worked_target`) works out each one. A row whose
target cannot be worked out, or comes out where the rule cannot use it (0 or below where
the rule divides by it, a stretch goal not above the base), is left to the reference
path, which gives the message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from ..formula import EvaluationError, Formula
from ..formula.columns import column_form
from ..model import Indicator
from ..rules import Column, Target

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]


def work_out(indicator: Indicator, written: Sequence[tuple[Target, NDArray[np.intp]]],
             inputs: Mapping[str, Column], base: Floats, stretch: Floats) -> Flags:
    """Put each formula target's numbers into ``base`` and ``stretch`` at its rows; the
    rows the reference path must score."""
    n = len(base)
    bad = np.zeros(n, dtype=bool)
    mine = np.zeros(n, dtype=bool)
    for target, rows in written:
        mine[rows] = True
        for formula, into in ((target.formula, base), (target.stretch_formula, stretch)):
            if formula is not None:
                values, wrong = evaluate(formula, {k: inputs[k][rows] for k in formula.inputs},
                                         len(rows))
                into[rows] = values
                bad[rows] |= wrong
    with np.errstate(invalid="ignore"):
        has = ~np.isnan(stretch)
        if indicator.rule.divides_by_target:
            bad |= mine & ((base <= 0) | (has & (stretch <= 0)))
        bad |= mine & has & ~(stretch > base)
        bad |= mine & ~np.isfinite(base)
    return bad


def evaluate(formula: Formula, inputs: Mapping[str, Column], n: int) -> tuple[Floats, Flags]:
    """A formula over columns, exactly: its column form, else one row at a time."""
    compiled = column_form(formula)
    if compiled is not None and inputs:
        value, bad = compiled(inputs)
        return np.array(value, dtype=np.float64), np.asarray(bad, dtype=bool)
    return one_by_one(formula, inputs, n, np.nan)


def one_by_one(formula: Formula, inputs: Mapping[str, Column], n: int, blank: float = 0.0
               ) -> tuple[Floats, Flags]:
    """A formula the columns cannot do exactly, worked out row by row: its values
    (``blank`` where it fails) and the rows it failed for."""
    values, bad = np.full(n, blank), np.zeros(n, dtype=bool)
    for k in range(n):
        try:
            values[k] = formula.evaluate({name: float(c[k]) for name, c in inputs.items()})
        except (EvaluationError, TypeError, ValueError):
            bad[k] = True
    return values, bad


def written_by_row(table: Sequence[Target | None], post: NDArray[np.intp],
                   own: Mapping[int, Mapping[str, Target]], name: str
                   ) -> list[tuple[Target, NDArray[np.intp]]]:
    """The formula targets of a batch's rows and the rows each is for: a post's (``table``,
    by post index), unless the row has its own target."""
    chosen = np.full(len(post), -1, dtype=np.intp)
    found: list[Target] = []
    for k, target in enumerate(table):
        if target is not None and target.formulas:
            chosen[post == k] = len(found)
            found.append(target)
    for i, targets in own.items():
        target = targets.get(name)
        if target is None:
            continue
        chosen[i] = -1
        if target.formulas:
            chosen[i] = len(found)
            found.append(target)
    return [(t, np.flatnonzero(chosen == j)) for j, t in enumerate(found)]


def cascade_target(share: Fraction, stretch: Fraction | None) -> Target:
    """A cascade's share as a target, with its stretch goal if the cascade sets one."""
    return Target(float(share), float(share * stretch) if stretch is not None else None)
