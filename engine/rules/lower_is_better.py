"""``lower_is_better``: ``points`` (100) at or under the target, less ``per_unit_over`` for
each unit over it (of the value, or percentage points of achievement with ``basis:
achievement``); floored at 0 unless ``floor`` says otherwise. For costs, complaints,
cycle times.

    rule: {kind: lower_is_better, per_unit_over: 10}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..i18n import _
from ..numbers import at_most
from .base import (
    Basis,
    Column,
    Direction,
    Floats,
    Outcome,
    Rule,
    RuleContext,
    RuleKind,
    Scored,
    Target,
    achievement,
    achievement_column,
    at_most_each,
    cap_and_floor,
    limit,
    limit_column,
    limited,
    need,
    steps,
)

WORDS = {
    "lower_is_better.under": {
        "en": "{value} is at or under the target {base} → {points}",
        "zh": "{value} 不高于目标 {base} → {points}",
    },
    "lower_is_better.over": {
        "en": "{over}{unit} over the target {base}: {points} - {over} × {per_unit_over} = {raw}",
        "zh": "超出目标 {base} 达 {over}{unit}：{points} - {over} × {per_unit_over} = {raw}",
    },
}
_KINDS = tuple(WORDS)
_KEYS = {"lower_is_better.under": ("value", "base", "points"),
         "lower_is_better.over": ("over", "unit", "base", "points", "per_unit_over", "raw")}


@dataclass(frozen=True)
class LowerIsBetterRule(Rule):
    per_unit_over: float = 0
    points: float = 100
    basis: Basis = "value"
    cap: float | None = None
    floor: float | None = 0

    zero_target_hint = "set a non-zero target, or use basis: value"

    @property
    def needs_target(self) -> bool:
        return True

    @property
    def divides_by_target(self) -> bool:
        return self.basis == "achievement"

    @property
    def _unit(self) -> str:
        return "%" if self.basis == "achievement" else ""

    @property
    def value_scale(self) -> bool:
        """Points off per unit over: a unit of a quarter's total is a third of a month's."""
        return self.basis == "value" and self.per_unit_over != 0

    def scaled(self, factor: Fraction) -> LowerIsBetterRule:
        if not self.value_scale:
            return self
        return replace(self, per_unit_over=float(Fraction(self.per_unit_over) / factor))

    def score(self, value: float, target: Target | None) -> Outcome:
        base = need(target).base
        if at_most(value, base):
            points, which = limit(self.points, self.cap, self.floor)
            return Outcome(points, limited("lower_is_better.under", {
                "value": value, "base": base, "points": self.points}, which, self.cap,
                self.floor))
        over = achievement(value, base) - 100 if self.basis == "achievement" else value - base
        raw = self.points - over * self.per_unit_over
        points, which = limit(raw, self.cap, self.floor)
        return Outcome(points, limited("lower_is_better.over", {
            "over": over, "unit": self._unit, "base": base, "points": self.points,
            "per_unit_over": self.per_unit_over, "raw": raw}, which, self.cap, self.floor))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        under = at_most_each(value, base)
        if self.basis == "achievement":
            over, bad = achievement_column(value, base)
            over = over - 100
        else:
            over, bad = value - base, np.zeros(len(value), dtype=bool)
        raw = np.where(under, self.points, self.points - over * self.per_unit_over)
        points, code, bound = limit_column(raw, self.cap, self.floor)
        return Scored(points, np.where(under, False, bad), steps(
            _KINDS, np.where(under, 0, 1),
            {"value": value, "base": base, "points": self.points, "over": over,
             "unit": self._unit, "per_unit_over": self.per_unit_over, "raw": raw},
            _KEYS, code, bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> LowerIsBetterRule:
    if direction != "lower_is_better":
        ctx.error((*path[:-1], "direction"), _("direction is {direction}, but the rule is "
                                               "lower_is_better").format(direction=direction),
                  _("remove 'direction' or set it to lower_is_better"))
    cap, floor = cap_and_floor(raw, path, ctx, default_floor=0)
    return LowerIsBetterRule(kind, direction, per_unit_over=float(raw["per_unit_over"]),
                             points=float(raw.get("points", 100)),
                             basis=raw.get("basis", "value"), cap=cap, floor=floor)


KINDS = (RuleKind("lower_is_better", build, WORDS, default_direction="lower_is_better"),)
