"""``ratio``: points are the achievement percentage times ``factor`` (target / value for
lower-is-better), capped and floored.

    rule: {kind: ratio, cap: 120}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..formula import DIVISOR_HINT, EvaluationError
from .base import (
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
    "ratio": {
        "en": "{value} / {base} = {ratio}%[[ × {factor}]] → {raw}",
        "zh": "{value} / {base} = {ratio}%[[ × {factor}]] → {raw}",
    },
    "ratio.lower": {
        "en": "target {base} / value {value} = {ratio}%[[ × {factor}]] → {raw}",
        "zh": "目标 {base} / 实际 {value} = {ratio}%[[ × {factor}]] → {raw}",
    },
}
_KEYS = ("value", "base", "ratio", "factor", "raw")


@dataclass(frozen=True)
class RatioRule(Rule):
    factor: float = 1
    cap: float | None = None
    floor: float | None = None

    zero_target_hint = "set a non-zero target; a ratio rule always divides by it"

    @property
    def needs_target(self) -> bool:
        return True

    @property
    def divides_by_target(self) -> bool:
        return True

    @property
    def _kind(self) -> str:
        return "ratio.lower" if self.direction == "lower_is_better" else "ratio"

    def score(self, value: float, target: Target | None) -> Outcome:
        base = need(target).base
        if self.direction == "lower_is_better":
            if value == 0:
                raise EvaluationError("the value is 0, and a lower-is-better ratio divides by it",
                                      DIVISOR_HINT)
            ratio = base / value * 100
        else:
            ratio = achievement(value, base)
        raw = ratio * self.factor
        points, which = limit(raw, self.cap, self.floor)
        factor = self.factor if self.factor != 1 else None
        return Outcome(points, limited(self._kind, {"value": value, "base": base, "ratio": ratio,
                                                    "factor": factor, "raw": raw},
                                       which, self.cap, self.floor))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        if self.direction == "lower_is_better":
            ratio, bad = base / value * 100, value == 0
        else:
            ratio, bad = achievement_column(value, base)
        raw = ratio * self.factor
        points, code, bound = limit_column(raw, self.cap, self.floor)
        return Scored(points, bad, steps(
            (self._kind,), np.zeros(len(value)),
            {"value": value, "base": base, "ratio": ratio,
             "factor": self.factor if self.factor != 1 else None, "raw": raw},
            {self._kind: _KEYS}, code, bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> RatioRule:
    if direction == "closest_to_target":
        ctx.error((*path, "kind"), "a ratio rule cannot score closest_to_target",
                  "use a linear rule, which takes points off both ways")
    cap, floor = cap_and_floor(raw, path, ctx)
    return RatioRule(kind, direction, factor=float(raw.get("factor", 1)), cap=cap, floor=floor)


KINDS = (RuleKind("ratio", build, WORDS),)
