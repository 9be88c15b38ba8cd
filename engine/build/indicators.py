"""Building indicators (指标): the formula, the rule (through ``RULES``), the target, and
the checks that need the rule and the fields together."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Path
from ..formula import Formula, compile_formula
from ..formula.degree import period_degree
from ..model import Field, Indicator
from ..numbers import show
from ..rules import RULES, MembersRule, Rule, Target
from ..rules.base import number
from .context import Context


def target(raw: Any) -> Target:
    """A target as written: a number (the base task) or ``{base, stretch, per}``."""
    if isinstance(raw, dict):
        return Target(float(raw["base"]), number(raw, "stretch"), raw.get("per"))
    return Target(float(raw))


def indicator(ctx: Context, key: str, raw: dict[str, Any],
              fields: dict[str, Field]) -> Indicator | None:
    path: Path = ("indicators", key)
    if "members" in raw:
        return _members(ctx, path, key, raw)
    missing = [k for k in ("formula", "rule") if k not in raw]
    if missing:
        ctx.error(path, f"indicator '{key}' needs " + " and ".join(f"a {m}" for m in missing),
                  "every indicator has a formula and a rule, except a members indicator",
                  at_key=True)
        return None
    formula = ctx.formula((*path, "formula"), str(raw["formula"]), ctx.known("fields"), "field")
    if formula is None:
        return None
    rule_raw: dict[str, Any] = raw["rule"]
    kind = RULES[rule_raw["kind"]]  # the schema admits only the kinds in RULES
    direction = raw.get("direction") or kind.default_direction
    rule = kind.build(rule_raw, kind.kind, direction, (*path, "rule"), ctx)
    if rule is None:
        return None
    ratings = sorted(n for n in formula.names if n in fields and fields[n].type == "rating")
    if rule.scores_ratings:
        _check_rating(ctx, path, formula.names, fields, rule)
    elif ratings:
        ctx.error((*path, "formula"), f"'{ratings[0]}' holds a rating, not a number; it can "
                  f"only be scored by a rating rule", "use kind: rating with the field alone as "
                  "the formula")
    goal = target(raw["target"]) if "target" in raw else None
    if goal is not None:
        check_target(ctx, (*path, "target"), key, rule, goal, "")
    return Indicator(key, raw.get("label", key), raw.get("perspective"),
                     raw.get("type", "quantitative"), direction, raw.get("unit", ""),
                     formula, rule, goal, raw.get("description", ""), raw.get("scope", "own"),
                     sums_over_months=_sums(raw, formula, fields),
                     rule_per=rule_raw.get("per"))


def _sums(raw: dict[str, Any], formula: Formula, fields: dict[str, Field]) -> bool | None:
    """Whether the value is a total over the months: as the indicator says, else as its
    formula says (a summed field, and sums of them); None when that cannot be told."""
    if "sums_over_months" in raw:
        return bool(raw["sums_over_months"])
    degrees = {name: int(f.type == "number" and f.aggregate == "sum")
               for name, f in fields.items()}
    found = period_degree(formula.tree, degrees)
    return None if found is None or found not in (0, 1) else found == 1


def _members(ctx: Context, path: Path, key: str, raw: dict[str, Any]) -> Indicator | None:
    if isinstance(raw["members"], dict):
        return _share(ctx, path, key, raw)
    extra = [k for k in ("formula", "rule", "target", "scope") if k in raw]
    if extra:
        ctx.error((*path, extra[0]), f"'{key}' is a members indicator: its points are the "
                  f"average total of the unit's members, so it takes no {extra[0]}",
                  f"remove '{extra[0]}'", at_key=True)
        return None
    return Indicator(key, raw.get("label", key), raw.get("perspective"), "quantitative",
                     "higher_is_better", "points", compile_formula("0", ()),
                     MembersRule("members", "higher_is_better"), None,
                     raw.get("description", ""), "own", raw["members"])


def _share(ctx: Context, path: Path, key: str, raw: dict[str, Any]) -> Indicator | None:
    """``members: {share: condition}``: the percentage of the unit's members for whom the
    condition holds, scored by the indicator's rule like any value."""
    extra = [k for k in ("formula", "scope") if k in raw]
    if extra:
        ctx.error((*path, extra[0]), f"'{key}' is a team share: its value is the percentage "
                  f"of the unit's members who meet its condition, so it takes no {extra[0]}",
                  f"remove '{extra[0]}'", at_key=True)
        return None
    if "rule" not in raw:
        ctx.error(path, f"team share '{key}' needs a rule", "score the percentage like any "
                  "value, e.g. rule: {kind: ratio} with target: 80", at_key=True)
        return None
    where = (*path, "members", "share")
    condition = ctx.condition(where, str(raw["members"]["share"]), ctx.known("indicators"))
    if condition is None:
        return None
    if key in condition.indicators:
        ctx.error(where, f"team share '{key}' reads itself", "read the members' own "
                  "indicators, e.g. achievement(revenue_achievement) >= 100")
        return None
    rule_raw: dict[str, Any] = raw["rule"]
    kind = RULES[rule_raw["kind"]]
    direction = raw.get("direction") or kind.default_direction
    rule = kind.build(rule_raw, kind.kind, direction, (*path, "rule"), ctx)
    if rule is None:
        return None
    if rule.scores_ratings or rule.role != "weighted":
        ctx.error((*path, "rule", "kind"), f"team share '{key}' is a percentage, which a "
                  f"{rule.kind} rule does not score", "use a rule that scores a value, e.g. "
                  "ratio, linear, bands or threshold")
        return None
    goal = target(raw["target"]) if "target" in raw else None
    if goal is not None:
        check_target(ctx, (*path, "target"), key, rule, goal, "")
    return Indicator(key, raw.get("label", key), raw.get("perspective"), "quantitative",
                     direction, raw.get("unit", "%"), compile_formula("0", ()), rule, goal,
                     raw.get("description", ""), "own", "share", sums_over_months=False,
                     rule_per=rule_raw.get("per"), share=condition)


