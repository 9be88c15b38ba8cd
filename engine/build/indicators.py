"""Building indicators (指标): the formula, the rule (through ``RULES``), the target, and
the checks that need the rule and the fields together."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Path
from ..formula import Formula, compile_formula
from ..formula.degree import period_degree
from ..formula.earlier import field_of
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
    formula = ctx.formula((*path, "formula"), str(raw["formula"]), ctx.known("fields"), "field",
                          looks_back=True)
    if formula is None:
        return None
    if formula.looks_back:
        _check_looks_back(ctx, path, formula, fields, raw.get("scope", "own"))
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


def _check_looks_back(ctx: Context, path: Path, formula: Formula, fields: dict[str, Field],
                      scope: str) -> None:
    """``previous(field)`` and ``last_year(field)`` read a number kept month by month, for
    the person's own card."""
    text = str(ctx.data["indicators"][path[1]]["formula"])
    for name, column in formula.looks_back.items():
        kind, _, rest = name.partition("(")
        found = fields.get(rest[:-1])
        message = hint = ""
        if ctx.calendar is None:
            message = f"{name} needs the figures of earlier months, but this scheme is " \
                "not kept by month"
            hint = "add calendar: {year: ...} and keep the data by month (a period " \
                "column of YYYY-MM); or give the earlier figure as a field of its own"
        elif found is not None and found.type == "rating":
            message = f"{name}: '{found.id}' holds a rating; {kind}() takes a number field"
            hint = "growth is worked out on numbers, such as revenue"
        elif found is not None and found.raters is not None:
            message = f"{name}: '{found.id}' is rated by several raters; {kind}() takes " \
                "a figure the data gives in one column"
            hint = "rate the earlier months' figure as a field of its own"
        elif scope == "unit":
            message = f"{name} cannot be scored on a unit (scope: unit): it reads the " \
                "person's own earlier months"
            hint = "score growth on each person's own figures (scope: own)"
        if message:
            ctx.formula_error((*path, "formula"), text, column, message, hint)


def _sums(raw: dict[str, Any], formula: Formula, fields: dict[str, Field]) -> bool | None:
    """Whether the value is a total over the months: as the indicator says, else as its
    formula says (a summed field, and sums of them); None when that cannot be told."""
    if "sums_over_months" in raw:
        return bool(raw["sums_over_months"])
    degrees = {name: int(f.type == "number" and f.aggregate == "sum")
               for name, f in fields.items()}
    degrees.update({name: degrees.get(field_of(name), 0) for name in formula.looks_back})
    found = period_degree(formula.tree, degrees)
    return None if found is None or found not in (0, 1) else found == 1


def _members(ctx: Context, path: Path, key: str, raw: dict[str, Any]) -> Indicator | None:
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

