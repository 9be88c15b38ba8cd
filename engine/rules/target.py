"""A target (目标值): a number, or a formula over the person's figures worked out for each
person, for the base task and the stretch goal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from ..formula import EvaluationError, Formula
from ..i18n import _
from ..numbers import show

Per = Literal["month", "quarter", "half", "year", "period"]
"""The period a target or a threshold is written for; 'period': whatever period is scored."""


@dataclass(frozen=True)
class Target:
    """A target: the base task (任务) and, for two-level rules, the stretch goal (目标).

    Either level may be a formula over the person's figures (业绩目标 = 去年同期销售额 ×
    120%: ``revenue_last_year * 1.2``); its number is then NaN until it is worked out for a
    person (:meth:`worked_out`), from the same period's figures as the value."""

    base: float
    stretch: float | None = None
    per: Per | None = None  # as written; None: the scheme's default (calendar.targets_per)
    formula: Formula | None = None  # the base task, as a formula
    stretch_formula: Formula | None = None

    @property
    def formulas(self) -> tuple[Formula, ...]:
        return tuple(f for f in (self.formula, self.stretch_formula) if f is not None)

    @property
    def inputs(self) -> frozenset[str]:
        """The figures (and team averages) its formulas read."""
        return frozenset().union(*(f.inputs for f in self.formulas))

    @property
    def team(self) -> frozenset[str]:
        """The fields its formulas take the team's average of."""
        return frozenset().union(*(f.team for f in self.formulas))

    def scaled(self, factor: Fraction) -> Target:
        """The target times ``factor`` (exactly, then rounded once to a float)."""
        stretch = None if self.stretch is None else float(Fraction(self.stretch) * factor)
        return Target(float(Fraction(self.base) * factor), stretch, "period")

    def worked_out(self, values: Mapping[str, float]) -> Target:
        """The numbers of a target written as formulas, for one person's figures; raises
        :class:`EvaluationError` naming the formula."""
        base, stretch = self.base, self.stretch
        if self.formula is not None:
            base = _target_formula(self.formula, values)
        if self.stretch_formula is not None:
            stretch = _target_formula(self.stretch_formula, values)
        return Target(base, stretch, self.per, self.formula, self.stretch_formula)

    def __str__(self) -> str:
        base = self.formula.text if self.formula is not None and self.base != self.base \
            else show(self.base)
        if self.stretch is None:
            return base
        stretch = self.stretch_formula.text if self.stretch_formula is not None \
            and self.stretch != self.stretch else show(self.stretch)
        return f"{base} / {stretch}"


def _target_formula(formula: Formula, values: Mapping[str, float]) -> float:
    try:
        return formula.evaluate(values)
    except EvaluationError as exc:
        raise EvaluationError(_("its target {text}: {exc}").format(text=formula.text, exc=exc),
                              exc.hint) from None
