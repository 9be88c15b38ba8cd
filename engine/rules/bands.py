"""``bands`` (分档): a fixed number of points for each range of the value (or of the
achievement, ``on: achievement``). Ranges are closed below ([90, 95)) unless
``closed: upper`` ((90, 95]); they must neither overlap nor leave gaps.

    rule:
      kind: bands
      bands:
        - {min: 95, points: 100}
        - {min: 90, max: 95, points: 80}
        - {max: 90, points: 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

import numpy as np

from ..diagnostics import Path
from ..formula import EvaluationError
from ..i18n import _
from ..numbers import settle, show
from .base import (
    MEASURED,
    Basis,
    Column,
    Direction,
    Floats,
    Interval,
    Outcome,
    Rule,
    RuleContext,
    RuleKind,
    Scored,
    Step,
    Target,
    at_least_column,
    at_most_column,
    measure,
    measure_column,
    number,
    steps,
    times,
)

WORDS = {
    "bands.value": {
        "en": "value {x} is in band {band} → {points}",
        "zh": "实际值 {x} 落在区间 {band} → {points}",
    },
    "bands.achievement": {
        "en": "achievement % {x} is in band {band} → {points}",
        "zh": "完成率(%) {x} 落在区间 {band} → {points}",
    },
}
_KEYS = ("x", "band", "points")


@dataclass(frozen=True)
class Band:
    low: float | None
    high: float | None
    points: float
    label: str = ""


@dataclass(frozen=True)
class BandsRule(Rule):
    bands: tuple[Band, ...] = ()
    on: Basis = "value"
    closed: Literal["lower", "upper"] = "lower"

    zero_target_hint = "set a non-zero target, or use on: value"

    @property
    def needs_target(self) -> bool:
        return self.on == "achievement"

    @property
    def divides_by_target(self) -> bool:
        return self.on == "achievement"

    @property
    def value_scale(self) -> bool:
        return self.on == "value"

    def scaled(self, factor: Fraction) -> BandsRule:
        if not self.value_scale:
            return self
        return replace(self, bands=tuple(replace(b, low=times(b.low, factor),
                                                 high=times(b.high, factor))
                                         for b in self.bands))

    @cached_property
    def intervals(self) -> tuple[Interval, ...]:
        return tuple(Interval(b.low, b.high, self.closed, b.label) for b in self.bands)

    def contains(self, band: Band, x: float) -> bool:
        s = settle(x)
        if self.closed == "lower":
            return (band.low is None or s >= band.low) and (band.high is None or s < band.high)
        return (band.low is None or s > band.low) and (band.high is None or s <= band.high)

    def score(self, value: float, target: Target | None) -> Outcome:
        x = measure(self.on, value, target)
        for band, interval in zip(self.bands, self.intervals, strict=True):
            if self.contains(band, x):
                return Outcome(band.points, Step(f"bands.{self.on}", {
                    "x": x, "band": interval, "points": band.points}))
        raise EvaluationError(_("{value} {x} is outside every band").format(
                                  value=MEASURED[self.on], x=show(x)),
                              _("add a band that covers this value"))

    def columns(self, value: Column, base: Floats, stretch: Floats) -> Scored:
        x, bad = measure_column(self.on, value, base)
        points = np.full(len(value), np.nan)
        which = np.full(len(value), -1)
        found = np.zeros(len(value), dtype=bool)
        for k, band in enumerate(self.bands):
            inside = ~found
            if self.closed == "lower":
                if band.low is not None:
                    inside &= at_least_column(x, band.low)
                if band.high is not None:
                    inside &= ~at_least_column(x, band.high)
            else:
                if band.low is not None:
                    inside &= ~at_most_column(x, band.low)
                if band.high is not None:
                    inside &= at_most_column(x, band.high)
            points = np.where(inside, band.points, points)
            which = np.where(inside, k, which)
            found |= inside
        intervals = np.empty(len(self.intervals) + 1, dtype=object)
        intervals[:-1] = self.intervals  # [-1]: outside every band (those go person by person)
        kind = f"bands.{self.on}"
        return Scored(points, bad | ~found, steps(
            (kind,), np.zeros(len(value)), {"x": x, "band": intervals[which], "points": points},
            {kind: _KEYS}))


def build(raw: Mapping[str, Any], kind: str, direction: Direction, path: Path,
          ctx: RuleContext) -> BandsRule | None:
    bands = [Band(number(b, "min"), number(b, "max"), float(b["points"]), b.get("label", ""))
             for b in raw["bands"]]
    closed = raw.get("closed", "lower")
    ok = True
    for i, band in enumerate(bands):
        if band.low is not None and band.high is not None and band.low >= band.high:
            ctx.error((*path, "bands", i), _("band min {low} is not below its max {high}").format(
                low=show(band.low), high=show(band.high)), _("swap them"), at_key=True)
            ok = False
    if not ok:
        return None  # the order of bands that are themselves wrong says nothing
    order = sorted(range(len(bands)), key=lambda i: (bands[i].low is not None,
                                                      bands[i].low or 0.0))
    if not _no_overlap_or_gap(bands, order, closed, path, ctx):
        return None
    lowest, highest = bands[order[0]], bands[order[-1]]
    if lowest.low is not None:
        ctx.error((*path, "bands", order[0]), _("a value below {low} falls in no band, and "
                                                "cannot be scored").format(low=show(lowest.low)),
                  _("leave out the lowest band's min if such values can occur"), warning=True)
    if highest.high is not None:
        ctx.error((*path, "bands", order[-1]), _("a value above {high} falls in no band, and "
                                                 "cannot be scored").format(
                                                   high=show(highest.high)),
                  _("leave out the highest band's max if such values can occur"), warning=True)
    return BandsRule(kind, direction, bands=tuple(bands[i] for i in order),
                     on=raw.get("on", "value"), closed=closed)


def _no_overlap_or_gap(bands: list[Band], order: list[int], closed: str, path: Path,
                       ctx: RuleContext) -> bool:
    """Walk the bands from the lowest min, comparing each with the band that reaches highest
    so far, so that a band nested inside another is not taken for a gap."""

    def span(band: Band) -> str:  # a band as HR reads it, by its range rather than index
        return str(Interval(band.low, band.high, "upper" if closed == "upper" else "lower"))

    ok = True
    reach = order[0]
    for b in order[1:]:
        first, second = bands[reach], bands[b]
        if first.high is not None and (second.high is None or second.high > first.high):
            reach = b
        if first.high is None or second.low is None or first.high > second.low:
            low = show(second.low) if second.low is not None else "-∞"
            top = min((x for x in (first.high, second.high) if x is not None), default=None)
            high = show(top) if top is not None else "∞"
            ctx.error((*path, "bands", b), _("bands {first} and {second} overlap: a value from "
                                             "{low} to {high} is in both").format(
                first=span(first), second=span(second), low=low, high=high),
                _("make each band's max the next band's min"))
            ok = False
        elif first.high < second.low:
            ctx.error((*path, "bands", b), _("bands {first} and {second} leave a gap: a value "
                                             "from {high} to {low} gets no points").format(
                first=span(first), second=span(second), high=show(first.high),
                low=show(second.low)),
                _("set the max of the lower band to {low}, or the min of the upper band to "
                  "{high}").format(low=show(second.low), high=show(first.high)))
            ok = False
    return ok


KINDS = (RuleKind("bands", build, WORDS),)
