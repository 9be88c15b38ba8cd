"""The handbook's words: every construct a formula may use said in words, construct by
construct, and every rule kind the JSON Schema admits said with its table, in English and
Chinese (``appraise doc``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from appraise import i18n, load_scheme
from appraise.formula import compile_formula
from appraise.formula.conditions import compile_condition
from appraise.report.handbook_formula import FormulaWords
from appraise.report.handbook_rules import rule_text
from appraise.rules import RULES

NAMES = {"revenue": "销售额", "cost": "成本", "a": "A", "b": "B"}


@pytest.fixture
def speak() -> Iterator[None]:
    yield
    i18n.set_language("en")


# (formula, in English, in Chinese)
FORMULAS = [
    ('revenue',
     '销售额',
     '销售额'),
    ('12.5',
     '12.5',
     '12.5'),
    ('1500',
     '1,500',
     '1,500'),
    ('revenue + cost - 1',
     '销售额 + 成本 − 1',
     '销售额 + 成本 − 1'),
    ('revenue - (cost - 1)',
     '销售额 − (成本 − 1)',
     '销售额 − (成本 − 1)'),
    ('revenue * cost / 2',
     '销售额 × 成本 ÷ 2',
     '销售额 × 成本 ÷ 2'),
    ('revenue / (cost * 2)',
     '销售额 ÷ (成本 × 2)',
     '销售额 ÷ (成本 × 2)'),
    ('(revenue + cost) * 2',
     '(销售额 + 成本) × 2',
     '(销售额 + 成本) × 2'),
    ('-revenue',
     '−销售额',
     '−销售额'),
    ('+revenue',
     '+销售额',
     '+销售额'),
    ('-(revenue + cost)',
     '−(销售额 + 成本)',
     '−(销售额 + 成本)'),
    ('revenue ** 2',
     '销售额 to the power of 2',
     '销售额 的 2 次方'),
    ('revenue // 3',
     '销售额 ÷ 3, rounded down to a whole number',
     '销售额 ÷ 3 向下取整'),
    ('revenue % 3',
     'the remainder of 销售额 ÷ 3',
     '销售额 ÷ 3 的余数'),
    ('revenue > 1 and cost < 2',
     '销售额 > 1 and 成本 < 2',
     '销售额 > 1 且 成本 < 2'),
    ('revenue >= 1 or not cost <= 2',
     '销售额 ≥ 1 or not 成本 ≤ 2',
     '销售额 ≥ 1 或 并非 成本 ≤ 2'),
    ('revenue == 1',
     '销售额 = 1',
     '销售额 = 1'),
    ('revenue != 1',
     '销售额 ≠ 1',
     '销售额 ≠ 1'),
    ('1 < revenue < 3',
     '1 < 销售额 < 3',
     '1 < 销售额 < 3'),
    ('100 if revenue >= 100 else 0',
     'if 销售额 ≥ 100, 100; otherwise 0',
     '当 销售额 ≥ 100 时为 100；否则为 0'),
    ('100 if revenue >= 100 else 50 if revenue >= 50 else 0',
     'if 销售额 ≥ 100, 100; if 销售额 ≥ 50, 50; otherwise 0',
     '当 销售额 ≥ 100 时为 100；当 销售额 ≥ 50 时为 50；否则为 0'),
    ('abs(revenue - cost)',
     'the absolute value of (销售额 − 成本)',
     '(销售额 − 成本) 的绝对值'),
    ('min(revenue, cost)',
     'the smaller of 销售额 and 成本',
     '销售额 与 成本 中的较小者'),
    ('max(revenue, cost, 0)',
     'the largest of 销售额, 成本 and 0',
     '销售额、成本、0 中的最大者'),
    ('min(a, b, 1)',
     'the smallest of A, B and 1',
     'A、B、1 中的最小者'),
    ('max(a, b)',
     'the larger of A and B',
     'A 与 B 中的较大者'),
    ('round(revenue)',
     '销售额 rounded half up to a whole number',
     '销售额 四舍五入取整'),
    ('round(revenue, 2)',
     '销售额 rounded half up to 2 decimal places',
     '销售额 四舍五入保留 2 位小数'),
    ('floor(revenue)',
     '销售额 rounded down to a whole number',
     '销售额 向下取整'),
    ('ceil(revenue)',
     '销售额 rounded up to a whole number',
     '销售额 向上取整'),
    ('clamp(revenue, 0, 120)',
     '销售额, kept between 0 and 120',
     '销售额（不低于 0，不高于 120）'),
    ('sqrt(revenue)',
     'the square root of 销售额',
     '销售额 的平方根'),
    ('div(revenue, cost, 0)',
     '销售额 ÷ 成本 (or 0 when 成本 is 0)',
     '销售额 ÷ 成本（成本 为 0 时取 0）'),
    ('previous(revenue)',
     '销售额 of the previous period',
     '上期销售额'),
    ('last_year(revenue)',
     '销售额 of the same period last year',
     '去年同期销售额'),
    ('(revenue - previous(revenue)) / previous(revenue) * 100',
     '(销售额 − 销售额 of the previous period) ÷ 销售额 of the previous period × 100',
     '(销售额 − 上期销售额) ÷ 上期销售额 × 100'),
    ('team_average(revenue)',
     "the team's average 销售额",
     '团队平均销售额'),
    ('max(0, revenue) * 2',
     '(the larger of 0 and 销售额) × 2',
     '(0 与 销售额 中的较大者) × 2'),
    ('unknown_id',
     'unknown_id',
     'unknown_id'),
]


@pytest.mark.parametrize(("text", "english", "chinese"), FORMULAS)
def test_a_formula_is_said_in_words(speak: None, text: str, english: str,
                                    chinese: str) -> None:
    formula = compile_formula(text, [*NAMES, "unknown_id"], team=True, looks_back=True)
    words = FormulaWords(NAMES)
    assert words(formula.tree) == english
    i18n.set_language("zh")
    assert words(formula.tree) == chinese


def test_every_function_of_the_sandbox_is_said_in_words() -> None:
    from appraise.formula import FUNCTIONS

    said = {text.split("(")[0] for text, *_ in FORMULAS if "(" in text.split(" ")[0]}
    assert set(FUNCTIONS) | {"previous", "last_year", "team_average"} <= said


def test_a_chain_of_a_thousand_fields_is_said_without_recursing(speak: None) -> None:
    names = {f"f{i}": f"F{i}" for i in range(1000)}
    formula = compile_formula(" + ".join(names), names)
    assert FormulaWords(names)(formula.tree) == " + ".join(names.values())


@pytest.mark.parametrize(("text", "english", "chinese"), [
    ("achievement(revenue_achievement) < 80",
     "the achievement of 销售目标完成率 < 80", "销售目标完成率的达成率 < 80"),
    ("value(collection_rate) >= 85 and points(revenue_achievement) > 90",
     "the value of 回款率 ≥ 85 and the points of 销售目标完成率 > 90",
     "回款率的实际值 ≥ 85 且 销售目标完成率的得分 > 90"),
    ("not target(revenue_achievement) * 1.2 <= 100 or value(collection_rate) != 0",
     "not the target of 销售目标完成率 × 1.2 ≤ 100 or the value of 回款率 ≠ 0",
     "并非 销售目标完成率的目标值 × 1.2 ≤ 100 或 回款率的实际值 ≠ 0"),
])
def test_a_condition_reads_the_card_in_words(speak: None, text: str, english: str,
                                            chinese: str) -> None:
    indicators = {"revenue_achievement": "销售目标完成率", "collection_rate": "回款率"}
    condition = compile_condition(text, indicators)
    words = FormulaWords({}, indicators)
    assert words(condition.tree) == english
    i18n.set_language("zh")
    assert words(condition.tree) == chinese


KINDS = """\
appraise: 1
name: every_rule
label: Every rule kind
scales:
  abc:
    label: 三级
    levels:
      A: {points: 100, label: 优秀, description: 超出要求}
      B: {points: 80}
      C: {points: 50, label: 待改进}
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, label: 良好, min: 70, coefficient: 1}
  - {grade: C, label: 不合格, coefficient: 0}
