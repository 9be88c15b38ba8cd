"""Zero under a lower-is-better ratio: no complaints at all is the best possible value, and
is scored at the rule's cap, the same on the column path and the reference path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from appraise import validate_scheme
from appraise.cli import main
from appraise.formula import EvaluationError
from appraise.report.words import words
from appraise.rules import Target
from appraise.rules.ratio import RatioRule

SCHEME = """\
appraise: 1
name: 投诉考核
grades:
  - {grade: A, min: 95, coefficient: 1.2}
  - {grade: B, coefficient: 1}
fields:
  revenue: {label: 销售额, unit: yuan}
  complaints: {label: 客户投诉, unit: times}
indicators:
  revenue_rate:
    label: 销售目标完成率
    formula: revenue
    rule: {kind: ratio, cap: 120}
  complaint_ratio:
    label: 客户投诉
    direction: lower_is_better
    unit: times
    formula: complaints
    rule: {kind: ratio, cap: 120}
scorecards:
  rep:
    items:
      - {indicator: revenue_rate, weight: 50}
      - {indicator: complaint_ratio, weight: 50}
units:
  co: {label: 公司, kind: company}
posts:
  rep:
    label: 销售代表
    unit: co
    scorecard: rep
    targets: {revenue_rate: 100000, complaint_ratio: 5}
    bonus_base: 10000
people:
  E1: {name: 张三, post: rep}
  E2: {name: 李四, post: rep}
"""
DATA = "id,revenue,complaints\nE1,100000,0\nE2,100000,10\n"
LOWER_CAPPED = RatioRule("ratio", "lower_is_better", cap=120)


def files(tmp_path: Path, scheme: str = SCHEME) -> tuple[str, str]:
    (tmp_path / "s.yaml").write_text(scheme, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DATA, encoding="utf-8")
    return str(tmp_path / "s.yaml"), str(tmp_path / "d.csv")


def test_zero_is_the_best_possible_and_scored_at_the_cap() -> None:
    outcome = LOWER_CAPPED.score(0.0, Target(5))
    assert outcome.points == 120
    assert words(outcome.step) == "actual 0: the best possible, scored at the cap → 120"
    assert words(outcome.step, "zh") == "实际 0：已是最好的结果，按封顶分计 → 120"


def test_with_a_factor_zero_still_gets_the_cap() -> None:
    outcome = RatioRule("ratio", "lower_is_better", factor=0.5, cap=60).score(0.0, Target(5))
    assert (outcome.points, words(outcome.step)) == (
        60, "actual 0: the best possible, scored at the cap → 60")


def test_a_rule_without_a_cap_cannot_score_zero_and_says_why() -> None:
    with pytest.raises(EvaluationError) as caught:
        RatioRule("ratio", "lower_is_better").score(0.0, Target(5))
    assert (str(caught.value), caught.value.hint) == (
        "the value is 0, the best possible, and a lower-is-better ratio without a cap has "
        "no points for it", "give the rule a cap: the points the best possible value gets")


def test_the_columns_agree_with_the_reference() -> None:
    values = np.array([0.0, 4.0, 5.0, 10.0, -0.0])
    scored = LOWER_CAPPED.columns(values, np.full(5, 5.0), np.full(5, np.nan))
    assert scored.points.tolist() == [120, 120, 100, 50, 120]
    assert scored.fallback.tolist() == [False] * 5
    for i, value in enumerate(values.tolist()):
        reference = LOWER_CAPPED.score(value, Target(5))
        assert (float(scored.points[i]), scored.steps.at(i)) == (reference.points,
                                                                 reference.step)


def test_without_a_cap_the_columns_leave_zero_to_the_reference() -> None:
    rule = RatioRule("ratio", "lower_is_better")
    scored = rule.columns(np.array([0.0, 4.0]), np.full(2, 5.0), np.full(2, np.nan))
    assert scored.fallback.tolist() == [True, False]


def test_no_complaints_are_scored_and_paid(tmp_path: Path) -> None:
    scheme, data = files(tmp_path)
    result = CliRunner().invoke(main, ["score", scheme, "--data", data, "--format", "csv"])
    assert (result.exit_code, result.stderr) == (0, "")
    rows = [line.split(",") for line in result.stdout.lstrip("\ufeff").splitlines()]
    head = rows[0]
    got = {row[0]: [row[head.index(k)] for k in ("points:complaint_ratio", "total", "grade",
                                                   "bonus")] for row in rows[1:]}
    assert got == {"E1": ["120.00", "110.00", "A", "12000.00"],
                   "E2": ["50.00", "75.00", "B", "10000.00"]}


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "   rule:    ratio: actual 0: the best possible, scored at the cap → 120"),
    ("zh", "   规则：ratio：实际 0：已是最好的结果，按封顶分计 → 120"),
])
def test_explain_says_zero_is_the_best_possible(tmp_path: Path, lang: str,
                                                expected: str) -> None:
    scheme, data = files(tmp_path)
    result = CliRunner().invoke(main, ["explain", scheme, "--data", data, "--person", "E1",
                                       "--lang", lang])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "(complaint_ratio)" in line)
    assert lines[start + 3] == expected


def test_a_lower_is_better_ratio_needs_a_cap() -> None:
    text = SCHEME.replace("formula: complaints\n    rule: {kind: ratio, cap: 120}",
                          "formula: complaints\n    rule: {kind: ratio}")
    found = validate_scheme("s.yaml", content=text.encode())
    line = text.splitlines().index("    rule: {kind: ratio}") + 1
    assert [str(d) for d in found.diagnostics] == [
        f"s.yaml:{line}:18: error: indicators.complaint_ratio.rule.kind: a lower-is-better "
        "ratio needs a cap: target / value grows without limit as the value nears 0, the "
        "best possible (add a cap, e.g. cap: 120: the points a value of 0 gets)"]
