"""``appraise diff --lang zh``: the changes and their impact in Chinese, exactly; the English
is in tests/test_diff.py."""

from __future__ import annotations

from pathlib import Path

from test_diff import CASCADE_EDITS, DATA, NEXT_YEAR, SCHEME, edited, invoke

CHANGES = f"""\
{SCHEME} 到 new.yaml 的变化：

等级
  A (优秀)：系数 1.2 → 1.3
  B (良好)：最低分 85 → 87

指标
  collection_rate (货款回笼率)：计分规则区间 [85, 90) 60 分 → [85, 88) 60 分
  collection_rate (货款回笼率)：计分规则区间 [90, 95) 80 分 → [88, 95) 80 分
  industry_awards (行业奖项加分)：已删除

考核表
  key_account_manager (大客户经理考核表)：考核项 industry_awards (行业奖项加分) 已删除
  sales_rep (销售代表考核表)：revenue_achievement (销售目标完成率) 的权重 40 → 45
  sales_rep (销售代表考核表)：collection_rate (货款回笼率) 的权重 20 → 15

岗位
  sales_rep (销售代表)：revenue_achievement (销售目标完成率) 的目标 \
1,200,000 → 1,320,000 (+10.0%)
  sales_assistant (销售助理)：新增（部门 sales_dept，考核表 sales_rep）

共 10 处变化。
"""

IMPACT = """\
对 2026-Q1 的影响（12 人在两个方案下都参与计分）：

工号  姓名               总分   变化  等级             排名                   奖金       变化
----  ------  ---------------  -----  ---------------  ----  ---------------------  ---------
SD01  林晓峰           102.60         A 优秀           1/1   48,000.00 → 52,000.00  +4,000.00
KA01  王静    103.90 → 100.90  -3.00  A 优秀           2/3   36,000.00 → 39,000.00  +3,000.00
KA03  孙丽    106.69 → 101.69  -5.00  A 优秀           1/3   36,000.00 → 39,000.00  +3,000.00
SR01  张伟      94.80 → 90.66  -4.14  B 良好           2/6               20,000.00
SR02  李娜    103.60 → 100.39  -3.21  A 优秀           1/6   24,000.00 → 26,000.00  +2,000.00
SR03  刘洋      77.70 → 78.43  +0.73  C 合格           4/6               16,000.00
SR05  吴昊              86.50         B 良好 → C 合格  3/6   20,000.00 → 16,000.00  -4,000.00
SR06  黄欣      71.40 → 72.09  +0.69  C 合格           5/6               16,000.00

12 人中 1 人等级变化；奖金 324,000.00 → 332,000.00 (+8,000.00)。
"""

SR06_WARNING = (f"{DATA}:12:1: 警告：SR06: 人员 'SR06' 不在方案的人员名单中，按数据所写的岗位 "
                "'sales_rep' 计分（请在方案的 people: 下添加此人，或改正编号）\n")


def test_the_changes_of_next_years_example_in_chinese(tmp_path: Path) -> None:
    new = edited(tmp_path, NEXT_YEAR)
    assert invoke(tmp_path, SCHEME, new, "--lang", "zh") == (0, CHANGES, "")


def test_the_impact_in_chinese(tmp_path: Path) -> None:
    new = edited(tmp_path, NEXT_YEAR)
    assert invoke(tmp_path, SCHEME, new, "--impact", "--data", DATA, "--lang", "zh") == (
        0, CHANGES + "\n" + IMPACT, SR06_WARNING)


def test_the_same_scheme_and_one_change_in_chinese(tmp_path: Path) -> None:
    assert invoke(tmp_path, SCHEME, SCHEME, "--lang", "zh") == (
        0, f"{SCHEME} 与 {SCHEME} 是同一个方案：没有变化。\n", "")
    new = edited(tmp_path, [("{grade: A, label: 优秀, min: 95, coefficient: 1.2}",
                             "{grade: A, label: 优秀, min: 95, coefficient: 1.3}")])
    assert invoke(tmp_path, SCHEME, new, "--lang", "zh")[1] == (
        f"{SCHEME} 到 new.yaml 的变化：\n\n等级\n  A (优秀)：系数 1.2 → 1.3\n\n共 1 处变化。\n")


def test_rules_bonus_bases_people_cascades_calibration_and_pools_in_chinese(
        tmp_path: Path) -> None:
    scheme = "schemes/examples/cascade_company.yaml"
    edited(tmp_path, CASCADE_EDITS, source=scheme)
    assert invoke(tmp_path, scheme, str(tmp_path / "new.yaml"), "--lang", "zh") == (0, f"""\
{scheme} 到 new.yaml 的变化：

指标
  new_customer_count (新客户数量)：计分规则 ratio (倍数 1, 上限 120) → linear (高于目标部分 1, \
低于目标部分 1, 达到目标时的得分 100, 计算基础 achievement, 上限 110)

岗位
  south_director (华南总监)：奖金基数 160,000 → 170,000 (+6.3%)

人员
  B01 (王海涛)：岗位 beijing_rep → tianjin_rep

考核日历
  考核日历的缺失月份 error → zero

目标分解
  revenue (销售额目标 Revenue)：目标 150,000,000 → 165,000,000 (+10.0%)
  revenue (销售额目标 Revenue)：north 的分解 beijing 45,000,000 → 50,000,000

强制分布
  强制分布的至多 A 20 → 15

奖金池
  south：1,200,000 → 1,300,000 (+8.3%)

共 8 处变化。
""", "")


