"""Building scorecards (考核表): items and weights that add up to 100%, in weighted
sections too (:mod:`.sections`), by perspective too, and the total's scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from typing import Any

from ..diagnostics import Path
from ..i18n import _
from ..model import (
    Conversion,
    Field,
    Indicator,
    PerspectiveSpec,
    Scorecard,
    ScorecardItem,
    Section,
)
from ..numbers import Weight, add_weights, percent
from ..numbers import written as number_text
from . import perspectives as perspective_parts
from .context import Context
from .evidence import evidence
from .items import card_items
from .sections import sections
from .weights import weight as read_weight


def scorecard(ctx: Context, key: str, raw: dict[str, Any], indicators: dict[str, Indicator],
              fields: dict[str, Field], declared: Mapping[str, PerspectiveSpec] | None = None,
              scale: Conversion | None = None, perspectives_sound: bool = True) -> Scorecard:
    """A scorecard; ``fields``: the scheme's (for its lines' evidence), ``declared``: the
    scheme's own perspectives, ``scale``: the scheme's total_scale, ``perspectives_sound``:
    whether those and the indicators' are all right, so that the card's can be checked
    against them."""
    path: Path = ("scorecards", key)
    declared = declared or {}
    seen: dict[str, tuple[str | None, Path]] = {}
    parts, in_sections, sound = sections(ctx, key, raw["sections"], indicators, seen) \
        if "sections" in raw else ((), [], True)
    items, total, listed = card_items(ctx, path, raw.get("items", []), indicators, seen,
                                      "sections" in raw)
    weighted = any(item.weight is not None for item in items) or "sections" in raw
    if "items" not in raw and "sections" not in raw:
        ctx.error(path, _("scorecard '{key}' has no items").format(key=key),
            _("add items: (or sections:) with the indicators the card scores, each with its "
              "weight"), at_key=True)
    elif items and not weighted and listed:
        ctx.error((*path, "items"), _("scorecard '{key}' has no weighted indicator").format(
                                        key=key),
                   _("add at least one indicator with a weight; deduction, bonus and veto items "
                     "only adjust the total"), at_key=True)
    every = tuple(_with_evidence(ctx, item, seen, indicators, fields)
                  for item in (*in_sections, *items))
    own = card_perspectives(ctx, (*path, "perspectives"), raw["perspectives"], declared) \
        if raw.get("perspectives") else None
    # Perspectives are compared only on an otherwise sound card: a broken indicator,
    # a duplicate or a wrong total is reported already, and would only echo here.
    if sound and listed and perspectives_sound and ("sections" in raw or total == 100) \
            and (own is not None or not raw.get("perspectives")):
        _check_perspectives(ctx, path, own, every, indicators, parts, declared,
                            {name: at for name, (_, at) in seen.items()})
    if weighted and "sections" not in raw and total != 100:
        gap = 100 - total
        missing = _("missing {share}").format(share=percent(gap)) if gap > 0 else \
            _("{share} too many").format(share=percent(-gap))
        hint = _("weights are percentages: write 40, not 0.4") if total <= 1 \
            else _("adjust the weights")
        ctx.error((*path, "items"), _("weights of scorecard '{key}' add up to {total}, expected "
                                      "100% ({missing})").format(
                                        key=key, total=percent(total), missing=missing), hint,
                  at_key=True)
    if "total_scale" in raw:
        scale = total_scale(ctx, (*path, "total_scale"), raw["total_scale"])
    return Scorecard(key, raw.get("label", key), every, parts, scale)


def _with_evidence(ctx: Context, item: ScorecardItem,
                   seen: Mapping[str, tuple[str | None, Path]],
                   indicators: dict[str, Indicator], fields: dict[str, Field]) -> ScorecardItem:
    """The line with its own evidence (``evidence:`` under it), else its indicator's."""
    raw: Any = ctx.data
    for step in seen[item.indicator][1] if item.indicator in seen else ():
        raw = raw.get(step) if isinstance(raw, dict) else raw[step] \
            if isinstance(raw, list) and isinstance(step, int) else None
    own = evidence(ctx, (*seen[item.indicator][1], "evidence"), raw["evidence"], fields) \
        if isinstance(raw, dict) and "evidence" in raw else None
    found = indicators.get(item.indicator)
    chosen = own or (found.evidence if found is not None else None)
    return replace(item, evidence=chosen) if chosen is not None else item


def total_scale(ctx: Context, path: Path, raw: dict[str, Any]) -> Conversion | None:
    """``total_scale: {from: [1, 10], to: [4, 9]}``: the total moved linearly to 4-9."""
    ends = {}
    for side in ("from", "to"):
        low, high = raw[side]
        if not low < high:
            what = _("total_scale's '{side}' has equal ends ({low} and {high})") \
                if low == high else \
                _("total_scale's '{side}' has its high end first ({low} and {high})")
            ctx.error((*path, side), what.format(side=side, low=low, high=high),
                      _("write the low end, then a higher high end: e.g. from: [1, 10], to: [4, "
                        "9]"))
        elif max(abs(low), abs(high)) > 1e9 or high - low < 1e-6:
            ctx.error((*path, side), _("total_scale's '{side}' ({low} to {high}) is not a scale "
                                       "a total is shown on").format(
                                         side=side, low=low, high=high),
                      _("write ends between -1,000,000,000 and 1,000,000,000, at least 0.000001 "
                        "apart: e.g. from: [1, 10], to: [4, 9]"))
            low = high  # not used
        ends[side] = (float(low), float(high))
    if any(low >= high for low, high in ends.values()):
        return None
    return Conversion(*ends["from"], *ends["to"])


