"""``formula``: points from an expression of your own over ``value``, ``target``,
``stretch`` and ``achievement``, run in the sandbox like every formula; capped and
floored.

    rule: {kind: formula, points: "min(120, achievement)"}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from ..diagnostics import Path
from ..formula import Formula
from ..formula.columns import Compiled, compile_columns
from ..formula.degree import period_degree
from ..i18n import _
from .base import (
    Column,
    Direction,
    Expression,
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
    cap_and_floor,
    limit,
    limit_column,
    limited,
    steps,
)

NAMES = ("value", "target", "stretch", "achievement")
_DEGREES = {"value": 1, "target": 1, "stretch": 1}  # a total, and its targets
WORDS = {
    "formula": {
        "en": "{expression} = {raw}",
        "zh": "{expression} = {raw}",
    },
}


@dataclass(frozen=True)
class FormulaRule(Rule):
    formula: Formula | None = None
    cap: float | None = None
    floor: float | None = None

    zero_target_hint = "set a non-zero target, or write the formula without dividing by the " \
        "target"

    @property
    def _names(self) -> frozenset[str]:
        return self.formula.names if self.formula else frozenset()

    @property
    def needs_target(self) -> bool:
        return bool(self._names & {"target", "stretch", "achievement"})

    @property
    def needs_stretch(self) -> bool:
        return "stretch" in self._names

    def missing_stretch(self, indicator: str) -> str:
        return _("the points formula of '{indicator}' uses 'stretch', but this target has "
                 "none").format(indicator=indicator)

    @property
    def divides_by_target(self) -> bool:
        divisors = self.formula.divisor_names if self.formula else frozenset()
        return "achievement" in self._names or bool(divisors & {"target", "stretch"})

    @property
    def value_scale(self) -> bool:
        """Unless the points are of no degree in the period (``value / target``)."""
        if self.formula is None or "value" not in self._names:
            return False
        return period_degree(self.formula.tree, _DEGREES) != 0

    def scaled(self, factor: Fraction) -> FormulaRule | None:
        return None if self.value_scale else self

    @cached_property
    def _columns(self) -> Compiled | None:
        return compile_columns(self.formula) if self.formula is not None else None

    def _keys(self) -> tuple[str, ...]:
        return ("expression", *sorted(self._names), "raw")

    def score(self, value: float, target: Target | None) -> Outcome:
        assert self.formula is not None
        names = {"value": value}
        if target is not None:
            names["target"] = target.base
            if target.stretch is not None:
                names["stretch"] = target.stretch
            if "achievement" in self._names:
                names["achievement"] = achievement(value, target.base)
        raw = self.formula.evaluate(names)
        points, which = limit(raw, self.cap, self.floor)
        values: dict[str, StepValue] = {"expression": Expression(self.formula.template)}
        values.update({name: names[name] for name in sorted(self._names)})
        values["raw"] = raw
        return Outcome(points, limited("formula", values, which, self.cap, self.floor))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        assert self.formula is not None
        names = {"value": value, "target": base, "stretch": stretch}
        bad = np.zeros(len(value), dtype=bool)
        if "achievement" in self._names:
            names["achievement"], bad = achievement_column(value, base)
        compiled = self._columns
        if compiled is None:  # a formula the columns cannot do exactly: all by the reference
            raw, raw_bad = np.zeros(len(value)), np.ones(len(value), dtype=bool)
        else:
            raw, raw_bad = compiled(names)
        points, code, bound = limit_column(raw, self.cap, self.floor)
        values: dict[str, Column | StepValue] = {"expression": Expression(self.formula.template)}
        values.update({name: names[name] for name in self._names})
        values["raw"] = raw
        return Scored(points, bad | raw_bad, steps(
            ("formula",), np.zeros(len(value)), values, {"formula": self._keys()}, code, bound))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> FormulaRule | None:
    cap, floor = cap_and_floor(raw, path, ctx)
    formula = ctx.formula((*path, "points"), str(raw["points"]), NAMES, "rule")
    if formula is None:
        return None
    return FormulaRule(kind, direction, formula=formula, cap=cap, floor=floor)


KINDS = (RuleKind("formula", build, WORDS),)
