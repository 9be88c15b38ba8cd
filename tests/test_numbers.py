"""Numbers: settling binary noise, output rounding and how values are written, by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraise.numbers import (
    NOISE,
    SIGNIFICANT_DIGITS,
    at_least,
    at_most,
    round_to,
    settle,
    settled_decimal,
)

finite = st.floats(allow_nan=False, allow_infinity=False)
places = st.integers(min_value=0, max_value=6)


# -- settle -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("computed", "by_hand"),
    [
        (1380000 / 1200000 * 100, 115.0),
        (0.1 + 0.2, 0.3),
        (0.1 * 3, 0.3),
        (1.1 * 1.1, 1.21),
        (100.0, 100.0),
        (-0.1 - 0.2, -0.3),
        (123456789012.0, 123456789012.0),
        (1234567890123.0, 1234567890120.0),  # beyond twelve digits: settled on purpose
        (2 / 3, 0.666666666667),
        (0.0, 0.0),
    ],
)
def test_settle_takes_twelve_significant_digits(computed: float, by_hand: float) -> None:
    assert SIGNIFICANT_DIGITS == 12
    assert settle(computed) == by_hand


def test_settle_keeps_infinity_and_nan_as_they_are() -> None:
    assert settle(float("inf")) == float("inf")
    assert settle(float("nan")) != settle(float("nan"))


def test_settled_decimal_is_the_settled_value_in_decimal() -> None:
    assert settled_decimal(1380000 / 1200000 * 100) == Decimal("115")
    assert settled_decimal(0.1 + 0.2) == Decimal("0.3")


@given(st.integers(min_value=-(10**12 - 1), max_value=10**12 - 1),
       st.integers(min_value=-30, max_value=30))
def test_settle_leaves_any_twelve_digit_decimal_unchanged(digits: int, exponent: int) -> None:
    x = float(Decimal(digits).scaleb(exponent))
    assert settle(x) == (x if abs(x) >= NOISE else 0.0)


@given(finite)
def test_settle_is_idempotent(x: float) -> None:
    assert settle(settle(x)) == settle(x)


@given(finite)
def test_settle_moves_a_value_by_less_than_a_part_in_a_hundred_billion(x: float) -> None:
    assert abs(settle(x) - x) <= max(abs(x) * 1e-11, NOISE)


def test_binary_noise_around_zero_settles_to_zero() -> None:
    assert settle(0.1 + 0.2 - 0.3) == 0.0
    assert settled_decimal(-5.551115123125783e-17) == Decimal(0)
    assert settle(1e-9) == 1e-9


# -- edges ------------------------------------------------------------------------------------


def test_a_value_computed_onto_an_edge_is_on_the_edge() -> None:
    reached = 1380000 / 1200000 * 100
    assert reached < 115  # binary arithmetic falls just short
    assert at_least(reached, 115)
    assert at_most(reached, 115)


def test_edges_still_separate_real_differences() -> None:
    assert not at_least(114.9999, 115)
    assert not at_most(115.0001, 115)
    assert at_least(115.0001, 115)
    assert at_most(114.9999, 115)


@given(finite, finite)
def test_at_least_and_at_most_cover_every_value(value: float, edge: float) -> None:
    assert at_least(value, edge) or at_most(value, edge)


# -- round_to ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (2.675, 2, "2.68"),  # binary 2.67499999... rounds down without settling
        (1.005, 2, "1.01"),
        (0.125, 2, "0.13"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (-2.5, 0, "-3"),
        (-2.675, 2, "-2.68"),
        (114.99999999999999, 2, "115.00"),
        (1380000 / 1200000 * 100, 1, "115.0"),
        (7, 2, "7.00"),
        (0.0, 2, "0.00"),
        (-0.0, 2, "0.00"),
        (-0.001, 2, "0.00"),
        (-0.004999, 2, "0.00"),
        (-0.005, 2, "-0.01"),
        (1 / 3, 6, "0.333333"),
        (1e30, 2, "1000000000000000000000000000000.00"),
        (1e-300, 4, "0.0000"),
    ],
)
def test_round_to_is_half_up(value: float, digits: int, shown: str) -> None:
    rounded = round_to(value, digits)
    assert isinstance(rounded, Decimal)
    assert str(rounded) == shown


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [(2.5, 0, "2"), (3.5, 0, "4"), (0.125, 2, "0.12"), (0.135, 2, "0.14"), (2.675, 2, "2.68"),
     (2.665, 2, "2.66"), (-2.5, 0, "-2"), (-0.005, 2, "0.00")],
)
def test_round_to_half_even_when_the_scheme_asks(value: float, digits: int, shown: str) -> None:
    assert str(round_to(value, digits, "half_even")) == shown


def test_the_largest_float_can_be_rounded() -> None:
    assert round_to(1.7976931348623157e308, 6) == Decimal("1.79769313486E+308")


@given(finite, places)
def test_round_to_is_idempotent(x: float, digits: int) -> None:
    once = round_to(x, digits)
    assert round_to(float(once), digits) == once


@given(finite, places, st.sampled_from(["half_up", "half_even"]))
def test_round_to_never_shows_minus_zero(x: float, digits: int, mode: str) -> None:
    shown = str(round_to(x, digits, mode))  # type: ignore[arg-type]
    assert not (shown.startswith("-") and Decimal(shown) == 0)


@given(finite, places)
def test_round_to_has_exactly_the_asked_places(x: float, digits: int) -> None:
    assert round_to(x, digits).as_tuple().exponent == -digits


@given(finite, places)
def test_round_to_moves_at_most_half_a_last_place_from_the_settled_value(
    x: float, digits: int
) -> None:
    assert abs(round_to(x, digits) - settled_decimal(x)) <= Decimal(1).scaleb(-digits) / 2


@given(st.decimals(min_value=-10**6, max_value=10**6, places=3))
def test_half_up_rounds_a_written_half_away_from_zero(written: Decimal) -> None:
    expected = written.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert round_to(float(written), 2) == (expected if expected else abs(expected))