fields:
  x: {label: 销售额, unit: yuan}
  pct: {label: 回款率, unit: "%"}
  n: {label: 次数}
  r: {label: 评价, type: rating, scale: abc}
indicators:
  linear:
    {label: L1, formula: x, target: 100,
     rule: {kind: linear, above: 1.3, below: 0.3, cap: 120, floor: 0}}
  linear_lower:
    {label: L2, formula: pct, direction: lower_is_better, target: 20,
     rule: {kind: linear, basis: value, at_target: 90, above: 2, below: 5}}
  linear_closest:
    {label: L3, formula: x, direction: closest_to_target, target: 100,
     rule: {kind: linear, basis: value, above: 0, below: 4}}
  ratio: {label: R1, formula: x, target: 100, rule: {kind: ratio, cap: 120}}
  ratio_lower:
    {label: R2, formula: pct, direction: lower_is_better, target: 20,
     rule: {kind: ratio, factor: 0.5, cap: 150, floor: 10}}
  two_level:
    {label: T1, formula: x, target: {base: 80, stretch: 100},
     rule: {kind: two_level, base_points: 80, stretch_points: 100, above: 0.5, below: 2,
            cap: 110, floor: 0}}
  bands:
    {label: B1, formula: pct,
     rule: {kind: bands, bands: [{min: 95, points: 100}, {min: 90, max: 95, points: 80},
                                 {max: 90, points: 0}]}}
  bands_upper:
    {label: B2, formula: x, target: 100,
     rule: {kind: bands, on: achievement, closed: upper,
            bands: [{min: 100, points: 100, label: 达标}, {max: 100, points: 40, label: 未达标}]}}
  at_least:
    {label: H1, formula: pct,
     rule: {kind: threshold, at_least: 95, points: 100, otherwise: 60}}
  at_most: {label: H2, formula: n, rule: {kind: threshold, at_most: 2, points: 100}}
  on_target:
    {label: H3, formula: x, target: 100,
     rule: {kind: threshold, on: achievement, points: 100, otherwise: 50}}
  lower:
    {label: W1, formula: pct, direction: lower_is_better, target: 20,
     rule: {kind: lower_is_better, per_unit_over: 10, basis: value}}
  piecewise:
    {label: P1, formula: x,
     rule: {kind: piecewise, cap: 105,
            table: [{value: 70, points: 0}, {value: 90, points: 100}, {value: 100, points: 110}]}}
  deduction: {label: D1, formula: n, rule: {kind: deduction, per_event: 5, max_points: 20}}
  bonus: {label: D2, formula: n, rule: {kind: bonus, per_event: 3}}
  veto: {label: V1, formula: n, rule: {kind: veto}}
  veto_grade: {label: V2, formula: n, rule: {kind: veto, effect: lowest_grade}}
  rating: {label: G1, type: qualitative, formula: r, rule: {kind: rating, scale: abc}}
  formula:
    {label: F1, formula: x, target: 100,
     rule: {kind: formula, points: "min(value / target * 100, 120)", floor: 0}}
