"""A small cascade, every number worked out by hand.

tests/schemes/cascade/small.yaml: a company (head: gm) with two departments,
east (manager EM; reps E1, E2, E3) and west (manager WM; reps W1, W2). Revenue
target 1,200,000 a year, phased 20/30/30/20 by quarter; the company gives east
60% and west 40%; east names each rep's yearly amount (300,000, 240,000,
180,000), west splits evenly. Reps: revenue achievement (ratio, cap 150) 80%,
teamwork by two raters (self 20%, manager 80%; 1-5 → 0-100) 20%. Managers: the
unit's revenue achievement 50%, their reps' average total 50%. The general
manager: the company's revenue achievement 100%.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from appraise import Result, load_scheme, round_to, score
from appraise.data.reader import read_monthly
from appraise.report import score_table, targets_table
from appraise.year.cascade import allocate
from appraise.year.periods import parse_period

SCHEME = "tests/schemes/cascade/small.yaml"
DATA = "tests/schemes/cascade/small-2026Q1.csv"


def run(period: str) -> Result:
    scheme = load_scheme(SCHEME)
    return score(scheme, read_monthly(DATA, scheme), parse_period(period, 2026))


@pytest.fixture(scope="module")
def q1() -> Result:
    return run("2026-Q1")


def test_targets_by_hand() -> None:
    scheme = load_scheme(SCHEME)
    revenue = allocate(scheme, scheme.cascades["revenue"])
    assert revenue.problems == []
    q1, year, january = (1, 2, 3), range(1, 13), (1,)
    # Q1 is 20% of the year: company 240,000; east 60% = 144,000; west 40% = 96,000.
    assert revenue.unit_target("company", q1) == 240_000
    assert revenue.unit_target("east", q1) == 144_000
    assert revenue.unit_target("west", q1) == 96_000
    # East's people: their yearly amounts, phased as east is: 20% in Q1.
    assert revenue.person_target("E1", "east", q1) == 60_000
    assert revenue.person_target("E2", "east", q1) == 48_000
    assert revenue.person_target("E3", "east", q1) == 36_000
    # West, evenly: 96,000 / 2.
    assert revenue.person_target("W1", "west", q1) == 48_000
    assert revenue.person_target("W1", "west", year) == 240_000
    # January is a third of Q1: company 80,000; E1 20,000; W1 16,000.
    assert revenue.unit_target("company", january) == 80_000
    assert revenue.person_target("E1", "east", january) == 20_000
    assert revenue.person_target("W1", "west", january) == 16_000
    # Q2 is 30%: E3 gets 180,000 × 30% = 54,000.
    assert revenue.person_target("E3", "east", (4, 5, 6)) == 54_000
    # Managers and the general manager hold no personal share: their units do.
    assert revenue.person_target("EM", "east", q1) is None


def test_targets_command_shows_each_unit_its_children_and_gap() -> None:
    scheme = load_scheme(SCHEME)
    assert targets_table(scheme, parse_period("2026-Q1", 2026)) == """\
小型级联 Small cascade — targets for 2026-Q1

销售额目标 (revenue)

Unit / person  Id       Split      Target  Children  Gap
-------------  -------  --------  -------  --------  ---
公司           company  shares    240,000   240,000    0
  东区         east     explicit  144,000   144,000    0
    东一       E1                  60,000
    东二       E2                  48,000
    东三       E3                  36,000
  西区         west     even       96,000    96,000    0
    西一       W1                  48,000
    西二       W2                  48,000
