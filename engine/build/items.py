"""Reading a scorecard's items, the card's own or a section's: each indicator once, and a
weight where it takes one."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Path
from ..i18n import _
from ..model import Indicator, ScorecardItem
from ..numbers import Weight, add_weights
from .context import Context
from .weights import weight as read_weight


def card_items(ctx: Context, path: Path, raw: list[Any], indicators: dict[str, Indicator],
               seen: dict[str, tuple[str | None, Path]], sectioned: bool = False,
               section: str | None = None) -> tuple[list[ScorecardItem], Weight, bool]:
    """The items under ``path`` (a card's own, or a section's), the sum of their weights, and
    whether every one was read (none unknown, none twice, every weight read); problems go
    to ``ctx``. ``seen``: the indicators listed so far, with their section and place."""
    items: list[ScorecardItem] = []
    weights: list[Weight] = []
    listed = True
    for i, item in enumerate(raw):
        name, written = item["indicator"], item.get("weight")
        item_path: Path = (*path, "items", i)
        weight = read_weight(ctx, (*item_path, "weight"), written) \
            if written is not None else None
        if name in seen:
            where = seen[name][0]
            ctx.error((*item_path, "indicator"), (
                _("indicator '{name}' is listed twice") if where is None else
                _("indicator '{name}' is listed twice (it is in section '{where}' already)"))
                .format(name=name, where=where),
                _("remove one: an indicator counts in one section only")
                if where is not None or section is not None else _("remove one"))
            # Often a copied line whose name was not changed: its weight still counts,
            # so the total says what the card as written adds up to.
            if weight is not None:
                weights.append(weight)
            listed = False
            continue
        seen[name] = (section, item_path)
        if written is not None and weight is None:  # unreadable: reported already
            listed = False
        elif ctx.refer((*item_path, "indicator"), name, "indicators", "indicator") \
                and name in indicators:
            weight = _weight_fits(ctx, item_path, name, indicators[name], weight, sectioned,
                                  section)
            items.append(ScorecardItem(name, weight, section))
        else:
            listed = False
        if weight is not None:
            weights.append(weight)
    return items, add_weights(weights), listed


def _weight_fits(ctx: Context, item_path: Path, name: str, indicator: Indicator,
                 weight: Weight | None, sectioned: bool, section: str | None) -> Weight | None:
    """The item's weight if its indicator takes one where it is; None, and the problem filed,
    if it takes none."""
    kind, weightless = indicator.rule.kind, indicator.rule.role != "weighted"
    if weightless and section is not None:
        ctx.error((*item_path, "indicator"), _("'{name}' is a {kind} item: it adjusts the "
                                               "total, not a section's score").format(
            name=name, kind=kind), _("move it to the card's own items:"))
        return None
    if weightless and weight is not None:
        ctx.error((*item_path, "weight"), _("'{name}' is a {kind} item and takes no "
                                            "weight").format(name=name, kind=kind),
                  _("remove 'weight': it adds or takes points directly"))
        return None  # reported here; not counted again in the total
    if not weightless and sectioned and section is None:
        ctx.error(item_path, _("'{name}' is a weighted item on a card with sections").format(
                                 name=name),
                  _("move it into one of the sections: the card's own items: hold only "
                    "deduction, bonus and veto items"), at_key=True)
        return None
    if not weightless and weight is None:
        ctx.error(item_path, _("'{name}' needs a weight").format(name=name),
            _("add e.g. weight: 20"), at_key=True)
    return weight


__all__ = ["card_items"]
