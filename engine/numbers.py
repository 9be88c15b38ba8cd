"""How Appraise computes with numbers, in one place.

Values are computed in binary double precision, as in Excel. Binary fractions
make tiny errors: 1,380,000 / 1,200,000 x 100 is 114.99999999999999, not 115.
A person computing by hand would put that value on the 115 edge, so wherever a
value meets an edge (bands, thresholds, grade boundaries, a veto count) and
whenever it is rounded for output, it is first *settled* to 12 significant
digits (and anything smaller than 1e-9 is taken as 0). Twelve digits cover any
money amount below ten billion to the cent, and sit a thousand times above the
largest error a scoring chain accumulates.

Output rounding is half up (2.675 -> 2.68) unless the scheme says half_even.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import Literal

SIGNIFICANT_DIGITS = 12
NOISE = 1e-9  # smaller than any figure a scheme counts: what remains of a - a in binary
RoundingMode = Literal["half_up", "half_even"]
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
# The default 28 digits cannot hold 1e30 to two places; 1000 holds any finite double.
_WIDE = Context(prec=1000)


def settle(value: float) -> float:
    """``value`` taken to 12 significant digits: what a person computing by hand gets.

    Below :data:`NOISE` it is 0: 0.1 + 0.2 - 0.3 leaves 5.55e-17, which by hand is 0.
    """
    return 0.0 if abs(value) < NOISE else float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def settled_decimal(value: float) -> Decimal:
    return Decimal(0) if abs(value) < NOISE else Decimal(f"{value:.{SIGNIFICANT_DIGITS}g}")


def round_to(value: float, places: int, mode: RoundingMode = "half_up") -> Decimal:
    """Round for output: settle, then round to ``places`` decimals.

    >>> str(round_to(2.675, 2)), str(round_to(114.99999999999999, 2))
    ('2.68', '115.00')
    """
    exponent = Decimal(1).scaleb(-places)
    result = settled_decimal(value).quantize(exponent, rounding=_MODES[mode], context=_WIDE)
    return result if result else abs(result)  # never print "-0.00"


def at_least(value: float, edge: float) -> bool:
    return settle(value) >= edge


def at_most(value: float, edge: float) -> bool:
    return settle(value) <= edge


def format_number(value: float) -> str:
    """A value as a person writes it: no binary noise, no needless zeros."""
    text = format(settled_decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text
