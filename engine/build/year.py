"""Building what a scheme says about the year: people's posts by month, the cascade of
targets, calibration quotas and bonus pools."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

from ..diagnostics import Path, did_you_mean
from ..i18n import _
from ..model import Assignment, Calibration, Cascade, Grade, Indicator, Split, Tree, Unit
from ..numbers import percent
from ..year.periods import parse_month
from .context import Context


def assignments(ctx: Context, path: Path, key: str, raw: dict[str, Any]) -> tuple[Assignment, ...]:
    if ("post" in raw) == ("posts" in raw):
        both = "post" in raw
        ctx.error(path, _("person '{key}' has both post and posts").format(key=key) if both else
                  _("person '{key}' needs a post").format(key=key),
                  _("write post: <post> for all year, or posts: [{post: ..., from: ..., until: "
                    "...}] by months"), at_key=True)
        return ()
    if "post" in raw:
        return (Assignment(raw["post"]),)
    year = ctx.calendar.year if ctx.calendar else None
    if year is None:
        ctx.error((*path, "posts"), _("person '{key}' has posts by month, but the scheme has no "
                                      "calendar").format(key=key),
                  _("add calendar: {year: ...}"), at_key=True)
        return ()
    out: list[Assignment] = []
    for i, entry in enumerate(raw["posts"]):
        months = []
        for end, default in (("from", 1), ("until", 12)):
            found = parse_month(entry[end]) if end in entry else (year, default)
            if found is None or found[0] != year:
                ctx.error((*path, "posts", i, end), _("month '{month}' is not in the scheme's "
                                                      "year {year}").format(
                                                        month=entry[end], year=year),
                          _("write it as {year}-MM").format(year=year))
                return ()
            months.append(found[1])
        if months[0] > months[1]:
            ctx.error((*path, "posts", i),
                _("person '{key}' is on post '{post}' from month {start} until month {end}, "
                  "which is no time").format(
                    key=key, post=entry["post"], start=months[0], end=months[1]),
                       _("write the earlier month in 'from'"), at_key=True)
            return ()
        out.append(Assignment(entry["post"], months[0], months[1]))
    ordered = sorted(out, key=lambda a: a.first)
    for before, after in pairwise(ordered):
        if after.first <= before.last:
            month = f"{year}-{after.first:02d}"
            ctx.error((*path, "posts"),
                _("person '{key}' is on posts '{first}' and '{second}' at once in {month}").format(
                    key=key, first=before.post, second=after.post, month=month),
                           _("one person holds one post at a time: end the first post before the "
                             "next begins"), at_key=True)
            return ()
    return tuple(ordered)

def cascaded(ctx: Context) -> set[str]:
    """Indicators whose targets a cascade sets, as written (broken entries too)."""
    raw = ctx.data.get("cascade")
    if not isinstance(raw, dict):
        return set()
    return {str(name) for entry in raw.values() if isinstance(entry, dict)
            and isinstance(entry.get("indicators"), list) for name in entry["indicators"]}

def cascade(ctx: Context, key: str, raw: dict[str, Any], units: dict[str, Unit],
            indicators: dict[str, Indicator]) -> Cascade | None:
    path: Path = ("cascade", key)
    ok = True
    for i, name in enumerate(raw["indicators"]):
        ok &= ctx.refer((*path, "indicators", i), name, "indicators", "indicator")
    roots = [u.id for u in units.values() if u.parent is None]
    unit = raw.get("unit", roots[0] if roots else "")
    if "unit" in raw:
        ok &= ctx.refer((*path, "unit"), unit, "units", "unit")
    splits: dict[str, Split] = {}
    below = set(Tree(units).subtree(unit)) if unit in units else set()  # once per cascade
    for name, split in (raw.get("split") or {}).items():
        if not ctx.refer((*path, "split", name), name, "units", "unit"):
            ok = False
        elif unit in units and name not in below:
            ctx.error((*path, "split", name), _("unit '{name}' is not under '{unit}', where "
                                                "cascade '{key}' starts").format(
                                                  name=name, unit=unit, key=key),
                      _("remove it, or start the cascade higher up"), at_key=True)
        if isinstance(split, dict):
            method, values = next(iter(split.items()))
            splits[name] = Split(method, {str(k): Fraction(Decimal(v))
                                          for k, v in values.items()})
        else:
            splits[name] = Split("even")
    weights = phasing(ctx, (*path, "phasing"), raw.get("phasing", "even"))
    if not ok or weights is None or unit not in units:
        return None
    stretch = raw.get("stretch")
    return Cascade(key, raw.get("label", key), tuple(raw["indicators"]), unit,
                   Fraction(Decimal(raw["target"])), weights, splits,
                   Fraction(Decimal(stretch)) / 100 if stretch is not None else None,
                   raw.get("on_gap", "error"))

def phasing(ctx: Context, path: Path, raw: Any) -> tuple[Fraction, ...] | None:
    if raw == "even":
        return (Fraction(1, 12),) * 12
    by_quarter = "quarters" in raw
    weights = [Fraction(Decimal(w)) for w in raw["quarters" if by_quarter else "months"]]
    total = sum(weights, Fraction(0))
    if total != 100:
        shown = f"{Decimal(total.numerator) / Decimal(total.denominator):f}"
        ctx.error((*path, "quarters" if by_quarter else "months"),
            _("phasing weights add up to {value}, expected 100%").format(
                value=percent(Decimal(shown))),
                       _("adjust the weights"))
        return None
    if by_quarter:
        return tuple(weights[(m - 1) // 3] / 300 for m in range(1, 13))
    return tuple(w / 100 for w in weights)

def calibration(ctx: Context, grades: tuple[Grade, ...]) -> Calibration | None:
    raw = ctx.data.get("calibration")
    if "calibration" in ctx.broken_sections or not isinstance(raw, dict):
        return None
    known = [g.grade for g in grades]
    for bound in ("at_most", "at_least"):
        for grade in raw.get(bound) or {}:
            if grades and str(grade) not in known:
                ctx.error(("calibration", bound, grade),
                    _("unknown grade '{grade}'").format(grade=grade),
                           did_you_mean(str(grade), known), at_key=True)
    return Calibration(raw["within"],
                       {str(k): Decimal(v) for k, v in (raw.get("at_most") or {}).items()},
                       {str(k): Decimal(v) for k, v in (raw.get("at_least") or {}).items()},
                       raw.get("rounding", "half_up"), int(raw.get("min_size", 5)))

def pools(ctx: Context, units: dict[str, Unit]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for name, value in ctx.entries("pools"):
        if ctx.refer(("pools", name), name, "units", "unit") and name in units:
            out[name] = Decimal(value)
    tree = Tree(units)
    for name in out:
        above = next((u for u in tree.chain(name)[1:] if u in out), None)
        if above is not None:
            ctx.error(("pools", name),
                _("unit '{name}' has a bonus pool, and so does '{above}' above it; a person's "
                  "bonus can come from one pool").format(name=name, above=above),
                      _("keep one of the two"), at_key=True)
    return out
