"""Each scoring rule in words, for the handbook, with the tables that some rules are
(bands, a piecewise table, a rating scale): every kind the JSON Schema admits, direction
and basis said as HR says them ("每超出目标 1% 加 1.3 分").

A rule's numbers are shown as the scheme writes them (1,200,000; 0.5); a percentage of the
target is "1%", a value measured in percent moves by "1 percentage point".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _
from ..model import Indicator, Scheme
from ..numbers import written
from ..rules import Rule
from ..rules.bands import Band, BandsRule
from ..rules.events import CountRule
from ..rules.formula import FormulaRule
from ..rules.linear import LinearRule
from ..rules.lower_is_better import LowerIsBetterRule
from ..rules.piecewise import PiecewiseRule
from ..rules.rating import RatingRule
from ..rules.ratio import RatioRule
from ..rules.threshold import ThresholdRule
from ..rules.two_level import TwoLevelRule
from ..rules.veto import VetoRule
from .handbook_doc import Table
from .handbook_formula import FormulaWords, rule_names


@dataclass(frozen=True)
class RuleText:
    """A rule in words, and the table it scores by, if it has one."""

    words: str
    table: Table | None = None


def sentence(parts: list[str]) -> str:
    """Clauses joined as one sentence: 'a; b; c.' (中文：a；b；c。)."""
    text = _("; ").join(p for p in parts if p) + _(".")
    return text[:1].upper() + text[1:]


def measure(on: str) -> str:
    """The measure a rule reads, within a sentence."""
    return _("the achievement (%)") if on == "achievement" else _("the actual value")


def heading(on: str) -> str:
    """The measure as a table's heading."""
    return _("Achievement (%)") if on == "achievement" else _("Actual value")


def _at(on: str, x: float, unit: str = "") -> str:
    """A number on the rule's measure: 95, or 95% (of the target, or a value in percent)."""
    return f"{written(x)}%" if on == "achievement" or unit == "%" else written(x)


def step(basis: str, unit: str) -> str:
    """The step a slope is written per: 1% of the target, 1 percentage point, 1 yuan."""
    if basis == "achievement":
        return "1%"
    if unit == "%":
        return _("1 percentage point")
    return f"1 {unit}" if unit and unit != "points" else "1"


def limits(cap: float | None, floor: float | None) -> list[str]:
    out = []
    if cap is not None:
        out.append(_("at most {points} points").format(points=written(cap)))
    if floor is not None:
        out.append(_("at least {points} points").format(points=written(floor)))
    return out


def band_range(band: Band, closed: str, on: str, unit: str = "") -> str:
    """A band's range as HR writes it: '≥ 95', '≥ 90 and < 95', '< 85'."""
    low = None if band.low is None else \
        ("≥ " if closed == "lower" else "> ") + _at(on, band.low, unit)
    high = None if band.high is None else \
        ("< " if closed == "lower" else "≤ ") + _at(on, band.high, unit)
    if low and high:
        return _("{low} and {high}").format(low=low, high=high)
    return low or high or _("any value")


def _linear(rule: LinearRule, unit: str) -> list[str]:
    by = step(rule.basis, unit)
    out = [_("{points} points at the target").format(points=written(rule.at_target))]
    if rule.direction == "closest_to_target":
        out.append(_("each {step} off the target, either way, takes off {points} points")
                   .format(step=by, points=written(rule.below)))
    elif rule.direction == "lower_is_better":
        out.append(_("each {step} below the target adds {points} points")
                   .format(step=by, points=written(rule.above)))
        out.append(_("each {step} above the target takes off {points} points")
                   .format(step=by, points=written(rule.below)))
    else:
        out.append(_("each {step} above the target adds {points} points")
                   .format(step=by, points=written(rule.above)))
        out.append(_("each {step} below the target takes off {points} points")
                   .format(step=by, points=written(rule.below)))
    return out + limits(rule.cap, rule.floor)


def _ratio(rule: RatioRule) -> list[str]:
    actual, target = _("the actual value"), _("the target")
    formula = f"{target} ÷ {actual} × 100" if rule.direction == "lower_is_better" \
        else f"{actual} ÷ {target} × 100"
    if rule.factor != 1:
        formula += f" × {written(rule.factor)}"
    out = [_("points = {formula}").format(formula=formula)]
    if rule.direction == "lower_is_better":
        out.append(_("an actual value of 0 gets the most points"))
    return out + limits(rule.cap, rule.floor)


def _two_level(rule: TwoLevelRule, unit: str) -> list[str]:
    by = step(rule.basis, unit)
    out = [_("{base} points for reaching the base task, {stretch} points for reaching the "
             "stretch goal, in proportion between the two").format(
                 base=written(rule.base_points), stretch=written(rule.stretch_points))]
    if rule.above:
        out.append(_("each {step} above the stretch goal adds {points} points")
                   .format(step=by, points=written(rule.above)))
    if rule.below:
        out.append(_("each {step} below the base task takes off {points} points")
                   .format(step=by, points=written(rule.below)))
    return out + limits(rule.cap, rule.floor)


