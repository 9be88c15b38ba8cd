"""``rating`` (定性): a reviewer's rating on a scale becomes the points of its level, or of
the rule's own ``points`` for a level. The indicator's formula is the rating field alone.

    rule: {kind: rating, scale: abcd, points: {B: 85}}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from typing import Any

import numpy as np

from ..diagnostics import Path, did_you_mean
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
    steps,
)

WORDS = {
    "rating": {
        "en": "rating {rating} → {points}",
        "zh": "评级 {rating} → {points}",
    },
}


@dataclass(frozen=True)
class RatingRule(Rule):
    scale: str = ""
    points: tuple[tuple[str, float], ...] = ()

    scores_ratings = True

    @cached_property
    def table(self) -> dict[str, float]:
        return dict(self.points)

    def score(self, value: str, target: Target | None) -> Outcome:
        if value not in self.table:
            raise EvaluationError(_("rating '{value}' is not on the scale '{scale}'").format(
                                      value=value, scale=self.scale))
        return Outcome(self.table[value], Step("rating", {"rating": value,
                                                          "points": self.table[value]}))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        table = self.table
        points = np.fromiter(map(table.get, value.tolist(), repeat(np.nan)), np.float64,
                             count=len(value))
        return Scored(points, np.isnan(points), steps(
            ("rating",), np.zeros(len(value)), {"rating": value, "points": points},
            {"rating": ("rating", "points")}))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> RatingRule | None:
    name = raw["scale"]
    points = ctx.scale_points(name) if ctx.refer((*path, "scale"), name, "scales", "scale") \
        else None
    if points is None:
        return None
    for level, value in (raw.get("points") or {}).items():
        if level not in points:
            ctx.error((*path, "points", level), _("rating '{level}' is not on the scale "
                                                  "'{name}'").format(level=level, name=name),
                      did_you_mean(level, points), at_key=True)
        points[level] = float(value)
    return RatingRule(kind, direction, scale=name, points=tuple(points.items()))


KINDS = (RuleKind("rating", build, WORDS),)
