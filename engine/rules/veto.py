"""``veto`` (一票否决): any event zeroes the total and forces the lowest grade
(``effect: zero_total``, the default), or only forces the lowest grade
(``effect: lowest_grade``), whatever else was scored. It takes no weight.

    rule: {kind: veto}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from ..diagnostics import Path
from ..numbers import settle
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
    Target,
    count,
    steps,
    unusual_counts,
)

WORDS = {
    "veto.zero_total": {
        "en": "{count} veto event(s): total set to 0 and lowest grade",
        "zh": "{count} 项否决事项：总分为 0，等级为最低",
    },
    "veto.lowest_grade": {
        "en": "{count} veto event(s): lowest grade",
        "zh": "{count} 项否决事项：等级为最低",
    },
    "veto.none": {
        "en": "no veto event",
        "zh": "无否决事项",
    },
}


@dataclass(frozen=True)
class VetoRule(Rule):
    effect: Literal["zero_total", "lowest_grade"] = "zero_total"

    @property
    def role(self) -> Role:
        return "veto"

    def score(self, value: float, target: Target | None) -> Outcome:
        if settle(count(value)) > 0:
            return Outcome(1, Step(f"veto.{self.effect}", {"count": value}))
        return Outcome(0, Step("veto.none", {}))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        vetoed = value > 0
        kinds = (f"veto.{self.effect}", "veto.none")
        return Scored(np.where(vetoed, 1.0, 0.0), unusual_counts(value), steps(
            kinds, np.where(vetoed, 0, 1), {"count": value},
            {kinds[0]: ("count",), "veto.none": ()}))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> VetoRule:
    return VetoRule(kind, direction, effect=raw.get("effect", "zero_total"))


KINDS = (RuleKind("veto", build, WORDS),)
