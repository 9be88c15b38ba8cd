"""Building scales and data fields (数据项): aggregates, weights, raters, conversions, the
range of figures a field takes, and the targets and thresholds checked against it."""

from __future__ import annotations

import ast
import math
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..diagnostics import Path
from ..i18n import _
from ..model import Conversion, Field, Indicator, Person, Post, Raters, Scale, ScaleLevel
from ..numbers import percent, show, written
from ..rules import Target
from ..rules.threshold import ThresholdRule
from .context import Context


def scale(ctx: Context, key: str, raw: dict[str, Any]) -> Scale:
    levels = {
        str(level): ScaleLevel(float(v["points"]), v.get("label", ""), v.get("description", ""))
        for level, v in raw["levels"].items()
    }
    return Scale(key, raw.get("label", key), levels)


def field(ctx: Context, key: str, raw: dict[str, Any]) -> Field:
    """A field, with the words the scheme writes about it (its English name, its counting
    rule in English, a description) for the documents made from the scheme."""
    built = _field(ctx, key, raw)
    label_en, definition_en, description = (str(raw.get(k) or "").strip() for k in (
        "label_en", "definition_en", "description"))
    if not (label_en or definition_en or description):
        return built
    return replace(built, label_en=label_en, definition_en=definition_en,
                   description=description)


def _field(ctx: Context, key: str, raw: dict[str, Any]) -> Field:
    if raw.get("type") == "text":
        return text_field(ctx, key, raw)
    if "count" in raw:
        from .feeds import count_field  # a scheme that counts another's subjects

        return count_field(ctx, key, raw)
    scale_name = raw.get("scale")
    if scale_name is not None:
        ctx.refer(("fields", key, "scale"), scale_name, "scales", "scale")
    path: Path = ("fields", key)
    aggregate, weight = raw.get("aggregate", "sum"), raw.get("weight")
    if aggregate == "weighted_average" and weight is None:
        ctx.error((*path, "aggregate"), _("field '{key}' is a weighted average but names no "
                                          "field to weigh it by").format(key=key),
                  _("add weight: <field>, e.g. the number of surveys"))
    elif weight is not None and aggregate != "weighted_average":
        ctx.error((*path, "weight"), _("field '{key}' names a weight, but its aggregate is "
                                       "{aggregate}").format(key=key, aggregate=aggregate),
                  _("set aggregate: weighted_average, or remove 'weight'"))
    elif weight is not None and ctx.refer((*path, "weight"), weight, "fields", "field"):
        other = ctx.data["fields"][weight]
        if weight == key or other.get("type", "number") != "number":
            ctx.error((*path, "weight"), _("field '{key}' cannot be weighed by '{weight}'").format(
                                             key=key, weight=weight),
                      _("name another field that holds a number"))
    if raw.get("type") == "rating" and aggregate not in ("first", "last") \
            and "aggregate" in raw and ctx.calendar is not None:  # else nothing is rolled up
        ctx.error((*path, "aggregate"), _("field '{key}' holds a rating; ratings cannot be "
                                          "combined by {aggregate}").format(
                                            key=key, aggregate=aggregate),
                  _("use aggregate: last (or first)"))
    conversion = _conversion(ctx, key, raw)
    low, high, whole = _range(ctx, key, raw, conversion)
    return Field(key, raw.get("label", key), raw.get("unit", ""), raw.get("definition", ""),
                 raw.get("type", "number"), scale_name, aggregate, weight,
                 raw.get("combine", "sum"), _raters(ctx, key, raw), conversion, low, high, whole)


_NOT_FOR_TEXT = ("scale", "aggregate", "weight", "combine", "raters", "drop_extremes", "convert",
                 "min", "max", "integer")


def text_field(ctx: Context, key: str, raw: dict[str, Any]) -> Field:
    """A text field (得分依据, 备注): words kept as written, so none of the settings that
    check, convert or combine figures applies; over months its texts are joined."""
    path: Path = ("fields", key)
    for name in _NOT_FOR_TEXT:
        if name in raw:
            ctx.error((*path, name), _("field '{key}' holds text; '{name}' is for numbers and "
                                       "ratings").format(key=key, name=name),
                      (_("remove '{name}': the texts of several months are joined in month "
                         "order") if name == "aggregate" else
                       _("remove '{name}', or remove type: text to read the field as "
                         "figures")).format(name=name), at_key=True)
    return Field(key, raw.get("label", key), raw.get("unit", ""), raw.get("definition", ""),
                 "text", aggregate="last")


