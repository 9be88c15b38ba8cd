"""``ratio``: points are the achievement percentage times ``factor`` (target / value for
lower-is-better), capped and floored. Lower-is-better, a value of 0 (no complaints at
all) is the best possible and gets the cap, which such a rule must have.

    rule: {kind: ratio, cap: 120}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..formula import EvaluationError
from ..i18n import _
from .base import (
    Column,
    Direction,
    Floats,
    Outcome,
    Rule,
    RuleContext,
    RuleKind,
    Scored,
    Step,
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
    "ratio.lower.best": {
        "en": "actual 0: the best possible, scored at the cap → {cap}",
        "zh": "实际 0：已是最好的结果，按封顶分计 → {cap}",
    },
}
_KEYS = ("value", "base", "ratio", "factor", "raw")
_BEST_KEYS = ("value", "base", "cap")


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
                return self._best(value, base)
            ratio = base / value * 100
        else:
            ratio = achievement(value, base)
        raw = ratio * self.factor
        points, which = limit(raw, self.cap, self.floor)
        factor = self.factor if self.factor != 1 else None
        return Outcome(points, limited(self._kind, {"value": value, "base": base, "ratio": ratio,
                                                    "factor": factor, "raw": raw},
                                       which, self.cap, self.floor))

    def _best(self, value: float, base: float) -> Outcome:
        """A lower-is-better value of 0: nothing can do better, so the most the rule gives."""
        if self.cap is None:
            raise EvaluationError(_("the value is 0, the best possible, and a lower-is-better "
                                    "ratio without a cap has no points for it"),
                                  _("give the rule a cap: the points the best possible value "
                                    "gets"))
        return Outcome(self.cap, Step("ratio.lower.best",
                                      {"value": value, "base": base, "cap": self.cap}))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        best = np.zeros(len(value), dtype=bool)
        if self.direction == "lower_is_better":
            best = value == 0
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = base / np.where(best, 1.0, value) * 100
            bad = best if self.cap is None else np.zeros(len(value), dtype=bool)
        else:
            ratio, bad = achievement_column(value, base)
        raw = ratio * self.factor
        points, code, bound = limit_column(raw, self.cap, self.floor)
        if self.cap is not None and best.any():
            points, code = np.where(best, self.cap, points), np.where(best, 0, code)
        return Scored(points, bad, steps(
            (self._kind, "ratio.lower.best"), best,
            {"value": value, "base": base, "ratio": ratio,
             "factor": self.factor if self.factor != 1 else None, "raw": raw,
             "cap": self.cap},
            {self._kind: _KEYS, "ratio.lower.best": _BEST_KEYS}, code, bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> RatioRule:
    if direction == "closest_to_target":
        ctx.error((*path, "kind"), _("a ratio rule cannot score closest_to_target"),
                  _("use a linear rule, which takes points off both ways"))
    cap, floor = cap_and_floor(raw, path, ctx)
    if direction == "lower_is_better" and cap is None:
        ctx.error((*path, "kind"), _("a lower-is-better ratio needs a cap: target / value grows "
                                     "without limit as the value nears 0, the best possible"),
                  _("add a cap, e.g. cap: 120: the points a value of 0 gets"))
    return RatioRule(kind, direction, factor=float(raw.get("factor", 1)), cap=cap, floor=floor)


KINDS = (RuleKind("ratio", build, WORDS),)
