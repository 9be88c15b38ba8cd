"""Building indicators (指标): the formula, the rule (through ``RULES``), the target, and
the checks that need the rule and the fields together."""

from __future__ import annotations

import math
import re
from typing import Any

from ..diagnostics import Path
from ..formula import Formula, compile_formula
from ..formula.degree import period_degree
from ..formula.earlier import field_of
from ..formula.functions import FormulaError, team_key
from ..i18n import _
from ..model import Field, Indicator
from ..numbers import show
from ..rules import RULES, MembersRule, Rule, Target
from .context import Context
from .evidence import evidence, texts_read
from .year import cascaded


def target(ctx: Context, path: Path, raw: Any) -> Target | None:
    """A target as written: a number (the base task), a formula over the person's figures,
    or ``{base, stretch, per}`` with either level a number or a formula; None, and the
    problem filed, if a formula cannot be read."""
    if not isinstance(raw, dict):
        base, formula = _level(ctx, path, raw)
        return None if base is None else Target(base, None, None, formula)
    base, formula = _level(ctx, (*path, "base"), raw["base"])
    stretch, stretch_formula = _level(ctx, (*path, "stretch"), raw.get("stretch"))
    if base is None or (stretch is None and "stretch" in raw):
        return None
    if (formula or stretch_formula) and raw.get("per") is not None:
        ctx.error((*path, "per"), _("a target written as a formula is worked out from the "
                                    "figures of the period scored, so it is that period's "
                                    "target: 'per' cannot scale it"), _("remove 'per'"),
                  at_key=True)
        return None
    return Target(base, stretch, raw.get("per"), formula, stretch_formula)


_SEPARATED = re.compile(r"[+-]?\d{1,3}([,，]\d{3})+(\.\d*)?")


def _level(ctx: Context, path: Path, raw: Any) -> tuple[float | None, Formula | None]:
    """A level of a target: a number, or a formula (its number NaN until worked out)."""
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        return float(raw), None
    if _SEPARATED.fullmatch(raw.strip()):  # '16,000,000': a number, not a list of three
        ctx.error(path, _("expected a number, found the text '{raw}'").format(raw=raw),
                  _("remove the quotes and any thousands separators"))
        return None, None
    formula = ctx.formula(path, raw, ctx.known("fields"), "field", team=True, looks_back=True)
    if formula is not None and formula.looks_back:
        check_looks_back(ctx, path, raw, formula, "own")
    return (math.nan, formula) if formula is not None else (None, None)


def check_formula_target(ctx: Context, path: Path, indicator: Indicator, goal: Target
                         ) -> None:
    """A target written as a formula where one can be: not on an indicator scored on its
    unit's figures, nor on one a cascade sets the targets of, and over number fields."""
    if not goal.formulas:
        return
    name = indicator.id
    if name in cascaded(ctx):
        if path[0] == "indicators":  # a post's or person's: refused with the cascade
            ctx.error(path, _("'{name}' takes its targets from a cascade, so its target cannot "
                              "be a formula").format(name=name),
                      _("remove this target, or take '{name}' out of the cascade to work its "
                        "target out from each person's figures").format(name=name))
        return
    if indicator.scope == "unit":
        ctx.error(path, _("'{name}' is scored on its unit's figures (scope: unit), so its target "
                          "cannot be a formula of a person's figures").format(name=name),
                      _("write the unit's target as a number"))
    elif indicator.members is not None:
        ctx.error(path, _("'{name}' is scored on the members of the holder's unit (members), so "
                          "its target cannot be a formula of a person's figures").format(
                            name=name),
                  _("write the target as a number"))
    for formula in goal.formulas:
        if texts_read(ctx, path, formula.fields | formula.team,
                      _("the target of '{name}' ({text})").format(name=name, text=formula.text)):
            continue
        written = ctx.section("fields") or {}
        ratings = sorted(n for n in formula.names if isinstance(written.get(n), dict)
                         and written[n].get("type") == "rating")
        if ratings:
            ctx.error(path, _("the target of '{name}' ({text}) reads '{value}', which holds a "
                              "rating, not a number").format(
                                name=name, text=formula.text, value=ratings[0]),
                          _("a target formula works on number fields"))