def _threshold(rule: ThresholdRule, unit: str) -> list[str]:
    upward = rule.at_least is not None or (rule.at_most is None
                                           and rule.direction != "lower_is_better")
    edge_value = rule.at_least if rule.at_least is not None else rule.at_most
    if edge_value is not None:
        edge = _at(rule.on, edge_value, unit)
    else:
        edge = "100%" if rule.on == "achievement" else _("the target")
    text = _("{points} points when {measure} is at least {edge}, otherwise {otherwise} "
             "points") if upward else \
        _("{points} points when {measure} is at most {edge}, otherwise {otherwise} points")
    return [text.format(points=written(rule.points), measure=measure(rule.on), edge=edge,
                        otherwise=written(rule.otherwise))]


def _lower_is_better(rule: LowerIsBetterRule, unit: str) -> list[str]:
    return [_("{points} points at or under the target").format(points=written(rule.points)),
            _("each {step} above the target takes off {points} points").format(
                step=step(rule.basis, unit), points=written(rule.per_unit_over)),
            *limits(rule.cap, rule.floor)]


def _bands(rule: BandsRule, unit: str) -> RuleText:
    labelled = any(b.label for b in rule.bands)
    headers = [heading(rule.on), _("Points")] + ([_("Band")] if labelled else [])
    rows = [[band_range(b, rule.closed, rule.on, unit), written(b.points)]
            + ([b.label] if labelled else []) for b in reversed(rule.bands)]
    words = _("points by the band {measure} falls in, as in the table").format(
        measure=measure(rule.on))
    return RuleText(sentence([words]), Table(headers, rows, right=(1,)))


def _piecewise(rule: PiecewiseRule, unit: str) -> RuleText:
    (first, low), (last, high) = rule.table[0], rule.table[-1]
    words = [_("points read from the table, on a straight line between two rows"),
             _("{points} points at or below {value}").format(points=written(low),
                                                               value=_at(rule.on, first, unit)),
             _("{points} points at or above {value}").format(points=written(high),
                                                              value=_at(rule.on, last, unit)),
             *limits(rule.cap, rule.floor)]
    rows = [[_at(rule.on, value, unit), written(points)] for value, points in rule.table]
    return RuleText(sentence(words), Table([heading(rule.on), _("Points")], rows, right=(0, 1)))


def _rating(rule: RatingRule, scheme: Scheme) -> RuleText:
    scale = scheme.scales.get(rule.scale)
    label = scale.label if scale is not None else rule.scale
    rows = []
    for level, points in rule.points:
        found = scale.levels.get(level) if scale is not None else None
        named = f"{level} {found.label}" if found is not None and found.label \
            and found.label != level else level
        rows.append([named, found.description if found is not None else "", written(points)])
    words = _("points by the reviewer's rating on the scale {scale}, as in the table").format(
        scale=label)
    return RuleText(sentence([words]), Table([_("Rating"), _("Description"), _("Points")], rows,
                                             right=(2,)))


def _events(rule: CountRule) -> list[str]:
    if rule.kind == "deduction":
        out = [_("{points} points off the total for each occurrence").format(
            points=written(rule.per_event))]
    else:
        out = [_("{points} points added to the total for each one").format(
            points=written(rule.per_event))]
    if rule.max_points is not None:
        out.append(_("{points} points at most in all").format(points=written(rule.max_points)))
    return out


def _veto(rule: VetoRule, scheme: Scheme) -> list[str]:
    if rule.effect == "lowest_grade":
        lowest = scheme.grades[-1].named if scheme.grades else ""
        return [_("any occurrence gives the lowest grade, {grade} (one-vote veto)").format(
            grade=lowest)]
    return [_("any occurrence sets the total to 0 (one-vote veto)")]


def _formula(rule: FormulaRule, names: FormulaWords) -> list[str]:
    if rule.formula is None:
        return []
    said = FormulaWords({**names.names, **rule_names()})(rule.formula.tree)
    return [_("points = {formula}").format(formula=said), *limits(rule.cap, rule.floor)]


def rule_text(indicator: Indicator, scheme: Scheme, names: FormulaWords) -> RuleText:
    """The indicator's rule in words (and its table, if it has one)."""
    rule: Rule = indicator.rule
    unit = indicator.unit
    if indicator.members is not None and indicator.share is None:
        return RuleText(sentence([_("the points are the members' average total")]))
    if isinstance(rule, BandsRule):
        return _bands(rule, unit)
    if isinstance(rule, PiecewiseRule):
        return _piecewise(rule, unit)
    if isinstance(rule, RatingRule):
        return _rating(rule, scheme)
    parts: list[str] = []
    if isinstance(rule, LinearRule):
        parts = _linear(rule, unit)
    elif isinstance(rule, RatioRule):
        parts = _ratio(rule)
    elif isinstance(rule, TwoLevelRule):
        parts = _two_level(rule, unit)
    elif isinstance(rule, ThresholdRule):
        parts = _threshold(rule, unit)
    elif isinstance(rule, LowerIsBetterRule):
        parts = _lower_is_better(rule, unit)
    elif isinstance(rule, CountRule):
        parts = _events(rule)
    elif isinstance(rule, VetoRule):
        parts = _veto(rule, scheme)
    elif isinstance(rule, FormulaRule):
        parts = _formula(rule, names)
    return RuleText(sentence(parts) if parts else rule.kind)
