"""The headings and notes of the score and targets tables in English and Chinese; the
numbers are the same in both."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from appraise.cli import main

SALES = ["schemes/examples/sales_company.yaml", "--data", "schemes/examples/2026-Q1.csv"]
CASCADE = "schemes/examples/cascade_company.yaml"
MONTHS = [CASCADE, "--data", "schemes/examples/2026-months.csv", "--period", "2026-Q1"]


def lines(*args: str, lang: str) -> list[str]:
    result = CliRunner().invoke(main, [*args, "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Rank  Person  Name    Post        Unit                  Weighted    Adj.      Total  "
            "Grade     Coef.      Bonus",
            " 1/1  GM01    陈建国  总经理      华东智联销售有限公司     92.50              92.50  "
            "B 良好      1.0  60,000.00"]),
    ("zh", ["排名  工号  姓名    岗位        部门                  加权得分  加减分       总分  "
            "等级      系数       奖金",
            " 1/1  GM01  陈建国  总经理      华东智联销售有限公司     92.50              92.50  "
            "B 良好     1.0  60,000.00"]),
])
def test_the_score_table(lang: str, expected: list[str]) -> None:
    shown = lines("score", *SALES, lang=lang)
    assert shown[0] == "华东智联销售有限公司 2026年度绩效考核方案 — 2026-Q1"
    assert [shown[2], shown[4]] == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["华夏优选销售有限公司 2026年度绩效考核方案 — targets for 2026-Q1", "",
            "销售额目标 Revenue (revenue)", "",
            "Unit / person   Id         Split           Target    Children           Gap",
            "--------------  ---------  --------  ------------  ----------  ------------",
            "华夏优选        company    shares      30,000,000  30,000,000             0",
            "  华北销售中心  north      explicit    16,500,000  16,600,000  100,000 over"]),
    ("zh", ["华夏优选销售有限公司 2026年度绩效考核方案 — 2026-Q1 目标", "",
            "销售额目标 Revenue (revenue)", "",
            "部门 / 人员     编号       分解方式          目标    下级合计        差额",
            "--------------  ---------  --------  ------------  ----------  ----------",
            "华夏优选        company    shares      30,000,000  30,000,000           0",
            "  华北销售中心  north      explicit    16,500,000  16,600,000  超 100,000"]),
])
def test_the_targets_table(lang: str, expected: list[str]) -> None:
    assert lines("targets", CASCADE, "--period", "2026-Q1", lang=lang)[:8] == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Calibration within each department: at most 20% A or better; at least 10% C or "
            "worse", "",
            "Person  Name    Group       Rank  From  To  Why",
            "------  ------  ----------  ----  ----  --  -----------------------------------------"
            "--------------------------",
            "B06     杨晓燕  北京销售部  3/10  A     B   at most 20% of 10 may be A or better: 2 "
            "(rounded half up); ranked 3"]),
    ("zh", ["强制分布（每个 department 内）：A 及以上至多 20%；C 及以下至少 10%", "",
            "工号  姓名    范围        排名  原等级  调整为  原因",
            "----  ------  ----------  ----  ------  ------  -----------------------------------"
            "-----------------",
            "B06   杨晓燕  北京销售部  3/10  A       B       "
            "10 人中 A 及以上至多 20%：2 人（四舍五入）；排名第 3"]),
])
def test_the_calibration(lang: str, expected: list[str]) -> None:
    shown = lines("score", *MONTHS, lang=lang)
    start = next(i for i, line in enumerate(shown) if line.startswith(expected[0][:4]))
    assert shown[start:start + 5] == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Bonus pools (each share rounded half up; leftover cents to the largest remainders)",
            "", "Unit          People  Bonuses before        Pool        Paid"]),
    ("zh", ["奖金池（每份四舍五入；余下的分按余数从大到小分配）", "",
            "部门          人数  调整前奖金      奖金池        实发"]),
])
def test_the_bonus_pools(lang: str, expected: list[str]) -> None:
    shown = lines("score", *MONTHS, lang=lang)
    start = shown.index(expected[0])
    assert shown[start:start + 3] == expected
