"""Scoring rules: how an indicator's value, against its target, becomes points.

Each rule kind is a small frozen class built once per scheme. ``score`` returns
the points at full precision with a one-line account of how they came about,
which is what ``appraise explain`` shows. Discontinuities (band edges,
thresholds, veto counts) compare *settled* values: see :mod:`engine.numbers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..formula.sandbox import EvaluationError, Formula
from ..numbers import at_least, at_most, settle

Direction = Literal["higher_is_better", "lower_is_better", "closest_to_target"]
Basis = Literal["achievement", "value"]
Role = Literal["weighted", "deduction", "bonus", "veto"]


def show(x: float) -> str:
    """A number in an explanation: up to 4 decimals, no binary noise."""
    text = f"{settle(x):,.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Target:
    """A target: the base task (任务) and, for two-level rules, the stretch goal (目标)."""

    base: float
    stretch: float | None = None

    def __str__(self) -> str:
        return show(self.base) if self.stretch is None else \
            f"{show(self.base)} / {show(self.stretch)}"


@dataclass(frozen=True)
class Outcome:
    points: float
    detail: str


def achievement(value: float, target: float) -> float:
    """The value as a percentage of the target (完成率)."""
    if target == 0:
        raise EvaluationError("the target is 0, and achievement divides by it")
    return value / target * 100


def _limit(points: float, cap: float | None, floor: float | None) -> tuple[float, str]:
    note = ""
    if cap is not None and points > cap:
        points, note = cap, f", capped at {show(cap)}"
    if floor is not None and points < floor:
        points, note = floor, f", floored at {show(floor)}"
    return points, note


def _count(value: float) -> float:
    """A number of events; a negative one is a data error, never a reason to add points."""
    settled = settle(value)
    if settled < 0:
        raise EvaluationError(f"the number of events is {show(value)}; it cannot be negative")
    if settled != int(settled):
        raise EvaluationError(f"the number of events is {show(value)}; it must be a whole number")
    return settled


def _need(target: Target | None) -> Target:
    if target is None:  # the checker guarantees a target wherever a rule needs one
        raise EvaluationError("no target")
    return target


@dataclass(frozen=True)
class Rule:
    """Base of every rule kind."""

    kind: str
    direction: Direction

    @property
    def role(self) -> Role:
        return "weighted"

    @property
    def needs_target(self) -> bool:
        return False

    @property
    def divides_by_target(self) -> bool:
        return False

    def score(self, value: float, target: Target | None) -> Outcome:
        raise NotImplementedError


# How a linear rule names a result on the wrong side of the target: a cost rate over
# its target is not "short" of it, and closest_to_target loses points on either side.
_WORSE: dict[str, str] = {
    "higher_is_better": "short of target",
    "lower_is_better": "over target",
    "closest_to_target": "off target",
}


@dataclass(frozen=True)
class LinearRule(Rule):
    above: float
    below: float
    at_target: float = 100
    basis: Basis = "achievement"
    cap: float | None = None
    floor: float | None = None

    needs_target = True

    @property
    def divides_by_target(self) -> bool:
        return self.basis == "achievement"

    def score(self, value: float, target: Target | None) -> Outcome:
        base = _need(target).base
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
            how = f"{show(gain)}{unit} better than target: {show(self.at_target)} + " \
                  f"{show(gain)} × {show(self.above)} = {show(raw)}"
        else:
            raw = self.at_target + gain * self.below
            how = f"{show(-gain)}{unit} {_WORSE[self.direction]}: {show(self.at_target)} - " \
                  f"{show(-gain)} × {show(self.below)} = {show(raw)}"
        points, note = _limit(raw, self.cap, self.floor)
        return Outcome(points, how + note)


@dataclass(frozen=True)
class RatioRule(Rule):
    factor: float = 1
    cap: float | None = None
    floor: float | None = None

    needs_target = True
    divides_by_target = True

    def score(self, value: float, target: Target | None) -> Outcome:
        base = _need(target).base
        if self.direction == "lower_is_better":
            if value == 0:
                raise EvaluationError("the value is 0, and a lower-is-better ratio divides by it")
            ratio, how = base / value * 100, f"target {show(base)} / value {show(value)}"
        else:
            ratio, how = achievement(value, base), f"{show(value)} / {show(base)}"
        raw = ratio * self.factor
        factor = f" × {show(self.factor)}" if self.factor != 1 else ""
        points, note = _limit(raw, self.cap, self.floor)
        return Outcome(points, f"{how} = {show(ratio)}%{factor} → {show(raw)}{note}")


@dataclass(frozen=True)
class TwoLevelRule(Rule):
    base_points: float
    stretch_points: float
    above: float = 0
    below: float = 0
    basis: Basis = "achievement"
    cap: float | None = None
    floor: float | None = None

    needs_target = True

    @property
    def divides_by_target(self) -> bool:
        return self.basis == "achievement"

    def score(self, value: float, target: Target | None) -> Outcome:
        goal = _need(target)
        base, stretch = goal.base, goal.stretch if goal.stretch is not None else goal.base
        if at_least(value, stretch):
            over = achievement(value, stretch) - 100 if self.basis == "achievement" \
                else value - stretch
            unit = "%" if self.basis == "achievement" else ""
            raw = self.stretch_points + over * self.above
            how = f"{show(over)}{unit} above the stretch goal {show(stretch)}: " \
                  f"{show(self.stretch_points)} + {show(over)} × {show(self.above)} = {show(raw)}" \
                if settle(over) else f"at the stretch goal {show(stretch)} → {show(raw)}"
        elif at_least(value, base):
            share = (value - base) / (stretch - base)
            raw = self.base_points + share * (self.stretch_points - self.base_points)
            how = f"between base {show(base)} and stretch {show(stretch)}: " \
                  f"{show(self.base_points)} + {show(share * 100)}% of the way to " \
                  f"{show(self.stretch_points)} = {show(raw)}"
        else:
            short = 100 - achievement(value, base) if self.basis == "achievement" \
                else base - value
            unit = "%" if self.basis == "achievement" else ""
            raw = self.base_points - short * self.below
            how = f"{show(short)}{unit} below the base task {show(base)}: " \
                  f"{show(self.base_points)} - {show(short)} × {show(self.below)} = {show(raw)}"
        points, note = _limit(raw, self.cap, self.floor)
        return Outcome(points, how + note)


@dataclass(frozen=True)
class Band:
    low: float | None
    high: float | None
    points: float
    label: str = ""

    def describe(self, closed: str) -> str:
        left = "(" if closed == "upper" or self.low is None else "["
        right = "]" if closed == "upper" and self.high is not None else ")"
        low = "-∞" if self.low is None else show(self.low)
        high = "∞" if self.high is None else show(self.high)
        text = f"{left}{low}, {high}{right}"
        return f"{text} {self.label}".rstrip()


@dataclass(frozen=True)
class BandsRule(Rule):
    bands: tuple[Band, ...] = ()
    on: Basis = "value"
    closed: Literal["lower", "upper"] = "lower"

    @property
    def needs_target(self) -> bool:
        return self.on == "achievement"

    @property
    def divides_by_target(self) -> bool:
        return self.on == "achievement"

    def contains(self, band: Band, x: float) -> bool:
        s = settle(x)
        if self.closed == "lower":
            return (band.low is None or s >= band.low) and (band.high is None or s < band.high)
        return (band.low is None or s > band.low) and (band.high is None or s <= band.high)

    def score(self, value: float, target: Target | None) -> Outcome:
        x, what = _measure(self.on, value, target)
        for band in self.bands:
            if self.contains(band, x):
                return Outcome(band.points, f"{what} {show(x)} is in band "
                               f"{band.describe(self.closed)} → {show(band.points)}")
        raise EvaluationError(f"{what} {show(x)} is outside every band")


def _measure(on: Basis, value: float, target: Target | None) -> tuple[float, str]:
    if on == "achievement":
        return achievement(value, _need(target).base), "achievement %"
    return value, "value"


@dataclass(frozen=True)
class ThresholdRule(Rule):
    at_least: float | None = None
    at_most: float | None = None
    points: float = 100
    otherwise: float = 0
    on: Basis = "value"

    @property
    def needs_target(self) -> bool:
        return self.on == "achievement" or (self.at_least is None and self.at_most is None)

    @property
    def divides_by_target(self) -> bool:
        return self.on == "achievement"

    def score(self, value: float, target: Target | None) -> Outcome:
        x, what = _measure(self.on, value, target)
        if self.at_least is not None:
            met, test = at_least(x, self.at_least), f"at least {show(self.at_least)}"
        elif self.at_most is not None:
            met, test = at_most(x, self.at_most), f"at most {show(self.at_most)}"
        else:
            # Against the target itself: on achievement, meeting the target is 100%.
            base = _need(target).base
            edge = 100.0 if self.on == "achievement" else base
            name = "100% of the target" if self.on == "achievement" else "the target"
            if self.direction == "lower_is_better":
                met, test = at_most(x, edge), f"at most {name} {show(base)}"
            else:
                met, test = at_least(x, edge), f"at least {name} {show(base)}"
        points = self.points if met else self.otherwise
        verdict = "met" if met else "not met"
        return Outcome(points, f"{what} {show(x)}: {test}: {verdict} → {show(points)}")


@dataclass(frozen=True)
class LowerIsBetterRule(Rule):
    per_unit_over: float = 0
    points: float = 100
    basis: Basis = "value"
    cap: float | None = None
    floor: float | None = 0

    needs_target = True

    @property
    def divides_by_target(self) -> bool:
        return self.basis == "achievement"

    def score(self, value: float, target: Target | None) -> Outcome:
        base = _need(target).base
        if at_most(value, base):
            points, note = _limit(self.points, self.cap, self.floor)
            return Outcome(points, f"{show(value)} is at or under the target "
                           f"{show(base)} → {show(self.points)}{note}")
        over = achievement(value, base) - 100 if self.basis == "achievement" else value - base
        unit = "%" if self.basis == "achievement" else ""
        raw = self.points - over * self.per_unit_over
        points, note = _limit(raw, self.cap, self.floor)
        return Outcome(points, f"{show(over)}{unit} over the target {show(base)}: "
                       f"{show(self.points)} - {show(over)} × {show(self.per_unit_over)} = "
                       f"{show(raw)}{note}")


@dataclass(frozen=True)
class PiecewiseRule(Rule):
    table: tuple[tuple[float, float], ...] = ()
    on: Basis = "value"
    cap: float | None = None
    floor: float | None = None

    @property
    def needs_target(self) -> bool:
        return self.on == "achievement"

    @property
    def divides_by_target(self) -> bool:
        return self.on == "achievement"

    def score(self, value: float, target: Target | None) -> Outcome:
        x, what = _measure(self.on, value, target)
        (x0, p0), (xn, pn) = self.table[0], self.table[-1]
        if at_most(x, x0):
            raw, how = p0, f"{what} {show(x)} is at or below {show(x0)} → {show(p0)}"
        elif at_least(x, xn):
            raw, how = pn, f"{what} {show(x)} is at or above {show(xn)} → {show(pn)}"
        else:
            # A value that settles onto a row gets that row's points, not a hair more
            # or less; between rows the line through the two rows gives them.
            for (a, pa), (b, pb) in zip(self.table, self.table[1:], strict=False):
                if at_least(x, a) and at_most(x, b):
                    raw = pa if at_most(x, a) else pb if at_least(x, b) else \
                        pa + (x - a) * (pb - pa) / (b - a)
                    how = f"{what} {show(x)} is between ({show(a)}, {show(pa)}) and " \
                          f"({show(b)}, {show(pb)}): {show(pa)} + ({show(x)} - {show(a)}) × " \
                          f"{show((pb - pa) / (b - a))} = {show(raw)}"
                    break
        points, note = _limit(raw, self.cap, self.floor)
        return Outcome(points, how + note)


@dataclass(frozen=True)
class CountRule(Rule):
    """Deductions (扣分项) and bonus items (加分项): points per event, with a ceiling."""

    per_event: float = 0
    max_points: float | None = None

    @property
    def role(self) -> Role:
        return "deduction" if self.kind == "deduction" else "bonus"

    def score(self, value: float, target: Target | None) -> Outcome:
        raw = _count(value) * self.per_event
        points, note = _limit(raw, self.max_points, None)
        if note:
            note = f", at most {show(self.max_points or 0)}"
        sign = ("-" if self.kind == "deduction" else "+") if settle(raw) else ""
        return Outcome(points, f"{show(value)} × {show(self.per_event)} = {sign}{show(raw)}"
                       f"{note}")


@dataclass(frozen=True)
class VetoRule(Rule):
    effect: Literal["zero_total", "lowest_grade"] = "zero_total"

    @property
    def role(self) -> Role:
        return "veto"

    def score(self, value: float, target: Target | None) -> Outcome:
        if settle(_count(value)) > 0:
            what = "total set to 0 and lowest grade" if self.effect == "zero_total" \
                else "lowest grade"
            return Outcome(1, f"{show(value)} veto event(s): {what}")
        return Outcome(0, "no veto event")


@dataclass(frozen=True)
class RatingRule(Rule):
    scale: str = ""
    points: tuple[tuple[str, float], ...] = ()

    def score_rating(self, rating: str) -> Outcome:
        table = dict(self.points)
        if rating not in table:
            raise EvaluationError(f"rating '{rating}' is not on the scale '{self.scale}'")
        return Outcome(table[rating], f"rating {rating} → {show(table[rating])}")


@dataclass(frozen=True)
class FormulaRule(Rule):
    formula: Formula | None = None
    cap: float | None = None
    floor: float | None = None

    @property
    def needs_target(self) -> bool:
        names = self.formula.names if self.formula else frozenset()
        return bool(names & {"target", "stretch", "achievement"})

    @property
    def divides_by_target(self) -> bool:
        names = self.formula.names if self.formula else frozenset()
        divisors = self.formula.divisor_names if self.formula else frozenset()
        return "achievement" in names or bool(divisors & {"target", "stretch"})

    def score(self, value: float, target: Target | None) -> Outcome:
        assert self.formula is not None
        names = {"value": value}
        if target is not None:
            names["target"] = target.base
            if target.stretch is not None:
                names["stretch"] = target.stretch
            if "achievement" in self.formula.names:
                names["achievement"] = achievement(value, target.base)
        raw = self.formula.evaluate(names)
        points, note = _limit(raw, self.cap, self.floor)
        shown = self.formula.substitute({k: show(v) for k, v in names.items()})
        return Outcome(points, f"{shown} = {show(raw)}{note}")


@dataclass(frozen=True)
class MembersRule(Rule):
    """A members indicator: its points are the average total of the holder's unit members."""

    def score(self, value: float, target: Target | None) -> Outcome:
        return Outcome(value, f"the members' average total is {show(value)}")


WEIGHTLESS_KINDS = frozenset({"deduction", "bonus", "veto"})
