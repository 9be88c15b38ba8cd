"""``linear``: points at the target, plus ``above`` per unit better, minus ``below`` per
unit worse (units are percentage points of achievement, or of the value itself with
``basis: value``), direction-aware: ``closest_to_target`` loses points either way.

    rule: {kind: linear, above: 1.3, below: 0.3, cap: 120, floor: 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..diagnostics import Path
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
    cap_and_floor,
    limit,
    limit_column,
    limited,
    need,
    steps,
)

WORDS = {
    "linear.better": {
        "en": "{gain}{unit} better than target: {at_target} + {gain} × {slope} = {raw}",
        "zh": "优于目标 {gain}{unit}：{at_target} + {gain} × {slope} = {raw}",
    },
    "linear.short": {
        "en": "{gain}{unit} short of target: {at_target} - {gain} × {slope} = {raw}",
        "zh": "未达目标 {gain}{unit}：{at_target} - {gain} × {slope} = {raw}",
    },
    "linear.over": {
        "en": "{gain}{unit} over target: {at_target} - {gain} × {slope} = {raw}",
        "zh": "超出目标 {gain}{unit}：{at_target} - {gain} × {slope} = {raw}",
    },
    "linear.off": {
        "en": "{gain}{unit} off target: {at_target} - {gain} × {slope} = {raw}",
        "zh": "偏离目标 {gain}{unit}：{at_target} - {gain} × {slope} = {raw}",
    },
}
# A cost rate over its target is not "short" of it; closest_to_target is off either way.
_WORSE: dict[str, str] = {"higher_is_better": "linear.short", "lower_is_better": "linear.over",
                          "closest_to_target": "linear.off"}
_KEYS = ("gain", "unit", "at_target", "slope", "raw")


@dataclass(frozen=True)
class LinearRule(Rule):
    above: float
    below: float
    at_target: float = 100
    basis: Basis = "achievement"
    cap: float | None = None
    floor: float | None = None

    zero_target_hint = "set a non-zero target, or use basis: value"

    @property
    def needs_target(self) -> bool:
        return True

    @property
    def divides_by_target(self) -> bool:
        return self.basis == "achievement"

    @property
    def value_scale(self) -> bool:
        """Points per unit of the value: a unit of a quarter's total is a third of a month's."""
        return self.basis == "value" and (self.above != 0 or self.below != 0)

    def scaled(self, factor: Fraction) -> LinearRule:
        if not self.value_scale:
            return self
        return replace(self, above=float(Fraction(self.above) / factor),
                       below=float(Fraction(self.below) / factor))

    def score(self, value: float, target: Target | None) -> Outcome:
        base = need(target).base
        if self.basis == "achievement":
            gain, unit = achievement(value - base, abs(base)), "%"
        else:
            gain, unit = value - base, ""
        if self.direction == "lower_is_better":
            gain = -gain
        elif self.direction == "closest_to_target":
            gain = -abs(gain)
        if gain >= 0:
            raw = self.at_target + gain * self.above
            kind, shown, slope = "linear.better", gain, self.above
        else:
            raw = self.at_target + gain * self.below
            kind, shown, slope = _WORSE[self.direction], -gain, self.below
        points, which = limit(raw, self.cap, self.floor)
        return Outcome(points, limited(kind, {"gain": shown, "unit": unit, "at_target":
                                              self.at_target, "slope": slope, "raw": raw},
                                       which, self.cap, self.floor))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        if self.basis == "achievement":
            gain, bad = achievement_column(value - base, np.abs(base))
            unit = "%"
        else:
            gain, bad, unit = value - base, np.zeros(len(value), dtype=bool), ""
        if self.direction == "lower_is_better":
            gain = -gain
        elif self.direction == "closest_to_target":
            gain = -np.abs(gain)
        better = gain >= 0
        raw = np.where(better, self.at_target + gain * self.above,
                       self.at_target + gain * self.below)
        points, code, bound = limit_column(raw, self.cap, self.floor)
        kinds = ("linear.better", _WORSE[self.direction])
        return Scored(points, bad, steps(
            kinds, np.where(better, 0, 1),
            {"gain": np.where(better, gain, -gain), "unit": unit, "at_target": self.at_target,
             "slope": np.where(better, self.above, self.below), "raw": raw},
            dict.fromkeys(kinds, _KEYS), code, bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> LinearRule:
    cap, floor = cap_and_floor(raw, path, ctx)
    return LinearRule(kind, direction, above=float(raw["above"]), below=float(raw["below"]),
                      at_target=float(raw.get("at_target", 100)),
                      basis=raw.get("basis", "achievement"), cap=cap, floor=floor)


KINDS = (RuleKind("linear", build, WORDS),)
