"""Checking that every fixed target and threshold says which period it is for.

In a scheme kept by month, a period may be a month, a quarter, a half or the year. A
value that is a total over the months (a summed field) grows with the period, so a
target of 500,000 must say whether it is a month's, a quarter's or the year's: the
scorer scales it to the months scored. A rate, an average or a last value does not
grow, and its targets hold for any period. Where the scheme leaves this open, these
checks say so and how to write it. A scheme without a calendar scores the one period
its data holds, and its targets are for that period.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from ..diagnostics import Path, excerpt
from ..i18n import _
from ..model import Indicator, Person, Post
from ..rules import Per, Target
from .context import Context


def check_periods(ctx: Context, indicators: dict[str, Indicator], posts: dict[str, Post],
                  people: dict[str, Person], cascaded: set[str]) -> None:
    """Every target and every rule's threshold over a total says which period it is for."""
    default = ctx.calendar.targets_per if ctx.calendar else None
    for indicator in indicators.values():
        if indicator.members is not None:
            continue
        path: Path = ("indicators", indicator.id)
        if ctx.calendar is None:
            if indicator.rule_per not in (None, "period"):
                _plain(ctx, (*path, "rule", "per"))
        else:
            _rule(ctx, path, indicator, indicator.rule_per or default)
        if indicator.id in cascaded:
            continue  # the cascade's share is already the period's
        for where, goal in _targets(indicator, posts, people):
            if goal.formulas:
                continue  # worked out from the period's own figures: that period's
            if ctx.calendar is None:
                if goal.per not in (None, "period"):
                    _plain(ctx, (*where, "per"))
            else:
                _target(ctx, where, indicator, goal, goal.per or default)


def _targets(indicator: Indicator, posts: dict[str, Post],
             people: dict[str, Person]) -> Iterator[tuple[Path, Target]]:
    name = indicator.id
    if indicator.target is not None:
        yield ("indicators", name, "target"), indicator.target
    for post in posts.values():
        if name in post.targets:
            yield ("posts", post.id, "targets", name), post.targets[name]
    for person in people.values():
        if name in person.targets:
            yield ("people", person.id, "targets", name), person.targets[name]


def _plain(ctx: Context, path: Path) -> None:
    ctx.error(path, _("'per' says which period of a scheme kept by month a number is for, but "
                      "this scheme has no calendar: it scores the one period its data holds, and "
                      "its targets are for that period"),
              _("remove 'per' (or write per: period), or add calendar: {year: ...} to keep the "
                "figures by month"), at_key=True)


def _target(ctx: Context, path: Path, indicator: Indicator, goal: Target,
            per: Per | None) -> None:
    name, sums = indicator.id, indicator.sums_over_months
    if sums is False or per == "period":
        if sums is False and goal.per not in (None, "period"):
            ctx.error((*path, "per"), _("the value of '{name}' ({text}) is a rate, an average or "
                                        "a last value, the same for any period, so its target is "
                                        "not scaled: 'per: {per}' changes nothing").format(
                                          name=name, text=indicator.formula.text, per=goal.per),
                      _("remove 'per', or set sums_over_months: true on the indicator if its "
                        "value is a total over the months"), at_key=True, warning=True)
        return
    if sums is None:
        ctx.error(path, _unclear(indicator, goal), _unclear_hint(name), at_key=True)
        return
    if per is None:
        written = f"{{base: {goal.base:.15g}, per: month}}" if goal.stretch is None else \
            f"{{base: {goal.base:.15g}, stretch: {goal.stretch:.15g}, per: month}}"
        ctx.error(path, _("the target {goal} of '{name}' is for a total over the months "
                          "({value}), but the scheme does not say which period it is for, so it "
                          "cannot be scaled to the period scored").format(
                            goal=goal, name=name, value=_summed(indicator)),
                  _("write {written} (or per: quarter, half, year), or set targets_per: month "
                    "under calendar for every target; per: period keeps it as written for any "
                    "period").format(written=written), at_key=True)


def _rule(ctx: Context, path: Path, indicator: Indicator, per: Per | None) -> None:
    rule, name, sums = indicator.rule, indicator.id, indicator.sums_over_months
    where: Path = (*path, "rule")
    if not rule.value_scale or sums is False or per == "period":
        if indicator.rule_per not in (None, "period") and sums is False and rule.value_scale:
            ctx.error((*where, "per"),
                _("the value of '{name}' ({text}) is a rate, an average or a last value, the "
                  "same for any period, so the rule's numbers are not scaled: 'per: {rule_per}' "
                  "changes nothing").format(
                    name=name, text=indicator.formula.text, rule_per=indicator.rule_per),
                _("remove 'per', or set sums_over_months: true on the indicator if its value is "
                  "a total over the months"), at_key=True,
                      warning=True)
        return
    if sums is None:
        ctx.error(where, _unclear(indicator, None), _unclear_hint(name), at_key=True)
        return
    if rule.scaled(Fraction(1)) is None:
        ctx.error(where, (
            _("the points formula of '{name}' uses its value, a total over the months ({value}), "
              "and a formula's numbers cannot be scaled to the period scored, as 'per: {per}' "
              "asks") if per is not None else
            _("the points formula of '{name}' uses its value, a total over the months ({value}), "
              "and a formula's numbers cannot be scaled to the period scored")).format(
            name=name, value=_summed(indicator), per=per),
            _("write per: period on the rule if its numbers hold for any period, or write the "
              "points in terms of achievement or value / target"), at_key=True)
    elif per is None:
        ctx.error(where, _("the {kind} rule of '{name}' has numbers on the scale of a total over "
                           "the months ({value}), but the scheme does not say which period they "
                           "are for, so they cannot follow the period scored").format(
                             kind=rule.kind, name=name, value=_summed(indicator)),
                  _("add per: month to the rule (or quarter, half, year), or set targets_per: "
                    "month under calendar; per: period keeps them as written for any period"),
                  at_key=True)


def _summed(indicator: Indicator) -> str:
    formula = indicator.formula.text
    return _("'{formula}' is summed month by month").format(formula=formula) \
        if formula in indicator.formula.names else \
        _("'{formula}' adds up summed fields").format(formula=excerpt(formula, 60))


def _unclear(indicator: Indicator, goal: object) -> str:
    """Why a target (``goal``) or, for None, a rule's numbers cannot follow the period."""
    said = _("cannot tell whether the value of '{name}' ({text}) is a total that grows with "
             "the months of the period or a rate that does not, so its rule's numbers cannot "
             "follow the period scored") if goal is None else \
        _("cannot tell whether the value of '{name}' ({text}) is a total that grows with the "
          "months of the period or a rate that does not, so its target {goal} cannot follow "
          "the period scored")
    return said.format(name=indicator.id, text=excerpt(indicator.formula.text, 60), goal=goal)


def _unclear_hint(name: str) -> str:
    return _("add sums_over_months: true to indicator '{name}' (targets and thresholds "
             "written for a month are then scaled to the period) or false (they hold for any "
             "period)").format(name=name)
