"""What every rule kind shares: targets, steps, outcomes, and the base class.

A rule kind lives in one module of this package, which holds all of its meaning:
how it is read from YAML and checked (``build``), how one value is scored (``score``,
the reference, which ``appraise explain`` traces), and how a whole column of people
is scored at once (``columns``), side by side. Both give the points and the *step*:
what kind of step it was, its numbers, the edge or band it met, as data. Reporters
turn a step into words (``WORDS``, kept beside the rule), so one trace can be shown
in English or Chinese, as JSON, in a spreadsheet or a web page.

Discontinuities (band edges, thresholds, veto counts) compare *settled* values; the
column forms compare with the edges found once (:mod:`appraise.numbers`), which gives
the very same outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import Path
from ..formula import EvaluationError, Formula
from ..formula.functions import divisor_hint
from ..i18n import _
from ..numbers import settle, settles_above, settles_at_least, show
from .target import Per as Per
from .target import Target as Target

Direction = Literal["higher_is_better", "lower_is_better", "closest_to_target"]
Basis = Literal["achievement", "value"]
Role = Literal["weighted", "deduction", "bonus", "veto"]
Limit = Literal["cap", "floor", "most"]
PER_MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "half": 6, "year": 12}

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]
Column = NDArray[Any]  # numbers (float64) or, for ratings, the levels given (objects)


# -- steps: how a value became points, as data ----------------------------------------------


class Word(str):
    """A word of an explanation ('value', 'met'): shown in the reader's language."""

    __slots__ = ()


@dataclass(frozen=True)
class Interval:
    """A band's range, as a step names it: [90, 95) or (90, 95], with its label."""

    low: float | None
    high: float | None
    closed: Literal["lower", "upper"]
    label: str = ""

    def __str__(self) -> str:
        """As a person reads it: [90, 95), (-∞, 85), [95, ∞) 优秀."""
        left = "(" if self.closed == "upper" or self.low is None else "["
        right = "]" if self.closed == "upper" and self.high is not None else ")"
        low = "-∞" if self.low is None else show(self.low)
        high = "∞" if self.high is None else show(self.high)
        return f"{left}{low}, {high}{right} {self.label}".rstrip()


@dataclass(frozen=True)
class Expression:
    """A formula to show with the step's own numbers put in: ``{value} / {target} * 100``."""

    template: str


StepValue = float | str | Interval | Expression | None


@dataclass(frozen=True)
class Step:
    """One step of an explanation: its kind (a key of the rule's ``WORDS``), its numbers
    and words, and the limit (cap, floor, most) that bounded the points, if any."""

    kind: str
    values: Mapping[str, StepValue]
    limit: Limit | None = None
    within: str | None = None  # the unit an item scored on the holder's unit was scored on


@dataclass(frozen=True)
class Outcome:
    """One value scored: the points at full precision and the step that gave them."""

    points: float
    step: Step


@dataclass(frozen=True)
class StepColumns:
    """Steps of a whole column: each person's kind (an index into ``kinds``) and numbers.

    ``values`` holds a column or one value for everybody; ``keys`` names the values each
    kind of step has, so that :meth:`at` gives exactly the step the reference path gives.
    """

    kinds: tuple[str, ...]
    kind: NDArray[np.int8]
    values: Mapping[str, Column | StepValue]
    keys: Mapping[str, Sequence[str]]
    limit: NDArray[np.int8] | None = None  # 0 none, else 1 + index into LIMITS
    limit_value: Column | float | None = None

    def at(self, i: int) -> Step:
        kind = self.kinds[int(self.kind[i])]
        values: dict[str, StepValue] = {}
        for key in self.keys[kind]:
            found = self.values[key]
            values[key] = _item(found[i]) if isinstance(found, np.ndarray) else found
        limit = None
        if self.limit is not None and self.limit[i]:
            limit = LIMITS[int(self.limit[i]) - 1]
            found = self.limit_value
            values["limit"] = _item(found[i]) if isinstance(found, np.ndarray) else found
        return Step(kind, values, limit)


