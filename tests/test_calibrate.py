"""Calibration and money: grade quotas, the people they move and why, and pools to the cent."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from appraise.model import Calibration, QuotaRounding
from appraise.numbers import money, to_cents
from appraise.year.calibration import Move, force_distribution, quota
from appraise.year.pools import share_pool

NAMES = ["A", "B", "C", "D", "E"]  # index 0 is the best grade
A, B, C, D, E = range(5)
GROUP = "sales"
HALF_UP = "rounded half up"


def calibration(at_most: dict[str, str] | None = None, at_least: dict[str, str] | None = None,
                rounding: QuotaRounding = "half_up") -> Calibration:
    return Calibration(within="department",
                       at_most={k: Decimal(v) for k, v in (at_most or {}).items()},
                       at_least={k: Decimal(v) for k, v in (at_least or {}).items()},
                       rounding=rounding, min_size=5)


STANDARD = calibration(at_most={"A": "20"}, at_least={"C": "10"})


def ranked(size: int) -> list[str]:
    """People p1 .. pN, best ranked first."""
    return [f"p{i}" for i in range(1, size + 1)]


def distribute(grades: Sequence[int], rules: Calibration = STANDARD
               ) -> tuple[list[str], list[Move]]:
    """The final grades as names, in ranking order, and the moves."""
    people = ranked(len(grades))
    out, moves = force_distribution(GROUP, people, dict(zip(people, grades, strict=True)),
                                    NAMES, rules)
    assert set(out) == set(people)
    return [NAMES[out[p]] for p in people], moves


def at_most_reason(percent: str, size: int, grade: str, allowed: int, how: str,
                   position: int) -> str:
    return (f"at most {percent} of {size} may be {grade} or better: {allowed} ({how}); "
            f"ranked {position}")


def at_least_reason(percent: str, size: int, grade: str, needed: int, how: str,
                    position: int) -> str:
    return (f"at least {percent} of {size} must be {grade} or worse: {needed} ({how}); "
            f"ranked {position}")


# -- quota ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "percent", "half_up", "down", "up"),
    [
        (4, "20", 1, 0, 1),  # 0.8
        (5, "10", 1, 0, 1),  # 0.5: half up is 1
        (10, "20", 2, 2, 2),  # exactly 2
        (10, "0", 0, 0, 0),
        (10, "100", 10, 10, 10),
        (10, "25", 3, 2, 3),  # 2.5
        (10, "15", 2, 1, 2),  # 1.5
        (7, "15", 1, 1, 2),  # 1.05
        (3, "33.3", 1, 0, 1),  # 0.999
        (8, "12.5", 1, 1, 1),  # exactly 1
        (4, "12.5", 1, 0, 1),  # 0.5
        (9, "10", 1, 0, 1),  # 0.9
        (14, "10", 1, 1, 2),  # 1.4
        (0, "20", 0, 0, 0),
    ],
)
def test_quota(size: int, percent: str, half_up: int, down: int, up: int) -> None:
    assert quota(size, Decimal(percent), "half_up") == half_up
    assert quota(size, Decimal(percent), "down") == down
    assert quota(size, Decimal(percent), "up") == up


# -- force_distribution ---------------------------------------------------------------------


def test_too_many_a_drop_to_b_and_too_few_c_pull_the_last_down() -> None:
    # at most 20% of 10 = 2 may be A: p1 and p2 keep A, p3 and p4 drop to B.
    # at least 10% of 10 = 1 must be C or worse: nobody is, so p10 (ranked last) drops to C.
    final, moves = distribute([A, A, A, A, B, B, B, B, B, B])
    assert final == ["A", "A", "B", "B", "B", "B", "B", "B", "B", "C"]
    assert moves == [
        Move("p3", GROUP, 3, 10, "A", "B",
             "at most 20% of 10 may be A or better: 2 (rounded half up); ranked 3"),
        Move("p4", GROUP, 4, 10, "A", "B",
             "at most 20% of 10 may be A or better: 2 (rounded half up); ranked 4"),
        Move("p10", GROUP, 10, 10, "B", "C",
             "at least 10% of 10 must be C or worse: 1 (rounded half up); ranked 10"),
    ]


def test_a_move_carries_everything_a_person_reads() -> None:
    _, moves = distribute([A, A, A, B, B, B, B, B, B, C])
    assert len(moves) == 1
    move = moves[0]
    assert move.person == "p3"
    assert move.group == GROUP
    assert move.position == 3
    assert move.of == 10
    assert move.before == "A"
    assert move.after == "B"
    assert move.reason == "at most 20% of 10 may be A or better: 2 (rounded half up); ranked 3"


def test_a_person_dropped_from_a_counts_again_for_b_or_better() -> None:
    # at most 20% of 10 = 2 A: p3 drops A -> B, so B or better is now p1 .. p7 (7 people).
    # at most 50% of 10 = 5 B or better: p6 and p7 drop B -> C.
    # at least 10% C or worse: 5 already (p6 .. p10), nobody moves.
    rules = calibration(at_most={"A": "20", "B": "50"}, at_least={"C": "10"})
    final, moves = distribute([A, A, A, B, B, B, B, C, C, C], rules)
    assert final == ["A", "A", "B", "B", "B", "C", "C", "C", "C", "C"]
    assert moves == [
        Move("p3", GROUP, 3, 10, "A", "B", at_most_reason("20%", 10, "A", 2, HALF_UP, 3)),
        Move("p6", GROUP, 6, 10, "B", "C", at_most_reason("50%", 10, "B", 5, HALF_UP, 6)),
        Move("p7", GROUP, 7, 10, "B", "C", at_most_reason("50%", 10, "B", 5, HALF_UP, 7)),
    ]


def test_a_group_all_a_cascades_down_two_grades() -> None:
    # at most 2 A: p3 .. p10 drop to B (8 moves); then at most 5 B or better: p6 .. p10 drop
    # again, B -> C (5 moves); 5 are C, so at least 1 C or worse holds already.
    rules = calibration(at_most={"A": "20", "B": "50"}, at_least={"C": "10"})
    final, moves = distribute([A] * 10, rules)
    assert final == ["A", "A", "B", "B", "B", "C", "C", "C", "C", "C"]
    assert [(m.person, m.before, m.after) for m in moves] == (
        [(f"p{i}", "A", "B") for i in range(3, 11)] + [(f"p{i}", "B", "C") for i in range(6, 11)])
    assert [m.reason for m in moves][-1] == at_most_reason("50%", 10, "B", 5, "rounded half up",
                                                           10)


def test_a_group_that_meets_the_quotas_is_left_alone() -> None:
    grades = [A, A, B, B, B, B, B, B, C, D]
    final, moves = distribute(grades)
    assert final == ["A", "A", "B", "B", "B", "B", "B", "B", "C", "D"]
    assert moves == []


def test_someone_already_at_e_counts_as_c_or_worse() -> None:
    # a vetoed person at E, ranked last: 1 of 10 is C or worse, which is the 10% needed.
    final, moves = distribute([A, A, B, B, B, B, B, B, B, E])
    assert final == ["A", "A", "B", "B", "B", "B", "B", "B", "B", "E"]
    assert moves == []


def test_at_least_pulls_down_the_lowest_ranked_still_above_the_grade() -> None:
    # at least 30% of 10 = 3 C or worse; p10 is C already, so p9 then p8 drop to C.
    rules = calibration(at_most={"A": "20"}, at_least={"C": "30"})
    final, moves = distribute([A, B, B, B, B, B, B, B, B, C], rules)
    assert final == ["A", "B", "B", "B", "B", "B", "B", "C", "C", "C"]
    assert moves == [
        Move("p9", GROUP, 9, 10, "B", "C", at_least_reason("30%", 10, "C", 3, HALF_UP, 9)),
        Move("p8", GROUP, 8, 10, "B", "C", at_least_reason("30%", 10, "C", 3, HALF_UP, 8)),
    ]


def test_at_least_is_done_worst_grade_first() -> None:
    # at least 10% of 10 = 1 E: p10 drops C -> E.  Then at least 30% = 3 C or worse: p10 (E)
    # counts, so p9 and p8 drop B -> C.
    rules = calibration(at_least={"C": "30", "E": "10"})
    final, moves = distribute([A, B, B, B, B, B, B, B, B, C], rules)
    assert final == ["A", "B", "B", "B", "B", "B", "B", "C", "C", "E"]
    assert moves == [
        Move("p10", GROUP, 10, 10, "C", "E",
             at_least_reason("10%", 10, "E", 1, HALF_UP, 10)),
        Move("p9", GROUP, 9, 10, "B", "C", at_least_reason("30%", 10, "C", 3, HALF_UP, 9)),
        Move("p8", GROUP, 8, 10, "B", "C", at_least_reason("30%", 10, "C", 3, HALF_UP, 8)),
    ]


def test_rounded_down_a_small_group_may_have_no_a() -> None:
    # at most 20% of 4 = 0.8, rounded down 0: both A drop to B.
    # at least 10% of 4 = 0.4, rounded down 0: nobody must be C.
    rules = calibration(at_most={"A": "20"}, at_least={"C": "10"}, rounding="down")
    final, moves = distribute([A, A, B, B], rules)
    assert final == ["B", "B", "B", "B"]
    assert moves == [
        Move("p1", GROUP, 1, 4, "A", "B", at_most_reason("20%", 4, "A", 0, "rounded down", 1)),
        Move("p2", GROUP, 2, 4, "A", "B", at_most_reason("20%", 4, "A", 0, "rounded down", 2)),
    ]


def test_rounded_up_a_small_group_must_have_a_c() -> None:
    # at most 20% of 4 = 0.8, rounded up 1: p2 drops A -> B.
    # at least 10% of 4 = 0.4, rounded up 1: p4 drops B -> C.
    rules = calibration(at_most={"A": "20"}, at_least={"C": "10"}, rounding="up")
    final, moves = distribute([A, A, B, B], rules)
    assert final == ["A", "B", "B", "C"]
    assert moves == [
        Move("p2", GROUP, 2, 4, "A", "B", at_most_reason("20%", 4, "A", 1, "rounded up", 2)),
        Move("p4", GROUP, 4, 4, "B", "C", at_least_reason("10%", 4, "C", 1, "rounded up", 4)),
    ]


def test_a_percentage_is_written_plainly_in_the_reason() -> None:
    # at most 12.5% of 8 = 1 A: p2 drops; "12.50" is written 12.5%
    rules = calibration(at_most={"A": "12.50"})
    final, moves = distribute([A, A, B, B, B, B, B, B], rules)
    assert final == ["A", "B", "B", "B", "B", "B", "B", "B"]
    assert [m.reason for m in moves] == [
        "at most 12.5% of 8 may be A or better: 1 (rounded half up); ranked 2"]


def test_half_up_gives_a_half_person_the_benefit_of_a_whole() -> None:
    # at most 10% of 5 = 0.5, half up 1: one A stays; at least 10% C or worse: 1, p5 drops.
    rules = calibration(at_most={"A": "10"}, at_least={"C": "10"})
    final, _ = distribute([A, A, B, B, B], rules)
    assert final == ["A", "B", "B", "B", "C"]


def test_force_distribution_leaves_the_grades_given_unchanged() -> None:
    people = ranked(5)
    grades = dict(zip(people, [A, A, A, B, B], strict=True))
    out, _ = force_distribution(GROUP, people, grades, NAMES, STANDARD)
    assert grades == {"p1": A, "p2": A, "p3": A, "p4": B, "p5": B}
    assert out == {"p1": A, "p2": B, "p3": B, "p4": B, "p5": C}


# -- to_cents and money ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "units"),
    [
        (Fraction("2.675"), 2, 268),  # 267.5 -> half up
        (Fraction("-2.675"), 2, -268),  # away from zero at a half
        (Fraction("2.674999"), 2, 267),
        (Fraction("-2.674999"), 2, -267),
        (Fraction(1, 3), 2, 33),  # 33.33..
        (Fraction(2, 3), 2, 67),  # 66.66..
        (Fraction(-2, 3), 2, -67),
        (Fraction("0.5"), 0, 1),
        (Fraction("-0.5"), 0, -1),
        (Fraction("0.4"), 0, 0),
        (Fraction("-0.004"), 2, 0),  # -0.4 of a cent
        (Fraction("1234.5"), 0, 1235),
        (Fraction("25000"), 2, 2500000),
        (Fraction("0.0005"), 3, 1),
        (Fraction(0), 2, 0),
        # the float 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary
        (Fraction(2.675), 2, 267),
    ],
)
def test_to_cents_rounds_half_up(value: Fraction, places: int, units: int) -> None:
    assert to_cents(value, places) == units


@pytest.mark.parametrize(
    ("units", "places", "written"),
    [(268, 2, "2.68"), (-268, 2, "-2.68"), (200, 2, "2.00"), (0, 2, "0.00"), (5, 0, "5"),
     (1, 3, "0.001"), (961539, 2, "9615.39")],
)
def test_money_writes_the_units_with_their_places(units: int, places: int,
                                                  written: str) -> None:
    assert money(units, places) == Decimal(written)
    assert str(money(units, places)) == written


# -- share_pool -----------------------------------------------------------------------------


def test_a_missing_cent_goes_to_the_share_rounded_down_the_most() -> None:
    # 25000 x 15000 / 39000 = 9615.384615..; x 18000 / 39000 = 11538.461538..;
    # x 6000 / 39000 = 3846.153846.. In cents: 961538.46, 1153846.15, 384615.38,
    # half up 961538 + 1153846 + 384615 = 2499999: one cent short. Rounded down the most:
    # the first (by .46 of a cent).
    exact = [Fraction(15000), Fraction(18000), Fraction(6000)]
    assert share_pool(exact, Fraction(25000), 2) == [961539, 1153846, 384615]


def test_a_surplus_cent_is_taken_from_the_share_rounded_up_the_most() -> None:
    # a pool of 0.10 = 10 cents, in proportion 35 : 36 : 29 -> 3.5, 3.6, 2.9 cents,
    # half up 4 + 4 + 3 = 11: one cent over. Rounded up the most: the first (by .5).
    exact = [Fraction(35), Fraction(36), Fraction(29)]
    assert share_pool(exact, Fraction("0.10"), 2) == [3, 4, 3]


@pytest.mark.parametrize(
    ("pool", "shares"),
    [
        ("1.01", [26, 25, 25, 25]),  # 25.25 each -> 25: 1 short, to the best ranked
        ("1.02", [26, 26, 25, 25]),  # 25.5 each -> 26: 2 over, from the two lowest ranked
        ("1.03", [26, 26, 26, 25]),  # 25.75 each -> 26: 1 over, from the lowest ranked
        ("1.00", [25, 25, 25, 25]),
    ],
)
def test_ties_favour_the_better_ranked(pool: str, shares: list[int]) -> None:
    assert share_pool([Fraction(1)] * 4, Fraction(pool), 2) == shares


def test_three_equal_shares_of_a_pool() -> None:
    one = [Fraction(1)] * 3
    assert share_pool(one, Fraction(1), 2) == [34, 33, 33]  # 33.33.. each, 1 short
    assert share_pool(one, Fraction(2), 2) == [67, 67, 66]  # 66.66.. each -> 67, 1 over


def test_the_pool_is_rounded_to_the_cent_first() -> None:
    # 100.005 -> 10001 cents (half up); 5000.5 each -> 5001 + 5001 = 10002: 1 over, taken
    # from the lower ranked
    assert share_pool([Fraction(1), Fraction(1)], Fraction("100.005"), 2) == [5001, 5000]


def test_shares_of_a_pool_in_whole_units() -> None:
    # 10 x 1/3 = 3.33.. -> 3, 10 x 2/3 = 6.66.. -> 7
    assert share_pool([Fraction(1), Fraction(2)], Fraction(10), 0) == [3, 7]


def test_someone_with_no_share_gets_nothing() -> None:
    # 300 cents in proportion 0 : 1 : 2 -> 0, 100, 200
    assert share_pool([Fraction(0), Fraction(1), Fraction(2)], Fraction(3), 2) == [0, 100, 200]


def test_nothing_to_share_in_proportion_to_gives_zeros() -> None:
    assert share_pool([Fraction(0), Fraction(0)], Fraction(25000), 2) == [0, 0]
    assert share_pool([], Fraction(25000), 2) == []


def test_an_empty_pool_gives_zeros() -> None:
    assert share_pool([Fraction(1), Fraction(2)], Fraction(0), 2) == [0, 0]


amounts = st.lists(st.fractions(min_value=0, max_value=10**7, max_denominator=1000),
                   min_size=1, max_size=15)


@given(amounts, st.integers(min_value=0, max_value=10**11), st.integers(min_value=0, max_value=4))
def test_shares_add_up_to_the_pool_and_each_is_within_a_cent(
        exact: list[Fraction], pool_units: int, places: int) -> None:
    total = sum(exact, Fraction(0))
    assume(total > 0)
    pool = Fraction(pool_units, 10**places)
    shares = share_pool(exact, pool, places)
    assert len(shares) == len(exact)
    assert sum(shares) == to_cents(pool, places) == pool_units
    for share, amount in zip(shares, exact, strict=True):
        assert abs(share - amount * pool_units / total) < 1


@given(amounts, st.fractions(min_value=0, max_value=10**9, max_denominator=10**6),
       st.integers(min_value=0, max_value=4))
def test_shares_add_up_to_any_pool_rounded_to_the_cent(exact: list[Fraction], pool: Fraction,
                                                       places: int) -> None:
    total = sum(exact, Fraction(0))
    assume(total > 0)
    pool_units = to_cents(pool, places)
    shares = share_pool(exact, pool, places)
    assert sum(shares) == pool_units
    for share, amount in zip(shares, exact, strict=True):
        assert abs(share - amount * pool_units / total) < 1


@given(st.lists(st.integers(A, E), min_size=1, max_size=40).map(sorted),
       st.integers(0, 100), st.integers(0, 100), st.sampled_from(["half_up", "down", "up"]))
def test_quotas_hold_after_calibration_and_nobody_moves_up(
        grades: list[int], most_a: int, least_c: int, rounding: QuotaRounding) -> None:
    rules = calibration(at_most={"A": str(most_a)}, at_least={"C": str(least_c)},
                        rounding=rounding)
    people = ranked(len(grades))
    after, moves = force_distribution(GROUP, people, dict(zip(people, grades, strict=True)),
                                      NAMES, rules)
    final = [after[p] for p in people]
    size = len(people)
    assert all(new >= old for new, old in zip(final, grades, strict=True))
    assert sum(1 for g in final if g <= A) <= quota(size, Decimal(most_a), rounding)
    assert sum(1 for g in final if g >= C) >= min(size, quota(size, Decimal(least_c), rounding))
    assert final == sorted(final)  # the ranking still reads best to worst
    assert all(NAMES.index(m.after) > NAMES.index(m.before) for m in moves)
    assert {m.person for m in moves} == {p for p, old in zip(people, grades, strict=True)
                                         if after[p] != old}
