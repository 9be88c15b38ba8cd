"""``validate`` checks a field's range itself (some figure must be allowed; a rating on a
scale has levels instead) and the targets and thresholds scored against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise import validate_scheme

SCHEME = """\
appraise: 1
name: checks
label: 范围检查
{calendar}
grades:
  - {{grade: A, min: 90, coefficient: 1.2}}
  - {{grade: B, coefficient: 1.0}}
scales:
  abcd:
    levels: {{A: {{points: 100}}, B: {{points: 80}}}}
fields:
  satisfaction:
    label: 客户满意度
    aggregate: average
    min: 0
    max: 100
  visits:
    label: 拜访次数
    min: 0
    max: 30
    integer: true
  self_rating:
    label: 自评
    aggregate: average
    convert: {{from: [1, 5], to: [0, 100]}}
  teamwork: {{label: 团队协作, type: rating, scale: abcd, aggregate: last}}
indicators:
  satisfaction:
    formula: satisfaction
    target: 90
    rule: {{kind: ratio, cap: 120}}
  visits:
    formula: visits
    rule: {{kind: threshold, at_least: 20}}
  self_rating:
    formula: self_rating
    target: 80
    rule: {{kind: linear, basis: value, above: 1, below: 1, floor: 0}}
  teamwork:
    formula: teamwork
    rule: {{kind: rating, scale: abcd}}
scorecards:
  rep:
    items:
      - {{indicator: satisfaction, weight: 30}}
      - {{indicator: visits, weight: 30}}
      - {{indicator: self_rating, weight: 20}}
      - {{indicator: teamwork, weight: 20}}
units:
  company: {{label: 公司, kind: company}}
posts:
  rep: {{label: 销售代表, unit: company, scorecard: rep}}
people:
  P1: {{name: 甲, post: rep}}
