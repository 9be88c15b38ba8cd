"""``deduction`` (扣分项) and ``bonus`` (加分项): ``per_event`` points for each event counted,
taken off the total or added to it, at most ``max_points``. They take no weight.

    rule: {kind: deduction, per_event: 5, max_points: 20}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..numbers import NOISE, settle
from .base import (
    Column,
    Direction,
    Floats,
    Outcome,
    Role,
    Rule,
    RuleContext,
    RuleKind,
    Scored,
    Step,
    StepValue,
    Target,
    count,
    limit,
    limit_column,
    number,
    steps,
    unusual_counts,
)

WORDS = {
    "deduction": {
        "en": "{count} × {per_event} = -{raw}",
        "zh": "{count} 次 × {per_event} = -{raw}",
    },
    "deduction.none": {
        "en": "{count} × {per_event} = {raw}",
        "zh": "{count} 次 × {per_event} = {raw}",
    },
    "bonus": {
        "en": "{count} × {per_event} = +{raw}",
        "zh": "{count} 项 × {per_event} = +{raw}",
    },
    "bonus.none": {
        "en": "{count} × {per_event} = {raw}",
        "zh": "{count} 项 × {per_event} = {raw}",
    },
}
_KEYS = ("count", "per_event", "raw")


@dataclass(frozen=True)
class CountRule(Rule):
    """Points per event, with a ceiling: a deduction or a bonus item, by ``kind``."""

    per_event: float = 0
    max_points: float | None = None

    @property
    def role(self) -> Role:
        return "deduction" if self.kind == "deduction" else "bonus"

    def score(self, value: float, target: Target | None) -> Outcome:
        raw = count(value) * self.per_event
        points, which = limit(raw, self.max_points, None)
        values: dict[str, StepValue] = {"count": value, "per_event": self.per_event, "raw": raw}
        if which is not None:
            values["limit"] = self.max_points
        return Outcome(points, Step(self.kind if settle(raw) else f"{self.kind}.none", values,
                                    "most" if which is not None else None))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        # Whole, non-negative counts settle to themselves; anything else goes person by
        # person, where it is checked and, if wrong, reported.
        raw = value * self.per_event
        points, code, bound = limit_column(raw, self.max_points, None)
        kinds = (self.kind, f"{self.kind}.none")
        return Scored(points, unusual_counts(value), steps(
            kinds, np.where(np.abs(raw) < NOISE, 1, 0),
            {"count": value, "per_event": self.per_event, "raw": raw},
            dict.fromkeys(kinds, _KEYS), np.where(code == 1, 3, 0).astype(np.int8), bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> CountRule:
    return CountRule(kind, direction, per_event=float(raw["per_event"]),
                     max_points=number(raw, "max_points"))


KINDS = (
    RuleKind("deduction", build, {k: v for k, v in WORDS.items() if k.startswith("deduction")}),
    RuleKind("bonus", build, {k: v for k, v in WORDS.items() if k.startswith("bonus")}),
)
