"""``two_level``: the base task (任务) earns ``base_points``, the stretch goal (目标)
``stretch_points``, linear between; ``above`` per unit beyond the stretch goal and
``below`` per unit short of the base (percentage points of achievement, or of the value
with ``basis: value``).

    rule: {kind: two_level, base_points: 80, stretch_points: 100, above: 0.5, below: 2}
    target: {base: 5600000, stretch: 7000000}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..i18n import _
from ..numbers import NOISE, at_least, settle
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
    StepValue,
    Target,
    achievement,
    achievement_column,
    at_least_each,
    cap_and_floor,
    limit,
    limit_column,
    limited,
    need,
    steps,
)

WORDS = {
    "two_level.above": {
        "en": "{over}{unit} above the stretch goal {stretch}: {stretch_points} + {over} × "
              "{slope} = {raw}",
        "zh": "超出挑战目标 {stretch} 达 {over}{unit}："
              "{stretch_points} + {over} × {slope} = {raw}",
    },
    "two_level.at_stretch": {
        "en": "at the stretch goal {stretch} → {raw}",
        "zh": "恰好达到挑战目标 {stretch} → {raw}",
    },
    "two_level.between": {
        "en": "between base {base} and stretch {stretch}: {base_points} + {share}% of the way "
              "to {stretch_points} = {raw}",
        "zh": "介于任务 {base} 与挑战目标 {stretch} 之间："
              "{base_points} + 向 {stretch_points} 推进 {share}% = {raw}",
    },
    "two_level.below": {
        "en": "{short}{unit} below the base task {base}: {base_points} - {short} × {slope} = "
              "{raw}",
        "zh": "低于任务 {base} 达 {short}{unit}：{base_points} - {short} × {slope} = {raw}",
    },
}
_KINDS = tuple(WORDS)
_KEYS = {
    "two_level.above": ("over", "unit", "stretch", "stretch_points", "slope", "raw"),
    "two_level.at_stretch": ("stretch", "raw"),
    "two_level.between": ("base", "stretch", "base_points", "share", "stretch_points", "raw"),
    "two_level.below": ("short", "unit", "base", "base_points", "slope", "raw"),
}


@dataclass(frozen=True)
class TwoLevelRule(Rule):
    base_points: float
    stretch_points: float
    above: float = 0
    below: float = 0
    basis: Basis = "achievement"
    cap: float | None = None
    floor: float | None = None

    zero_target_hint = "set a non-zero target, or use basis: value"

    @property
    def needs_target(self) -> bool:
        return True

    @property
    def needs_stretch(self) -> bool:
        return True

    @property
    def divides_by_target(self) -> bool:
        return self.basis == "achievement"

    @property
    def value_scale(self) -> bool:
        """Points per unit beyond the levels: a unit of a quarter's total is a third of a
        month's."""
        return self.basis == "value" and (self.above != 0 or self.below != 0)

    def scaled(self, factor: Fraction) -> TwoLevelRule:
        if not self.value_scale:
            return self
        return replace(self, above=float(Fraction(self.above) / factor),
                       below=float(Fraction(self.below) / factor))

    def score(self, value: float, target: Target | None) -> Outcome:
        goal = need(target)
        base, stretch = goal.base, goal.stretch if goal.stretch is not None else goal.base
        unit = "%" if self.basis == "achievement" else ""
        values: dict[str, StepValue]
        if at_least(value, stretch):
            over = achievement(value, stretch) - 100 if self.basis == "achievement" \
                else value - stretch
            raw = self.stretch_points + over * self.above
            kind = "two_level.above" if settle(over) else "two_level.at_stretch"
            values = {"over": over, "unit": unit, "stretch": stretch,
                      "stretch_points": self.stretch_points, "slope": self.above, "raw": raw}
        elif at_least(value, base):
            share = (value - base) / (stretch - base)
            raw = self.base_points + share * (self.stretch_points - self.base_points)
            kind = "two_level.between"
            values = {"base": base, "stretch": stretch, "base_points": self.base_points,
                      "share": share * 100, "stretch_points": self.stretch_points, "raw": raw}
        else:
            short = 100 - achievement(value, base) if self.basis == "achievement" \
                else base - value
            raw = self.base_points - short * self.below
            kind = "two_level.below"
            values = {"short": short, "unit": unit, "base": base,
                      "base_points": self.base_points, "slope": self.below, "raw": raw}
        points, which = limit(raw, self.cap, self.floor)
        return Outcome(points, limited(kind, {k: values[k] for k in _KEYS[kind]}, which,
                                       self.cap, self.floor))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        top = np.where(np.isnan(stretch), base, stretch)
        none = np.zeros(len(value), dtype=bool)
        if self.basis == "achievement":
            over, bad_over = achievement_column(value, top)
            over = over - 100
            short, bad_short = achievement_column(value, base)
            short = 100 - short
        else:
            over, short, bad_over, bad_short = value - top, base - value, none, none
        share = (value - base) / (top - base)
        reached_top, reached_base = at_least_each(value, top), at_least_each(value, base)
        raw = np.where(reached_top, self.stretch_points + over * self.above,
                       np.where(reached_base,
                                self.base_points + share * (self.stretch_points
                                                            - self.base_points),
                                self.base_points - short * self.below))
        bad = np.where(reached_top, bad_over, np.where(reached_base, top == base, bad_short))
        points, code, bound = limit_column(raw, self.cap, self.floor)
        kind = np.where(reached_top, np.where(np.abs(over) < NOISE, 1, 0),
                        np.where(reached_base, 2, 3))
        return Scored(points, bad, steps(
            _KINDS, kind,
            {"over": over, "unit": "%" if self.basis == "achievement" else "", "stretch": top,
             "stretch_points": self.stretch_points, "base": base,
             "base_points": self.base_points, "share": share * 100, "short": short,
             "slope": np.where(reached_top, self.above, self.below), "raw": raw},
            _KEYS, code, bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> TwoLevelRule:
    if direction == "closest_to_target":
        ctx.error((*path, "kind"), _("a two_level rule cannot score closest_to_target"),
                  _("use a linear rule, which takes points off both ways"))
    if direction != "higher_is_better":
        ctx.error((*path, "kind"), _("a two_level rule scores higher_is_better only"),
                  _("remove 'direction'"))
    cap, floor = cap_and_floor(raw, path, ctx)
    return TwoLevelRule(kind, direction, base_points=float(raw["base_points"]),
                        stretch_points=float(raw["stretch_points"]),
                        above=float(raw.get("above", 0)), below=float(raw.get("below", 0)),
                        basis=raw.get("basis", "achievement"), cap=cap, floor=floor)


KINDS = (RuleKind("two_level", build, WORDS),)