def test_nobody_changes_and_a_person_scored_under_one_scheme_in_chinese(tmp_path: Path) -> None:
    from appraise import i18n, load_scheme, score_file
    from appraise.report.scheme_impact import impact, impact_text

    assert invoke(tmp_path, SCHEME, SCHEME, "--impact", "--data", DATA, "--lang", "zh") == (
        0, f"{SCHEME} 与 {SCHEME} 是同一个方案：没有变化。\n\n"
        "对 2026-Q1 的影响（12 人在两个方案下都参与计分）：\n"
        "没有人的总分、等级、排名或奖金发生变化。\n\n"
        "12 人中 0 人等级变化；奖金 324,000.00，不变。\n", SR06_WARNING)
    rows = Path(DATA).read_text(encoding="utf-8").splitlines(keepends=True)
    fewer = tmp_path / "fewer.csv"
    fewer.write_text("".join(r for r in rows if not r.startswith("SR06,")), encoding="utf-8")
    scheme = load_scheme(SCHEME)
    i18n.set_language("zh")
    found = impact(score_file(scheme, DATA), score_file(scheme, str(fewer)))
    assert impact_text(found, "old.yaml", "new.yaml") == """\
对 2026-Q1 的影响（11 人在两个方案下都参与计分）：

工号  姓名  总分  变化  等级      排名       奖金  变化
----  ----  ----  ----  --------  ---------  ----  ----
SR04  周敏  0.00        E 不合格  6/6 → 5/5  0.00

仅在 old.yaml 下计分：SR06 黄欣（总分 71.40，C 合格，奖金 16,000.00）

11 人中 0 人等级变化；奖金 324,000.00 → 308,000.00 (-16,000.00)。
"""


def test_the_json_keeps_its_ids_in_english_and_says_the_change_in_chinese(
        tmp_path: Path) -> None:
    import json

    new = edited(tmp_path, NEXT_YEAR)
    changes = json.loads(invoke(tmp_path, SCHEME, new, "--format", "json", "--lang", "zh")[1])[
        "changes"]
    assert [c for c in changes if c["section"] == "scorecards"][1] == {
        "section": "scorecards", "id": "sales_rep", "label": "销售代表考核表",
        "part": "weight of revenue_achievement (销售目标完成率)", "change": "changed",
        "old": 40.0, "new": 45.0, "percent": None,
        "text": "sales_rep (销售代表考核表)：revenue_achievement (销售目标完成率) 的权重 40 → 45"}


def test_settings_people_added_and_removed_gates_and_sections_in_chinese(tmp_path: Path) -> None:
    new = edited(tmp_path, [
        ("bonus_base: 20000\n", "bonus_base: 21000\n"),
        ("    name: 吴昊\n    post: sales_rep\n",
         "    name: 吴昊\n    post: sales_rep\n    bonus_base: 22000\n"),
        ("  SR04: {name: 周敏, post: sales_rep}\n", ""),
        ("  MD01: {name: 郑芳, post: marketing_director}\n",
         "  MD01: {name: 郑芳, post: marketing_director}\n  SR07: {name: 钱进, post: sales_rep}\n"),
        ("    formula: satisfaction\n    rule:\n",
         "    formula: satisfaction\n    target: 90\n    rule:\n"),
        ("    rule: {kind: threshold, at_least: 95, points: 100, otherwise: 60}",
         "    rule: {kind: threshold, at_least: 90, points: 100, otherwise: 50}")])
    assert invoke(tmp_path, SCHEME, new, "--lang", "zh") == (0, f"""\
{SCHEME} 到 new.yaml 的变化：

考核方案
  奖金基数 20,000 → 21,000 (+5.0%)

指标
  satisfaction (客户满意度)：新增 目标：90
  key_visit_rate (重要客户拜访完成率)：计分规则的至少 95 → 90
  key_visit_rate (重要客户拜访完成率)：计分规则的其余情况 60 → 50

人员
  SR05 (吴昊)：奖金基数 无 → 22,000
  SR07 (钱进)：新增（岗位 sales_rep）
  SR04 (周敏)：已删除（原为 岗位 sales_rep）

共 7 处变化。
""", "")
    template = "schemes/templates/sales_manager.yaml"
    edited(tmp_path, [
            ("        when: achievement(revenue_achievement) < 80",
             "        when: achievement(revenue_achievement) < 75"),
            ("        cap: {indicator: revenue_achievement, points: 100}",
             "        cap: {indicator: revenue_achievement, points: 90}")], source=template)
    assert invoke(tmp_path, template, str(tmp_path / "new.yaml"), "--lang", "zh")[1] == f"""\
{template} 到 new.yaml 的变化：

考核表
  sales_rep (销售代表考核表)：门槛“销售额完成率低于80%，不发奖金”的条件 \
achievement(revenue_achievement) < 80 → achievement(revenue_achievement) < 75
  sales_rep (销售代表考核表)：门槛“回款率低于85%，销售额得分封顶100”的封顶分数 100 → 90

共 2 处变化。
"""
    template = "schemes/templates/goals_and_behaviours.yaml"
    edited(tmp_path, [("        weight: 70\n", "        weight: 60\n"),
                      ("        weight: 30\n", "        weight: 40\n")], source=template)
    assert invoke(tmp_path, template, str(tmp_path / "new.yaml"), "--lang", "zh")[1] == f"""\
{template} 到 new.yaml 的变化：

考核表
  sales_rep (销售代表考核表)：分组 goals (业绩目标)的权重 70 → 60
  sales_rep (销售代表考核表)：分组 behaviours (行为能力)的权重 30 → 40

共 2 处变化。
"""
