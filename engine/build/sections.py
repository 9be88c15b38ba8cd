"""Building a scorecard's sections (考核表分部): weighted parts, each of weighted items.

    sections:
      - {id: goals, label: 业绩目标, weight: 70, items: [...]}
      - {id: behaviours, label: 行为能力, weight: 30, items: [...]}

Each section's item weights add up to 100, and the sections' weights add up to 100.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..diagnostics import Path
from ..i18n import _
from ..model import Indicator, ScorecardItem, Section
from ..numbers import Weight, add_weights, percent
from .context import Context
from .items import card_items
from .weights import weight as read_weight


def sections(ctx: Context, key: str, raw: list[dict[str, Any]],
             indicators: dict[str, Indicator], seen: dict[str, tuple[str | None, Path]]
             ) -> tuple[tuple[Section, ...], list[ScorecardItem], bool]:
    """The card's sections, their items (section by section), and whether every weight
    added up; problems go to ``ctx``."""
    path: Path = ("scorecards", key, "sections")
    parts: list[Section] = []
    items: list[ScorecardItem] = []
    weights: list[Weight] = []
    sound, ids = True, set()
    for s, section in enumerate(raw):
        name, at = section["id"], (*path, s)
        if name in ids:
            ctx.error((*at, "id"), _("section '{name}' is listed twice").format(name=name),
                      _("give each section its own id"))
            sound = False
        ids.add(name)
        weight = read_weight(ctx, (*at, "weight"), section["weight"])
        if weight is None:
            sound = False
        else:
            weights.append(weight)
        found, total, listed = card_items(ctx, at, section.get("items", []),
                                                     indicators, seen, True, name)
        items += found
        # Every section whose items were read is checked, whatever an earlier one had.
        added_up = listed and _items_add_up(ctx, at, key, name, section, found, total)
        sound = sound and added_up
        if weight is not None:
            parts.append(Section(name, str(section.get("label", name)), weight))
    total = add_weights(weights)
    if raw and total != 100 and len(weights) == len(raw):
        ctx.error(path, _("section weights of scorecard '{key}' add up to {total}, expected 100% "
                          "({gap})").format(key=key, total=percent(total), gap=_gap(total)),
                  _("adjust the sections' weights")
                  + _thirds(total), at_key=True)
        sound = False
    return tuple(parts), items, sound


def _items_add_up(ctx: Context, at: Path, key: str, name: str, raw: dict[str, Any],
                  found: list[ScorecardItem], total: Weight) -> bool:
    """A section holds weighted items whose weights add up to 100."""
    if not raw.get("items"):
        ctx.error(at, _("section '{name}' of scorecard '{key}' has no items").format(
                          name=name, key=key),
                  _("add the indicators it scores under its items:, each with a weight, or "
                    "remove the section"), at_key=True)
        return False
    if found and not any(item.weight is not None for item in found):
        return False  # each weightless item is reported where it is
    if total != 100:
        ctx.error((*at, "items"), _("weights of section '{name}' of scorecard '{key}' add up to "
                                    "{total}, expected 100% ({gap})").format(
                                      name=name, key=key, total=percent(total), gap=_gap(total)),
                  _("the items of a section share its 100%: adjust their weights")
                  + _thirds(total), at_key=True)
        return False
    return True


def _thirds(total: Weight) -> str:
    """A hint for weights a hair from 100, as 33.33 three times is: write the fraction."""
    return _("; a weight no decimal writes exactly is a fraction: 100/3 for a third") \
        if 0 < abs(100 - Fraction(total)) < 1 else ""


def _gap(total: Weight) -> str:
    gap = 100 - total
    return _("missing {share}").format(share=percent(gap)) if gap > 0 else \
        _("{share} too many").format(share=percent(-gap))


__all__ = ["sections"]
