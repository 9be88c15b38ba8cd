"""The worked example of domain.md, end to end: it must come out exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from appraise import Result, load_scheme, read_actuals, round_to, score
from appraise.report import explain_text

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"


@pytest.fixture(scope="module")
def result() -> Result:
    scheme = load_scheme(SCHEME)
    return score(scheme, read_actuals(DATA, scheme))


def test_worked_example_total_grade_and_bonus(result: Result) -> None:
    person = result.person("SR01")
    assert round_to(person.total, 2) == Decimal("94.80")
    assert person.grade == "B"
    assert person.grade_label == "良好"
    assert person.bonus == Decimal("20000.00")  # paid to the cent
    assert (person.rank, person.rank_of) == (2, 6)


def test_worked_example_indicator_by_indicator(result: Result) -> None:
    rows = [
        (i.id, str(round_to(i.points, 2)),
         None if i.weighted is None else str(round_to(i.weighted, 2)))
        for i in result.person("SR01").items
    ]
    assert rows == [
        ("revenue_achievement", "119.50", "47.80"),
        ("new_customer_count", "86.67", "13.00"),
        ("collection_rate", "80.00", "16.00"),
        ("sales_cost_rate", "100.00", "10.00"),
        ("satisfaction", "90.00", "9.00"),
        ("teamwork", "80.00", "4.00"),
        ("contract_errors", "5.00", None),
        ("serious_violation", "0.00", None),
    ]
    person = result.person("SR01")
    assert str(round_to(person.weighted_sum, 2)) == "99.80"
    assert str(round_to(person.deductions, 2)) == "5.00"


def test_veto_sets_total_to_zero_and_lowest_grade(result: Result) -> None:
    person = result.person("SR04")
    assert str(round_to(person.weighted_sum, 2)) == "109.00"
    assert person.total == 0
    assert (person.grade, person.veto, person.bonus) == ("E", "zero_total", 0.0)


def test_whole_period(result: Result) -> None:
    summary = [
        (p.person, str(round_to(p.total, 2)), p.grade, str(round_to(p.bonus or 0, 2)), p.rank)
        for p in result.people
    ]
    assert summary == [
        ("GM01", "92.50", "B", "60000.00", 1),
        ("SD01", "102.60", "A", "48000.00", 1),
        ("KA01", "103.90", "A", "36000.00", 2),
        ("KA02", "74.34", "C", "24000.00", 3),
        ("KA03", "106.69", "A", "36000.00", 1),
        ("SR01", "94.80", "B", "20000.00", 2),
        ("SR02", "103.60", "A", "24000.00", 1),
        ("SR03", "77.70", "C", "16000.00", 4),
        ("SR04", "0.00", "E", "0.00", 6),
        ("SR05", "86.50", "B", "20000.00", 3),
        ("SR06", "71.40", "C", "16000.00", 5),
        ("MD01", "80.15", "C", "24000.00", 1),
    ]


def test_readme_shows_the_explanation_exactly(result: Result) -> None:
    readme = Path("README.md").read_text(encoding="utf-8")
    start = readme.index("$ appraise explain")
    block = readme[readme.index("\n", start) + 1: readme.index("```", start)]
    assert block == explain_text(result, result.person("SR01"))


def test_the_explanation_in_chinese(result: Result) -> None:
    """The same steps, in the words of an HR department in China."""
    assert explain_text(result, result.person("SR01"), "zh") == ZH_SR01


ZH_SR01 = """\
张伟（SR01）— 销售代表，销售部
方案：华东智联销售有限公司 2026年度绩效考核方案（sha256:4403a0914086）
期间：2026-Q1

1. 销售目标完成率 (revenue_achievement) — 财务
   实际：revenue = 1,380,000 yuan
   目标：1,200,000（完成率 115.00%）
   规则：linear：优于目标 15%：100 + 15 × 1.3 = 119.5
   得分：119.50 × 权重 40% = 47.80

2. 新客户数量 (new_customer_count) — 客户
   实际：new_customers = 13 customers
   目标：15（完成率 86.67%）
   规则：ratio：13 / 15 = 86.6667% → 86.6667
   得分：86.67 × 权重 15% = 13.00

3. 货款回笼率 (collection_rate) — 财务
   公式：cash_collected / revenue * 100 = 1,242,000 / 1,380,000 * 100 = 90%
   规则：bands：实际值 90 落在区间 [90, 95) → 80
   得分：80.00 × 权重 20% = 16.00

4. 销售成本率 (sales_cost_rate) — 财务
   公式：sales_cost / revenue * 100 = 262,200 / 1,380,000 * 100 = 19%
   目标：20（完成率 95.00%）
   规则：lower_is_better：19 不高于目标 20 → 100
   得分：100.00 × 权重 10% = 10.00

5. 客户满意度 (satisfaction) — 客户
   实际：satisfaction = 88 score
   规则：piecewise：实际值 88 介于 (70, 0) 与 (90, 100) 之间：0 + (88 - 70) × 5 = 90
   得分：90.00 × 权重 10% = 9.00

6. 团队协作 (teamwork) — 学习与成长
   实际：teamwork = B
   规则：rating：评级 B → 80
   得分：80.00 × 权重 5% = 4.00

7. 重大合同失误 (contract_errors) — 内部流程
   实际：contract_errors = 1
   规则：deduction：1 次 × 5 = -5
   扣分：从总分中扣 5.00 分

8. 严重违纪（一票否决） (serious_violation) — 内部流程
   实际：serious_violations = 0
   规则：veto：无否决事项

加权得分：99.80
扣分项：-5.00
总分：94.80
等级：B 良好（系数 1.0）
奖金：1.0 × 20,000.00 = 20,000.00 CNY
销售部内排名：第 2 名，共 6 人
"""