"""


def messages(old: str = "", new: str = "", monthly: bool = False) -> list[str]:
    text = SCHEME.format(calendar="calendar: {year: 2026, targets_per: month}" if monthly else "")
    assert old in text
    path = Path("scheme.yaml")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(d) for d in validate_scheme(path).diagnostics]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("monthly", [False, True])
def test_the_scheme_is_valid(monthly: bool) -> None:
    assert messages(monthly=monthly) == []


def test_min_above_max() -> None:
    assert messages("    min: 0\n    max: 100", "    min: 100\n    max: 0") == [
        "scheme.yaml:16:5: error: fields.satisfaction.max: field 'satisfaction' takes no "
        "figure at all: its min 100 is above its max 0 (write the lowest figure allowed as min "
        "and the highest as max)"]


def test_min_equal_to_max_allows_one_figure() -> None:
    assert messages("    min: 0\n    max: 100", "    min: 90\n    max: 90") == []


def test_whole_numbers_with_none_between_min_and_max() -> None:
    assert messages("    min: 0\n    max: 30\n", "    min: 0.2\n    max: 0.8\n") == [
        "scheme.yaml:21:5: error: fields.visits.integer: field 'visits' takes no figure at "
        "all: there is no whole number from 0.2 to 0.8 (widen min and max, or remove integer)"]


def test_a_range_apart_from_the_scale_converted_from() -> None:
    assert messages("    convert: {from: [1, 5], to: [0, 100]}",
                    "    min: 10\n    convert: {from: [1, 5], to: [0, 100]}") == [
        "scheme.yaml:25:5: error: fields.self_rating.min: field 'self_rating' takes no figure "
        "at all: min and max allow 10 or more, but convert takes 1 to 5 (min and max hold for "
        "the figure as written, before it is converted: make them agree with convert.from, or "
        "remove them)"]


def test_a_range_on_a_rating_on_a_scale() -> None:
    old = "teamwork: {label: 团队协作, type: rating, scale: abcd, aggregate: last}"
    assert messages(old, old.replace("}", ", min: 1, integer: true}")) == [
        "scheme.yaml:26:71: error: fields.teamwork.min: field 'teamwork' is a rating on the "
        "scale 'abcd': min and integer are for numbers (remove min and integer; the scale's "
        "levels are the ratings allowed)"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [("    max: 100", "    max: '100'", "scheme.yaml:16:10: error: fields.satisfaction.max: "
      "expected a number, found the text '100' (remove the quotes and any thousands "
      "separators)"),
     ("    max: 100", "    max: 1,00", "scheme.yaml:16:10: error: fields.satisfaction.max: "
      "expected a number, found the text '1,00' (remove the quotes and any thousands "
      "separators)"),
     ("    integer: true", "    integer: yes", "scheme.yaml:21:14: error: "
      "fields.visits.integer: expected true or false, found the text 'yes'")],
)
def test_the_declaration_is_numbers(old: str, new: str, message: str) -> None:
    assert messages(old, new)[0] == message


# -- targets and thresholds against the range -----------------------------------------------

HINT = "check it, or the field's min and max: both are in the field's units"


def test_a_target_above_the_maximum() -> None:
    assert messages("    target: 90\n", "    target: 120\n") == [
        "scheme.yaml:30:13: error: indicators.satisfaction.target: the target of "
        f"'satisfaction' is 120, outside what field 'satisfaction' (客户满意度) can give: 0 to "
        f"100 ({HINT})"]


def test_targets_of_posts_and_people_and_stretch_goals() -> None:
    text = messages(
        "  rep: {label: 销售代表, unit: company, scorecard: rep}\npeople:\n"
        "  P1: {name: 甲, post: rep}",
        "  rep: {label: 销售代表, unit: company, scorecard: rep, targets: {satisfaction: 150}}\n"
        "people:\n  P1: {name: 甲, post: rep, targets: {satisfaction: {base: 95, stretch: 101}}}")
    assert text == [
        "scheme.yaml:52:77: error: posts.rep.targets.satisfaction: the target of 'satisfaction' "
        "for post 'rep' is 150, outside what field 'satisfaction' (客户满意度) can give: 0 to 100 "
        f"({HINT})",
        "scheme.yaml:54:52: error: people.P1.targets.satisfaction: the stretch goal of "
        "'satisfaction' for person 'P1' is 101, outside what field 'satisfaction' (客户满意度) "
        f"can give: 0 to 100 ({HINT})"]


def test_a_threshold_beyond_a_plain_period_s_maximum() -> None:
    assert messages("at_least: 20", "at_least: 31") == [
        "scheme.yaml:34:39: error: indicators.visits.rule.at_least: the threshold at_least of "
        "'visits' is 31, outside what field 'visits' (拜访次数) can give: whole numbers from 0 "
        f"to 30 ({HINT})"]


def test_a_month_s_maximum_does_not_bound_a_sum_of_months() -> None:
    # Kept by month, visits are added up over the period: a quarter may have 31 or more.
    assert messages("at_least: 20", "at_least: 31", monthly=True) == []
    # An average stays within the month's range.
    assert messages("    target: 90\n", "    target: 120\n", monthly=True)[0].startswith(
        "scheme.yaml:30:13: error: indicators.satisfaction.target: the target of "
        "'satisfaction' is 120, outside")


def test_a_target_against_the_converted_scale() -> None:
    assert messages("    target: 80\n", "    target: 4\n") == []
    assert messages("    target: 80\n", "    target: 120\n") == [
        "scheme.yaml:37:13: error: indicators.self_rating.target: the target of 'self_rating' "
        "is 120, outside what field 'self_rating' (自评) can give: 0 to 100 once converted "
        f"({HINT})"]


def test_a_target_on_a_formula_over_several_fields_is_not_checked() -> None:
    assert messages("    formula: satisfaction\n    target: 90",
                    "    formula: satisfaction + visits\n    target: 500") == []


@pytest.mark.parametrize(
    ("declared", "words"),
    [("    integer: true", None), ("    max: 30\n    integer: true", "whole numbers, 30 or less"),
     ("    min: 0\n    integer: true", None), ("    max: 30", "30 or less")],
)
def test_a_range_open_at_one_end(declared: str, words: str | None) -> None:
    assert messages("    min: 0\n    max: 30\n    integer: true", declared) == []
    text = Path("scheme.yaml").read_text(encoding="utf-8").replace("at_least: 20",
                                                                   "at_least: 31")
    Path("scheme.yaml").write_text(text, encoding="utf-8")
    said = [str(d) for d in validate_scheme("scheme.yaml").diagnostics]
    line = 34 - 3 + declared.count("\n") + 1  # the rule's line, less the lines left out
    assert said == ([] if words is None else [
        f"scheme.yaml:{line}:39: error: indicators.visits.rule.at_least: the threshold "
        f"at_least of 'visits' is 31, outside what field 'visits' (拜访次数) can give: {words} "
        f"({HINT})"])
