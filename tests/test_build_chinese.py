"""What building a scheme finds wrong, in English and in Chinese: the organisation and
the cascade, targets and their rules, perspectives, a library's lists of fields and a
change to a base scheme's entry that names none. Each message whole, as a person reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

CASCADE = Path("schemes/examples/cascade_company.yaml").read_text(encoding="utf-8")
SALES = Path("schemes/examples/sales_company.yaml").read_text(encoding="utf-8")
LIBRARY = Path("schemes/library/standard.yaml").read_text(encoding="utf-8")


def problems(folder: Path, text: str, lang: str, name: str = "s.yaml") -> list[str]:
    """The problems ``validate --lang`` finds in ``text``, each without its file name."""
    scheme = folder / name
    scheme.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(scheme), "--lang", lang])
    assert (result.exit_code, result.stdout) == (1, "")
    return [line.removeprefix(f"{scheme}:") for line in result.stderr.splitlines()]


def changed(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    return text


HEADLESS = changed(CASCADE, ("kind: centre, parent: company, head: north_director}",
                             "kind: centre, parent: compny}"))


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["183:3: error: units.north: unit 'north' has no head; with a cascade every unit "
            "answers for its target through its head (add head: <post>, a post in this unit)",
            "183:48: error: units.north.parent: unknown parent unit 'compny' (did you mean "
            "'company'?)",
            "192:57: error: posts.north_director.scorecard: post 'north_director' heads no "
            "unit, but its scorecard 'centre_director' has 'unit_revenue' and "
            "'unit_collection_rate' and 'team_result', which are scored on the unit its holder "
            "heads (make 'north_director' a unit's head, or use another scorecard)",
            "192:57: error: posts.north_director.scorecard: post 'north_director' is in unit "
            "'north', outside 'company' where cascade 'revenue' starts, but its card scores "
            "'unit_revenue', whose target the cascade sets (start the cascade at a unit above "
            "both, or give 'north_director' a card without it)"]),
    ("zh", ["183:3: 错误：units.north: 部门 'north' 没有负责人；有目标分解时，每个部门都通过其"
            "负责人对目标负责（请添加 head: <岗位>，即本部门的一个岗位）",
            "183:48: 错误：units.north.parent: 未知的上级部门 'compny'（是否应为 'company'？）",
            "192:57: 错误：posts.north_director.scorecard: 岗位 'north_director' 不是任何部门的"
            "负责人岗位，但其考核表 'centre_director' 有 'unit_revenue'、'unit_collection_rate'"
            "、'team_result'，这些指标按任职者所负责的部门计分（请让 'north_director' 成为部门"
            "负责人岗位，或换一张考核表）",
            "192:57: 错误：posts.north_director.scorecard: 岗位 'north_director' 属于部门 "
            "'north'，不在目标分解 'revenue' 的起点 'company' 之下，但其考核表考核由该目标分解"
            "设定目标的 'unit_revenue'（请让目标分解从两者共同的上级部门开始，或给 "
            "'north_director' 一张不含它的考核表）"]),
])
def test_a_unit_without_its_head(tmp_path: Path, lang: str, expected: list[str]) -> None:
    assert problems(tmp_path, HEADLESS, lang)[:4] == expected


TARGETS = changed(
    SALES, ("      revenue_achievement: 1200000", "      revenue_achievement: 0"),
    ("    perspective: financial\n    unit: yuan\n    formula: revenue\n",
     "    perspective: finance\n    unit: yuan\n    formula: revenue\n"),
    ("revenue_two_level: {base: 1400000, stretch: 1750000}", "revenue_two_level: 1400000"))


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["121:18: error: indicators.revenue_achievement.perspective: indicator "
            "'revenue_achievement' is in perspective 'finance', which is not a "
            "balanced-scorecard perspective (financial, customer, internal_process, "
            "learning_and_growth) (did you mean 'financial'?)",
            "321:26: error: posts.key_account_manager.targets.revenue_two_level: "
            "'revenue_two_level' uses a two_level rule, so its target needs a stretch goal "
            "(write {base: ..., stretch: ...})",
            "327:28: error: posts.sales_rep.targets.revenue_achievement: the target of "
            "'revenue_achievement' for post 'sales_rep' is 0, but its linear rule divides by "
            "the target (set a non-zero target, or use basis: value)"]),
    ("zh", ["121:18: 错误：indicators.revenue_achievement.perspective: 指标 "
            "'revenue_achievement' 属于维度 'finance'，它不是平衡计分卡的维度（financial, "
            "customer, internal_process, learning_and_growth）（是否应为 'financial'？）",
            "321:26: 错误：posts.key_account_manager.targets.revenue_two_level: "
            "'revenue_two_level' 使用 two_level 规则，因此其目标需要挑战目标（请写成 {base: "
            "..., stretch: ...}）",
            "327:28: 错误：posts.sales_rep.targets.revenue_achievement: 岗位 'sales_rep' 的 "
            "'revenue_achievement' 目标是 0，但其 linear 规则要除以目标（请设置非零目标，或使用 "
            "basis: value）"]),
])
def test_targets_and_perspectives(tmp_path: Path, lang: str, expected: list[str]) -> None:
    assert problems(tmp_path, TARGETS, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["587:5: error: indicators.collection_rate.fields: the formula reads revenue but "
            "does not list it; lists sales_cost but does not read it (fields: lists exactly "
            "the fields the formula reads: [cash_collected, revenue])"]),
    ("zh", ["587:5: 错误：indicators.collection_rate.fields: 公式读取了 revenue，但没有列出；"
            "列出了 sales_cost，但没有读取（fields: 应恰好列出公式读取的字段：[cash_collected, "
            "revenue]）"]),
])
def test_a_library_s_list_of_fields(tmp_path: Path, lang: str, expected: list[str]) -> None:
    text = changed(LIBRARY, ("    fields: [cash_collected, revenue]",
                             "    fields: [cash_collected, sales_cost]"))
    assert problems(tmp_path, text, lang) == expected


BASE = """\
appraise: 1
name: base
label: 销售团队考核方案
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1.0}
fields:
  revenue: {label: 销售额, aggregate: sum}