def card_perspectives(ctx: Context, path: Path, raw: Mapping[str, Any],
                      declared: Mapping[str, PerspectiveSpec]) -> dict[str, Weight] | None:
    """A card's own perspective weights, each a perspective the scheme has; None if any
    cannot be read."""
    out: dict[str, Weight] = {}
    names = set(perspective_parts.allowed(ctx))
    for name, written in raw.items():
        if name not in names:
            what, hint = perspective_parts.unknown(ctx, declared, name)
            ctx.error((*path, name), _("scorecard '{card}' weighs perspective '{name}', "
                                       "{what}").format(card=path[1], name=name, what=what),
                      hint, at_key=True)
        found = read_weight(ctx, (*path, name), written)
        if found is not None and name in names:
            out[name] = found
    return out if len(out) == len(raw) else None


def _check_perspectives(ctx: Context, path: Path, own: Mapping[str, Weight] | None,
                        items: tuple[ScorecardItem, ...], indicators: dict[str, Indicator],
                        parts: tuple[Section, ...], declared: Mapping[str, PerspectiveSpec],
                        where: Mapping[str, Path]) -> None:
    """Item weights per perspective (an item in a section weighs its share of the section)
    must match the card's own perspective weights, else the scheme's for the perspectives
    the card uses."""
    share = {part.id: Fraction(part.weight) / 100 for part in parts}
    sums: dict[str, Fraction] = {}
    for item in items:
        perspective = indicators[item.indicator].perspective
        if item.weight is not None and perspective is not None:
            part = Fraction(item.weight) * share.get(item.section or "", Fraction(1))
            sums[perspective] = sums.get(perspective, Fraction(0)) + part
    if own is None:
        wanted = {p: spec.weight for p, spec in declared.items()
                  if p in sums and spec.weight is not None}
        if not wanted:
            return
    else:
        wanted = dict(own)
    named = perspective_parts.named
    for item in items:
        perspective = indicators[item.indicator].perspective
        if item.weight is None or (perspective is not None and perspective in wanted):
            continue
        said = _("'{indicator}' is in perspective {name}, which this card gives no weight") \
            if perspective else _("'{indicator}' has no perspective, and this card weighs its "
                                  "items by perspective")
        ctx.error((*where[item.indicator], "indicator"), said.format(
            indicator=item.indicator, name=named(declared, perspective) if perspective else ""),
                  _("add the perspective under perspectives:, or set the indicator's "
                    "perspective") if own is not None else
                  _("give the perspective a weight under the scheme's perspectives:, or give "
                    "this card its own perspectives: weights"))
    at: Path = (*path, "perspectives") if own is not None else (*path, "items")
    for name, weight in wanted.items():
        got = sums.get(name, Fraction(0))
        if got != Fraction(weight):
            ctx.error((*at, name) if own is not None else at, (
                _("indicators in perspective {name} weigh {got}, but the perspective weighs "
                  "{weight}") if own is not None else
                _("indicators in perspective {name} weigh {got}, but the perspective weighs "
                  "{weight} (the scheme's weight)")).format(
                name=named(declared, name), got=percent(got), weight=percent(weight)),
                _("adjust the item weights or the perspective weight"), at_key=True)
    total = add_weights(wanted.values())
    if total != 100:
        ctx.error(at, (_("perspective weights add up to {total}, expected 100%")
                       if own is not None else
                       _("the scheme's weights of the perspectives on this card add up to "
                         "{total}, expected 100%")).format(total=percent(total)),
                  _("adjust the perspective weights")
                  if own is not None else _("give this card its own perspectives: weights"),
                  at_key=True)


def check_scales(ctx: Context, scorecards: dict[str, Scorecard], used: set[str]) -> None:
    """A warning when the cards people hold end on different scales: the grades, ranks and
    awards read every total alike, so a 10 on a card moved to 0-10 ranks as 10 of 100."""
    ends = {key: (card.scale.to_low, card.scale.to_high) if card.scale else None
            for key, card in scorecards.items() if key in used}
    if len(set(ends.values())) < 2:
        return
    for key, end in ends.items():
        if end is None:
            continue
        other = next(k for k, e in ends.items() if e != end)
        there = ends[other]
        said = _("scorecard '{key}' ends on {low}-{high} (total_scale) and the total of "
                 "scorecard '{other}' is not moved; the grades, ranks and awards read both "
                 "alike") if there is None else \
            _("scorecard '{key}' ends on {low}-{high} (total_scale) and the total of "
              "scorecard '{other}' ends on {other_low}-{other_high}; the grades, ranks and "
              "awards read both alike")
        own = (ctx.data["scorecards"].get(key) or {})
        ctx.error(("scorecards", key, "total_scale") if "total_scale" in own
                  else ("total_scale",),
                  said.format(key=key, low=number_text(end[0]), high=number_text(end[1]),
                              other=other, other_low=number_text(there[0]) if there else "",
                              other_high=number_text(there[1]) if there else ""),
                  _("give the cards graded together one scale"), at_key=True, warning=True)