scorecards:
  card:
    label: 卡
    items:
      - {indicator: linear, weight: 10}
      - {indicator: linear_lower, weight: 5}
      - {indicator: linear_closest, weight: 5}
      - {indicator: ratio, weight: 5}
      - {indicator: ratio_lower, weight: 5}
      - {indicator: two_level, weight: 10}
      - {indicator: bands, weight: 5}
      - {indicator: bands_upper, weight: 5}
      - {indicator: at_least, weight: 5}
      - {indicator: at_most, weight: 5}
      - {indicator: on_target, weight: 5}
      - {indicator: lower, weight: 5}
      - {indicator: piecewise, weight: 10}
      - {indicator: rating, weight: 10}
      - {indicator: formula, weight: 10}
      - {indicator: deduction}
      - {indicator: bonus}
      - {indicator: veto}
      - {indicator: veto_grade}
units:
  u: {label: 部}
posts:
  p: {label: 岗, unit: u, scorecard: card}
people:
  P1: {name: 甲, post: p}
"""

# (indicator, its rule in English, in Chinese, its table in English, in Chinese)
RULE_WORDS = [
    ('linear',
     '100 points at the target; each 1% above the target adds 1.3 points; each 1% below the'
     ' target takes off 0.3 points; at most 120 points; at least 0 points.',
     '达到目标值得 100 分；每超出目标 1% 加 1.3 分；每低于目标 1% 扣 0.3 分；最高 120'
     ' 分；最低 0 分。',
     None,
     None),
    ('linear_lower',
     '90 points at the target; each 1 below the target adds 2 points; each 1 above the'
     ' target takes off 5 points.',
     '达到目标值得 90 分；每低于目标 1 加 2 分；每超出目标 1 扣 5 分。',
     None,
     None),
    ('linear_closest',
     '100 points at the target; each 1 off the target, either way, takes off 4 points.',
     '达到目标值得 100 分；每偏离目标 1（无论高低）扣 4 分。',
     None,
     None),
    ('ratio',
     'Points = the actual value ÷ the target × 100; at most 120 points.',
     '得分 = 实际值 ÷ 目标值 × 100；最高 120 分。',
     None,
     None),
    ('ratio_lower',
     'Points = the target ÷ the actual value × 100 × 0.5; an actual value of 0 gets the'
     ' most points; at most 150 points; at least 10 points.',
     '得分 = 目标值 ÷ 实际值 × 100 × 0.5；实际值为 0 时得最高分；最高 150 分；最低 10 分。',
     None,
     None),
    ('two_level',
     '80 points for reaching the base task, 100 points for reaching the stretch goal, in'
     ' proportion between the two; each 1% above the stretch goal adds 0.5 points; each 1%'
     ' below the base task takes off 2 points; at most 110 points; at least 0 points.',
     '完成任务得 80 分，完成目标得 100 分，两者之间按完成比例计分；超过目标后每超出 1% 加'
     ' 0.5 分；未完成任务的，每低于任务 1% 扣 2 分；最高 110 分；最低 0 分。',
     None,
     None),
    ('bands',
     'Points by the band the actual value falls in, as in the table.',
     '按实际值所在档位计分，见下表。',
     [['Actual value', 'Points'],
      ['≥ 95', '100'],
      ['≥ 90 and < 95', '80'],
      ['< 90', '0']],
     [['实际值', '得分'],
      ['≥ 95', '100'],
      ['≥ 90 且 < 95', '80'],
      ['< 90', '0']]),
    ('bands_upper',
     'Points by the band the achievement (%) falls in, as in the table.',
     '按达成率（%）所在档位计分，见下表。',
     [['Achievement (%)', 'Points', 'Band'],
      ['> 100%', '100', '达标'],
      ['≤ 100%', '40', '未达标']],
     [['达成率（%）', '得分', '档位'],
      ['> 100%', '100', '达标'],
      ['≤ 100%', '40', '未达标']]),
    ('at_least',
     '100 points when the actual value is at least 95, otherwise 60 points.',
     '实际值不低于 95 得 100 分，否则得 60 分。',
     None,
     None),
    ('at_most',
     '100 points when the actual value is at most 2, otherwise 0 points.',
     '实际值不高于 2 得 100 分，否则得 0 分。',
     None,
     None),
    ('on_target',
     '100 points when the achievement (%) is at least 100%, otherwise 50 points.',
     '达成率（%）不低于 100% 得 100 分，否则得 50 分。',
     None,
     None),
    ('lower',
     '100 points at or under the target; each 1 above the target takes off 10 points; at'
     ' least 0 points.',
     '不高于目标值得 100 分；每超出目标 1 扣 10 分；最低 0 分。',
     None,
     None),
    ('piecewise',
     'Points read from the table, on a straight line between two rows; 0 points at or below'
     ' 70; 110 points at or above 100; at most 105 points.',
     '按下表分值点计分，两点之间按直线插值；70 及以下得 0 分；100 及以上得 110 分；最高 105'
     ' 分。',
     [['Actual value', 'Points'],
      ['70', '0'],
      ['90', '100'],
      ['100', '110']],
     [['实际值', '得分'],
      ['70', '0'],
      ['90', '100'],
      ['100', '110']]),
    ('deduction',
     '5 points off the total for each occurrence; 20 points at most in all.',
     '每发生一次从总分中扣 5 分；累计不超过 20 分。',
     None,
     None),
    ('bonus',
     '3 points added to the total for each one.',
     '每项在总分上加 3 分。',
     None,
     None),
    ('veto',
     'Any occurrence sets the total to 0 (one-vote veto).',
     '发生任何一次，考核总分计为 0（一票否决）。',
     None,
     None),
    ('veto_grade',
     'Any occurrence gives the lowest grade, C 不合格 (one-vote veto).',
     '发生任何一次，直接评为最低等级 C 不合格（一票否决）。',
     None,
     None),
    ('rating',
     "Points by the reviewer's rating on the scale 三级, as in the table.",
     '由考核人按“三级”评价，按评价等级计分，见下表。',
     [['Rating', 'Description', 'Points'],
      ['A 优秀', '超出要求', '100'],
      ['B', '', '80'],
      ['C 待改进', '', '50']],
     [['评价等级', '说明', '得分'],
      ['A 优秀', '超出要求', '100'],
      ['B', '', '80'],
      ['C 待改进', '', '50']]),
    ('formula',
     'Points = the smaller of (the actual value ÷ the target × 100) and 120; at least 0'
     ' points.',
     '得分 = (实际值 ÷ 目标值 × 100) 与 120 中的较小者；最低 0 分。',
     None,
     None),
]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kinds") / "kinds.yaml"
    path.write_text(KINDS, encoding="utf-8")
    return path


@pytest.mark.parametrize(("indicator", "english", "chinese", "table_en", "table_zh"),
                         RULE_WORDS)
def test_each_rule_kind_is_said_in_words_with_its_table(
        speak: None, every_kind: Path, indicator: str, english: str, chinese: str,
        table_en: list[list[str]] | None, table_zh: list[list[str]] | None) -> None:
    scheme = load_scheme(every_kind)
    names = FormulaWords({k: f.label for k, f in scheme.fields.items()})
    for language, words, table in (("en", english, table_en), ("zh", chinese, table_zh)):
        i18n.set_language(language)
        said = rule_text(scheme.indicators[indicator], scheme, names)
        assert said.words == words
        shown = None if said.table is None else [list(said.table.headers),
                                                 *map(list, said.table.rows)]
        assert shown == table


def test_the_rule_words_cover_every_kind_the_schema_admits(every_kind: Path) -> None:
    scheme = load_scheme(every_kind)
    assert {scheme.indicators[name].rule.kind for name, *_ in RULE_WORDS} == set(RULES)
