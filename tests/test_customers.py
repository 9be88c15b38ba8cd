"""Customers as well as people (客户分级): a scheme says what it appraises (``subject``),
and each grade may say what to do about it (``action``: 维持 / 改进 / 终止). Worked by hand
on the shipped example schemes/examples/customers.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme, read_actuals, score, validate_scheme
from appraise.cli import main
from appraise.report import score_csv, score_json, score_table

SCHEME = Path("schemes/examples/customers.yaml")
DATA = Path("schemes/examples/customers-2026-Q1.csv")
TEXT = SCHEME.read_text(encoding="utf-8")


@pytest.mark.parametrize("reference", [False, True])
def test_the_customers_are_classed_with_what_to_do(reference: bool) -> None:
    """Weights: 销售额 40, 回款及时率 30, 合作年限 10, 增长潜力 20.
    C001: 2,600,000 ≥ 2,000,000 → 100; 2,470,000 / 2,500,000 = 98.8% ≥ 95 → 100; 6 years
    ≥ 5 → 100; 高 → 100: 100.00, VIP (≥ 90), 维持.
    C002: 1,200,000 in [1,000,000, 2,000,000) → 85 × 40% = 34; 1,080,000 / 1,200,000 = 90%
    in [85, 95) → 80 × 30% = 24; 4 years in [3, 5) → 80 × 10% = 8; 中 → 70 × 20% = 14:
    80.00, 一级 (≥ 75), 维持.
    C003: 800,000 → 70 × 40% = 28; 600,000 / 750,000 = 80% in [70, 85) → 60 × 30% = 18;
    2 years → 60 × 10% = 6; 高 → 100 × 20% = 20: 72.00, 二级 (≥ 60), 改进.
    C004: 300,000 < 500,000 → 40 × 40% = 16; 150,000 / 300,000 = 50% < 70 → 20 × 30% = 6;
    0.5 years < 1 → 40 × 10% = 4; 低 → 40 × 20% = 8: 34.00, 其它, 终止.
    C005: 2,100,000 → 40; 1,995,000 / 2,000,000 = 99.75% → 30; 8 years → 10; 中 → 14:
    94.00, VIP, 维持."""
    scheme = load_scheme(SCHEME)
    result = score(scheme, read_actuals(DATA, scheme, reference=reference),
                   reference=reference)
    assert [(p.person, round(p.total, 2), p.grade, p.grade_of.action, p.rank)
            for p in result.people] == [
        ("C001", 100.0, "VIP", "维持", 1), ("C002", 80.0, "一级", "维持", 3),
        ("C003", 72.0, "二级", "改进", 4), ("C004", 34.0, "其它", "终止", 5),
        ("C005", 94.0, "VIP", "维持", 2)]
    c003 = {i.indicator.id: (i.value, i.points) for i in result.people[2].segments[0].items}
    assert c003 == {"sales_volume": (800000.0, 70.0), "on_time_rate": (80.0, 60.0),
                    "loyalty": (2.0, 60.0), "growth": ("高", 100.0)}
    assert scheme.subject is not None
    assert (scheme.subject.label, scheme.subject.label_en) == ("客户", "Customer")


def _result(reference: bool = False):  # type: ignore[no-untyped-def]
    scheme = load_scheme(SCHEME)
    return score(scheme, read_actuals(DATA, scheme, reference=reference), reference=reference)


@pytest.mark.parametrize("reference", [False, True])
def test_the_table_calls_them_customers_and_shows_the_action(reference: bool) -> None:
    assert score_table(_result(reference)) == """华东智联 2026 客户分级 — 2026-Q1

