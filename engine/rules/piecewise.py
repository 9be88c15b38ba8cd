"""``piecewise``: straight lines through a table of (value, points) pairs, flat beyond the
first and last; on the value, or on the achievement with ``on: achievement``.

    rule: {kind: piecewise, table: [{value: 70, points: 0}, {value: 90, points: 100}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import pairwise
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..formula import EvaluationError
from ..i18n import _
from ..numbers import at_least, at_most, show
from .base import (
    MEASURED,
    Basis,
    Column,
    Direction,
    Floats,
    Outcome,
    Rule,
    RuleContext,
    RuleKind,
    Scored,
    StepValue,
    Target,
    at_least_column,
    at_most_column,
    cap_and_floor,
    limit,
    limit_column,
    limited,
    measure,
    measure_column,
    steps,
)

WORDS = {
    "piecewise.below": {
        "en": "{what} {x} is at or below {edge} → {points}",
        "zh": "{what} {x} 不高于 {edge} → {points}",
    },
    "piecewise.above": {
        "en": "{what} {x} is at or above {edge} → {points}",
        "zh": "{what} {x} 不低于 {edge} → {points}",
    },
    "piecewise.between": {
        "en": "{what} {x} is between ({a}, {pa}) and ({b}, {pb}): {pa} + ({x} - {a}) × {slope} "
              "= {raw}",
        "zh": "{what} {x} 介于 ({a}, {pa}) 与 ({b}, {pb}) 之间："
              "{pa} + ({x} - {a}) × {slope} = {raw}",
    },
}
_KINDS = tuple(WORDS)
_KEYS = {"piecewise.below": ("what", "x", "edge", "points"),
         "piecewise.above": ("what", "x", "edge", "points"),
         "piecewise.between": ("what", "x", "a", "pa", "b", "pb", "slope", "raw")}


@dataclass(frozen=True)
class PiecewiseRule(Rule):
    table: tuple[tuple[float, float], ...] = ()
    on: Basis = "value"
    cap: float | None = None
    floor: float | None = None

    zero_target_hint = "set a non-zero target, or use on: value"

    @property
    def needs_target(self) -> bool:
        return self.on == "achievement"

    @property
    def divides_by_target(self) -> bool:
        return self.on == "achievement"

    @property
    def value_scale(self) -> bool:
        return self.on == "value"

    def scaled(self, factor: Fraction) -> PiecewiseRule:
        if not self.value_scale:
            return self
        return replace(self, table=tuple((float(Fraction(v) * factor), p)
                                         for v, p in self.table))

    def score(self, value: float, target: Target | None) -> Outcome:
        x = measure(self.on, value, target)
        (x0, p0), (xn, pn) = self.table[0], self.table[-1]
        values: dict[str, StepValue] = {"what": MEASURED[self.on], "x": x}
        if at_most(x, x0):
            raw, kind = p0, "piecewise.below"
            values.update(edge=x0, points=p0)
        elif at_least(x, xn):
            raw, kind = pn, "piecewise.above"
            values.update(edge=xn, points=pn)
        else:
            # A value that settles onto a row gets that row's points, not a hair more
            # or less; between rows the line through the two rows gives them.
            for (a, pa), (b, pb) in pairwise(self.table):
                if at_least(x, a) and at_most(x, b):
                    raw = pa if at_most(x, a) else pb if at_least(x, b) else \
                        pa + (x - a) * (pb - pa) / (b - a)
                    kind = "piecewise.between"
                    values.update(a=a, pa=pa, b=b, pb=pb, slope=(pb - pa) / (b - a), raw=raw)
                    break
            else:  # a value between the first row and the last is between two of them
                raise EvaluationError(_("{value} {x} is outside the table").format(
                                          value=MEASURED[self.on], x=show(x)))
        points, which = limit(raw, self.cap, self.floor)
        return Outcome(points, limited(kind, values, which, self.cap, self.floor))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        x, bad = measure_column(self.on, value, base)
        (x0, p0), (xn, pn) = self.table[0], self.table[-1]
        low, high = at_most_column(x, x0), at_least_column(x, xn)
        raw = np.where(low, p0, np.where(high, pn, np.nan))
        done = low | high
        row = np.zeros(len(value), dtype=np.intp)
        for k, ((a, pa), (b, pb)) in enumerate(pairwise(self.table)):
            here = ~done & at_least_column(x, a) & at_most_column(x, b)
            line = pa + (x - a) * (pb - pa) / (b - a)
            raw = np.where(here, np.where(at_most_column(x, a), pa,
                                          np.where(at_least_column(x, b), pb, line)), raw)
            row = np.where(here, k, row)
            done |= here
        points, code, bound = limit_column(raw, self.cap, self.floor)
        lows, highs = np.array(self.table[:-1]), np.array(self.table[1:])
        left, left_points = lows[row, 0], lows[row, 1]
        right, right_points = highs[row, 0], highs[row, 1]
        return Scored(points, bad | ~done, steps(
            _KINDS, np.where(low, 0, np.where(high, 1, 2)),
            {"what": MEASURED[self.on], "x": x, "edge": np.where(low, x0, xn),
             "points": np.where(low, p0, pn), "a": left, "pa": left_points, "b": right,
             "pb": right_points, "slope": (right_points - left_points) / (right - left),
             "raw": raw}, _KEYS, code, bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> PiecewiseRule | None:
    cap, floor = cap_and_floor(raw, path, ctx)
    table = tuple((float(p["value"]), float(p["points"])) for p in raw["table"])
    for i in range(1, len(table)):
        if table[i][0] <= table[i - 1][0]:
            ctx.error((*path, "table", i, "value"),
                _("table values must rise: {value} comes after {value2}").format(
                    value=show(table[i][0]), value2=show(table[i - 1][0])),
                      _("list the rows from the lowest value to the highest"))
            return None
    return PiecewiseRule(kind, direction, table=table, on=raw.get("on", "value"), cap=cap,
                         floor=floor)


KINDS = (RuleKind("piecewise", build, WORDS),)