def indicator(ctx: Context, key: str, raw: dict[str, Any],
              fields: dict[str, Field]) -> Indicator | None:
    path: Path = ("indicators", key)
    if "members" in raw:
        return _members(ctx, path, key, raw)
    missing = [k for k in ("formula", "rule") if k not in raw]
    if missing:
        ctx.error(path, (_("indicator '{key}' needs a formula and a rule") if len(missing) > 1
                         else _("indicator '{key}' needs a formula") if missing == ["formula"]
                         else _("indicator '{key}' needs a rule")).format(key=key),
                  _("every indicator has a formula and a rule, except a members indicator"),
                  at_key=True)
        return None
    formula = ctx.formula((*path, "formula"), str(raw["formula"]), ctx.known("fields"), "field",
                          team=True, looks_back=True)
    if formula is None:
        return None
    if formula.looks_back:
        check_looks_back(ctx, (*path, "formula"), str(raw["formula"]), formula,
                         raw.get("scope", "own"))
    rule_raw: dict[str, Any] = raw["rule"]
    kind = RULES[rule_raw["kind"]]  # the schema admits only the kinds in RULES
    direction = raw.get("direction") or kind.default_direction
    rule = kind.build(rule_raw, kind.kind, direction, (*path, "rule"), ctx)
    if rule is None:
        return None
    if texts_read(ctx, (*path, "formula"), formula.fields | formula.team,
                  _("the formula of '{name}' ({text})").format(name=key, text=formula.text)):
        return None
    ratings = sorted(n for n in formula.names if n in fields and fields[n].type == "rating")
    if rule.scores_ratings:
        _check_rating(ctx, path, formula.names, fields, rule)
    elif ratings:
        ctx.error((*path, "formula"), _("'{field}' holds a rating, not a number; it can only be "
                                        "scored by a rating rule").format(field=ratings[0]),
                  _("use kind: rating with the field alone as the formula"))
    goal = target(ctx, (*path, "target"), raw["target"]) if "target" in raw else None
    if goal is not None:
        check_target(ctx, (*path, "target"), key, rule, goal, "")
    if formula.team and raw.get("scope") == "unit":
        ctx.error((*path, "formula"), _("'{key}' is scored on its unit's figures (scope: unit), "
                                        "which are already the team's: team_average() adds "
                                        "nothing there").format(key=key),
                  _("use the field itself, or remove scope: unit"))
        return None
    found = Indicator(key, raw.get("label", key), raw.get("perspective"),
                      raw.get("type", "quantitative"), direction, raw.get("unit", ""),
                      formula, rule, goal, raw.get("description", ""), raw.get("scope", "own"),
                      sums_over_months=_sums(raw, formula, fields),
                      rule_per=rule_raw.get("per"),
                      evidence=evidence(ctx, (*path, "evidence"), raw.get("evidence"), fields))
    if goal is not None:
        check_formula_target(ctx, (*path, "target"), found, goal)
    return found


def check_looks_back(ctx: Context, path: Path, text: str, formula: Formula, scope: str
                     ) -> None:
    """``previous(field)`` and ``last_year(field)`` (in the formula ``text`` written at
    ``path``) read a number kept month by month, for the person's own card."""
    for name, column in formula.looks_back.items():
        kind, _paren, rest = name.partition("(")
        field = rest[:-1]
        spec = (ctx.section("fields") or {}).get(field)
        spec = spec if isinstance(spec, dict) else {}
        message = hint = ""
        if ctx.calendar is None:
            message = _("{name} needs the figures of earlier months, but this scheme is not kept "
                        "by month").format(name=name)
            hint = _("add calendar: {year: ...} and keep the data by month (a period column of "
                     "YYYY-MM); or give the earlier figure as a field of its own")
        elif spec.get("type") == "rating":
            message = _("{name}: '{field}' holds a rating; {kind}() takes a number field").format(
                          name=name, field=field, kind=kind)
            hint = _("growth is worked out on numbers, such as revenue")
        elif spec.get("raters") is not None:
            message = _("{name}: '{field}' is rated by several raters; {kind}() takes a figure "
                        "the data gives in one column").format(name=name, field=field, kind=kind)
            hint = _("rate the earlier months' figure as a field of its own")
        elif scope == "unit":
            message = _("{name} cannot be scored on a unit (scope: unit): it reads the person's "
                        "own earlier months").format(name=name)
            hint = _("score growth on each person's own figures (scope: own)")
        if message:
            ctx.formula_error(path, text, FormulaError(message, column, hint), hint)


def _sums(raw: dict[str, Any], formula: Formula, fields: dict[str, Field]) -> bool | None:
    """Whether the value is a total over the months: as the indicator says, else as its
    formula says (a summed field, and sums of them); None when that cannot be told."""
    if "sums_over_months" in raw:
        return bool(raw["sums_over_months"])
    degrees = {name: int(f.type == "number" and f.aggregate == "sum")
               for name, f in fields.items()}
    degrees.update({team_key(name): degrees[name] for name in formula.team if name in degrees})
    degrees.update({name: degrees.get(field_of(name), 0) for name in formula.looks_back})
    found = period_degree(formula.tree, degrees)
    return None if found is None or found not in (0, 1) else found == 1