LIMITS: tuple[Limit, ...] = ("cap", "floor", "most")


def _item(value: Any) -> StepValue:
    return float(value) if isinstance(value, np.floating) else value


@dataclass(frozen=True)
class Scored:
    """Points for a column of people, who must go person by person, and the steps."""

    points: Floats
    fallback: Flags
    steps: StepColumns


# -- the base class ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Base of every rule kind: ``kind`` as written, and the indicator's direction."""

    kind: str
    direction: Direction

    scores_ratings: ClassVar[bool] = False
    zero_target_hint: ClassVar[str] = "set a non-zero target"

    @property
    def role(self) -> Role:
        """How the points count: weighted, or taken off, added to or vetoing the total."""
        return "weighted"

    @property
    def needs_target(self) -> bool:
        return False

    @property
    def divides_by_target(self) -> bool:
        return False

    @property
    def needs_stretch(self) -> bool:
        return False

    def missing_stretch(self, indicator: str) -> str:
        """What to tell a person whose target lacks the stretch goal this rule needs."""
        return _("'{indicator}' uses a {kind} rule, so its target needs a stretch goal").format(
            indicator=indicator, kind=self.kind)

    @property
    def value_scale(self) -> bool:
        """Whether some numbers of the rule are on the value's own scale (a threshold of
        5 customers, bands of amounts), so that they follow the period when it totals."""
        return False

    def scaled(self, factor: Fraction) -> Rule | None:
        """The rule with its numbers on the value's scale times ``factor``; None when they
        cannot be scaled (a formula of the value)."""
        return self

    def score(self, value: Any, target: Target | None) -> Outcome:
        """The reference: one value against its target; raises :class:`EvaluationError`."""
        raise NotImplementedError

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        """The same for a whole column; people it cannot score exactly are in ``fallback``."""
        raise NotImplementedError


class RuleContext(Protocol):
    """What building a rule needs from the scheme's builder."""

    def error(self, path: Path, message: str, hint: str = "", *, at_key: bool = False,
              warning: bool = False) -> None: ...

    def refer(self, path: Path, name: str, section: str, what: str) -> bool: ...

    def scale_points(self, scale: str) -> dict[str, float] | None: ...

    def formula(self, path: Path, text: str, names: Sequence[str], what: str
                ) -> Formula | None: ...


Builder = Callable[[Mapping[str, Any], str, Direction, Path, RuleContext], Rule | None]


@dataclass(frozen=True)
class RuleKind:
    """A rule kind in the registry: how it is built, and the words of its steps."""

    kind: str
    build: Builder
    words: Mapping[str, Mapping[str, str]]
    default_direction: Direction = "higher_is_better"
    directions: tuple[Direction, ...] = ("higher_is_better", "lower_is_better",
                                         "closest_to_target")


# -- shared arithmetic, scalar and column, side by side -------------------------------------


def achievement(value: float, target: float) -> float:
    """The value as a percentage of the target (完成率)."""
    if target == 0:
        raise EvaluationError(_("the target is 0, and achievement divides by it"),
                              divisor_hint())
    return value / target * 100


def achievement_column(value: Floats, target: Floats) -> tuple[Floats, Flags]:
    return value / target * 100, target == 0


def limit(points: float, cap: float | None, floor: float | None) -> tuple[float, Limit | None]:
    """Points held within the cap and the floor, and which of them did it."""
    which: Limit | None = None
    if cap is not None and points > cap:
        points, which = cap, "cap"
    if floor is not None and points < floor:
        points, which = floor, "floor"
    return points, which


def limit_column(points: Floats, cap: float | None, floor: float | None
                 ) -> tuple[Floats, NDArray[np.int8], Floats]:
    """:func:`limit` of a column: the points, the limit codes and the limits' values."""
    code = np.zeros(len(points), dtype=np.int8)
    bound = np.zeros(len(points))
    if cap is not None:
        over = points > cap
        points = np.where(over, cap, points)
        code[over], bound[over] = 1, cap
    if floor is not None:
        under = points < floor
        points = np.where(under, floor, points)
        code[under], bound[under] = 2, floor
    return points, code, bound


