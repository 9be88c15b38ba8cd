"""JSON text for the values of a result: a step, a target, an indicator, an item, and whole
columns of numbers and strings, each distinct value written once.

What a column gives is what :func:`json.dumps` gives for each of its values on its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..model import Indicator
from ..numbers import settle, weight_number
from ..rules import Expression, Interval, Step, StepValue, Target
from ..scoring import Item
from ..scoring.columns import Floats
from .layout import Points, formatted


def step_json(step: Step) -> dict[str, Any]:
    """A step as data: its kind, each of its values, the limit that bounded the points."""
    out: dict[str, Any] = {"kind": step.kind, **{k: value(v) for k, v in step.values.items()}}
    if step.limit is not None:
        out["limited_by"] = step.limit
    if step.within is not None:
        out["for_unit"] = step.within
    return out


def target_json(target: Target | None) -> dict[str, float] | None:
    if target is None:
        return None
    out = {"base": settle(target.base)}
    if target.stretch is not None:
        out["stretch"] = settle(target.stretch)
    return out


def indicator_json(indicator: Indicator) -> dict[str, Any]:
    """What an indicator is: the same for every person scored on it."""
    found = {"indicator": indicator.id, "label": indicator.label,
             "perspective": indicator.perspective, "rule": indicator.rule.kind,
             "role": indicator.rule.role, "unit": indicator.unit,
             "formula": indicator.formula.text}
    if indicator.share is not None:  # the share of members who meet a condition
        found.update(formula=None, share=indicator.share.text)
    return found


def item_json(points: Points, item: Item) -> dict[str, Any]:
    """One person's item: its value, target, achievement, points and weight (the score
    JSON adds the post and the step)."""
    return {
        "indicator": item.indicator.id,
        "value": item.value if isinstance(item.value, str) else settle(item.value),
        "target": target_json(item.target),
        "achievement": None if item.achievement is None else float(points(item.achievement)),
        "points": float(points(item.points)),
        "weight": None if item.weight is None else weight_number(item.weight),
        "weighted": None if item.weighted is None else float(points(item.weighted)),
    }


def value(found: StepValue | Any) -> Any:
    """A value of a step as data: a band as its limits, a formula as written."""
    if isinstance(found, Interval):
        return {"min": found.low, "max": found.high, "closed": found.closed,
                "label": found.label}
    return found.template if isinstance(found, Expression) else found


def dumps(found: Any) -> str:
    return json.dumps(found, ensure_ascii=False)


def texts(column: Any, settled: bool = False) -> list[str]:
    """Each number of ``column`` as JSON writes it (null for NaN), each distinct one once;
    ``settled``: taken to 12 significant digits first. Distinct is by the bits: -0.0 is
    written as -0.0 and 0.0 as 0.0, however a column or a block of it is cut."""
    floats = np.ascontiguousarray(column, dtype=np.float64).reshape(-1)
    unique, inverse = np.unique(floats.view(np.uint64), return_inverse=True)
    distinct = unique.view(np.float64)
    if settled:
        shown = _settled_texts(distinct)
    else:
        shown = list(map(repr, distinct.tolist()))
        for i in np.flatnonzero(np.isnan(distinct)).tolist():
            shown[i] = "null"
    return spread(shown, inverse)


def spread(shown: list[str], inverse: NDArray[np.intp]) -> list[str]:
    """``shown[i]`` for each ``i`` of ``inverse``."""
    index = inverse.reshape(-1).tolist()
    return list(itemgetter(*index)(shown)) if len(index) > 1 else [shown[i] for i in index]


def _settled_texts(distinct: Floats) -> list[str]:
    """:func:`settled_text` of each value: the shortest text of its settled value.

    Between 1e-4 and 1e11, ``%.12g`` writes the settled value's digits without an
    exponent, and so does ``repr`` of the settled value: two decimals of 15 significant
    digits or fewer are never the same double, so the shortest text of a 12-digit one is
    those digits. ``repr`` adds ``.0`` to a whole number, and writes one below 1e16 as
    ``%.1f`` does. Zero, noise, NaN and the very large are settled one by one.
    """
    magnitude = np.abs(distinct)
    plain = (magnitude >= 1e-4) & (magnitude < 1e11)
    whole = plain & (distinct == np.floor(distinct))  # most figures: 1380000.0 as it is
    part = plain & ~whole
    shown = np.empty(len(distinct), dtype=object)
    shown[whole] = formatted("%.1f", distinct[whole].tolist())
    shown[part] = [t if "." in t else t + ".0"
                   for t in formatted("%.12g", distinct[part].tolist())]
    for i in np.flatnonzero(~plain).tolist():
        shown[i] = settled_text(float(distinct[i]))
    out: list[str] = shown.tolist()
    return out


def numbers(values: Sequence[float]) -> list[str]:
    """Each float as :func:`json.dumps` writes it (NaN and the infinities as it names them)."""
    return [repr(v) if v - v == 0 else dumps(v) for v in values]


def settled_text(found: float) -> str:
    if found != found:
        return "null"
    if found == 0:
        return "0.0"  # -0.0 settles to 0, as every value smaller than the noise does
    text = repr(found)
    # Written in 12 significant digits or fewer, a number is its own settled value.
    if "e" in text or len(text.replace(".", "").lstrip("-0")) > 12:
        text = repr(settle(found))
    return text


def strings(values: Sequence[str | None]) -> list[str]:
    """Each string as JSON writes it (null for None), each distinct one once."""
    made = {v: "null" if v is None else encode_basestring(v) for v in set(values)}
    return list(map(made.__getitem__, values))


def evidence_json_of(item: Item) -> dict[str, Any]:
    """The item's evidence as data (none for an item without evidence)."""
    if item.evidence is None:
        return {}
    from .evidence import evidence_json  # a scheme with evidence: worth loading

    return evidence_json(item)

