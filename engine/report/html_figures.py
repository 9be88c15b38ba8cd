"""The numbers of the HTML report (``appraise report``), worked out from the result's columns:
the company's overview, the grades, each unit's totals, and how each indicator's targets
were met. Plain data, in the scheme's order; :mod:`.html_charts` draws it and
:mod:`.html_report` lays it out.

Totals are the rounded totals every other output shows; an average of them is rounded
half up to the scheme's points; money is summed in cents, as it is paid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from ..numbers import money_text, settle
from ..scoring import Result
from .layout import Points


@dataclass(frozen=True)
class Overview:
    people: int
    average: str  # the average of the rounded totals, at the scheme's points ('' for nobody)
    bonus: str  # what is paid in all, with thousands separated
    grades: tuple[tuple[str, int], ...]  # each grade as named ('B 良好') and its people


@dataclass(frozen=True)
class UnitTotals:
    label: str
    people: int
    average: float  # of the rounded totals, rounded the scheme's way
    totals: tuple[float, ...]
    shown: str  # the average as written, to the scheme's points (90.50)


@dataclass(frozen=True)
class Reached:
    """One indicator's targets over everybody whose card has it with a target."""

    label: str
    id: str
    scored: int  # items with a target other than 0 and a number for a value
    met: int  # of those, how many met the target in the indicator's direction
    average: float  # the average achievement (value / target × 100), rounded
    shown: str  # the average as written, to the scheme's points (90.00)


def rounded_totals(result: Result) -> list[Decimal]:
    """Everybody's total as every output shows it, in the data's order."""
    return [Decimal(t) for t in Points(result.scheme).texts(result.columns.total)]


def overview(result: Result) -> Overview:
    scheme, people = result.scheme, result.columns
    totals = rounded_totals(result)
    counts = np.bincount(np.asarray(people.grade, dtype=np.intp),
                         minlength=len(scheme.grades)).tolist()
    grades = tuple((grade.named, int(n)) for grade, n in zip(scheme.grades, counts,
                                                             strict=True))
    paid = sum(cents or 0 for cents in people.paid)
    return Overview(len(totals), _average(totals, scheme.rounding.points), money_text(
        paid, scheme.rounding.money), grades)


def _average(totals: Sequence[Decimal], places: int) -> str:
    if not totals:
        return ""
    mean = sum(totals, Decimal(0)) / len(totals)
    return str(mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def units(result: Result) -> list[UnitTotals]:
    """Each unit with people ranked in it (their latest post's unit), in the scheme's
    order: its people's totals and their average."""
    scheme = result.scheme
    by_unit: dict[str, list[Decimal]] = {}
    for unit, total in zip(result.columns.unit, rounded_totals(result), strict=True):
        by_unit.setdefault(unit, []).append(total)
    out = []
    for u in scheme.units:
        if u in by_unit:
            shown = _average(by_unit[u], scheme.rounding.points)
            out.append(UnitTotals(scheme.units[u].label, len(by_unit[u]), float(shown),
                                  tuple(map(float, by_unit[u])), shown))
    return out


def reached(result: Result) -> list[Reached]:
    """Each indicator with a target on somebody's card, in the scheme's order: of the
    items scored with a target, how many met it and the average achievement. A person
    who held two posts in the period counts on each."""
    scheme, points = result.scheme, Points(result.scheme)
    found: dict[str, tuple[list[float], int]] = {}
    for batch in result.batches:
        for piece in batch.pieces.values():
            value = piece.value
            if len(piece.who) == 0 or value.dtype == object:  # ratings, words: no target
                continue
            base, _ = piece.target_columns()
            values = np.asarray(value, dtype=np.float64)
            known = ~np.isnan(base) & (base != 0) & ~np.isnan(values)
            if not known.any():
                continue
            shares, kept = found.setdefault(piece.indicator.id, ([], 0))
            x, target = values[known], base[known]
            with np.errstate(all="ignore"):
                shares += (x / target * 100).tolist()
            found[piece.indicator.id] = (shares, kept + _met(piece.indicator.direction,
                                                             x, target))
    out = []
    for indicator in scheme.indicators.values():
        if indicator.id in found:
            shares, met = found[indicator.id]
            average = points(float(np.mean(shares)))
            out.append(Reached(indicator.named, indicator.id, len(shares), met,
                               float(average), str(average)))
    return out


def _met(direction: str, value: np.ndarray, target: np.ndarray) -> int:
    """How many values met their targets: at least it (higher is better), at most it
    (lower is better), on it (closest to target); to 12 significant digits, as scored."""
    value, target = _settled(value), _settled(target)
    if direction == "lower_is_better":
        return int(np.count_nonzero(value <= target))
    if direction == "closest_to_target":
        return int(np.count_nonzero(value == target))
    return int(np.count_nonzero(value >= target))


def _settled(column: np.ndarray) -> np.ndarray:
    """Each value at 12 significant digits, as :func:`~appraise.numbers.settle` gives it."""
    return np.array([settle(x) for x in column.tolist()])


__all__ = ["Overview", "Reached", "UnitTotals", "overview", "reached", "rounded_totals",
           "units"]