def _members(ctx: Context, path: Path, key: str, raw: dict[str, Any]) -> Indicator | None:
    if isinstance(raw["members"], dict):
        return _share(ctx, path, key, raw)
    extra = [k for k in ("formula", "rule", "target", "scope") if k in raw]
    if extra:
        ctx.error((*path, extra[0]), _("'{key}' is a members indicator: its points are the "
                                       "average total of the unit's members, so it takes no "
                                       "{value}").format(key=key, value=extra[0]),
                  _("remove '{value}'").format(value=extra[0]), at_key=True)
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
        ctx.error((*path, extra[0]), _("'{key}' is a team share: its value is the percentage of "
                                       "the unit's members who meet its condition, so it takes "
                                       "no {value}").format(key=key, value=extra[0]),
                  _("remove '{value}'").format(value=extra[0]), at_key=True)
        return None
    if "rule" not in raw:
        ctx.error(path, _("team share '{key}' needs a rule").format(key=key),
                  _("score the percentage like any value, e.g. rule: {kind: ratio} with target: "
                    "80"), at_key=True)
        return None
    where = (*path, "members", "share")
    condition = ctx.condition(where, str(raw["members"]["share"]), ctx.known("indicators"))
    if condition is None:
        return None
    if key in condition.indicators:
        ctx.error(where, _("team share '{key}' reads itself").format(key=key),
                  _("read the members' own indicators, e.g. achievement(revenue_achievement) >= "
                    "100"))
        return None
    rule_raw: dict[str, Any] = raw["rule"]
    kind = RULES[rule_raw["kind"]]
    direction = raw.get("direction") or kind.default_direction
    rule = kind.build(rule_raw, kind.kind, direction, (*path, "rule"), ctx)
    if rule is None:
        return None
    if rule.scores_ratings or rule.role != "weighted":
        ctx.error((*path, "rule", "kind"), _("team share '{key}' is a percentage, which a {kind} "
                                             "rule does not score").format(
                                               key=key, kind=rule.kind),
                  _("use a rule that scores a value, e.g. ratio, linear, bands or threshold"))
        return None
    goal = target(ctx, (*path, "target"), raw["target"]) if "target" in raw else None
    if goal is not None:
        check_target(ctx, (*path, "target"), key, rule, goal, "")
    found = Indicator(key, raw.get("label", key), raw.get("perspective"), "quantitative",
                      direction, raw.get("unit", "%"), compile_formula("0", ()), rule, goal,
                      raw.get("description", ""), "own", "share", sums_over_months=False,
                      rule_per=rule_raw.get("per"), share=condition)
    if goal is not None:
        check_formula_target(ctx, (*path, "target"), found, goal)
    return found


def _check_rating(ctx: Context, path: Path, names: frozenset[str], fields: dict[str, Field],
                  rule: Rule) -> None:
    if len(names) == 1 and ("fields", next(iter(names))) in ctx.broken_entries:
        return  # the field's own error says what is wrong
    found = fields.get(next(iter(names))) if len(names) == 1 else None
    formula = str(ctx.data["indicators"][path[1]]["formula"]).strip()
    if found is None or found.type != "rating" or formula != found.id:
        ctx.error((*path, "formula"), _("a rating rule scores one rating field: the formula must "
                                        "be just that field's name"),
                      _("declare the field with type: rating and a scale"))
        return
    scale = getattr(rule, "scale", None)
    if found.scale in ctx.known("scales") and found.scale != scale:
        ctx.error((*path, "rule", "scale"), _("field '{id}' is rated on scale '{scale}', but the "
                                              "rule uses scale '{used}'").format(
                                                id=found.id, scale=found.scale, used=scale),
                  _("use scale: {scale}").format(scale=found.scale))


def check_target(ctx: Context, path: Path, name: str, rule: Rule, goal: Target,
                 owner: str) -> None:
    """A target the rule can use: a stretch above the base, and no zero or negative target
    where the rule divides by it."""
    if goal.stretch is not None and goal.stretch <= goal.base:
        ctx.error(path, _("the stretch goal {stretch} of '{name}' is not above its base "
                          "{base}").format(stretch=show(goal.stretch), name=name,
                                           base=show(goal.base)),
                  _("stretch is the higher level"))
    if rule.needs_stretch and goal.stretch is None:
        ctx.error(path, rule.missing_stretch(name), _("write {base: ..., stretch: ...}"))
    if rule.divides_by_target and (goal.base == 0 or goal.stretch == 0):
        said = _("the target of '{name}' for {owner} is 0, but its {kind} rule divides by the "
                 "target") if owner else \
            _("the target of '{name}' is 0, but its {kind} rule divides by the target")
        ctx.error(path, said.format(name=name, owner=owner, kind=rule.kind),
                  zero_target_hint(rule.zero_target_hint))
    elif rule.divides_by_target and (goal.base < 0 or (goal.stretch or 0) < 0):
        said = _("the target of '{name}' for {owner} is negative ({goal}), but its {kind} rule "
                 "measures achievement against it") if owner else \
            _("the target of '{name}' is negative ({goal}), but its {kind} rule measures "
              "achievement against it")
        ctx.error(path, said.format(name=name, owner=owner, goal=goal, kind=rule.kind),
                  _("check the sign; a target measured as achievement must be above 0"))



def zero_target_hint(hint: str) -> str:
    """A rule kind's hint for a target of 0 (its ``zero_target_hint``), in the run's
    language."""
    return {"set a non-zero target": _("set a non-zero target"),
            "set a non-zero target, or use on: value": _("set a non-zero target, or use on: "
                                                         "value"),
            "set a non-zero target, or use basis: value": _("set a non-zero target, or use "
                                                            "basis: value"),
            "set a non-zero target; a ratio rule always divides by it": _(
                "set a non-zero target; a ratio rule always divides by it"),
            "set a non-zero target, or write the formula without dividing by the target": _(
                "set a non-zero target, or write the formula without dividing by the target"),
            }.get(hint, hint)