def _range(ctx: Context, key: str, raw: dict[str, Any], conversion: Conversion | None
           ) -> tuple[float | None, float | None, bool]:
    """The figures a field may hold (min, max, whole numbers), checked: some figure must
    be allowed, and a rating on a scale has its levels instead."""
    path: Path = ("fields", key)
    given = [k for k in ("min", "max", "integer") if k in raw]
    if given and raw.get("type") == "rating":
        keys = " and ".join((", ".join(given[:-1]), given[-1])) if len(given) > 1 else given[0]
        ctx.error((*path, given[0]), (
            _("field '{key}' is a rating on the scale '{scale}': {keys} are for numbers")
            if len(given) > 1 else
            _("field '{key}' is a rating on the scale '{scale}': {keys} is for numbers")).format(
            key=key, scale=raw.get("scale"), keys=keys),
            _("remove {keys}; the scale's levels are the ratings allowed").format(keys=keys),
                  at_key=True)
        return None, None, False
    low = float(raw["min"]) if "min" in raw else None
    high = float(raw["max"]) if "max" in raw else None
    whole = bool(raw.get("integer", False))
    if low is not None and high is not None and low > high:
        ctx.error((*path, "max"), _("field '{key}' takes no figure at all: its min {low} is "
                                    "above its max {high}").format(
                                      key=key, low=written(low), high=written(high)),
                  _("write the lowest figure allowed as min and the highest as max"), at_key=True)
    elif whole and low is not None and high is not None and math.ceil(low) > high:
        ctx.error((*path, "integer"), _("field '{key}' takes no figure at all: there is no whole "
                                        "number from {low} to {high}").format(
                                          key=key, low=written(low), high=written(high)),
                  _("widen min and max, or remove integer"), at_key=True)
    elif conversion is not None and (low is not None or high is not None) \
            and max(low if low is not None else conversion.low, conversion.low) \
            > min(high if high is not None else conversion.high, conversion.high):
        ctx.error((*path, given[0]), _(
            "field '{key}' takes no figure at all: min and max allow {allowed}, but convert "
            "takes {low} to {high}").format(
            key=key, allowed=Field(key, key, min=low, max=high).allowed,
            low=written(conversion.low), high=written(conversion.high)),
                  _("min and max hold for the figure as written, before it is converted: make "
                    "them agree with convert.from, or remove them"), at_key=True)
    return low, high, whole


def _raters(ctx: Context, key: str, raw: dict[str, Any]) -> Raters | None:
    path: Path = ("fields", key)
    if "raters" not in raw:
        if "drop_extremes" in raw:
            ctx.error((*path, "drop_extremes"), _("field '{key}' has no raters to drop").format(
                                                    key=key),
                      _("add raters:, or remove drop_extremes"))
        return None
    raters = Raters({k: Decimal(v) for k, v in raw["raters"].items()},
                    bool(raw.get("drop_extremes", False)))
    total = sum(raters.weights.values(), Decimal(0))
    if total != 100:
        ctx.error((*path, "raters"), _("rater weights of field '{key}' add up to {total}, "
                                       "expected 100%").format(key=key, total=percent(total)),
                  _("adjust the weights"), at_key=True)
    if raw.get("type") == "rating":
        ctx.error((*path, "raters"), _("field '{key}' is a rating on a scale; several raters "
                                       "give numbers").format(key=key),
                  _("remove type: rating, and use convert: to change a 1-5 rating to points"),
                  at_key=True)
    return raters


def _conversion(ctx: Context, key: str, raw: dict[str, Any]) -> Conversion | None:
    if "convert" not in raw:
        return None
    (low, high), (to_low, to_high) = raw["convert"]["from"], raw["convert"]["to"]
    convert = Conversion(float(low), float(high), float(to_low), float(to_high))
    if convert.low >= convert.high:
        ctx.error(("fields", key, "convert", "from"),
                  _("the rating range {low} to {high} is empty").format(
                      low=show(convert.low), high=show(convert.high)),
                  _("write the lowest rating first"))
    if raw.get("type") == "rating":
        ctx.error(("fields", key, "convert"), _("field '{key}' is a rating on the scale "
                                                "'{scale}', whose levels give the points; "
                                                "convert changes numbers").format(
                                                  key=key, scale=raw.get("scale")),
                  _("remove convert, or remove type: rating to read the ratings as numbers"),
                  at_key=True)
    return convert