def _check_rating(ctx: Context, path: Path, names: frozenset[str], fields: dict[str, Field],
                  rule: Rule) -> None:
    if len(names) == 1 and ("fields", next(iter(names))) in ctx.broken_entries:
        return  # the field's own error says what is wrong
    found = fields.get(next(iter(names))) if len(names) == 1 else None
    formula = str(ctx.data["indicators"][path[1]]["formula"]).strip()
    if found is None or found.type != "rating" or formula != found.id:
        ctx.error((*path, "formula"), "a rating rule scores one rating field: the formula must "
                  "be just that field's name", "declare the field with type: rating and a scale")
        return
    scale = getattr(rule, "scale", None)
    if found.scale in ctx.known("scales") and found.scale != scale:
        ctx.error((*path, "rule", "scale"), f"field '{found.id}' is rated on scale "
                  f"'{found.scale}', but the rule uses scale '{scale}'",
                  f"use scale: {found.scale}")


def check_target(ctx: Context, path: Path, name: str, rule: Rule, goal: Target,
                 owner: str) -> None:
    """A target the rule can use: a stretch above the base, and no zero or negative target
    where the rule divides by it."""
    if goal.stretch is not None and goal.stretch <= goal.base:
        ctx.error(path, f"the stretch goal {show(goal.stretch)} of '{name}' is not above its "
                  f"base {show(goal.base)}", "stretch is the higher level")
    if rule.needs_stretch and goal.stretch is None:
        ctx.error(path, rule.missing_stretch(name), "write {base: ..., stretch: ...}")
    whose = f" for {owner}" if owner else ""
    if rule.divides_by_target and (goal.base == 0 or goal.stretch == 0):
        ctx.error(path, f"the target of '{name}'{whose} is 0, but its {rule.kind} rule divides "
                  "by the target", rule.zero_target_hint)
    elif rule.divides_by_target and (goal.base < 0 or (goal.stretch or 0) < 0):
        ctx.error(path, f"the target of '{name}'{whose} is negative ({goal}), but its "
                  f"{rule.kind} rule measures achievement against it",
                  "check the sign; a target measured as achievement must be above 0")

