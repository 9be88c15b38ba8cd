"""``threshold``: ``points`` (100) when the value (or the achievement, ``on:
achievement``) meets ``at_least`` or ``at_most``, else ``otherwise`` (0). With neither,
the target itself is the threshold: at least it, or at most it for lower-is-better.

    rule: {kind: threshold, at_least: 80, points: 100, otherwise: 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..i18n import _
from ..numbers import at_least, at_most
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
    Step,
    Target,
    Word,
    at_least_column,
    at_least_each,
    at_most_column,
    at_most_each,
    measure,
    measure_column,
    need,
    number,
    steps,
    times,
)

WORDS = {
    "threshold": {
        "en": "{what} {x}: {test} {edge}: {verdict} → {points}",
        "zh": "{what} {x}：{test} {edge}：{verdict} → {points}",
    },
}
_KEYS = ("what", "x", "test", "edge", "verdict", "points")
MET, NOT_MET = Word("met"), Word("not met")
_VERDICTS = np.array([NOT_MET, MET], dtype=object)


@dataclass(frozen=True)
class ThresholdRule(Rule):
    at_least: float | None = None
    at_most: float | None = None
    points: float = 100
    otherwise: float = 0
    on: Basis = "value"

    zero_target_hint = "set a non-zero target, or use on: value"

    @property
    def needs_target(self) -> bool:
        return self.on == "achievement" or (self.at_least is None and self.at_most is None)

    @property
    def divides_by_target(self) -> bool:
        return self.on == "achievement"

    @property
    def value_scale(self) -> bool:
        return self.on == "value" and not self.needs_target

    def scaled(self, factor: Fraction) -> ThresholdRule:
        if not self.value_scale:
            return self
        return replace(self, at_least=times(self.at_least, factor),
                       at_most=times(self.at_most, factor))

    @property
    def _upward(self) -> bool:
        """Met at or above the edge (else at or below it)."""
        if self.at_least is not None:
            return True
        if self.at_most is not None:
            return False
        return self.direction != "lower_is_better"

    @property
    def _test(self) -> Word:
        bound = "at least" if self._upward else "at most"
        if self.at_least is not None or self.at_most is not None:
            return Word(bound)
        # Against the target itself: on achievement, meeting the target is 100%.
        return Word(f"{bound} 100% of the target" if self.on == "achievement"
                    else f"{bound} the target")

    def score(self, value: float, target: Target | None) -> Outcome:
        x = measure(self.on, value, target)
        edge = self.at_least if self.at_least is not None else self.at_most
        shown = edge
        if edge is None:
            shown = need(target).base
            edge = 100.0 if self.on == "achievement" else shown
        met = at_least(x, edge) if self._upward else at_most(x, edge)
        points = self.points if met else self.otherwise
        return Outcome(points, Step("threshold", {
            "what": MEASURED[self.on], "x": x, "test": self._test, "edge": shown,
            "verdict": MET if met else NOT_MET, "points": points}))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        x, bad = measure_column(self.on, value, base)
        shown: Column | float
        if self.at_least is not None or self.at_most is not None:
            edge = self.at_least if self.at_least is not None else self.at_most
            assert edge is not None
            met = at_least_column(x, edge) if self._upward else at_most_column(x, edge)
            shown = edge
        else:
            edges = np.full(len(value), 100.0) if self.on == "achievement" else base
            met = at_least_each(x, edges) if self._upward else at_most_each(x, edges)
            shown = base
        points = np.where(met, self.points, self.otherwise)
        verdict = _VERDICTS[met.astype(np.intp)]
        return Scored(points, bad, steps(
            ("threshold",), np.zeros(len(value)),
            {"what": MEASURED[self.on], "x": x, "test": self._test, "edge": shown,
             "verdict": verdict, "points": points}, {"threshold": _KEYS}))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> ThresholdRule:
    if direction == "closest_to_target":
        ctx.error((*path, "kind"), _("a threshold rule cannot score closest_to_target"),
                  _("use a linear rule, which takes points off both ways"))
    return ThresholdRule(kind, direction, at_least=number(raw, "at_least"),
                         at_most=number(raw, "at_most"), points=float(raw.get("points", 100)),
                         otherwise=float(raw.get("otherwise", 0)), on=raw.get("on", "value"))


KINDS = (RuleKind("threshold", build, WORDS),)