indicators:
  sales:
    formula: revenue
    rule: {kind: ratio, cap: 120}
scorecards:
  rep:
    items: [{indicator: sales, weight: 100}]
units:
  company: {label: 公司, kind: company}
posts:
  rep: {label: 销售代表, unit: company, scorecard: rep, targets: {sales: 100}}
people:
  P1: {name: 甲, post: rep}
"""


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "3:3: error: posts.rpe: the base scheme has no post 'rpe' to change, so this is a "
           "new post (did you mean 'rep'? A new post is written whole)"),
    ("zh", "3:3: 错误：posts.rpe: 基础方案中没有可修改的岗位 'rpe'，因此这是新的岗位（是否想写 "
           "'rep'？新的岗位需要完整填写）"),
])
def test_a_change_to_a_base_entry_that_is_not_there(tmp_path: Path, lang: str,
                                                    expected: str) -> None:
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    text = "extend: base.yaml\nposts:\n  rpe:\n    targets: {sales: 120}\n"
    found = problems(tmp_path, text, lang)  # with the keys a new post lacks
    assert [p for p in found if "'rep'" in p] == [expected]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["123:14: error: indicators.revenue_achievement.formula: unknown function 'IF' "
            "(write it as 'a if condition else b': 1 if revenue > 0 else 0)",
            "143:29: error: indicators.collection_rate.formula: the formula is not valid: "
            "division sign '÷' (at character 16 of the formula) (use '/')"]),
    ("zh", ["123:14: 错误：indicators.revenue_achievement.formula: 未知的函数 'IF'（请写成 "
            "'a if 条件 else b'：1 if revenue > 0 else 0）",
            "143:29: 错误：indicators.collection_rate.formula: 公式无效：除号 '÷'（在公式的第 16 "
            "个字符处）（请用 '/'）"]),
])
def test_a_formula_written_as_in_a_spreadsheet(tmp_path: Path, lang: str,
                                               expected: list[str]) -> None:
    text = changed(SALES, ("    formula: revenue\n", "    formula: IF(revenue > 0, 1, 0)\n"),
                   ("    formula: cash_collected / revenue * 100",
                    "    formula: cash_collected ÷ revenue"))
    assert problems(tmp_path, text, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "263:17: warning: cascade.revenue.split.guangzhou.shares: the shares of unit "
           "'guangzhou' in cascade 'revenue' leave 3,267,000 of its target 37,125,000 to "
           "nobody: a share covers only the months its holder is in the unit, and G01 is there "
           "in 2026-01 to 2026-06 (give those months' target to others, e.g. split by explicit "
           "amounts)"),
    ("zh", "263:17: 警告：cascade.revenue.split.guangzhou.shares: 部门 'guangzhou' 在目标分解 "
           "'revenue' 中的份额使其目标 37,125,000 中有 3,267,000 无人承接：份额只覆盖其承接人在"
           "该部门的月份，而 G01 在岗月份为 2026-01 至 2026-06（请把这些月份的目标分给其他人，"
           "例如按明确金额分解）"),
])
def test_a_share_left_to_nobody(tmp_path: Path, lang: str, expected: str) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text(changed(CASCADE, ("  G01: {name: 林志伟, post: guangzhou_rep}",
                                        "  G01: {name: 林志伟, posts: [{post: guangzhou_rep, "
                                        "until: 2026-06}]}")), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(scheme), "--lang", lang])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == f"{scheme}:{expected}"  # validate prints warnings


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "123:14: error: indicators.revenue_achievement.formula: attribute access (x.y) is "
           "not allowed in a formula (allowed: numbers, names of the scheme's fields, + - * / "
           "// % and ** (constant exponent from -10 to 10), comparisons (< <= > >= == !=), "
           "and, or, not, 'a if condition else b', and the functions abs, min, max, round, "
           "floor, ceil, clamp, sqrt, div)"),
    ("zh", "123:14: 错误：indicators.revenue_achievement.formula: 公式中不允许属性访问（x.y）"
           "（允许使用：数字、方案中的字段名、+ - * / // % 和 **（指数为 -10 到 10 的常数）、比较"
           "（< <= > >= == !=）、and、or、not、'a if 条件 else b'，以及函数 abs, min, max, "
           "round, floor, ceil, clamp, sqrt, div）"),
])
def test_a_construct_a_formula_may_not_use(tmp_path: Path, lang: str, expected: str) -> None:
    text = changed(SALES, ("    formula: revenue\n", "    formula: revenue.total\n"))
    assert problems(tmp_path, text, lang) == [expected]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "123:14: error: indicators.revenue_achievement.formula: the formula is not valid: "
           "'(' was never closed (check brackets and operators; text must not be quoted)"),
    ("zh", "123:14: 错误：indicators.revenue_achievement.formula: 公式无效：'(' 没有闭合（请检查"
           "括号和运算符；文字不能加引号）"),
])
def test_a_bracket_never_closed(tmp_path: Path, lang: str, expected: str) -> None:
    text = changed(SALES, ("    formula: revenue\n", "    formula: (revenue\n"))
    assert problems(tmp_path, text, lang) == [expected]
