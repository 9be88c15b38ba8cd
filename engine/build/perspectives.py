"""Building perspectives (维度): the scheme's own categories when it declares them under
``perspectives:`` (销售业绩, 市场拓展, ...), with labels and optional default weights; else
the four of the balanced scorecard."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from ..diagnostics import did_you_mean
from ..i18n import _
from ..model import PERSPECTIVE_LABELS, PerspectiveSpec
from .context import Context
from .weights import weight

BALANCED = tuple(PERSPECTIVE_LABELS)


def perspectives(ctx: Context) -> dict[str, PerspectiveSpec]:
    """The perspectives the scheme declares (none: the balanced scorecard's)."""
    out: dict[str, PerspectiveSpec] = {}
    for key, raw in ctx.entries("perspectives"):
        found = weight(ctx, ("perspectives", key, "weight"), raw["weight"]) \
            if "weight" in raw else None
        if found is None and "weight" in raw:
            continue  # reported; the cards are not checked against a weight unread
        out[key] = PerspectiveSpec(key, str(raw.get("label", key)), found)
    return out


def allowed(ctx: Context) -> list[str]:
    """The perspectives an indicator or a card may name, in the scheme's order, broken
    declarations included (so that one broken entry does not make every indicator in it
    wrong too)."""
    raw = ctx.data.get("perspectives")
    if "perspectives" not in ctx.data:
        return list(BALANCED)
    return list(raw) if isinstance(raw, dict) else []


def readable(ctx: Context) -> bool:
    """Whether the scheme's perspectives can be checked against: declared as a map, or not
    at all."""
    return "perspectives" not in ctx.broken_sections and (
        "perspectives" not in ctx.data or isinstance(ctx.data["perspectives"], dict))


def named(declared: Mapping[str, PerspectiveSpec], perspective: str) -> str:
    """A perspective as a message names it: "'sales' (销售业绩)", or "'financial'"."""
    spec = declared.get(perspective)
    return spec.named if spec is not None else f"'{perspective}'"


def unknown(ctx: Context, declared: Mapping[str, PerspectiveSpec], name: str) -> tuple[str, str]:
    """What is wrong with perspective ``name``, which is not allowed, and the hint."""
    if "perspectives" in ctx.data:
        options = [named(declared, p) for p in allowed(ctx)]
        what = _("which the scheme does not declare (its perspectives: {names})").format(
            names=", ".join(options))
        other = _("use one of them, or declare it under perspectives: at the top of the scheme")
    else:
        what = _("which is not a balanced-scorecard perspective ({names})").format(
            names=", ".join(BALANCED))
        other = _("use one of them, or declare the scheme's own under perspectives: at the "
                  "top of the scheme")
    close = difflib.get_close_matches(name, sorted(set(allowed(ctx))), n=1, cutoff=0.6)
    return what, did_you_mean(name, allowed(ctx)) if close else other


def check_indicators(ctx: Context, declared: Mapping[str, PerspectiveSpec]) -> bool:
    """Every indicator's perspective is one the scheme has; whether the perspectives are
    sound (those and the scheme's weights), so that cards can be checked against them."""
    if not readable(ctx):
        return False
    before = len(ctx.diagnostics)
    if "perspectives" in ctx.data and len(declared) < len(allowed(ctx)):
        return False  # a weight that cannot be read is reported already
    names = set(allowed(ctx))
    for key, spec in ctx.entries("indicators"):
        found = spec.get("perspective") if isinstance(spec, dict) else None
        if not isinstance(found, str) or found in names:
            continue
        what, hint = unknown(ctx, declared, found)
        ctx.error(("indicators", key, "perspective"),
                  _("indicator '{key}' is in perspective '{name}', {what}").format(
                      key=key, name=found, what=what), hint)
    return len(ctx.diagnostics) == before


__all__ = ["BALANCED", "allowed", "check_indicators", "named", "perspectives", "readable",
           "unknown"]