def limited(kind: str, values: dict[str, StepValue], which: Limit | None,
            cap: float | None, floor: float | None) -> Step:
    """A step with the limit that applied, if any."""
    if which is not None:
        values["limit"] = cap if which == "cap" else floor
    return Step(kind, values, which)


def count(value: float) -> float:
    """A number of events; a negative one is a data error, never a reason to add points."""
    settled = settle(value)
    if settled < 0:
        raise EvaluationError(_("the number of events is {value}; it cannot be negative").format(
                                  value=show(value)))
    if settled != int(settled):
        raise EvaluationError(_("the number of events is {value}; it must be a whole "
                                "number").format(value=show(value)))
    return settled


def unusual_counts(value: Floats) -> Flags:
    """Counts the columns leave to the reference path, which checks and reports them."""
    return np.asarray((value != np.rint(value)) | (value < 0) | (np.abs(value) >= 1e12))


def need(target: Target | None) -> Target:
    if target is None:  # the checker guarantees a target wherever a rule needs one
        raise EvaluationError(_("no target"))
    return target


def measure(on: Basis, value: float, target: Target | None) -> float:
    return achievement(value, need(target).base) if on == "achievement" else value


def measure_column(on: Basis, value: Floats, base: Floats) -> tuple[Floats, Flags]:
    if on == "achievement":
        return achievement_column(value, base)
    return value, np.zeros(len(value), dtype=bool)


MEASURED: dict[Basis, Word] = {"value": Word("value"), "achievement": Word("achievement %")}


def at_least_column(x: Floats, edge: float) -> Flags:
    """``settle(x) >= edge`` for a whole column."""
    return np.asarray(x >= settles_at_least(edge))


def at_most_column(x: Floats, edge: float) -> Flags:
    """``settle(x) <= edge`` for a whole column."""
    return np.asarray(x < settles_above(edge))


def at_least_each(x: Floats, edges: Floats) -> Flags:
    """``settle(x) >= edge`` where every person has an edge of their own (a target)."""
    unique, inverse = np.unique(edges, return_inverse=True)
    table = np.array([settles_at_least(float(e)) for e in unique])
    return np.asarray(x >= table[inverse.reshape(-1)])


def at_most_each(x: Floats, edges: Floats) -> Flags:
    unique, inverse = np.unique(edges, return_inverse=True)
    table = np.array([settles_above(float(e)) for e in unique])
    return np.asarray(x < table[inverse.reshape(-1)])


def times(x: float | None, factor: Fraction) -> float | None:
    """``x * factor`` exactly, rounded once to a float (None stays None)."""
    return None if x is None else float(Fraction(x) * factor)


def number(raw: Mapping[str, Any], key: str, default: float | None = None) -> float | None:
    found = raw.get(key)
    return default if found is None else float(found)


def cap_and_floor(raw: Mapping[str, Any], path: Path, ctx: RuleContext,
                  default_floor: float | None = None) -> tuple[float | None, float | None]:
    """A rule's cap and floor, with the error of a cap below the floor."""
    cap, floor = number(raw, "cap"), number(raw, "floor", default_floor)
    if cap is not None and floor is not None and cap < floor:
        ctx.error((*path, "cap"), _("the cap {cap} is below the floor {floor}").format(
                                      cap=show(cap), floor=show(floor)),
                  _("the cap is the most points the rule gives, the floor the least: make the "
                    "cap the higher one"))
    return cap, floor


def steps(kinds: Sequence[str], kind: NDArray[Any], values: Mapping[str, Column | StepValue],
          keys: Mapping[str, Sequence[str]], code: NDArray[np.int8] | None = None,
          bound: Column | float | None = None) -> StepColumns:
    return StepColumns(tuple(kinds), np.asarray(kind, dtype=np.int8), values, keys, code, bound)

