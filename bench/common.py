"""What every benchmarked method shares: the scheme's numeric semantics and the results.

Appraise computes in binary doubles, and wherever a value meets an edge (a band, a
threshold, a grade boundary) or is rounded for output it first *settles* it to 12
significant digits (below 1e-9 it is 0), then rounds half up. The peers replicate
that here, written independently of the library so that agreement means something.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache
from typing import Any

_WIDE = Context(prec=1000)
_CENT = Decimal("0.01")


def settle(x: float) -> float:
    """``x`` to 12 significant digits, as a person computing by hand writes it."""
    return 0.0 if abs(x) < 1e-9 else float(f"{x:.12g}")


def shown(x: float, places: int = 2) -> Decimal:
    """``x`` as printed: settled, then rounded half up."""
    if abs(x) < 1e-9:
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    exact = Decimal(f"{x:.12g}").quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, _WIDE)
    return exact if exact else abs(exact)


# -- settled comparisons as plain ones ------------------------------------------------------
#
# settle() and shown() never decrease as x grows, so "settle(x) >= edge" holds exactly
# from some float on. Finding that float once per edge lets whole columns (NumPy) or a
# Rust engine compare plainly and still get what settling gives person by person.

_TOP = 0x7FEF_FFFF_FFFF_FFFF  # order key of the largest finite double


def _key_float(key: int) -> float:
    bits = key if key >= 0 else (-key) | (1 << 63)
    return float(struct.unpack("<d", struct.pack("<Q", bits))[0])


def least_float(holds: Callable[[float], bool]) -> float:
    """The least finite float for which the monotone test ``holds`` is true."""
    low, high = -_TOP, _TOP
    if holds(_key_float(low)):
        return -math.inf
    if not holds(_key_float(high)):
        return math.inf
    while high - low > 1:
        middle = (low + high) // 2
        if holds(_key_float(middle)):
            high = middle
        else:
            low = middle
    return _key_float(high)


@cache
def edge_at_least(edge: float) -> float:
    """x >= edge_at_least(e) exactly when settle(x) >= e."""
    return least_float(lambda x: settle(x) >= edge)


@cache
def edge_above(edge: float) -> float:
    """x >= edge_above(e) exactly when settle(x) > e."""
    return least_float(lambda x: settle(x) > edge)


@cache
def edge_shown_at_least(edge: float) -> float:
    """x >= edge_shown_at_least(e) exactly when shown(x) >= e (grades)."""
    return least_float(lambda x: float(shown(x)) >= edge)


# -- the scheme document, read the way every peer reads it -----------------------------------


def direction(indicator: dict[str, Any]) -> str:
    kind = indicator["rule"]["kind"]
    return indicator.get("direction") or (
        "lower_is_better" if kind == "lower_is_better" else "higher_is_better")


def target(raw: Any) -> tuple[float, float | None]:
    """A target as (base, stretch)."""
    if isinstance(raw, dict):
        stretch = raw.get("stretch")
        return float(raw["base"]), None if stretch is None else float(stretch)
    return float(raw), None


def target_for(doc: dict[str, Any], person: dict[str, Any] | None, post: dict[str, Any],
               indicator: str) -> tuple[float, float | None] | None:
    """The person's target, else the post's, else the indicator's default."""
    for targets in ((person or {}).get("targets", {}), post.get("targets", {})):
        if indicator in targets:
            return target(targets[indicator])
    default = doc["indicators"][indicator].get("target")
    return None if default is None else target(default)


def bonus_base_for(doc: dict[str, Any], person: dict[str, Any] | None,
                   post: dict[str, Any]) -> float | None:
    for owner in (person or {}, post, doc):
        if owner.get("bonus_base") is not None:
            return float(owner["bonus_base"])
    return None


def sorted_bands(rule: dict[str, Any]) -> list[dict[str, Any]]:
    """Bands from the open-ended lowest one up (the order does not change the outcome:
    bands neither overlap nor leave gaps)."""
    return sorted(rule["bands"], key=lambda b: (b.get("min") is not None, b.get("min") or 0.0))


WEIGHTLESS = frozenset({"deduction", "bonus", "veto"})


# -- results and agreement -----------------------------------------------------------------


@dataclass
class Scores:
    """Per person, in data order: total, grade and bonus at full precision."""

    totals: Sequence[float]
    grades: Sequence[str]
    bonuses: Sequence[float | None]


class Disagreement(Exception):
    pass


def check_agreement(method: str, people: Sequence[str], got: Scores, want: Scores,
                    limit: int | None = None) -> None:
    """Raise :class:`Disagreement` naming the first person whose total, grade or bonus,
    shown to the cent, differs from Appraise's."""
    count = len(people) if limit is None else min(limit, len(people))
    if len(got.totals) != count:
        raise Disagreement(f"{method}: {len(got.totals)} results for {count} people")
    for i in range(count):
        checks = (("total", got.totals[i], want.totals[i]),
                  ("bonus", got.bonuses[i], want.bonuses[i]))
        for what, mine, theirs in checks:
            if mine == theirs:
                continue
            if mine is None or theirs is None or shown(float(mine)) != shown(float(theirs)):
                raise Disagreement(
                    f"{method} disagrees with Appraise on person {people[i]} (row {i + 1}): "
                    f"{what} {_show(mine)} vs {_show(theirs)}")
        if got.grades[i] != want.grades[i]:
            raise Disagreement(
                f"{method} disagrees with Appraise on person {people[i]} (row {i + 1}): "
                f"grade {got.grades[i]} vs {want.grades[i]} (total {_show(got.totals[i])} "
                f"vs {_show(want.totals[i])})")


def _show(x: float | None) -> str:
    return "none" if x is None else f"{shown(float(x))} ({float(x)!r})"
