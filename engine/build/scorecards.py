"""Building scorecards (考核表): items and weights that add up to 100%, by perspective too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..diagnostics import Path
from ..model import Field, Indicator, Scorecard, ScorecardItem
from ..numbers import percent
from .context import Context
from .evidence import evidence


def scorecard(ctx: Context, key: str, raw: dict[str, Any],
              indicators: dict[str, Indicator], fields: dict[str, Field]) -> Scorecard:
    path: Path = ("scorecards", key)
    items: list[ScorecardItem] = []
    seen: set[str] = set()
    total = Decimal(0)
    for i, item in enumerate(raw["items"]):
        name, weight = item["indicator"], item.get("weight")
        item_path: Path = (*path, "items", i)
        if name in seen:
            ctx.error((*item_path, "indicator"), f"indicator '{name}' is listed twice",
                       "remove one")
            # Often a copied line whose name was not changed: its weight still counts,
            # so the total says what the card as written adds up to.
            if weight is not None:
                total += Decimal(weight)
            continue
        seen.add(name)
        weight = Decimal(weight) if weight is not None else None
        if ctx.refer((*item_path, "indicator"), name, "indicators", "indicator") \
                and name in indicators:
            rule = indicators[name].rule
            kind, weightless = rule.kind, rule.role != "weighted"
            if weightless and weight is not None:
                ctx.error((*item_path, "weight"), f"'{name}' is a {kind} item and takes no "
                           "weight", "remove 'weight': it adds or takes points directly")
                weight = None  # reported here; not counted again in the total
            elif not weightless and weight is None:
                ctx.error(item_path, f"'{name}' needs a weight", "add e.g. weight: 20",
                           at_key=True)
            own = evidence(ctx, (*item_path, "evidence"), item["evidence"], fields) \
                if "evidence" in item else None
            items.append(ScorecardItem(name, weight, own or indicators[name].evidence))
        if weight is not None:
            total += weight
    weighted = any(item.weight is not None for item in items)
    if items and not weighted and len(items) == len(raw["items"]):
        ctx.error((*path, "items"), f"scorecard '{key}' has no weighted indicator",
                   "add at least one indicator with a weight; deduction, bonus and veto "
                   "items only adjust the total", at_key=True)
    # Perspectives are compared only on an otherwise sound card: a broken indicator,
    # a duplicate or a wrong total is reported already, and would only echo here.
    sound = all(item["indicator"] in indicators for item in raw["items"]) \
        and len(seen) == len(raw["items"]) and total == 100
    if raw.get("perspectives") and sound:
        _check_perspectives(ctx, path, raw["perspectives"], items, indicators)
    if weighted and total != 100:
        gap = 100 - total
        missing = f"missing {percent(gap)}" if gap > 0 else f"{percent(-gap)} too many"
        hint = "weights are percentages: write 40, not 0.4" if total <= 1 \
            else "adjust the weights"
        ctx.error((*path, "items"), f"weights of scorecard '{key}' add up to {percent(total)}, "
                   f"expected 100% ({missing})", hint, at_key=True)
    return Scorecard(key, raw.get("label", key), tuple(items))


def _check_perspectives(ctx: Context, path: Path, wanted: dict[str, Any],
                       items: list[ScorecardItem],
                       indicators: dict[str, Indicator]) -> None:
    """Item weights per perspective must match the card's perspective weights."""
    sums: dict[str, Decimal] = {}
    for i, item in enumerate(items):
        if item.weight is None or item.indicator not in indicators:
            continue
        perspective: str | None = indicators[item.indicator].perspective
        if perspective is None or perspective not in wanted:
            ctx.error((*path, "items", i, "indicator"), f"'{item.indicator}' is in "
                       f"perspective '{perspective or 'none'}', which this card gives no "
                       "weight", "add the perspective under perspectives:, or set the "
                       "indicator's perspective")
            continue
        sums[perspective] = sums.get(perspective, Decimal(0)) + item.weight
    for name, weight in wanted.items():
        got = sums.get(name, Decimal(0))
        if got != Decimal(weight):
            ctx.error((*path, "perspectives", name), f"indicators in perspective "
                       f"'{name}' weigh {percent(got)}, but the perspective weighs "
                       f"{percent(Decimal(weight))}", "adjust the item weights or the "
                       "perspective weight", at_key=True)
    total = sum((Decimal(w) for w in wanted.values()), Decimal(0))
    if total != 100:
        ctx.error((*path, "perspectives"), f"perspective weights add up to {percent(total)}, "
                   "expected 100%", "adjust the perspective weights", at_key=True)
