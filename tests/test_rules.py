"""Every rule kind: exact points and the exact explanation a person reads.

Points are compared as :func:`written` shows them: the value
taken to 12 significant digits, which is what a person computing by hand gets
(86.6666666667 for 13 of 15). Where a point value is exact in binary, it is also
compared with ``==``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TypedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraise import Scheme, load_scheme
from appraise.formula import EvaluationError, compile_formula
from appraise.numbers import settle, settled_decimal
from appraise.report.words import words
from appraise.rules import Direction, Rule, Target
from appraise.rules.bands import Band, BandsRule
from appraise.rules.events import CountRule
from appraise.rules.formula import NAMES as RULE_NAMES
from appraise.rules.formula import FormulaRule
from appraise.rules.linear import LinearRule
from appraise.rules.lower_is_better import LowerIsBetterRule
from appraise.rules.piecewise import PiecewiseRule
from appraise.rules.rating import RatingRule
from appraise.rules.ratio import RatioRule
from appraise.rules.threshold import ThresholdRule
from appraise.rules.two_level import TwoLevelRule
from appraise.rules.veto import VetoRule

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "schemes" / "examples" / "sales_company.yaml"
EVERY_KIND = ROOT / "tests" / "schemes" / "valid" / "every_rule_kind.yaml"

# 1,380,000 / 1,200,000 x 100 in binary: 114.99999999999999, which a person calls 115.
REVENUE_115 = 1380000 / 1200000 * 100

HIGHER: Direction = "higher_is_better"
LOWER: Direction = "lower_is_better"
CLOSEST: Direction = "closest_to_target"


def scored(rule: Rule, value: float, target: Target | None = None) -> tuple[str, str]:
    outcome = rule.score(value, target)
    return written(outcome.points), words(outcome.step)


def written(value: float) -> str:
    """A value as a person writes it: no binary noise, no needless zeros."""
    text = format(settled_decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def said(rule: Rule, value: float | str, target: Target | None = None) -> tuple[float, str]:
    """The points at full precision, and the step in the words a person reads."""
    outcome = rule.score(value, target)
    return outcome.points, words(outcome.step)


def linear(direction: Direction = HIGHER, **settings: object) -> LinearRule:
    return LinearRule("linear", direction, **settings)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def example() -> Scheme:
    return load_scheme(EXAMPLE)


@pytest.fixture(scope="module")
def every_kind() -> Scheme:
    return load_scheme(EVERY_KIND)


# -- the worked example of domain.md, through the shipped scheme's own rules ---------------


def test_worked_example_revenue_115_percent_gives_119_5(example: Scheme) -> None:
    rule = example.indicators["revenue_achievement"].rule
    assert said(rule, 1380000, Target(1200000)) == (
        119.5, "15% better than target: 100 + 15 × 1.3 = 119.5")


def test_worked_example_13_of_15_new_customers_gives_86_6667(example: Scheme) -> None:
    rule = example.indicators["new_customer_count"].rule
    assert scored(rule, 13, Target(15)) == ("86.6666666667", "13 / 15 = 86.6667% → 86.6667")


def test_worked_example_collection_rate_90_is_in_the_80_band(example: Scheme) -> None:
    indicator = example.indicators["collection_rate"]
    value = indicator.formula.evaluate({"cash_collected": 1242000, "revenue": 1380000})
    assert said(indicator.rule, value, None) == (80, "value 90 is in band [90, 95) → 80")


def test_worked_example_cost_rate_19_against_20_gives_100(example: Scheme) -> None:
    indicator = example.indicators["sales_cost_rate"]
    value = indicator.formula.evaluate({"sales_cost": 262200, "revenue": 1380000})
    assert said(indicator.rule, value, indicator.target) == \
        (100, "19 is at or under the target 20 → 100")


def test_worked_example_satisfaction_88_gives_90(example: Scheme) -> None:
    rule = example.indicators["satisfaction"].rule
    assert said(rule, 88, None) == \
        (90, "value 88 is between (70, 0) and (90, 100): 0 + (88 - 70) × 5 = 90")


def test_worked_example_teamwork_b_gives_80(example: Scheme) -> None:
    rule = example.indicators["teamwork"].rule
    assert isinstance(rule, RatingRule)
    assert said(rule, "B") == (80, "rating B → 80")


def test_worked_example_one_contract_error_costs_5(example: Scheme) -> None:
    rule = example.indicators["contract_errors"].rule
    assert rule.role == "deduction"
    assert said(rule, 1, None) == (5, "1 × 5 = -5")


def test_binary_edge_115_lands_in_the_band_starting_at_115() -> None:
    assert REVENUE_115 < 115  # the trap: a naive >= 115 misses it
    rule = BandsRule("bands", HIGHER, bands=(Band(None, 115, 60), Band(115, None, 100)))
    assert said(rule, REVENUE_115, None) == (100, "value 115 is in band [115, ∞) → 100")


def test_binary_edge_115_on_achievement_lands_in_the_band_starting_at_115() -> None:
    rule = BandsRule("bands", HIGHER, on="achievement",
                     bands=(Band(None, 115, 60), Band(115, None, 100)))
    assert said(rule, 1380000, Target(1200000)) == \
        (100, "achievement % 115 is in band [115, ∞) → 100")


def test_binary_edge_115_meets_a_threshold_of_at_least_115() -> None:
    rule = ThresholdRule("threshold", HIGHER, at_least=115)
    assert said(rule, REVENUE_115, None) == (100, "value 115: at least 115: met → 100")


# -- linear --------------------------------------------------------------------------------


def test_linear_below_target() -> None:
    rule = linear(above=1.3, below=0.3, cap=120, floor=0)
    assert scored(rule, 1000000, Target(1200000)) == \
        ("95", "16.6667% short of target: 100 - 16.6667 × 0.3 = 95")


def test_linear_exactly_on_target() -> None:
    rule = linear(above=1.3, below=0.3)
    assert said(rule, 1200000, Target(1200000)) == \
        (100, "0% better than target: 100 + 0 × 1.3 = 100")


def test_linear_capped() -> None:
    rule = linear(above=1.3, below=0.3, cap=120, floor=0)
    assert scored(rule, 2000000, Target(1200000)) == \
        ("120", "66.6667% better than target: 100 + 66.6667 × 1.3 = 186.6667, capped at 120")


def test_linear_floored() -> None:
    rule = linear(above=1, below=2, cap=120, floor=0)
    assert scored(rule, 400, Target(1000)) == \
        ("0", "60% short of target: 100 - 60 × 2 = -20, floored at 0")


def test_linear_without_floor_goes_below_zero() -> None:
    rule = linear(above=1, below=2)
    assert scored(rule, 400, Target(1000)) == ("-20", "60% short of target: 100 - 60 × 2 = -20")


def test_linear_own_points_at_target() -> None:
    rule = linear(at_target=80, above=1, below=1)
    assert scored(rule, 1100, Target(1000)) == ("90", "10% better than target: 80 + 10 × 1 = 90")


def test_linear_basis_value_counts_units_of_the_value() -> None:
    rule = linear(basis="value", above=2, below=5)
    assert scored(rule, 17, Target(15)) == ("104", "2 better than target: 100 + 2 × 2 = 104")
    assert scored(rule, 12, Target(15)) == ("85", "3 short of target: 100 - 3 × 5 = 85")


def test_linear_basis_value_lower_is_better_over_a_zero_target() -> None:
    # The example's expense variance: budget overrun in %, target 0.
    rule = linear(LOWER, basis="value", above=1.3, below=3, cap=120, floor=0)
    assert scored(rule, 5, Target(0)) == ("85", "5 over target: 100 - 5 × 3 = 85")
    assert scored(rule, -4, Target(0)) == ("105.2", "4 better than target: 100 + 4 × 1.3 = 105.2")


def test_linear_lower_is_better_on_achievement() -> None:
    rule = linear(LOWER, above=1, below=2)
    assert scored(rule, 22, Target(20)) == ("80", "10% over target: 100 - 10 × 2 = 80")
    assert scored(rule, 18, Target(20)) == ("110", "10% better than target: 100 + 10 × 1 = 110")


def test_linear_closest_to_target_loses_points_both_ways() -> None:
    rule = linear(CLOSEST, above=1, below=2)
    assert scored(rule, 110, Target(100)) == ("80", "10% off target: 100 - 10 × 2 = 80")
    assert scored(rule, 90, Target(100)) == ("80", "10% off target: 100 - 10 × 2 = 80")
    assert scored(rule, 100, Target(100)) == ("100", "0% better than target: 100 + 0 × 1 = 100")


def test_linear_closest_to_target_on_value() -> None:
    rule = linear(CLOSEST, basis="value", above=1, below=2, floor=0)
    assert scored(rule, 33, Target(30)) == ("94", "3 off target: 100 - 3 × 2 = 94")
    assert scored(rule, 28, Target(30)) == ("96", "2 off target: 100 - 2 × 2 = 96")


def test_linear_negative_target_on_achievement() -> None:
    # A loss target of -10: a loss of only 5 is 50% better.
    rule = linear(above=1, below=1)
    assert scored(rule, -5, Target(-10)) == ("150", "50% better than target: 100 + 50 × 1 = 150")


def test_linear_on_achievement_needs_a_non_zero_target() -> None:
    rule = linear(above=1, below=1)
    assert rule.needs_target and rule.divides_by_target
    assert not linear(basis="value", above=1, below=1).divides_by_target
    with pytest.raises(EvaluationError) as caught:
        rule.score(5, Target(0))
    assert str(caught.value) == "the target is 0, and achievement divides by it"


# -- ratio ---------------------------------------------------------------------------------


def test_ratio_capped() -> None:
    rule = RatioRule("ratio", HIGHER, cap=120)
    assert said(rule, 30, Target(15)) == (120, "30 / 15 = 200% → 200, capped at 120")


def test_ratio_floored() -> None:
    rule = RatioRule("ratio", HIGHER, floor=60)
    assert said(rule, 6, Target(15)) == (60, "6 / 15 = 40% → 40, floored at 60")


def test_ratio_with_factor() -> None:
    rule = RatioRule("ratio", HIGHER, factor=0.5)
    assert scored(rule, 30, Target(60)) == ("25", "30 / 60 = 50% × 0.5 → 25")


def test_ratio_lower_is_better_divides_the_target_by_the_value() -> None:
    rule = RatioRule("ratio", LOWER, cap=120)
    assert scored(rule, 60000, Target(50000)) == \
        ("83.3333333333", "target 50,000 / value 60,000 = 83.3333% → 83.3333")
    assert scored(rule, 40000, Target(50000)) == \
        ("120", "target 50,000 / value 40,000 = 125% → 125, capped at 120")
    assert scored(RatioRule("ratio", LOWER, factor=0.5), 25, Target(20)) == \
        ("40", "target 20 / value 25 = 80% × 0.5 → 40")


def test_ratio_lower_is_better_of_a_zero_value_cannot_be_scored_without_a_cap() -> None:
    rule = RatioRule("ratio", LOWER)
    with pytest.raises(EvaluationError) as caught:
        rule.score(0, Target(20))
    assert str(caught.value) == ("the value is 0, the best possible, and a lower-is-better "
                                 "ratio without a cap has no points for it")


# -- two levels: base task and stretch goal ------------------------------------------------

TWO_LEVEL = TwoLevelRule("two_level", HIGHER, base_points=80, stretch_points=100, above=0.5,
                         below=2, cap=110, floor=0)
BASE_AND_STRETCH = Target(1400000, 1750000)


@pytest.mark.parametrize(("value", "points", "detail"), [
    (1200000, "51.4285714286",
     "14.2857% below the base task 1,400,000: 80 - 14.2857 × 2 = 51.4286"),
    (500000, "0",
     "64.2857% below the base task 1,400,000: 80 - 64.2857 × 2 = -48.5714, floored at 0"),
    (1400000, "80",
     "between base 1,400,000 and stretch 1,750,000: 80 + 0% of the way to 100 = 80"),
    (1530000, "87.4285714286",
     "between base 1,400,000 and stretch 1,750,000: 80 + 37.1429% of the way to 100 = 87.4286"),
    (1750000, "100",
     "at the stretch goal 1,750,000 → 100"),
    (1820000, "102",
     "4% above the stretch goal 1,750,000: 100 + 4 × 0.5 = 102"),
    (2150000, "110",
     "22.8571% above the stretch goal 1,750,000: 100 + 22.8571 × 0.5 = 111.4286, capped at 110"),
])
def test_two_level(value: float, points: str, detail: str) -> None:
    assert scored(TWO_LEVEL, value, BASE_AND_STRETCH) == (points, detail)


def test_two_level_on_value() -> None:
    rule = TwoLevelRule("two_level", HIGHER, base_points=80, stretch_points=100, above=1,
                        below=2, basis="value")
    assert scored(rule, 3, Target(6, 10)) == ("74", "3 below the base task 6: 80 - 3 × 2 = 74")
    assert scored(rule, 8, Target(6, 10)) == \
        ("90", "between base 6 and stretch 10: 80 + 50% of the way to 100 = 90")
    assert scored(rule, 12, Target(6, 10)) == \
        ("102", "2 above the stretch goal 10: 100 + 2 × 1 = 102")
    assert not rule.divides_by_target and TWO_LEVEL.divides_by_target


# -- bands ---------------------------------------------------------------------------------

COLLECTION_BANDS = (Band(95, None, 100), Band(90, 95, 80), Band(85, 90, 60), Band(None, 85, 0))


@pytest.mark.parametrize(("value", "detail"), [
    (100, "value 100 is in band [95, ∞) → 100"),
    (95, "value 95 is in band [95, ∞) → 100"),
    (94.99, "value 94.99 is in band [90, 95) → 80"),
    (90, "value 90 is in band [90, 95) → 80"),
    (85, "value 85 is in band [85, 90) → 60"),
    (84.99, "value 84.99 is in band (-∞, 85) → 0"),
    (-5, "value -5 is in band (-∞, 85) → 0"),
])
def test_bands_closed_lower_edges_belong_to_the_band_above(value: float, detail: str) -> None:
    rule = BandsRule("bands", HIGHER, bands=COLLECTION_BANDS)
    assert said(rule, value, None)[1] == detail


@pytest.mark.parametrize(("value", "points", "detail"), [
    (95.01, 100, "value 95.01 is in band (95, ∞) → 100"),
    (95, 80, "value 95 is in band (90, 95] → 80"),
    (90, 60, "value 90 is in band (85, 90] → 60"),
    (85, 0, "value 85 is in band (-∞, 85] → 0"),
])
def test_bands_closed_upper_edges_belong_to_the_band_below(
        value: float, points: float, detail: str) -> None:
    rule = BandsRule("bands", HIGHER, bands=COLLECTION_BANDS, closed="upper")
    assert said(rule, value, None) == (points, detail)


def test_bands_show_their_labels() -> None:
    rule = BandsRule("bands", HIGHER, bands=(Band(None, 80, 0, "差"), Band(80, None, 100, "优秀")))
    assert said(rule, 85, None) == (100, "value 85 is in band [80, ∞) 优秀 → 100")
    assert said(rule, 79, None) == (0, "value 79 is in band (-∞, 80) 差 → 0")


def test_bands_on_achievement() -> None:
    rule = BandsRule("bands", HIGHER, on="achievement", bands=COLLECTION_BANDS)
    assert rule.needs_target and rule.divides_by_target
    assert said(rule, 1140, Target(1200)) == \
        (100, "achievement % 95 is in band [95, ∞) → 100")
    assert said(rule, 1000, Target(1200)) == \
        (0, "achievement % 83.3333 is in band (-∞, 85) → 0")


def test_bands_value_outside_every_band() -> None:
    rule = BandsRule("bands", HIGHER, bands=(Band(90, None, 100),))
    with pytest.raises(EvaluationError) as caught:
        rule.score(50, None)
    assert str(caught.value) == "value 50 is outside every band"


# -- threshold -----------------------------------------------------------------------------


def test_threshold_at_least_with_reduced_points_otherwise() -> None:
    rule = ThresholdRule("threshold", HIGHER, at_least=95, points=100, otherwise=60)
    assert said(rule, 95, None) == (100, "value 95: at least 95: met → 100")
    assert said(rule, 94.99, None) == (60, "value 94.99: at least 95: not met → 60")


def test_threshold_at_most() -> None:
    rule = ThresholdRule("threshold", HIGHER, at_most=20)
    assert said(rule, 20, None) == (100, "value 20: at most 20: met → 100")
    assert said(rule, 20.5, None) == (0, "value 20.5: at most 20: not met → 0")
    assert not rule.needs_target


def test_threshold_against_the_target_higher_is_better() -> None:
    rule = ThresholdRule("threshold", HIGHER)
    assert rule.needs_target
    assert said(rule, 15, Target(15)) == (100, "value 15: at least the target 15: met → 100")
    assert said(rule, 14, Target(15)) == \
        (0, "value 14: at least the target 15: not met → 0")


def test_threshold_against_the_target_lower_is_better() -> None:
    rule = ThresholdRule("threshold", LOWER)
    assert said(rule, 14, Target(14)) == (100, "value 14: at most the target 14: met → 100")
    assert said(rule, 15, Target(14)) == \
        (0, "value 15: at most the target 14: not met → 0")


def test_threshold_against_the_target_on_achievement_means_100_percent() -> None:
    rule = ThresholdRule("threshold", HIGHER, on="achievement", otherwise=40)
    assert said(rule, 1200000, Target(1200000)) == (
        100, "achievement % 100: at least 100% of the target 1,200,000: met → 100")
    assert said(rule, 1140000, Target(1200000)) == (
        40, "achievement % 95: at least 100% of the target 1,200,000: not met → 40")


def test_threshold_on_achievement_with_a_fixed_edge() -> None:
    rule = ThresholdRule("threshold", HIGHER, on="achievement", at_least=115)
    assert said(rule, 1380000, Target(1200000)) == \
        (100, "achievement % 115: at least 115: met → 100")


# -- lower is better -----------------------------------------------------------------------

COST_RATE = LowerIsBetterRule("lower_is_better", LOWER, per_unit_over=10)


def test_lower_is_better_on_and_under_the_target() -> None:
    assert said(COST_RATE, 20, Target(20)) == (100, "20 is at or under the target 20 → 100")
    assert said(COST_RATE, 3, Target(20)) == (100, "3 is at or under the target 20 → 100")


def test_lower_is_better_noise_above_the_target_counts_as_on_it() -> None:
    assert 0.1 * 3 * 100 > 30  # 30.000000000000004 in binary
    assert said(COST_RATE, 0.1 * 3 * 100, Target(30)) == \
        (100, "30 is at or under the target 30 → 100")


def test_lower_is_better_over_the_target() -> None:
    assert scored(COST_RATE, 21.5, Target(20)) == \
        ("85", "1.5 over the target 20: 100 - 1.5 × 10 = 85")


def test_lower_is_better_floored_at_zero_by_default() -> None:
    assert scored(COST_RATE, 35, Target(20)) == \
        ("0", "15 over the target 20: 100 - 15 × 10 = -50, floored at 0")


def test_lower_is_better_on_achievement_with_cap_and_own_points() -> None:
    rule = LowerIsBetterRule("lower_is_better", LOWER, per_unit_over=2, points=90,
                             basis="achievement", cap=85)
    assert scored(rule, 220, Target(200)) == \
        ("70", "10% over the target 200: 90 - 10 × 2 = 70")
    assert scored(rule, 200, Target(200)) == \
        ("85", "200 is at or under the target 200 → 90, capped at 85")
    assert rule.divides_by_target and not COST_RATE.divides_by_target


# -- piecewise -----------------------------------------------------------------------------

SATISFACTION = PiecewiseRule("piecewise", HIGHER, table=((70, 0), (90, 100), (100, 110)),
                             cap=105)


@pytest.mark.parametrize(("value", "points", "detail"), [
    (60, "0", "value 60 is at or below 70 → 0"),
    (70, "0", "value 70 is at or below 70 → 0"),
    (80, "50", "value 80 is between (70, 0) and (90, 100): 0 + (80 - 70) × 5 = 50"),
    (90, "100", "value 90 is between (70, 0) and (90, 100): 0 + (90 - 70) × 5 = 100"),
    (95, "105", "value 95 is between (90, 100) and (100, 110): 100 + (95 - 90) × 1 = 105"),
    (98, "105",
     "value 98 is between (90, 100) and (100, 110): 100 + (98 - 90) × 1 = 108, capped at 105"),
    (100, "105", "value 100 is at or above 100 → 110, capped at 105"),
    (130, "105", "value 130 is at or above 100 → 110, capped at 105"),
])
def test_piecewise(value: float, points: str, detail: str) -> None:
    assert scored(SATISFACTION, value, None) == (points, detail)


def test_piecewise_noise_on_a_table_point_gives_that_points_exactly() -> None:
    noisy = math.nextafter(90, 100)  # 90.00000000000001, as a chain of divisions can give
    assert SATISFACTION.score(noisy, None).points == 100


def test_piecewise_falling_table_and_a_floor() -> None:
    rule = PiecewiseRule("piecewise", LOWER, table=((0, 100), (10, 0)), floor=20)
    assert scored(rule, 4, None) == \
        ("60", "value 4 is between (0, 100) and (10, 0): 100 + (4 - 0) × -10 = 60")
    assert scored(rule, 9, None) == \
        ("20", "value 9 is between (0, 100) and (10, 0): 100 + (9 - 0) × -10 = 10, floored at 20")


def test_piecewise_on_achievement() -> None:
    rule = PiecewiseRule("piecewise", HIGHER, on="achievement", table=((80, 60), (100, 100)))
    assert rule.needs_target and rule.divides_by_target
    assert scored(rule, 90, Target(100)) == \
        ("80", "achievement % 90 is between (80, 60) and (100, 100): 60 + (90 - 80) × 2 = 80")


# -- deductions, bonus items, veto ---------------------------------------------------------


@pytest.mark.parametrize(("count", "points", "detail"), [
    (0, 0, "0 × 5 = 0"),
    (1, 5, "1 × 5 = -5"),
    (4, 20, "4 × 5 = -20"),
    (5, 20, "5 × 5 = -25, at most 20"),
])
def test_deduction(count: float, points: float, detail: str) -> None:
    rule = CountRule("deduction", HIGHER, per_event=5, max_points=20)
    assert rule.role == "deduction"
    assert said(rule, count, None) == (points, detail)


def test_deduction_without_a_limit() -> None:
    rule = CountRule("deduction", HIGHER, per_event=5)
    assert said(rule, 7, None) == (35, "7 × 5 = -35")


@pytest.mark.parametrize(("count", "points", "detail"), [
    (0, 0, "0 × 3 = 0"),
    (1, 3, "1 × 3 = +3"),
    (2, 5, "2 × 3 = +6, at most 5"),
])
def test_bonus(count: float, points: float, detail: str) -> None:
    rule = CountRule("bonus", HIGHER, per_event=3, max_points=5)
    assert rule.role == "bonus"
    assert said(rule, count, None) == (points, detail)


def test_veto() -> None:
    zero = VetoRule("veto", HIGHER)
    lowest = VetoRule("veto", HIGHER, effect="lowest_grade")
    assert zero.role == lowest.role == "veto"
    assert said(zero, 0, None) == (0, "no veto event")
    assert said(zero, 1, None) == (1, "1 veto event(s): total set to 0 and lowest grade")
    assert said(zero, 2, None) == (1, "2 veto event(s): total set to 0 and lowest grade")
    assert said(lowest, 0, None) == (0, "no veto event")
    assert said(lowest, 1, None) == (1, "1 veto event(s): lowest grade")


@pytest.mark.parametrize("rule", [
    CountRule("deduction", HIGHER, per_event=5),
    CountRule("bonus", HIGHER, per_event=3),
    VetoRule("veto", HIGHER),
], ids=lambda rule: rule.kind)
def test_a_negative_number_of_events_is_an_error_not_points(rule: Rule) -> None:
    # -1 contract errors would otherwise add 5 points and could raise a grade and a bonus.
    with pytest.raises(EvaluationError) as caught:
        rule.score(-1, None)
    assert str(caught.value) == "the number of events is -1; it cannot be negative"


def test_weighted_rules_have_the_weighted_role() -> None:
    assert COST_RATE.role == SATISFACTION.role == TWO_LEVEL.role == "weighted"


# -- ratings -------------------------------------------------------------------------------


def test_rating_overrides_replace_the_scale_points_for_this_indicator(every_kind: Scheme) -> None:
    rule = every_kind.indicators["teamwork"].rule
    assert isinstance(rule, RatingRule)
    assert said(rule, "A") == (100, "rating A → 100")
    assert said(rule, "B") == (85, "rating B → 85")  # overridden; the scale says 80
    assert said(rule, "C") == (60, "rating C → 60")  # from the scale


def test_rating_not_on_the_scale(example: Scheme) -> None:
    rule = example.indicators["teamwork"].rule
    assert isinstance(rule, RatingRule)
    with pytest.raises(EvaluationError) as caught:
        rule.score("E", None)
    assert str(caught.value) == "rating 'E' is not on the scale 'abcd'"


# -- formula rules -------------------------------------------------------------------------


def formula_rule(text: str, **limits: float) -> FormulaRule:
    return FormulaRule("formula", HIGHER, formula=compile_formula(text, RULE_NAMES), **limits)


def test_formula_rule_of_the_example(example: Scheme) -> None:
    rule = example.indicators["report_accuracy"].rule
    assert not rule.needs_target
    assert said(rule, 100, None) == \
        (100, "100 if 100 >= 100 else max(0, 100 - (100 - 100) * 20) = 100")
    assert scored(rule, (1 - 1 / 24) * 100, None) == (
        "16.6666666667",
        "100 if 95.8333 >= 100 else max(0, 100 - (100 - 95.8333) * 20) = 16.6667")


def test_formula_rule_with_achievement_cap_and_floor() -> None:
    rule = formula_rule("min(achievement, 120)", cap=110, floor=50)
    assert rule.needs_target and rule.divides_by_target
    assert scored(rule, 13, Target(15)) == ("86.6666666667", "min(86.6667, 120) = 86.6667")
    assert scored(rule, 150, Target(100)) == ("110", "min(150, 120) = 120, capped at 110")
    assert scored(rule, 10, Target(100)) == ("50", "min(10, 120) = 10, floored at 50")


def test_formula_rule_with_target_and_stretch() -> None:
    rule = formula_rule("80 + (value - target) / (stretch - target) * 20")
    assert rule.needs_target and rule.divides_by_target
    assert scored(rule, 12, Target(10, 15)) == ("88", "80 + (12 - 10) / (15 - 10) * 20 = 88")


def test_formula_rule_subtracting_the_target_does_not_divide_by_it() -> None:
    rule = formula_rule("100 + (value - target) * 2")
    assert rule.needs_target and not rule.divides_by_target
    assert scored(rule, 3, Target(0)) == ("106", "100 + (3 - 0) * 2 = 106")


def test_formula_rule_on_value_alone_needs_no_target() -> None:
    rule = formula_rule("value * 2")
    assert not rule.needs_target and not rule.divides_by_target
    assert scored(rule, 21, None) == ("42", "21 * 2 = 42")


# -- laws ----------------------------------------------------------------------------------

VALUES = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
TARGETS = st.floats(min_value=0.01, max_value=1e9)
SLOPES = st.floats(min_value=0, max_value=50)
POINTS = st.floats(min_value=-200, max_value=200)


class Limits(TypedDict):
    cap: float | None
    floor: float | None


@st.composite
def limits(draw: st.DrawFn) -> Limits:
    """A cap and a floor, either may be missing; the cap is never below the floor."""
    floor = draw(st.none() | POINTS)
    cap = draw(st.none() | st.floats(min_value=floor if floor is not None else -200,
                                     max_value=300))
    return {"cap": cap, "floor": floor}


@st.composite
def increasing_bands(draw: st.DrawFn) -> BandsRule:
    edges = sorted(draw(st.sets(st.integers(-1000, 1000), min_size=1, max_size=6)))
    points = sorted(draw(st.lists(POINTS, min_size=len(edges) + 1, max_size=len(edges) + 1)))
    lows: list[float | None] = [None, *edges]
    highs: list[float | None] = [*edges, None]
    bands = tuple(Band(lo, hi, p) for lo, hi, p in zip(lows, highs, points, strict=True))
    return BandsRule("bands", HIGHER, bands=bands, closed=draw(st.sampled_from(["lower", "upper"])))


@st.composite
def increasing_tables(draw: st.DrawFn) -> PiecewiseRule:
    xs = sorted(draw(st.sets(st.integers(-1000, 1000), min_size=2, max_size=6)))
    ps = sorted(draw(st.lists(POINTS, min_size=len(xs), max_size=len(xs))))
    return PiecewiseRule("piecewise", HIGHER, table=tuple(zip(xs, ps, strict=True)),
                         **draw(limits()))


@st.composite
def higher_is_better_rules(draw: st.DrawFn) -> Rule:
    kind = draw(st.sampled_from(["linear", "ratio", "bands", "piecewise"]))
    if kind == "linear":
        return LinearRule("linear", HIGHER, above=draw(SLOPES), below=draw(SLOPES),
                          at_target=draw(POINTS), basis=draw(st.sampled_from(["achievement",
                                                                             "value"])),
                          **draw(limits()))
    if kind == "ratio":
        return RatioRule("ratio", HIGHER, factor=draw(st.floats(0.01, 10)), **draw(limits()))
    if kind == "bands":
        return draw(increasing_bands())
    return draw(increasing_tables())


@given(higher_is_better_rules(), VALUES, VALUES, TARGETS)
def test_more_value_never_gives_fewer_points(rule: Rule, a: float, b: float,
                                             target: float) -> None:
    low, high = sorted((a, b))
    assert rule.score(low, Target(target)).points <= rule.score(high, Target(target)).points


@st.composite
def limited_rules(draw: st.DrawFn) -> Rule:
    bounds = draw(limits())
    kind = draw(st.sampled_from(["linear", "ratio", "two_level", "lower_is_better",
                                 "piecewise", "formula"]))
    direction = draw(st.sampled_from([HIGHER, LOWER, CLOSEST]))
    if kind == "linear":
        return LinearRule("linear", direction, above=draw(SLOPES), below=draw(SLOPES),
                          **bounds)
    if kind == "ratio":
        return RatioRule("ratio", draw(st.sampled_from([HIGHER, LOWER])),
                         factor=draw(st.floats(0.01, 10)), **bounds)
    if kind == "two_level":
        return TwoLevelRule("two_level", HIGHER, base_points=draw(POINTS),
                            stretch_points=draw(POINTS), above=draw(SLOPES),
                            below=draw(SLOPES), **bounds)
    if kind == "lower_is_better":
        return LowerIsBetterRule("lower_is_better", LOWER, per_unit_over=draw(SLOPES),
                                 points=draw(POINTS), **bounds)
    if kind == "piecewise":
        return PiecewiseRule("piecewise", HIGHER, table=((0, draw(POINTS)), (100, draw(POINTS))),
                             **bounds)
    return FormulaRule("formula", HIGHER, formula=compile_formula("value * 3 - target",
                                                                  RULE_NAMES), **bounds)


def limits_of(rule: Rule) -> tuple[float | None, float | None]:
    return getattr(rule, "cap", None), getattr(rule, "floor", None)


@given(limited_rules(), st.floats(min_value=0.01, max_value=1e9), TARGETS)
def test_cap_is_never_exceeded_and_floor_never_undercut(rule: Rule, value: float,
                                                        target: float) -> None:
    points = rule.score(value, Target(target, target * 1.5)).points
    cap, floor = limits_of(rule)
    if cap is not None:
        assert points <= cap
    if floor is not None:
        assert points >= floor


@given(st.integers(0, 1000), st.floats(0.01, 100), st.none() | st.floats(0.01, 100))
def test_deductions_and_bonuses_stay_within_their_limit(count: int, per_event: float,
                                                         most: float | None) -> None:
    for kind in ("deduction", "bonus"):
        points = CountRule(kind, HIGHER, per_event=per_event, max_points=most).score(count,
                                                                                     None).points
        assert points >= 0
        if most is not None:
            assert points <= most


@given(st.one_of(higher_is_better_rules(), limited_rules()), VALUES, TARGETS)
def test_same_input_same_output(rule: Rule, value: float, target: float) -> None:
    try:
        first = rule.score(value, Target(target, target * 2))
    except EvaluationError as exc:  # e.g. a lower-is-better ratio of 0
        with pytest.raises(EvaluationError, match=str(exc)):
            rule.score(value, Target(target, target * 2))
        return
    assert rule.score(value, Target(target, target * 2)) == first
    assert settle(first.points) == settle(rule.score(value, Target(target, target * 2)).points)
