"""Building awards by rank: what each ranks on, where, how many win, and who may."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..diagnostics import Path, did_you_mean
from ..i18n import _
from ..model import Award, Indicator, Post, Scorecard, Unit
from ..numbers import percent
from .context import Context


def awards(ctx: Context, indicators: dict[str, Indicator], scorecards: dict[str, Scorecard],
           units: dict[str, Unit], posts: dict[str, Post]) -> dict[str, Award]:
    """Every award that passed the schema, each checked; problems go to ``ctx``."""
    out: dict[str, Award] = {}
    for key, raw in ctx.entries("awards"):
        found = award(ctx, key, raw, indicators, scorecards, units, posts)
        if found is not None:
            out[key] = found
    return out


def award(ctx: Context, key: str, raw: dict[str, Any], indicators: dict[str, Indicator],
          scorecards: dict[str, Scorecard], units: dict[str, Unit], posts: dict[str, Post]
          ) -> Award | None:
    path: Path = ("awards", key)
    ok = _places(ctx, path, key, raw)
    chosen = raw.get("posts")
    for i, name in enumerate(chosen or ()):
        ok &= ctx.refer((*path, "posts", i), name, "posts", "post")
    if raw.get("every") == "month" and ctx.calendar is None:
        ctx.error((*path, "every"), _("award '{key}' is given every month, but the scheme has no "
                                      "calendar").format(key=key),
                  _("add calendar: {year: 2026}, or leave every out"))
        ok = False
    within = raw.get("within", "company")
    if within not in ("company", "unit") and not any(u.kind == within for u in units.values()):
        ctx.error((*path, "within"), _("no unit is of kind '{within}', so award '{key}' ranks "
                                       "nobody").format(within=within, key=key),
                  _("set kind: on the units, or rank within company or unit"))
        ok = False
    by = raw["by"]
    lowest_first = False
    if by != "total":
        indicator = indicators.get(by)
        ok &= indicator is not None and _ranks_on(ctx, path, key, indicator)
        if indicator is None and by not in ctx.known("indicators"):
            hint = did_you_mean(by, [*indicators, "total"]) or \
                _("write an indicator's id, or total to rank on the total")
            ctx.error((*path, "by"), _("unknown indicator '{by}'").format(by=by), hint)
        elif indicator is not None and ok:
            ok &= _on_a_card(ctx, path, key, by, chosen, scorecards, posts)
            lowest_first = indicator.direction == "lower_is_better"
    if not ok:
        return None
    share = raw.get("top_percent")
    return Award(key, str(raw["label"]), by, within, raw.get("top"),
                 Decimal(str(share)) if share is not None else None,
                 raw.get("rounding", "half_up"), raw.get("ties", "share"),
                 tuple(chosen) if chosen else None, lowest_first, raw.get("every") == "month")


def _places(ctx: Context, path: Path, key: str, raw: dict[str, Any]) -> bool:
    """How many win: top (1 or more) or top_percent (more than 0, at most 100)."""
    if "top" not in raw and "top_percent" not in raw:
        ctx.error(path, _("award '{key}' needs top or top_percent").format(key=key),
                  _("write top: 1 for the first of each group, or top_percent: 10 for the top "
                    "{share}").format(share="10%"), at_key=True)
        return False
    top, share = raw.get("top"), raw.get("top_percent")
    if top is not None and top < 1:
        ctx.error((*path, "top"), _("award '{key}' gives the top {top}, so nobody wins").format(
                                      key=key, top=top),
                  _("write top: 1 or more: how many win in each group"))
        return False
    if share is not None and not 0 < share <= 100:
        ctx.error((*path, "top_percent"), _("top_percent must be more than 0 and at most 100, "
                                            "found {value}").format(
                                              value=percent(Decimal(str(share)))),
                      _("write the share of each group that wins, e.g. top_percent: 10 for the "
                        "top {share}").format(share="10%"))
        return False
    return True


def _ranks_on(ctx: Context, path: Path, key: str, indicator: Indicator) -> bool:
    """An indicator an award can rank on: a number with a better end."""
    if indicator.rating_field is not None:
        ctx.error((*path, "by"), _("award '{key}' ranks on '{id}', whose value is a rating "
                                   "level, not a number").format(key=key, id=indicator.id),
                  _("rank on a numeric indicator, or on total"))
        return False
    role = indicator.rule.role
    if role in ("deduction", "veto") and indicator.direction == "higher_is_better":
        ctx.error((*path, "by"), _("award '{key}' ranks on '{id}', a {role} item, and would give "
                                   "it to whoever has the most events").format(
                                     key=key, id=indicator.id, role=role),
                      _("to give it to the fewest, write direction: lower_is_better on '{id}'; "
                        "or rank on total").format(id=indicator.id))
        return False
    if indicator.direction == "closest_to_target":
        ctx.error((*path, "by"), _("award '{key}' ranks on '{id}', which is best closest to its "
                                   "target, so its highest value is not its best").format(
                                     key=key, id=indicator.id),
                  _("rank on total, or on an indicator that is higher or lower is better"))
        return False
    return True


def _on_a_card(ctx: Context, path: Path, key: str, by: str, chosen: list[str] | None,
               scorecards: dict[str, Scorecard], posts: dict[str, Post]) -> bool:
    """Somebody who may win has ``by`` on their card."""
    eligible = [posts[p] for p in chosen] if chosen else list(posts.values())
    for post in eligible:
        card = scorecards.get(post.scorecard)
        if card is not None and any(item.indicator == by for item in card.items):
            return True
    ctx.error((*path, "by"), (
        _("award '{key}' ranks on '{by}', which is on the card of no post it is for ({posts})")
        if chosen else _("award '{key}' ranks on '{by}', which is on no post's card")).format(
        key=key, by=by, posts=", ".join(chosen or ())),
              _("add '{by}' to the scorecard of a post that may win, or rank on another "
                "indicator").format(by=by))
    return False