Rank  Customer  Name          Post      Unit      Weighted  Adj.   Total  Grade          Coef.  Bonus  Action
----  --------  ------------  --------  --------  --------  ----  ------  -------------  -----  -----  ------
 1/5  C001      上海宏达机电  重点客户  重点客户    100.00        100.00  VIP VIP客户        1         维持
 2/5  C005      宁波海润贸易  重点客户  重点客户     94.00         94.00  VIP VIP客户        1         维持
 3/5  C002      苏州精工科技  重点客户  重点客户     80.00         80.00  一级 一级客户      1         维持
 4/5  C003      杭州云帆电子  重点客户  重点客户     72.00         72.00  二级 二级客户      1         改进
 5/5  C004      南京恒通物流  重点客户  重点客户     34.00         34.00  其它 其它客户      0         终止
"""  # noqa: E501


@pytest.mark.parametrize("reference", [False, True])
def test_the_csv_has_an_action_column(reference: bool) -> None:
    lines = score_csv(_result(reference)).splitlines()
    assert lines[0] == (
        "person,name,post,unit,period,points:sales_volume,points:on_time_rate,points:loyalty,"
        "points:growth,weighted_sum,deductions,bonuses,veto,total,grade,coefficient,bonus,"
        "rank,rank_of,action")
    assert lines[3] == ("C003,杭州云帆电子,key_customer,customers,2026-Q1,70.00,60.00,60.00,"
                        "100.00,72.00,0.00,0.00,,72.00,二级,1,,4,5,改进")
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["维持", "维持", "改进", "终止",
                                                               "维持"]


@pytest.mark.parametrize("reference", [False, True])
def test_the_json_says_the_subject_and_each_action(reference: bool) -> None:
    found = json.loads(score_json(_result(reference)))
    assert found["subject"] == {"label": "客户", "label_en": "Customer"}
    assert [(p["person"], p["grade"], p["action"]) for p in found["people"]] == [
        ("C001", "VIP", "维持"), ("C002", "一级", "维持"), ("C003", "二级", "改进"),
        ("C004", "其它", "终止"), ("C005", "VIP", "维持")]


def test_a_scheme_of_people_says_nothing_new() -> None:
    """Without ``subject`` or any ``action``, outputs are as they were."""
    scheme = load_scheme("schemes/examples/sales_company.yaml")
    result = score(scheme, read_actuals("schemes/examples/2026-Q1.csv", scheme))
    found = json.loads(score_json(result))
    assert "subject" not in found and all("action" not in p for p in found["people"])
    assert score_csv(result).splitlines()[0].endswith(",grade,coefficient,bonus,rank,rank_of")
    assert score_table(result).splitlines()[2].startswith("Rank  Person  Name ")


def _explain(*more: str) -> str:
    result = CliRunner().invoke(main, ["explain", str(SCHEME), "--data", str(DATA),
                                       "--person", "C003", *more])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_explain_names_the_customer_and_the_action() -> None:
    lines = _explain().splitlines()
    assert lines[0] == "Customer: 杭州云帆电子 (C003) — 重点客户, 重点客户"
    assert lines[-3:] == ["Grade: 二级 二级客户 (coefficient 1)", "Action: 改进",
                          "Rank in 重点客户: 4 of 5"]


def test_explain_in_chinese() -> None:
    lines = _explain("--lang", "zh").splitlines()
    assert lines[0] == "客户：杭州云帆电子（C003）— 重点客户，重点客户"
    assert lines[-3:] == ["等级：二级 二级客户（系数 1）", "处理建议：改进",
                          "重点客户内排名：第 4 名，共 5 人"]


def test_explain_json_gives_the_subject_and_action() -> None:
    found = json.loads(_explain("--format", "json"))
    assert (found["grade"], found["subject"], found["action"]) == (
        "二级", {"label": "客户", "label_en": "Customer"}, "改进")


def _errors(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics
            if d.severity == "error"]


SUBJECT = "subject: {label: 客户, label_en: Customer, owner: owner}"


@pytest.mark.parametrize(("old", "new", "expected"), [
    (SUBJECT, "subject: {label: 客户}",
     "s.yaml:11:1: error: subject: missing required key 'label_en' (add 'label_en:': "
     "the name in English, used by English outputs, such as Customer)"),
    (SUBJECT, "subject: {label: 客户, label_en: Customer, kind: c}",
     "s.yaml:11:42: error: subject.kind: unknown key 'kind' (expected one of: label, "
     "label_en, owner)"),
    (SUBJECT, "subject: {label: '  ', label_en: Customer}",
     "s.yaml:11:18: error: subject.label: the subject's label is blank (write what the "
     "scheme appraises, e.g. label: 客户)"),
    (SUBJECT, "subject: {label: 客户, label_en: ''}",
     "s.yaml:11:32: error: subject.label_en: the subject's label_en is blank (write what "
     "the scheme appraises, e.g. label_en: Customer)"),
    (SUBJECT, "subject: 客户",
     "s.yaml:11:10: error: subject: expected a mapping of keys to values, found the text "
     "'客户'"),
    ("action: 维持}", "action: ' '}",
     "s.yaml:22:65: error: grades[0].action: the action of grade 'VIP' is blank (write "
     "what to do, e.g. 维持, 改进 or 终止, or remove 'action')"),
    ("action: 维持}", "action: " + "长" * 33 + "}",
     "s.yaml:22:65: error: grades[0].action: must be at most 32 characters long, found 33"),
    ("action: 维持}", "action: 3}",
     "s.yaml:22:65: error: grades[0].action: expected text, found the number 3"),
])
def test_validate_names_a_bad_subject_or_action(old: str, new: str, expected: str) -> None:
    assert _errors(TEXT.replace(old, new, 1)) == [expected]


def test_a_bad_subject_stops_score_with_nothing_written(tmp_path: Path) -> None:
    scheme, out = tmp_path / "c.yaml", tmp_path / "out.csv"
    scheme.write_text(TEXT.replace(SUBJECT, "subject: {label: 客户}", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(scheme), "--data", str(DATA), "--format",
                                       "csv", "-o", str(out)])
    assert result.exit_code == 1
    assert "subject: missing required key 'label_en'" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


KEY_ACCOUNTS = Path("schemes/templates/key_accounts.yaml").read_text(encoding="utf-8").replace(
    "calendar:", "subject: {label: 大客户, label_en: Account}\ncalendar:", 1).replace(
    "coefficient: 1.2}", "coefficient: 1.2, action: 维持}", 1).replace(
    "coefficient: 0}", "coefficient: 0, action: 终止}", 1)
MONTHS = """id,post,period,revenue,customers_start,customers_end,new_customers
KA01,key_account_manager,2026-01,300000,40,42,3
KA01,key_account_manager,2026-02,250000,42,45,4
KA01,key_account_manager,2026-03,350000,45,44,2
KA02,key_account_manager,2026-01,100000,20,18,1
KA02,key_account_manager,2026-02,100000,18,17,0
KA02,key_account_manager,2026-03,100000,17,16,0
"""


@pytest.mark.parametrize("reference", [False, True])
def test_a_scheme_kept_by_month_names_its_subject_and_actions(reference: bool) -> None:
    """KA01: 96.00, A (as tests/test_first_rollup.py works it out), action 维持.
    KA02: 300,000 / 900,000 = 33.33% → 33.33 × 60% = 20.00; retention (16 − 1) / 20 = 75%
    → band below 80 → 50 × 40% = 20: 40.00, D, action 终止 (B and C have no action)."""
    from appraise import parse_period, read_monthly

    scheme = load_scheme("k.yaml", KEY_ACCOUNTS.encode())
    monthly = read_monthly("d.csv", scheme, MONTHS.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    lines = score_table(result).splitlines()
    assert lines[2].split() == ["Rank", "Company", "Account", "Name", "Post", "Unit",
                                "Months", "Total", "Grade", "Coef.", "Bonus", "Action"]
    assert [(p.person, round(p.total, 2), p.grade) for p in result.people] == [
        ("KA01", 96.0, "A"), ("KA02", 40.0, "D")]
    assert [line.split()[-1] for line in lines[4:6]] == ["维持", "终止"]
    assert [line.rsplit(",", 1)[1] for line in score_csv(result).splitlines()[1:]] == [
        "维持", "终止"]
