"""A scheme's problems in English and Chinese: the JSON Schema's complaints in plain words,
YAML's own, the characters a Chinese input method types, did-you-mean hints; a scheme that
names its language is checked in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

EXAMPLE = Path("schemes/examples/sales_company.yaml").read_text(encoding="utf-8")


def problems(tmp_path: Path, text: str, *args: str) -> list[str]:
    scheme = tmp_path / "s.yaml"
    scheme.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(scheme), *args])
    assert (result.exit_code, result.stdout) == (1, "")
    return [line.removeprefix(f"{scheme}:") for line in result.stderr.splitlines()]


BROKEN = EXAMPLE.replace("bonus_base: 20000", "bonus_base: 2万\nbonus_bsae: 1", 1).replace(
    "currency: CNY\n", "currency: CNY\nrounding_mode: x\n", 1).replace(
    "{grade: A, label: 优秀, min: 95, coefficient: 1.2}",
    "{grade: A, label: 优秀, min: 95, coefficient: -1}", 1)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["10:1: error: rounding_mode: unknown key 'rounding_mode' (did you mean 'rounding'?)",
            "11:13: error: bonus_base: expected a number, found the text '2万' (write 20000: a "
            "number is written in full, without 万)",
            "12:1: error: bonus_bsae: unknown key 'bonus_bsae' (did you mean 'bonus_base'?)",
            "28:49: error: grades[0].coefficient: must be at least 0, found -1"]),
    ("zh", ["10:1: 错误：rounding_mode: 未知的键 'rounding_mode'（是否应为 'rounding'？）",
            "11:13: 错误：bonus_base: 应为数字，实际是文字 '2万'（请写成 20000：数字要完整写出，"
            "不带 万）",
            "12:1: 错误：bonus_bsae: 未知的键 'bonus_bsae'（是否应为 'bonus_base'？）",
            "28:49: 错误：grades[0].coefficient: 必须不小于 0，实际是 -1"]),
])
def test_the_schema_s_complaints(tmp_path: Path, lang: str, expected: list[str]) -> None:
    assert problems(tmp_path, BROKEN, "--lang", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["9:9: error: full-width colon '：' (use ':' typed in English input mode)"]),
    ("zh", ["9:9: 错误：全角冒号 '：'（请在英文输入法下输入 ':'）"]),
])
def test_a_full_width_colon(tmp_path: Path, lang: str, expected: list[str]) -> None:
    text = EXAMPLE.replace("currency: CNY", "currency：CNY", 1)
    assert problems(tmp_path, text, "--lang", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["10:1: error: currency: duplicate key 'currency' (lines 9 and 10) (remove one of "
            "them; YAML would silently keep only the last)"]),
    ("zh", ["10:1: 错误：currency: 重复的键 'currency'（第 9 行和第 10 行）（请删除其中一个；"
            "YAML 会悄悄地只保留最后一个）"]),
])
def test_a_duplicate_key(tmp_path: Path, lang: str, expected: list[str]) -> None:
    text = EXAMPLE.replace("currency: CNY", "currency: CNY\ncurrency: CNY", 1)
    assert problems(tmp_path, text, "--lang", lang) == expected


def test_a_scheme_that_names_chinese_is_checked_in_chinese(tmp_path: Path) -> None:
    text = BROKEN.replace("appraise: 1\n", "appraise: 1\nlanguage: zh\n", 1)
    assert problems(tmp_path, text)[0] == \
        "11:1: 错误：rounding_mode: 未知的键 'rounding_mode'（是否应为 'rounding'？）"
    assert problems(tmp_path, text, "--lang", "en")[0] == \
        "11:1: error: rounding_mode: unknown key 'rounding_mode' (did you mean 'rounding'?)"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["143:14: error: indicators.collection_rate.formula: unknown name 'cash_colected' "
            "(did you mean 'cash_collected'?)",
            "156:14: error: indicators.sales_cost_rate.formula: 'round' takes 1 to 2 arguments, "
            "not 3 (round(x, places): half-up rounding, places 0 by default)"]),
    ("zh", ["143:14: 错误：indicators.collection_rate.formula: 未知的名称 'cash_colected'"
            "（是否应为 'cash_collected'？）",
            "156:14: 错误：indicators.sales_cost_rate.formula: 'round' 接受 1 到 2 个参数，"
            "实际给了 3 个（round(x, places)：四舍五入，places 默认为 0）"]),
])
def test_a_formula_s_problems(tmp_path: Path, lang: str, expected: list[str]) -> None:
    text = EXAMPLE.replace("formula: cash_collected / revenue * 100",
                           "formula: cash_colected / revenue * 100", 1).replace(
        "formula: sales_cost / revenue * 100", "formula: round(sales_cost / revenue * 100, 2, 3)",
        1)
    assert problems(tmp_path, text, "--lang", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["227:5: error: scorecards.general_manager.items: weights of scorecard "
            "'general_manager' add up to 55%, expected 100% (missing 45%) (adjust the weights)"]),
    ("zh", ["227:5: 错误：scorecards.general_manager.items: 考核表 'general_manager' 的权重合计 "
            "55%，应为 100%（差 45%）（请调整权重）"]),
])
def test_weights_that_do_not_add_up(tmp_path: Path, lang: str, expected: list[str]) -> None:
    at = EXAMPLE.index("weight: 50}", EXAMPLE.index("scorecards:"))
    text = EXAMPLE[:at] + "weight: 5}" + EXAMPLE[at + len("weight: 50}"):]
    assert problems(tmp_path, text, "--lang", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "grade 'B' starts at 96, not below grade 'A' (95) (list grades from best to worst "
           "with falling minimums)"),
    ("zh", "等级 'B' 从 96 起，没有低于等级 'A'（95）（请按从高到低列出等级，min 逐级降低）"),
])
def test_grades_out_of_order(tmp_path: Path, lang: str, expected: str) -> None:
    text = EXAMPLE.replace("{grade: B, label: 良好, min: 85,",
                           "{grade: B, label: 良好, min: 96,", 1)
    assert problems(tmp_path, text, "--lang", lang)[0].endswith(expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["58:5: error: fields.satisfaction.max: field 'satisfaction' takes no figure at all: "
            "its min 100 is above its max 0 (write the lowest figure allowed as min and the "
            "highest as max)"]),
    ("zh", ["58:5: 错误：fields.satisfaction.max: 字段 'satisfaction' 不接受任何数值：min 100 "
            "大于 max 0（请把允许的最小值写作 min，最大值写作 max）"]),
])
def test_a_field_that_takes_no_figure(tmp_path: Path, lang: str, expected: list[str]) -> None:
    line = "    definition: 季度客户满意度调查得分（0-100）\n"
    text = EXAMPLE.replace(line, line + "    min: 100\n    max: 0\n", 1)
    assert problems(tmp_path, text, "--lang", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["149:11: error: indicators.collection_rate.rule.bands[2]: bands (-∞, 85) and [86, 90) "
            "leave a gap: a value from 85 to 86 gets no points (set the max of the lower band to "
            "86, or the min of the upper band to 85)"]),
    ("zh", ["149:11: 错误：indicators.collection_rate.rule.bands[2]: 区间 (-∞, 85) 和 [86, 90) "
            "之间有空档：85 到 86 的值得不到分（请把较低区间的 max 设为 86，"
            "或把较高区间的 min 设为 85）"]),
])
def test_bands_with_a_gap(tmp_path: Path, lang: str, expected: list[str]) -> None:
    text = EXAMPLE.replace("        - {min: 85, max: 90, points: 60}",
                           "        - {min: 86, max: 90, points: 60}", 1)
    assert problems(tmp_path, text, "--lang", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "{scheme}:1:9: error: extend: base scheme 'sales_teem.yaml' is not there (looked for "
           "{folder}/sales_teem.yaml) (write the path of the base scheme relative to this "
           "scheme's folder)"),
    ("zh", "{scheme}:1:9: 错误：extend: 基础方案 'sales_teem.yaml' 不存在（查找的是 "
           "{folder}/sales_teem.yaml）（请写出基础方案相对于本方案所在文件夹的路径）"),
])
def test_a_base_scheme_that_is_not_there(tmp_path: Path, lang: str, expected: str) -> None:
    scheme = tmp_path / "client.yaml"
    scheme.write_text("extend: sales_teem.yaml\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(scheme), "--lang", lang])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0] == expected.format(scheme=scheme, folder=tmp_path)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "230:35: error: people.T08.posts[1].from: month '2025-03' is not in the scheme's year "
           "2026 (write it as 2026-MM)"),
    ("zh", "230:35: 错误：people.T08.posts[1].from: 月份 '2025-03' 不在方案的年度 2026 内"
           "（请写成 2026-MM）"),
])
def test_a_month_outside_the_year(tmp_path: Path, lang: str, expected: str) -> None:
    text = Path("schemes/examples/cascade_company.yaml").read_text(encoding="utf-8").replace(
        "      - {post: beijing_rep, from: 2026-03}", "      - {post: beijing_rep, from: 2025-03}")
    assert problems(tmp_path, text, "--lang", lang)[0] == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "157:24: error: indicators.sales_cost_rate.target.per: 'per' says which period of a "
           "scheme kept by month a number is for, but this scheme has no calendar: it scores the "
           "one period its data holds, and its targets are for that period (remove 'per' (or "
           "write per: period), or add calendar: {year: ...} to keep the figures by month)"),
    ("zh", "157:24: 错误：indicators.sales_cost_rate.target.per: 'per' 说明按月考核的方案中某个"
           "数值对应哪个期间，但本方案没有 calendar：它只考核数据所含的一个期间，目标也针对该期间"
           "（请删除 'per'（或写 per: period），或添加 calendar: {year: ...} 以按月记录数据）"),
])
def test_per_without_a_calendar(tmp_path: Path, lang: str, expected: str) -> None:
    text = EXAMPLE.replace("    target: 20\n", "    target: {base: 20, per: month}\n", 1)
    assert problems(tmp_path, text, "--lang", lang) == [expected]
