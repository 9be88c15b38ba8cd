"""Several raters, one score: change of scale, group averages and weights, by hand."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraise.data.raters import RatingError, combine, combine_columns, convert, group_average
from appraise.model import Conversion, Raters

ONE_TO_FIVE = Conversion(low=1, high=5, to_low=0, to_high=100)
SELF_MANAGER_PEER = {"self": Decimal("10"), "manager": Decimal("60"), "peer": Decimal("30")}


# -- convert --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "points"),
    [
        (1, 0.0),  # (1 - 1) x 100 / 4
        (2, 25.0),  # (2 - 1) x 100 / 4
        (3, 50.0),
        (4, 75.0),
        (5, 100.0),
        (3.5, 62.5),  # 2.5 x 25
        (1.5, 12.5),
    ],
)
def test_convert_moves_one_to_five_onto_zero_to_a_hundred(rating: float, points: float) -> None:
    assert convert(rating, ONE_TO_FIVE) == points


@pytest.mark.parametrize(
    ("conversion", "rating", "points"),
    [
        (Conversion(0, 10, 0, 100), 7, 70.0),
        (Conversion(1, 5, 60, 100), 2, 70.0),  # 60 + 1 x 40 / 4
        (Conversion(1, 5, 60, 100), 5, 100.0),
        (Conversion(1, 5, 100, 0), 1, 100.0),  # a reversed target range: 1 is best
        (Conversion(1, 5, 100, 0), 2, 75.0),  # 100 + 1 x (-100) / 4
        (Conversion(1, 5, 100, 0), 5, 0.0),
    ],
)
def test_convert_is_linear_between_the_two_ranges(conversion: Conversion, rating: float,
                                                   points: float) -> None:
    assert convert(rating, conversion) == points


@pytest.mark.parametrize("rating", [0, 4, 7.25, -3])
def test_without_a_conversion_the_rating_is_kept(rating: float) -> None:
    assert convert(rating, None) == rating


@pytest.mark.parametrize(
    ("conversion", "rating", "message"),
    [
        (ONE_TO_FIVE, 0, "rating 0 is outside the scale 1 to 5"),
        (ONE_TO_FIVE, 6, "rating 6 is outside the scale 1 to 5"),
        (ONE_TO_FIVE, 5.5, "rating 5.5 is outside the scale 1 to 5"),
        (ONE_TO_FIVE, 0.75, "rating 0.75 is outside the scale 1 to 5"),
        (ONE_TO_FIVE, -2, "rating -2 is outside the scale 1 to 5"),
        (Conversion(0.5, 4.5, 0, 100), 5, "rating 5 is outside the scale 0.5 to 4.5"),
        (Conversion(0, 1000, 0, 100), 1500, "rating 1,500 is outside the scale 0 to 1,000"),
    ],
)
def test_a_rating_outside_the_scale_is_refused(conversion: Conversion, rating: float,
                                               message: str) -> None:
    with pytest.raises(RatingError) as caught:
        convert(rating, conversion)
    assert str(caught.value) == message


def test_a_rating_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^rating 6 is outside the scale 1 to 5$"):
        convert(6, ONE_TO_FIVE)


# -- group_average --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "drop_extremes", "average"),
    [
        ([4], False, 4.0),
        ([4], True, 4.0),  # one rating: nothing to drop
        ([3, 4], False, 3.5),
        ([1, 5], True, 3.0),  # two ratings: nothing dropped, (1 + 5) / 2
        ([1, 4, 4, 5], False, 3.5),  # 14 / 4
        ([1, 4, 4, 5], True, 4.0),  # drop 1 and 5: (4 + 4) / 2
        ([5, 1, 3], True, 3.0),  # unsorted: drop 5 and 1, keep 3
        ([2, 4, 9], True, 4.0),
        ([2, 4, 9], False, 5.0),  # 15 / 3
        ([1, 1, 5, 5], True, 3.0),  # only one lowest and one highest go: (1 + 5) / 2
        ([5, 5, 5], True, 5.0),
        ([50.0, 75.0, 100.0], True, 75.0),
        ([0.0, 50.0, 100.0, 100.0], False, 62.5),  # 250 / 4
    ],
)
def test_group_average(ratings: Sequence[float], drop_extremes: bool, average: float) -> None:
    assert group_average(ratings, drop_extremes) == average


def test_group_average_leaves_the_ratings_as_they_were() -> None:
    ratings = [5.0, 1.0, 3.0]
    group_average(ratings, True)
    assert ratings == [5.0, 1.0, 3.0]


# -- combine --------------------------------------------------------------------------------


def test_combine_weighs_the_groups_after_dropping_extremes() -> None:
    # self 5 -> 100, x 10% = 10
    # manager 4 -> 75, x 60% = 45
    # peers 3, 4, 5 -> 50, 75, 100; drop 50 and 100 -> 75, x 30% = 22.5
    # 10 + 45 + 22.5 = 77.5
    raters = Raters(SELF_MANAGER_PEER, drop_extremes=True)
    ratings = {"self": [5], "manager": [4], "peer": [3, 4, 5]}
    assert combine(ratings, raters, ONE_TO_FIVE) == 77.5


@pytest.mark.parametrize(
    ("drop_extremes", "score"),
    [
        # peers 1, 3, 5, 5 -> 0, 50, 100, 100
        (True, 60.0),  # keep 50, 100 -> 75 x 30% = 22.5; 7.5 + 30 + 22.5
        (False, 56.25),  # 250 / 4 = 62.5 x 30% = 18.75; 7.5 + 30 + 18.75
    ],
)
def test_combine_drops_extremes_only_when_the_scheme_says_so(drop_extremes: bool,
                                                              score: float) -> None:
    # self 4 -> 75 x 10% = 7.5; manager 3 -> 50 x 60% = 30
    raters = Raters(SELF_MANAGER_PEER, drop_extremes=drop_extremes)
    ratings = {"self": [4], "manager": [3], "peer": [1, 3, 5, 5]}
    assert combine(ratings, raters, ONE_TO_FIVE) == score


def test_combine_with_two_peers_drops_nothing() -> None:
    # self 4 -> 75 x 10% = 7.5; manager 3 -> 50 x 60% = 30; peers 1, 5 -> 0, 100 -> 50 x 30% = 15
    raters = Raters(SELF_MANAGER_PEER, drop_extremes=True)
    ratings = {"self": [4], "manager": [3], "peer": [1, 5]}
    assert combine(ratings, raters, ONE_TO_FIVE) == 52.5


def test_combine_without_a_conversion_uses_the_ratings_as_points() -> None:
    raters = Raters({"manager": Decimal("100")})
    assert combine({"manager": [80, 90]}, raters) == 85.0  # (80 + 90) / 2 x 100%


@pytest.mark.parametrize("nobody", [{}, {"self": []}])
def test_a_group_with_no_weight_and_no_rating_is_skipped(
        nobody: dict[str, list[float]]) -> None:
    # manager 4 -> 75 x 70% = 52.5; peer 2 -> 25 x 30% = 7.5
    raters = Raters({"self": Decimal("0"), "manager": Decimal("70"), "peer": Decimal("30")})
    ratings: dict[str, list[float]] = {"manager": [4], "peer": [2], **nobody}
    assert combine(ratings, raters, ONE_TO_FIVE) == 60.0


def test_a_group_with_no_weight_adds_nothing() -> None:
    raters = Raters({"self": Decimal("0"), "manager": Decimal("100")})
    assert combine({"self": [1], "manager": [4]}, raters, ONE_TO_FIVE) == 75.0


def test_ratings_from_a_group_the_scheme_does_not_weigh_are_not_counted() -> None:
    raters = Raters({"manager": Decimal("100")})
    assert combine({"manager": [4], "customer": [1]}, raters, ONE_TO_FIVE) == 75.0


@pytest.mark.parametrize("ratings", [{"self": [4], "manager": [3]},
                                     {"self": [4], "manager": [3], "peer": []}])
def test_a_weighted_group_with_no_rating_is_an_error(ratings: dict[str, list[float]]) -> None:
    raters = Raters(SELF_MANAGER_PEER, drop_extremes=True)
    with pytest.raises(RatingError) as caught:
        combine(ratings, raters, ONE_TO_FIVE)
    assert str(caught.value) == "no rating from 'peer', who weighs 30%"


@pytest.mark.parametrize(
    ("weight", "shown"),
    [(Decimal("30"), "30%"), (Decimal("30.0"), "30%"), (Decimal("12.5"), "12.5%"),
     (Decimal("100"), "100%"), (Decimal("0.50"), "0.5%")],
)
def test_the_missing_group_s_weight_is_written_plainly(weight: Decimal, shown: str) -> None:
    with pytest.raises(RatingError) as caught:
        combine({}, Raters({"manager": weight}), ONE_TO_FIVE)
    assert str(caught.value) == f"no rating from 'manager', who weighs {shown}"


def test_the_first_missing_group_in_the_scheme_s_order_is_named() -> None:
    with pytest.raises(RatingError) as caught:
        combine({"peer": [3]}, Raters(SELF_MANAGER_PEER), ONE_TO_FIVE)
    assert str(caught.value) == "no rating from 'self', who weighs 10%"


def test_a_rating_outside_the_scale_stops_the_combination() -> None:
    raters = Raters(SELF_MANAGER_PEER, drop_extremes=True)
    ratings = {"self": [4], "manager": [3], "peer": [3, 4, 6]}
    with pytest.raises(RatingError) as caught:
        combine(ratings, raters, ONE_TO_FIVE)
    assert str(caught.value) == "rating 6 from 'peer' is outside the scale 1 to 5"


# -- many people at once --------------------------------------------------------------------

rating_or_none = st.one_of(st.none(), st.sampled_from([0.5, 1, 2.5, 3, 4.75, 5, 6, -0.0]),
                           st.floats(0.5, 5.5))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "self": st.lists(rating_or_none, min_size=1, max_size=1),
    "manager": st.lists(rating_or_none, min_size=1, max_size=2),
    "peer": st.lists(rating_or_none, min_size=5, max_size=5)}), min_size=1, max_size=30),
    st.sampled_from([SELF_MANAGER_PEER, {"self": Decimal("0"), "manager": Decimal("70"),
                                         "peer": Decimal("30")}]),
    st.booleans(), st.sampled_from([None, ONE_TO_FIVE]))
def test_ratings_combined_as_columns_are_combined_one_by_one(
        people: list[dict[str, list[float | None]]], weights: dict[str, Decimal],
        drop: bool, conversion: Conversion | None) -> None:
    """To the bit; and where one person's ratings cannot be combined, the columns say so."""
    raters = Raters(weights, drop)
    width = {g: max(len(p[g]) for p in people) for g in weights}
    given = {g: np.array([[np.nan if r is None else r for r in p[g]]
                          + [np.nan] * (width[g] - len(p[g])) for p in people])
             for g in weights}
    total, doubtful = combine_columns(given, raters, conversion)
    for k, person in enumerate(people):
        ratings = {g: [r for r in person[g] if r is not None] for g in weights}
        try:
            expected = combine({g: r for g, r in ratings.items() if r}, raters, conversion)
        except RatingError:
            assert doubtful[k]
            continue
        assert not doubtful[k]
        assert struct.pack("<d", total[k]) == struct.pack("<d", expected)
