"""Building the organisation: units (and their tree), posts with their targets, and people
on posts, all year or by month."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..diagnostics import Path, did_you_mean
from ..i18n import _
from ..model import Indicator, Person, Post, Scorecard, Tree, Unit
from ..rules import Target
from .context import Context
from .indicators import check_formula_target, check_target, target
from .year import assignments, cascaded


def unit(ctx: Context, key: str, raw: dict[str, Any]) -> Unit:
    parent = raw.get("parent")
    if parent is not None:
        ctx.refer(("units", key, "parent"), parent, "units", "parent unit")
    head = raw.get("head")
    return Unit(key, raw.get("label", key), raw.get("kind"), parent, head)


def check_organisation(ctx: Context, units: dict[str, Unit]) -> None:
    """One top unit, no cycles, and heads that are posts of the unit they head."""
    tree = Tree(units)
    roots = tree.roots
    if len(roots) > 1:
        for extra in roots[1:]:
            ctx.error(("units", extra), _("units '{first}' and '{extra}' both have no parent; "
                                          "the organisation has one top unit").format(
                                            first=roots[0], extra=extra),
                       _("give '{extra}' a parent").format(extra=extra), at_key=True)
    reported: set[str] = set()
    for start in units:
        chain = tree.chain(start)
        if units[chain[-1]].parent == start and not reported & set(chain):
            reported |= set(chain)
            loop = " → ".join([*chain, start])
            ctx.error(("units", start, "parent"), _("units form a cycle: {loop}").format(
                                                      loop=loop),
                       _("one of them must have a parent outside the cycle"))
    for found in units.values():
        if found.head is None:
            continue
        path: Path = ("units", found.id, "head")
        if not ctx.refer(path, found.head, "posts", "post"):
            continue
        post_unit = ctx.data["posts"][found.head].get("unit")
        if post_unit != found.id:
            ctx.error(path, _("head post '{head}' belongs to unit '{unit}', not '{id}'").format(
                head=found.head, unit=post_unit, id=found.id),
                _("set unit: {id} on post '{head}'").format(id=found.id, head=found.head))


def post(ctx: Context, key: str, raw: dict[str, Any], scorecards: dict[str, Scorecard],
         indicators: dict[str, Indicator], units: dict[str, Unit]) -> Post:
    path: Path = ("posts", key)
    ctx.refer((*path, "unit"), raw["unit"], "units", "unit")
    targets = _targets(ctx, path, raw.get("targets"))
    card_name = raw["scorecard"]
    if ctx.refer((*path, "scorecard"), card_name, "scorecards", "scorecard") \
            and card_name in scorecards:
        check_targets(ctx, path, _("post '{key}'").format(key=key), scorecards[card_name],
                      indicators,
                      targets, None)
    return Post(key, raw.get("label", key), raw["unit"], card_name, targets,
                _decimal(raw.get("bonus_base")))


def person(ctx: Context, key: str, raw: dict[str, Any], posts: dict[str, Post],
           scorecards: dict[str, Scorecard], indicators: dict[str, Indicator]) -> Person:
    path: Path = ("people", key)
    written = raw.get("targets")
    targets = _targets(ctx, path, written) if written else {}
    by_month = "posts" in raw
    if by_month or "post" not in raw:
        spans = assignments(ctx, path, key, raw)
        held = [span.post for span in spans]
    else:  # most people: one post all year, nothing more to read
        spans, held = (), [raw["post"]]
    for i, name in enumerate(held):
        where: Path = (*path, "posts", i, "post") if by_month else (*path, "post")
        found = posts.get(name)
        if ctx.refer(where, name, "posts", "post") and found is not None \
                and found.scorecard in scorecards and targets:  # no targets: nothing to check
            check_targets(ctx, path, _("person '{key}'").format(key=key),
                          scorecards[found.scorecard],
                          indicators, targets, found)
    return Person(key, str(raw.get("name", key)), held[-1] if held else "", targets,
                  _decimal(raw.get("bonus_base")), spans)


def _targets(ctx: Context, path: Path, raw: dict[str, Any] | None) -> dict[str, Target]:
    """An owner's targets as written; one whose formula cannot be read is left out (its
    error says why)."""
    out = {}
    for name, written in (raw or {}).items():
        found = target(ctx, (*path, "targets", name), written)
        if found is not None:
            out[name] = found
    return out


def check_targets(ctx: Context, path: Path, owner: str, card: Scorecard,
                  indicators: dict[str, Indicator], targets: dict[str, Target],
                  post: Post | None) -> None:
    # Every indicator written on the card, also those left out for their own errors,
    # so that one broken indicator does not make its targets look misplaced.
    raw = ctx.data["scorecards"][card.id]
    on_card = [str(item["indicator"]) for section in raw.get("sections", [])
               for item in section.get("items", [])]
    on_card += [str(item["indicator"]) for item in raw.get("items", [])]
    for name, goal in targets.items():
        target_path: Path = (*path, "targets", name)
        if name not in on_card:
            known = [n for n in on_card if n in ctx.known("indicators")]
            ctx.error(target_path, _("'{name}' is not on scorecard '{id}', so its target is "
                                     "never used").format(name=name, id=card.id),
                      did_you_mean(name, known), at_key=True)
        elif name in indicators:
            check_target(ctx, target_path, name, indicators[name].rule, goal, owner)
            check_formula_target(ctx, target_path, indicators[name], goal)
    if post is not None:
        return  # people inherit whatever their post lacks; the post reports it
    written = ctx.data[str(path[0])][str(path[1])].get("targets") or {}  # broken: said already
    for name in on_card:
        indicator = indicators.get(name)
        if indicator and indicator.rule.needs_target and name not in written \
                and "target" not in ctx.data["indicators"][name] and name not in cascaded(ctx):
            ctx.error(path, _("{owner} has no target for '{name}', which its {kind} rule "
                              "needs").format(owner=owner, name=name, kind=indicator.rule.kind),
                       _("add it under targets: {name}: <number>").format(name=name), at_key=True)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)
