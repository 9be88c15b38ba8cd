"""``appraise rollforward --lang zh``: the summary of the changes, the reasons a target is
kept and the usage errors in Chinese, exactly; the English is in tests/test_rollforward.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rollforward import CASCADE, SALES, invoke


def test_the_examples_summary_in_chinese(tmp_path: Path) -> None:
    new = tmp_path / "sales_2027.yaml"
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", "10%",
                            "-o", str(new), "--lang", "zh")
    assert (code, err) == (0, "")
    assert out.split("--- ")[0] == f"""{SALES}：已从 2026 年滚动到 2027 年
已调整的目标（11 个）：
  第 307 行：posts.general_manager.targets.revenue_two_level.base：16000000 → 17600000
  第 307 行：posts.general_manager.targets.revenue_two_level.stretch：20000000 → 22000000
  第 314 行：posts.sales_director.targets.revenue_achievement：14000000 → 15400000
  第 321 行：posts.key_account_manager.targets.revenue_two_level.base：1400000 → 1540000
  第 321 行：posts.key_account_manager.targets.revenue_two_level.stretch：1750000 → 1925000
  第 327 行：posts.sales_rep.targets.revenue_achievement：1200000 → 1320000
  第 328 行：posts.sales_rep.targets.new_customer_count：15 → 17（16.5 按四舍五入取整数）
  第 335 行：posts.marketing_director.targets.lead_achievement：600 → 660
  第 346 行：people.KA03.targets.revenue_two_level.base：1600000 → 1760000
  第 346 行：people.KA03.targets.revenue_two_level.stretch：2000000 → 2200000
  第 355 行：people.SR05.targets.revenue_achievement：1000000 → 1100000
未调整的目标（2 个）：
  第 157 行：indicators.sales_cost_rate.target：20（越低越好：是限值，不是总量；用 --growth sales_cost_rate=百分数 可调整）
  第 200 行：indicators.expense_variance.target：0（越低越好：是限值，不是总量；用 --growth expense_variance=百分数 可调整）
改为 2027 年的（2 处）：
  第 7 行：name：huadong_sales_2026 → huadong_sales_2027
  第 8 行：label：华东智联销售有限公司 2026年度绩效考核方案 → 华东智联销售有限公司 2027年度绩效考核方案
"""  # noqa: E501
    english = tmp_path / "sales_2027_en.yaml"
    invoke("rollforward", SALES, "--to", "2027", "--growth", "10%", "-o", str(english))
    assert new.read_bytes() == english.read_bytes()  # the scheme written is the same


def test_targets_from_the_actuals_and_the_people_left_out_in_chinese(tmp_path: Path) -> None:
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", "3%",
                            "--from-actuals", "schemes/examples/2026-Q1.csv",
                            "-o", str(tmp_path / "new.yaml"), "--lang", "zh")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[lines.index("按实际值设定的目标（13 个）：") + 7] == (
        "  第 347 行：people.SR01.targets：新增 → {revenue_achievement: 1421400, "
        "new_customer_count: 13}（revenue_achievement：2026-Q1 实际 1380000 +3%；"
        "new_customer_count：2026-Q1 实际 13 +3%；13.39 按四舍五入取整数）")
    kept = lines.index("未调整的目标（4 个）：")
    assert lines[kept + 3:kept + 5] == [
        "  第 328 行：posts.sales_rep.targets.new_customer_count：15（15.45 按四舍五入取整数：请把"
        "目标多写几位小数，才能增长）",
        "  people.SR06：只在 schemes/examples/2026-Q1.csv 中，不在方案的人员名单中：请先在方案中"
        "添加此人，才能设定其目标"]


@pytest.mark.parametrize(("growth", "message"), [
    ("10", "'10' 没有 %：请把增长写成百分数，例如 10%（只写数字可能是 10%，也可能是 0.1%）"),
    ("10％", "'10％' 用了全角的 ％：请在英文输入法下输入 %"),
    ("revenue_achievment=10%", "方案中没有指标 'revenue_achievment'；是否想写 "
                               "'revenue_achievement'？"),
    ("collection_rate=5%", "指标 'collection_rate' 的目标在本方案中没有写成数字：没有可增长的目标"),
])
def test_a_growth_it_cannot_take_in_chinese(tmp_path: Path, growth: str, message: str) -> None:
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", growth,
                            "-o", str(tmp_path / "new.yaml"), "--lang", "zh")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"错误：'--growth' 的值无效：{message}"


def test_the_new_year_must_come_after_the_schemes_in_chinese(tmp_path: Path) -> None:
    code, _, err = invoke("rollforward", CASCADE, "--to", "2026", "-o", str(tmp_path / "n.yaml"),
                          "--lang", "zh")
    assert (code, err.splitlines()[-1]) == (2, (
        "错误：'--to' 的值无效：2026 不晚于方案的年度 2026（见考核日历）；请给出更晚的年度，"
        "例如 --to 2027"))
