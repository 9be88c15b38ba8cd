"""Building scales and data fields (数据项): aggregates, weights, raters, conversions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..diagnostics import Path
from ..model import Conversion, Field, Raters, Scale, ScaleLevel
from ..numbers import percent, show
from .context import Context


def scale(ctx: Context, key: str, raw: dict[str, Any]) -> Scale:
    levels = {
        str(level): ScaleLevel(float(v["points"]), v.get("label", ""), v.get("description", ""))
        for level, v in raw["levels"].items()
    }
    return Scale(key, raw.get("label", key), levels)


def field(ctx: Context, key: str, raw: dict[str, Any]) -> Field:
    scale_name = raw.get("scale")
    if scale_name is not None:
        ctx.refer(("fields", key, "scale"), scale_name, "scales", "scale")
    path: Path = ("fields", key)
    aggregate, weight = raw.get("aggregate", "sum"), raw.get("weight")
    if aggregate == "weighted_average" and weight is None:
        ctx.error((*path, "aggregate"), f"field '{key}' is a weighted average but names no "
                  "field to weigh it by", "add weight: <field>, e.g. the number of surveys")
    elif weight is not None and aggregate != "weighted_average":
        ctx.error((*path, "weight"), f"field '{key}' names a weight, but its aggregate is "
                  f"{aggregate}", "set aggregate: weighted_average, or remove 'weight'")
    elif weight is not None and ctx.refer((*path, "weight"), weight, "fields", "field"):
        other = ctx.data["fields"][weight]
        if weight == key or other.get("type", "number") != "number":
            ctx.error((*path, "weight"), f"field '{key}' cannot be weighed by '{weight}'",
                      "name another field that holds a number")
    if raw.get("type") == "rating" and aggregate != "last" and "aggregate" in raw \
            and ctx.calendar is not None:  # without a calendar nothing is rolled up
        ctx.error((*path, "aggregate"), f"field '{key}' holds a rating; ratings cannot be "
                  f"combined by {aggregate}", "use aggregate: last")
    return Field(key, raw.get("label", key), raw.get("unit", ""), raw.get("definition", ""),
                 raw.get("type", "number"), scale_name, aggregate, weight,
                 raw.get("combine", "sum"), _raters(ctx, key, raw), _conversion(ctx, key, raw))


def _raters(ctx: Context, key: str, raw: dict[str, Any]) -> Raters | None:
    path: Path = ("fields", key)
    if "raters" not in raw:
        if "drop_extremes" in raw:
            ctx.error((*path, "drop_extremes"), f"field '{key}' has no raters to drop",
                      "add raters:, or remove drop_extremes")
        return None
    raters = Raters({k: Decimal(v) for k, v in raw["raters"].items()},
                    bool(raw.get("drop_extremes", False)))
    total = sum(raters.weights.values(), Decimal(0))
    if total != 100:
        ctx.error((*path, "raters"), f"rater weights of field '{key}' add up to "
                  f"{percent(total)}, expected 100%", "adjust the weights", at_key=True)
    if raw.get("type") == "rating":
        ctx.error((*path, "raters"), f"field '{key}' is a rating on a scale; several raters "
                  "give numbers", "remove type: rating, and use convert: to change a 1-5 "
                  "rating to points", at_key=True)
    return raters


def _conversion(ctx: Context, key: str, raw: dict[str, Any]) -> Conversion | None:
    if "convert" not in raw:
        return None
    (low, high), (to_low, to_high) = raw["convert"]["from"], raw["convert"]["to"]
    convert = Conversion(float(low), float(high), float(to_low), float(to_high))
    if convert.low >= convert.high:
        ctx.error(("fields", key, "convert", "from"), f"the rating range {show(convert.low)} "
                  f"to {show(convert.high)} is empty", "write the lowest rating first")
    if raw.get("type") == "rating":
        ctx.error(("fields", key, "convert"), f"field '{key}' is a rating on the scale "
                  f"'{raw.get('scale')}', whose levels give the points; convert changes "
                  "numbers", "remove convert, or remove type: rating to read the ratings as "
                  "numbers", at_key=True)
    return convert


def check_labels(ctx: Context, fields: dict[str, Field]) -> None:
    """Data files may head a column by a field's label, so a label names one field."""
    owner: dict[str, str] = {}
    for found in fields.values():
        for name in {found.label, found.id}:
            other = owner.setdefault(name, found.id)
            if other != found.id:
                ctx.error(("fields", found.id, "label"), f"fields '{other}' and '{found.id}' "
                          f"are both called '{name}'; a data column headed '{name}' would be "
                          "ambiguous", "give each field its own label")
