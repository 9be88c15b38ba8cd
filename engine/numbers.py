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

Money is exact: amounts are fractions until they are paid, then rounded half up to
the cent once (:func:`to_cents`). The last part of this module is the one text layer
for numbers that every message and reporter uses: a figure in an explanation, a
percentage, an amount, money.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from .i18n import _

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


# -- edges as plain float comparisons -----------------------------------------------------
#
# settle() and round_to() never decrease as their argument grows, so "settle(x) >= e" holds
# exactly for x from some float onwards. Finding that float once per edge turns every
# settled comparison into a plain one, which whole columns of figures can make at once
# with the very same outcome as settle() person by person.

_TOP = 0x7FEF_FFFF_FFFF_FFFF  # the order key of the largest finite double


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


# -- money: exact until paid, then half up to the cent --------------------------------------


@lru_cache(maxsize=65536)  # most people share a handful of amounts
def to_cents(value: Fraction, places: int) -> int:
    """``value`` in units of the last place, rounded half up (away from zero at a half)."""
    scaled = value * Fraction(10) ** places
    whole = math.floor(abs(scaled) + Fraction(1, 2))
    return whole if scaled >= 0 else -whole


def money(units: int, places: int) -> Decimal:
    """Units of the last place (cents) as a Decimal amount: 123450 -> 1234.50."""
    return Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places),
                                                   rounding=ROUND_HALF_UP)


# -- the one text layer ---------------------------------------------------------------------


def show(x: float) -> str:
    """A number in an explanation: up to 4 decimals, thousands separated, no binary noise."""
    text = f"{settle(x):,.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def written(x: float) -> str:
    """A number of a scheme as it was written there, thousands separated: 0.00001 stays
    0.00001 (where :func:`show` gives 0), 1500 is 1,500, 2.5 is 2.5."""
    return f"{Decimal(repr(x)).normalize():,f}"


def percent(value: Decimal | Fraction | int) -> str:
    """A percentage as written in a scheme: 95%, 12.5%, 0.5%; a third, 33.33%."""
    return f"{weight_text(value)}%"


Weight = Decimal | Fraction
"""A weight in percent as written: a decimal (40, 12.5), or a fraction that no decimal
writes (100/3), kept exact so that three thirds add up to 100."""


def exact_weight(text: str) -> Weight:
    """A weight written as a fraction, ``a/b`` (``100/3``, ``200 / 3``), exact: a Decimal
    when it has one (``100/4`` is 25); raises ValueError saying what is wrong."""
    parts = text.split("/")
    if len(parts) != 2:
        raise ValueError(_("it is neither a number nor a fraction such as 100/3"))
    try:
        top, bottom = (Decimal(part.strip()) for part in parts)
    except ArithmeticError:
        raise ValueError(_("it is neither a number nor a fraction such as 100/3")) from None
    if not (top.is_finite() and bottom.is_finite()):
        raise ValueError(_("it is neither a number nor a fraction such as 100/3"))
    if bottom == 0:
        raise ValueError(_("its denominator is 0"))
    found = Fraction(top) / Fraction(bottom)
    whole = found.denominator
    for prime in (2, 5):
        while whole % prime == 0:
            whole //= prime
    if whole == 1:  # a finite decimal: the same as writing it out
        return Decimal(found.numerator) / Decimal(found.denominator)
    return found


def add_weights(values: Iterable[Weight]) -> Weight:
    """Weights added up exactly: a Decimal while every one is, else a Fraction (three
    thirds make exactly 100)."""
    total: Weight = Decimal(0)
    for value in values:
        if isinstance(total, Decimal) and isinstance(value, Decimal):
            total += value
        else:
            total = Fraction(total) + Fraction(value)
    return total


def weight_number(value: Weight) -> float:
    """A weight as a JSON number: as written, or a fraction settled (100/3: 33.3333333333)."""
    return float(value) if isinstance(value, Decimal) else settle(float(value))


def weight_text(value: Decimal | Fraction | int) -> str:
    """A weight (or a sum of weights) as shown: 40, 12.5, and a fraction no decimal
    writes to 2 places, half up: 100/3 is 33.33."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    exact = Fraction(value)
    shown = Decimal(exact.numerator) / Decimal(exact.denominator)
    if Fraction(shown) != exact:
        shown = shown.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{shown.normalize():f}"


def amount(value: Fraction | Decimal | int) -> str:
    """An amount as HR writes it: 1,200,000 or 333,333.33 (half up to the cent)."""
    exact = Fraction(value)
    if exact.denominator == 1:
        return f"{exact.numerator:,}"
    cents = Decimal(exact.numerator) / Decimal(exact.denominator)
    return f"{cents.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def plain_amount(value: Fraction) -> str:
    """:func:`amount` without thousands separators, for CSV and JSON: 333333.33."""
    return amount(value).replace(",", "")


def figure(value: float) -> str:
    """A computed figure (a unit's revenue, a target share) as an amount."""
    return amount(Fraction(value).limit_denominator(10 ** 6)) if abs(value) < 1e15 \
        else f"{value:,.2f}"


def money_text(units: int | None, places: int) -> str:
    """Units of the last place as an amount with thousands separators: 1,234.50 ('' for none)."""
    return "" if units is None else f"{money(units, places):,}"


def units_text(units: float, places: int) -> str:
    """A rounded amount in units of its last place, as ``str(Decimal)`` writes it: 12345 ->
    123.45."""
    n = int(units)
    if not places:
        return str(n)
    whole, part = divmod(abs(n), 10 ** places)
    return f"{'-' if n < 0 else ''}{whole}.{part:0{places}d}"