def check_labels(ctx: Context, fields: dict[str, Field]) -> None:
    """Data files may head a column by a field's label, so a label names one field."""
    owner: dict[str, str] = {}
    for found in fields.values():
        for name in {found.label, found.id}:
            other = owner.setdefault(name, found.id)
            if other != found.id:
                ctx.error(("fields", found.id, "label"),
                          _("fields '{other}' and '{id}' are both called '{name}'; a data "
                            "column headed '{name}' would be ambiguous").format(
                              other=other, id=found.id, name=name),
                          _("give each field its own label"))


def check_targets(ctx: Context, fields: dict[str, Field], indicators: dict[str, Indicator],
                  posts: dict[str, Post], people: dict[str, Person]) -> None:
    """A target, or a threshold on the value, outside every figure its field can give is a
    slip (a satisfaction target of 120 on a field that takes 0 to 100): nobody could reach
    it, or everybody would. Checked where the indicator is one field whose figures are not
    added up, so that the indicator's value stays within the field's range."""
    for indicator in indicators.values():
        span = _value_range(ctx, indicator, fields)
        if span is None:
            continue
        goals: list[tuple[Path, str, str, Target]] = []
        if indicator.target is not None:
            goals.append((("indicators", indicator.id, "target"), "", "", indicator.target))
        for section, owners in (("posts", posts), ("people", people)):
            goals += [((section, key, "targets", indicator.id), section, key,
                       owner.targets[indicator.id])
                      for key, owner in owners.items() if indicator.id in owner.targets]
        found = [(path, _goal_words(False, section, indicator.id, key), goal.base)
                 for path, section, key, goal in goals if goal.formula is None]
        found += [(path, _goal_words(True, section, indicator.id, key), goal.stretch)
                  for path, section, key, goal in goals if goal.stretch is not None
                  and goal.stretch_formula is None]
        rule = indicator.rule
        if isinstance(rule, ThresholdRule) and rule.on == "value":
            found += [(("indicators", indicator.id, "rule", key), _(
                "the threshold {key} of '{name}'").format(key=key, name=indicator.id), edge)
                      for key, edge in (("at_least", rule.at_least), ("at_most", rule.at_most))
                      if edge is not None]
        low, high, words, name = span
        for path, what, edge in found:
            if not low <= edge <= high:
                ctx.error(path, _("{what} is {edge}, outside what field {name} can give: "
                                  "{words}").format(what=what, edge=written(edge), name=name,
                                                    words=words),
                          _("check it, or the field's min and max: both are in the field's "
                            "units"))


def _value_range(ctx: Context, indicator: Indicator, fields: dict[str, Field]
                 ) -> tuple[float, float, str, str] | None:
    """The lowest and highest value ``indicator`` can take, in words, with its field's name;
    None where it cannot be told (a formula over several fields, figures added up)."""
    tree = indicator.formula.tree
    spec = fields.get(tree.id) if isinstance(tree, ast.Name) else None
    if spec is None or spec.type != "number" or indicator.members is not None \
            or (indicator.scope == "unit" and spec.combine == "sum") \
            or (ctx.calendar is not None and spec.aggregate == "sum"):
        return None
    low = -math.inf if spec.min is None else spec.min
    high = math.inf if spec.max is None else spec.max
    if low > high or (spec.integer and math.isfinite(low) and math.ceil(low) > high):
        return None  # no figure at all: reported where the field is built
    name = _("'{field}' ({label})").format(field=spec.id, label=spec.label) \
        if spec.label != spec.id else f"'{spec.id}'"
    conversion = spec.convert
    if conversion is None:
        return (low, high, spec.allowed, name) if spec.min is not None \
            or spec.max is not None else None
    if conversion.low >= conversion.high or max(low, conversion.low) > min(high,
                                                                          conversion.high):
        return None  # reported where the field is built
    ends = sorted([conversion.of(max(low, conversion.low)),
                   conversion.of(min(high, conversion.high))])
    return ends[0], ends[1], _("{low} to {high} once converted").format(
        low=written(ends[0]), high=written(ends[1])), name


def _goal_words(stretch: bool, section: str, name: str, key: str) -> str:
    """A target (or a stretch goal) as a message names it: of the indicator, for a post or
    a person ('' for the indicator's own)."""
    if section == "posts":
        said = _("the stretch goal of '{name}' for post '{key}'") if stretch else \
            _("the target of '{name}' for post '{key}'")
    elif section == "people":
        said = _("the stretch goal of '{name}' for person '{key}'") if stretch else \
            _("the target of '{name}' for person '{key}'")
    else:
        said = _("the stretch goal of '{name}'") if stretch else _("the target of '{name}'")
    return said.format(name=name, key=key)
