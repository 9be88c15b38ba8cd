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

import math
import struct
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Literal

SIGNIFICANT_DIGITS = 12
NOISE = 1e-9  # smaller than any figure a scheme counts: what remains of a - a in binary
RoundingMode = Literal["half_up", "half_even"]
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
# The default 28 digits cannot hold 1e30 to two places; 1000 holds any finite double.
_WIDE = Context(prec=1000)


def add_up(values: Iterable[float]) -> float:
    """Left to right, as a person adds and as the column path adds (Python 3.12's ``sum``
    compensates, which would differ in the last bit)."""
    total = 0.0
    for value in values:
        total += value
    return total


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


# -- edges as plain float comparisons -----------------------------------------------------
#
# settle() and round_to() never decrease as their argument grows, so "settle(x) >= e" holds
# exactly for x from some float onwards. Finding that float once per edge turns every
# settled comparison into a plain one, which whole columns of figures can make at once
# with the very same outcome as settle() person by person.

_TOP = 0x7FEF_FFFF_FFFF_FFFF  # the order key of the largest finite double


def _key(x: float) -> int:
    bits = int(struct.unpack("<q", struct.pack("<d", x))[0])
    return bits if bits >= 0 else -(bits & 0x7FFF_FFFF_FFFF_FFFF)


def _float(key: int) -> float:
    bits = key if key >= 0 else (-key) | (1 << 63)
    return float(struct.unpack("<d", struct.pack("<Q", bits))[0])


def first_float(holds: Callable[[float], bool]) -> float:
    """The smallest finite float for which ``holds`` (monotone: false, then true) is true.

    Returns infinity when it holds for none, minus infinity when it holds for all.
    """
    low, high = -_TOP, _TOP
    if holds(_float(low)):
        return -math.inf
    if not holds(_float(high)):
        return math.inf
    while high - low > 1:  # holds(high) and not holds(low)
        middle = (low + high) // 2
        if holds(_float(middle)):
            high = middle
        else:
            low = middle
    return _float(high)


@lru_cache(maxsize=65536)
def settles_at_least(edge: float) -> float:
    """The least x with settle(x) >= edge: then ``x >= settles_at_least(edge)`` is exact."""
    return first_float(lambda x: settle(x) >= edge)


@lru_cache(maxsize=65536)
def settles_above(edge: float) -> float:
    """The least x with settle(x) > edge: then ``x >= settles_above(edge)`` is exact."""
    return first_float(lambda x: settle(x) > edge)


@lru_cache(maxsize=4096)
def shows_at_least(edge: float, places: int, mode: RoundingMode) -> float:
    """The least x whose rounding for output is at least ``edge``."""
    return first_float(lambda x: float(round_to(x, places, mode)) >= edge)
