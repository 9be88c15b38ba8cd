"""Building gates (门槛): each scorecard's own, then the scheme's for every card, each
checked against the items of the card it is on, and against the targets its people have."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..diagnostics import Path
from ..i18n import _
from ..model import Gate, Indicator, Person, Post, Scorecard
from ..numbers import show
from .context import Context

_TARGETED = ("achievement", "target")


def with_gates(ctx: Context, scorecards: dict[str, Scorecard],
               indicators: Mapping[str, Indicator], posts: Mapping[str, Post],
               people: Mapping[str, Person], cascaded: set[str]) -> dict[str, Scorecard]:
    """Every scorecard with its gates: its own (``gates:`` under it), then the scheme's."""
    shared = _listed(ctx.section("gates"))
    shared_labels = {str(r["label"]) for _, r in shared}
    raw_cards = dict(ctx.entries("scorecards"))
    out: dict[str, Scorecard] = {}
    before = len(ctx.diagnostics)
    for key, card in scorecards.items():
        own = _listed(raw_cards.get(key, {}).get("gates"))
        found = [_gate(ctx, ("scorecards", key, "gates", i), raw, card, indicators, posts,
                       people, cascaded, False) for i, raw in own]
        found += [_gate(ctx, ("gates", i), raw, card, indicators, posts, people, cascaded,
                        True) for i, raw in shared]
        gates = tuple(g for g in found if g is not None)
        labels = [g.label for g in gates]
        for label in sorted({x for x in labels if labels.count(x) > 1}):
            ctx.error(("scorecards", key, "gates"), (
                _("scorecard '{key}' has two gates labelled '{label}' (its own and the scheme's)")
                if label in shared_labels else
                _("scorecard '{key}' has two gates labelled '{label}'")).format(key=key,
                                                                                 label=label),
                _("give each gate its own label: explanations and outputs name gates by it"),
                at_key=True)
        out[key] = replace(card, gates=gates) if gates else card
    # A scheme's gate is built for every card: a problem of its own is said once.
    ctx.diagnostics[before:] = list(dict.fromkeys(ctx.diagnostics[before:]))
    return out


def _listed(raw: Any) -> list[tuple[int, dict[str, Any]]]:
    """The gates written as mappings with a label and a condition, each with its place in
    the list; the JSON Schema has said what is wrong with any other."""
    if not isinstance(raw, list):
        return []
    return [(i, g) for i, g in enumerate(raw)
            if isinstance(g, dict) and "label" in g and "when" in g]


def _gate(ctx: Context, path: Path, raw: dict[str, Any], card: Scorecard,
          indicators: Mapping[str, Indicator], posts: Mapping[str, Post],
          people: Mapping[str, Person], cascaded: set[str], shared: bool) -> Gate | None:
    label = str(raw["label"])
    when = ctx.condition((*path, "when"), str(raw["when"]), ctx.known("indicators"))
    if when is None:
        return None
    on_card = {item.indicator for item in card.items}
    where = _(" (a gate of the scheme applies to every scorecard)") if shared else ""
    ok = True
    for function, name in when.reads:
        if name not in indicators:
            return None  # the indicator's own error says what is wrong
        if name not in on_card:
            ctx.error((*path, "when"), _("gate '{label}' reads '{name}', which is not on "
                                         "scorecard '{id}'{where}").format(
                                           label=label, name=name, id=card.id, where=where),
                      _("a gate reads the person's own items: move the gate under gates: of the "
                        "scorecards that hold it") if shared else
                      _("a gate reads the person's own items: put '{name}' on the card, or read "
                        "one of its indicators").format(name=name))
            ok = False
            continue
        indicator = indicators[name]
        if indicator.rule.scores_ratings and function != "points":
            ctx.error((*path, "when"), _("{function}({name}) reads a rating, not a "
                                         "number").format(function=function, name=name),
                      _("read the rating's points instead: points({name})").format(name=name))
            ok = False
        elif function in _TARGETED and not _has_target(indicator, card, posts, people,
                                                        cascaded):
            ctx.error((*path, "when"), _("{function}({name}) needs a target, but '{name}' has "
                                         "none on scorecard '{id}'").format(
                                           function=function, name=name, id=card.id),
                          _("give '{name}' a target (under the indicator, or the posts on the "
                            "card), or read value() or points()").format(name=name))
            ok = False
    cap = raw.get("cap")
    cap_indicator = cap_points = cap_total = None
    if cap is not None and "total" in cap and "points" in cap:
        ctx.error((*path, "cap"), _("give only one of 'total' or 'points'"),
                  _("cap the total with {total: N}, or an item with {indicator: X, points: N}"))
        ok = False
    elif cap is not None and "total" in cap:
        cap_total = float(cap["total"])
        scale = card.scale
        if scale is not None and cap_total >= max(scale.to_low, scale.to_high):
            ctx.error((*path, "cap", "total"), _(
                "gate '{label}' caps the total at {cap}, but scorecard '{id}' moves its totals to "
                "{to_low}-{to_high} (total_scale) before any cap, so this cap never lowers "
                "one").format(label=label, cap=show(cap_total), id=card.id,
                              to_low=show(scale.to_low), to_high=show(scale.to_high)),
                _("write the cap on the moved scale"))
            ok = False
    elif cap is not None:
        cap_indicator, cap_points = str(cap["indicator"]), float(cap["points"])
        ok &= _check_cap(ctx, (*path, "cap", "indicator"), label, cap_indicator, card,
                         indicators, where)
    if not ok:
        return None
    return Gate(label, when, raw.get("effect"), cap_indicator, cap_points, cap_total)