"""


def totals(result: Result) -> dict[str, str]:
    return {p.person: str(round_to(p.total, 2)) for p in result.people}


def test_quarter_totals_by_hand(q1: Result) -> None:
    # E1: revenue 20,000 + 25,000 + 21,000 = 66,000 of 60,000 = 110% → 110 × 80% = 88;
    #     teamwork (self 5 → 100, manager 4 → 75): 100 × 20% + 75 × 80% = 80 → 80 × 20% = 16.
    # E2: 48,000 of 48,000 = 100 → 80; teamwork 75 → 15.               Total 95.
    # E3: 27,000 of 36,000 = 75 → 60; teamwork (3 → 50, 2 → 25) 30 → 6. Total 66.
    # W1: 60,000 of 48,000 = 125 → 100; teamwork (4 → 75, 5 → 100) 95 → 19. Total 119.
    # W2: 43,200 of 48,000 = 90 → 72; teamwork 50 → 10.                 Total 82.
    # EM: east 141,000 of 144,000 = 97.9166..% → 97.9166.. × 50% = 48.9583..;
    #     members (104 + 95 + 66) / 3 = 88.3333.. × 50% = 44.1666..; total 93.125 → 93.13.
    # WM: west 103,200 of 96,000 = 107.5% → 53.75; members (119 + 82) / 2 = 100.5 → 50.25.
    # G1: the company 244,200 of 240,000 = 101.75%.
    assert totals(q1) == {"G1": "101.75", "EM": "93.13", "WM": "104.00", "E1": "104.00",
                          "E2": "95.00", "E3": "66.00", "W1": "119.00", "W2": "82.00"}


def test_unit_results(q1: Result) -> None:
    found = {(u.unit, u.indicator): (u.value, u.target.base if u.target else None,
                                     str(round_to(u.points, 4))) for u in q1.units}
    assert found == {
        ("east", "unit_revenue"): (141_000.0, 144_000.0, "97.9167"),
        ("west", "unit_revenue"): (103_200.0, 96_000.0, "107.5000"),
        ("company", "unit_revenue"): (244_200.0, 240_000.0, "101.7500"),
    }


def test_ranks_in_unit_and_company(q1: Result) -> None:
    ranks = {p.person: (p.rank, p.rank_of, p.company_rank) for p in q1.people}
    # Company: W1 119; E1 and WM tie at 104 (both 2nd, then 4th); G1 101.75; E2 95;
    # EM 93.13; W2 82; E3 66.
    assert ranks == {"W1": (1, 3, 1), "E1": (1, 4, 2), "WM": (2, 3, 2), "G1": (1, 1, 4),
                     "E2": (2, 4, 5), "EM": (3, 4, 6), "W2": (3, 3, 7), "E3": (4, 4, 8)}


def test_forced_distribution_moves_and_why(q1: Result) -> None:
    grades = {p.person: (p.scored_grade, p.grade) for p in q1.people}
    # East (4 people): at most 20% of 4 = 0.8 → 1 A (E1 is the only one); at least 20% D or
    # worse = 1 (E3 is D): nobody moves. West (3): at most 1 A, so WM (2nd, 104) drops to B;
    # at least 1 D or worse, so W2 (last, C) drops to D. The company (G1 alone) is below
    # min_size 3 and is not calibrated.
    assert grades == {"G1": ("A", "A"), "EM": ("B", "B"), "WM": ("A", "B"), "E1": ("A", "A"),
                      "E2": ("B", "B"), "E3": ("D", "D"), "W1": ("A", "A"), "W2": ("C", "D")}
    assert [(m.person, m.before, m.after, m.reason) for m in q1.moves] == [
        ("WM", "A", "B", "at most 20% of 3 may be A or better: 1 (rounded half up); ranked 2"),
        ("W2", "C", "D", "at least 20% of 3 must be D or worse: 1 (rounded half up); ranked 3"),
    ]
    assert q1.uncalibrated == (("company", 1),)


def test_bonus_and_pool_to_the_cent(q1: Result) -> None:
    paid = {p.person: str(Decimal(p.paid or 0).scaleb(-2)) for p in q1.people}
    # Yearly bases, a quarter is 3/12: G1 100,000 → 25,000 × 1.5 = 37,500; managers
    # 60,000 → 15,000; reps 40,000 → 10,000.
    # West's pool: 100,000 a year → 25,000 for the quarter, for bonuses of
    # W1 15,000 + WM 18,000 + W2 6,000 = 39,000: shares 9,615.3846.., 11,538.4615..,
    # 3,846.1538.. → half up 9,615.38 + 11,538.46 + 3,846.15 = 24,999.99; the missing cent
    # goes to W1, whose share was rounded down the most (0.46 of a cent).
    assert paid == {"G1": "37500.00", "EM": "18000.00", "E1": "15000.00", "E2": "12000.00",
                    "E3": "6000.00", "WM": "11538.46", "W1": "9615.39", "W2": "3846.15"}
    west = [p for p in q1.people if p.pool == "west"]
    assert sum(p.paid or 0 for p in west) == 2_500_000
    assert [(x.unit, x.amount, x.wanted, x.people) for x in q1.pools] == [
        ("west", 2_500_000, Fraction(39_000), 3)]


def test_one_month(q1: Result) -> None:
    january = run("2026-01")
    # E1 in January: 20,000 of 20,000 → 100 × 80% = 80; teamwork 80 × 20% = 16.
    assert totals(january)["E1"] == "96.00"
    # Year to date through February: E1 45,000 of 40,000 = 112.5% → 112.5 × 80% = 90 + 16.
    assert totals(run("2026-YTD-02"))["E1"] == "106.00"


def test_score_table(q1: Result) -> None:
    assert score_table(q1) == """\
小型级联 Small cascade — 2026-Q1 (2026-01 to 2026-03)

Rank  Company  Person  Name      Post      Unit  Months   Total  Grade      Coef.      Bonus
----  -------  ------  --------  --------  ----  ------  ------  ---------  -----  ---------
 1/1      4/8  G1      总经理甲  总经理    公司          101.75  A            1.5  37,500.00
 1/4      2/8  E1      东一      东区销售  东区          104.00  A            1.5  15,000.00
 2/4      5/8  E2      东二      东区销售  东区           95.00  B            1.2  12,000.00
 3/4      6/8  EM      东经理    东区经理  东区           93.13  B            1.2  18,000.00
 4/4      8/8  E3      东三      东区销售  东区           66.00  D            0.6   6,000.00
 1/3      1/8  W1      西一      西区销售  西区          119.00  A            1.5   9,615.39
 2/3      2/8  WM      西经理    西区经理  西区          104.00  B (was A)    1.2  11,538.46
 3/3      7/8  W2      西二      西区销售  西区           82.00  D (was C)    0.6   3,846.15

Unit results

Unit  Indicator            Actual   Target  Achievement  Points
----  ------------------  -------  -------  -----------  ------
公司  部门销售目标完成率  244,200  240,000      101.75%  101.75
东区  部门销售目标完成率  141,000  144,000       97.92%   97.92
西区  部门销售目标完成率  103,200   96,000      107.50%  107.50

Calibration within each department: at most 20% A or better; at least 20% D or worse

Person  Name    Group  Rank  From  To  Why
------  ------  -----  ----  ----  --  -------------------------------------------------------------------
WM      西经理  西区    2/3  A     B   at most 20% of 3 may be A or better: 1 (rounded half up); ranked 2
W2      西二    西区    3/3  C     D   at least 20% of 3 must be D or worse: 1 (rounded half up); ranked 3
Not calibrated: 公司 (1 person, fewer than 3)

Bonus pools (each share rounded half up; leftover cents to the largest remainders)

Unit  People  Bonuses before       Pool       Paid
----  ------  --------------  ---------  ---------
西区       3          39,000  25,000.00  25,000.00
"""  # noqa: E501 (the table is as wide as its longest reason)