def check_shares(ctx: Context, indicators: Mapping[str, Indicator],
                 scorecards: Mapping[str, Scorecard], posts: Mapping[str, Post],
                 people: Mapping[str, Person], cascaded: set[str]) -> None:
    """A team share's condition reads, on members' cards, what it can read there."""
    for indicator in indicators.values():
        if indicator.share is None:
            continue
        path: Path = ("indicators", indicator.id, "members", "share")
        for function, name in indicator.share.reads:
            found = indicators.get(name)
            if found is None:
                continue  # its own error says what is wrong
            cards = [c for c in scorecards.values()
                     if any(item.indicator == name for item in c.items)]
            if not cards and not any(p[0] == "scorecards" for p in ctx.broken_paths):
                ctx.error(path, _("team share '{id}' reads '{name}', which no scorecard holds, "
                                  "so no member would be counted").format(
                                    id=indicator.id, name=name),
                          _("put '{name}' on the members' scorecard").format(name=name))
            elif not cards:
                continue  # a broken scorecard's own error says what is wrong
            elif found.rule.scores_ratings and function != "points":
                ctx.error(path, _("{function}({name}) reads a rating, not a number").format(
                    function=function, name=name),
                          _("read the rating's points instead: points({name})").format(name=name))
            elif function in _TARGETED and not any(
                    _has_target(found, c, posts, people, cascaded) for c in cards):
                ctx.error(path, _("{function}({name}) needs a target, but '{name}' has "
                                  "none").format(function=function, name=name),
                          _("give '{name}' a target (under the indicator, or the members' "
                            "posts), or read value() or points()").format(name=name))


def _check_cap(ctx: Context, path: Path, label: str, name: str, card: Scorecard,
               indicators: Mapping[str, Indicator], where: str) -> bool:
    if not ctx.refer(path, name, "indicators", "indicator") or name not in indicators:
        return False
    item = next((i for i in card.items if i.indicator == name), None)
    if item is None:
        ctx.error(path, _("gate '{label}' caps '{name}', which is not on scorecard "
                          "'{id}'{where}").format(label=label, name=name, id=card.id,
                                                  where=where),
                  _("cap an item of the card, or the total: cap: {total: 100}"))
        return False
    if item.weight is None:
        kind = indicators[name].rule.kind
        ctx.error(path, _("gate '{label}' caps '{name}', a {kind} item with no weight").format(
                            label=label, name=name, kind=kind),
                  _("cap a weighted item, or the total: cap: {total: 100}"))
        return False
    return True


def _has_target(indicator: Indicator, card: Scorecard, posts: Mapping[str, Post],
                people: Mapping[str, Person], cascaded: set[str]) -> bool:
    """Whether a person on ``card`` may have a target for ``indicator``: the indicator's, a
    post's or a person's, a cascade's, or any its rule demands."""
    name = indicator.id
    if indicator.target is not None or indicator.rule.needs_target or name in cascaded:
        return True
    holders = {p.id for p in posts.values() if p.scorecard == card.id}
    return any(name in posts[p].targets for p in holders) \
        or any(name in person.targets for person in people.values())
