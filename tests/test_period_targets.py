"""Targets and thresholds follow the period: a month's target is three months' worth over
a quarter, a year's a quarter of it; a rate's target holds for any period.

The sales team of tests/schemes/periods: R1 is there all quarter, R2 joined in
February. Revenue is summed, so the monthly target of 500,000 is 1,500,000 for R1's
quarter and 1,000,000 for R2's two months; "at least 5 new customers a month" is 15
and 10; the satisfaction target of 90 (an average) stays 90.

    R1: revenue 1,800,000 / 1,500,000 = 120% → 120 × 60% = 72; 14 customers < 15 → 0;
        satisfaction (90 + 85 + 95) / 3 = 90 → 100 × 20% = 20; total 92
    R2: revenue 900,000 / 1,000,000 = 90% → 90 × 60% = 54; 10 customers ≥ 10 → 100 × 20%
        = 20; satisfaction (80 + 100) / 2 = 90 → 20; total 94
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme, score_file, validate_scheme
from appraise.cli import main
from appraise.formula import compile_formula
from appraise.formula.degree import period_degree
from appraise.scoring.reference import trace

HERE = Path(__file__).parent / "schemes" / "periods"
SCHEME = HERE / "targets_per_month.yaml"
DATA = HERE / "months.csv"
TEXT = SCHEME.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "scheme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _said(tmp_path: Path, text: str) -> list[str]:
    """What validate says of the scheme ``text``, line by line."""
    return [str(d) for d in validate_scheme(_write(tmp_path, text)).diagnostics]


def _scores(scheme: Path, period: str = "2026-Q1", data: Path = DATA) -> dict[str, object]:
    result = score_file(load_scheme(scheme), data, period)
    return {p.person: (float(p.total),
                       [(i.id, i.value, i.target and i.target.base, i.points) for i in p.items])
            for p in result.people}


def test_a_months_target_and_threshold_follow_a_quarter_and_a_joiners_months() -> None:
    assert _scores(SCHEME) == {
        "R1": (92.0, [("revenue_achievement", 1_800_000.0, 1_500_000.0, 120.0),
                      ("new_customers", 14.0, None, 0.0),
                      ("satisfaction", 90.0, 90.0, 100.0)]),
        "R2": (94.0, [("revenue_achievement", 900_000.0, 1_000_000.0, 90.0),
                      ("new_customers", 10.0, None, 100.0),
                      ("satisfaction", 90.0, 90.0, 100.0)]),
    }


def test_a_years_target_over_a_quarter_is_its_months_share(tmp_path: Path) -> None:
    text = TEXT.replace("targets_per: month", "targets_per: year") \
        .replace("revenue_achievement: 500000", "revenue_achievement: 6000000") \
        .replace("at_least: 5,", "at_least: 60,")
    assert _scores(_write(tmp_path, text)) == _scores(SCHEME)


def test_a_target_or_rule_may_say_its_own_period(tmp_path: Path) -> None:
    text = TEXT.replace("calendar: {year: 2026, targets_per: month}", "calendar: {year: 2026}") \
        .replace("revenue_achievement: 500000", "revenue_achievement: {base: 1500000, per: "
                 "quarter}").replace("at_least: 5,", "at_least: 5, per: month,")
    assert _scores(_write(tmp_path, text)) == _scores(SCHEME)
    # One month of a quarter's target is a third of it.
    march = _scores(_write(tmp_path, text), "2026-03")
    # 700,000 / 500,000 → 140 × 60% = 84; 5 ≥ 5 → 20; 95 / 90 → 105.56 × 20% = 21.11
    assert march["R1"] == (125.11111111111111,
                           [("revenue_achievement", 700_000.0, 500_000.0, 140.0),
                                  ("new_customers", 5.0, None, 100.0),
                                  ("satisfaction", 95.0, 90.0, 105.55555555555556)])


def test_per_period_keeps_a_target_as_written(tmp_path: Path) -> None:
    text = TEXT.replace("revenue_achievement: 500000", "revenue_achievement: {base: 500000, "
                        "per: period}")
    found = _scores(_write(tmp_path, text))
    assert found["R1"][1][0] == ("revenue_achievement", 1_800_000.0, 500_000.0, 150.0)


def test_a_cascades_share_is_not_scaled_again() -> None:
    """The shipped company keeps its targets in a cascade, already split by month."""
    scheme = load_scheme("schemes/examples/cascade_company.yaml")
    result = score_file(scheme, "schemes/examples/2026-months.csv", "2026-Q1")
    b01 = result.person("B01")
    share = scheme.allocations["revenue"].person_target("B01", "beijing", (1, 2, 3))
    assert b01.items[0].target is not None and share is not None
    assert b01.items[0].target.base == float(share) == 1_083_333.3333333333
    assert b01.items[0].scaling is None


def test_validate_asks_which_period_a_totals_target_and_threshold_are_for(
        tmp_path: Path) -> None:
    text = TEXT.replace("calendar: {year: 2026, targets_per: month}", "calendar: {year: 2026}")
    found = _said(tmp_path, text)
    assert found == [
        f"{tmp_path / 'scheme.yaml'}:21:5: error: indicators.new_customers.rule: the threshold "
        "rule of 'new_customers' has numbers on the scale of a total over the months "
        "('new_customers' is summed month by month), but the scheme does not say which period "
        "they are for, so they cannot follow the period scored (add per: month to the rule (or "
        "quarter, half, year), or set targets_per: month under calendar; per: period keeps "
        "them as written for any period)",
        f"{tmp_path / 'scheme.yaml'}:36:48: error: posts.rep.targets.revenue_achievement: the "
        "target 500,000 of 'revenue_achievement' is for a total over the months ('revenue' is "
        "summed month by month), but the scheme does not say which period it is for, so it "
        "cannot be scaled to the period scored (write {base: 500000, per: month} (or per: "
        "quarter, half, year), or set targets_per: month under calendar for every target; "
        "per: period keeps it as written for any period)",
    ]


def test_a_formula_that_mixes_totals_and_levels_must_say_which_it_is(tmp_path: Path) -> None:
    text = TEXT.replace("    formula: revenue\n", "    formula: revenue - 5000\n")
    found = _said(tmp_path, text)
    assert found == [
        f"{tmp_path / 'scheme.yaml'}:36:48: error: posts.rep.targets.revenue_achievement: "
        "cannot tell whether the value of 'revenue_achievement' (revenue - 5000) is a total "
        "that grows with the months of the period or a rate that does not, so its target "
        "500,000 cannot follow the period scored (add sums_over_months: true to indicator "
        "'revenue_achievement' (targets and thresholds written for a month are then scaled to "
        "the period) or false (they hold for any period))"]
    said = text.replace("    formula: revenue - 5000\n",
                        "    formula: revenue - 5000\n    sums_over_months: true\n")
    assert validate_scheme(_write(tmp_path, said)).diagnostics == []


def test_per_on_a_rate_changes_nothing_and_validate_says_so(tmp_path: Path) -> None:
    text = TEXT.replace("    target: 90\n", "    target: {base: 90, per: month}\n")
    found = _said(tmp_path, text)
    assert found == [
        f"{tmp_path / 'scheme.yaml'}:25:24: warning: indicators.satisfaction.target.per: the "
        "value of 'satisfaction' (satisfaction) is a rate, an average or a last value, the "
        "same for any period, so its target is not scaled: 'per: month' changes nothing "
        "(remove 'per', or set sums_over_months: true on the indicator if its value is a "
        "total over the months)"]


def test_a_formula_rule_over_a_total_cannot_be_scaled(tmp_path: Path) -> None:
    text = TEXT.replace("{kind: threshold, at_least: 5, points: 100, otherwise: 0}",
                        '{kind: formula, points: "min(100, value * 20)"}')
    found = _said(tmp_path, text)
    assert found == [
        f"{tmp_path / 'scheme.yaml'}:21:5: error: indicators.new_customers.rule: the points "
        "formula of 'new_customers' uses its value, a total over the months ('new_customers' "
        "is summed month by month), and a formula's numbers cannot be scaled to the period "
        "scored, as 'per: month' asks (write per: period on the rule if its numbers hold for "
        "any period, or write the points in terms of achievement or value / target)"]
    fine = text.replace('points: "min(100, value * 20)"}', 'points: "min(100, value * 20)", '
                        'per: period}')
    assert validate_scheme(_write(tmp_path, fine)).diagnostics == []


def test_a_scheme_without_a_calendar_has_no_per(tmp_path: Path) -> None:
    text = Path("schemes/examples/sales_company.yaml").read_text(encoding="utf-8").replace(
        "      new_customer_count: 15\n", "      new_customer_count: {base: 15, per: month}\n")
    found = _said(tmp_path, text)
    assert found == [
        f"{tmp_path / 'scheme.yaml'}:328:38: error: posts.sales_rep.targets.new_customer_count"
        ".per: 'per' says which period of a scheme kept by month a number is for, but this "
        "scheme has no calendar: it scores the one period its data holds, and its targets are "
        "for that period (remove 'per' (or write per: period), or add calendar: {year: ...} to "
        "keep the figures by month)"]


def test_bands_and_piecewise_tables_of_a_total_follow_the_period(tmp_path: Path) -> None:
    bands = TEXT.replace(
        "{kind: threshold, at_least: 5, points: 100, otherwise: 0}",
        "{kind: bands, bands: [{min: 5, points: 100}, {min: 4, max: 5, points: 60}, "
        "{max: 4, points: 0}]}")
    found = _scores(_write(tmp_path, bands))  # R1: 14 in [12, 15) → 60; R2: 10 → 100
    assert [found[p][1][1] for p in ("R1", "R2")] == [("new_customers", 14.0, None, 60.0),
                                                       ("new_customers", 10.0, None, 100.0)]
    table = TEXT.replace(
        "{kind: threshold, at_least: 5, points: 100, otherwise: 0}",
        "{kind: piecewise, table: [{value: 0, points: 0}, {value: 5, points: 100}]}")
    found = _scores(_write(tmp_path, table))  # R1: 14 of 15 → 93.33...; R2: 10 of 10 → 100
    assert [found[p][1][1] for p in ("R1", "R2")] == [
        ("new_customers", 14.0, None, 93.33333333333333), ("new_customers", 10.0, None, 100.0)]


def test_the_column_path_and_the_trace_agree_on_scaled_rules(tmp_path: Path) -> None:
    bands = TEXT.replace(
        "{kind: threshold, at_least: 5, points: 100, otherwise: 0}",
        "{kind: bands, bands: [{min: 5, points: 100}, {min: 4, max: 5, points: 60}, "
        "{max: 4, points: 0}]}")
    scheme = load_scheme(_write(tmp_path, bands))
    result = score_file(scheme, DATA, "2026-Q1")
    for person in result.people:
        for segment in person.segments:
            row = segment.batch.rows[segment.row]
            traced = list(trace(scheme, scheme.posts[row.post], row.values,
                                row.targets, row.given, row.scaling))  # type: ignore[attr-defined]
            assert [(t.value, t.outcome.points, t.outcome.step) for t in traced] == \
                [(i.value, i.points, i.step) for i in segment.items]
            assert any(i.scaling for i in segment.items)


def test_explain_shows_the_scaling_in_english_and_chinese() -> None:
    runner = CliRunner()
    args = ["explain", str(SCHEME), "--data", str(DATA), "--period", "2026-Q1", "--person", "R2"]
    english = runner.invoke(main, args).output.splitlines()
    assert english[4:13] == [
        "1. 销售目标完成率 (revenue_achievement)",
        "   value:   revenue = 900,000",
        "   target:  1,000,000 = 500,000 a month × 2 (2 months) (achievement 90.00%)",
        "   rule:    ratio: 900,000 / 1,000,000 = 90% → 90",
        "   points:  90.00 × weight 60% = 54.00",
        "",
        "2. 新客户数量 (new_customers)",
        "   value:   new_customers = 10",
        "   per:     the rule's numbers are for a month; here, for 2 months",
    ]
    chinese = runner.invoke(main, [*args, "--lang", "zh"]).output.splitlines()
    assert chinese[6] == "   目标：1,000,000 = 每月 500,000 × 2（2 个月）（完成率 90.00%）"
    assert chinese[12] == "   周期：规则中的数值按每月设定，此处按 2 个月折算"
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    items = data["segments"][0]["items"]
    assert [i["scaling"] for i in items] == [
        {"months": 2, "per": "month", "written": {"base": 500000.0}, "rule_per": None},
        {"months": 2, "per": None, "written": None, "rule_per": "month"},
        None]


def test_a_units_fixed_target_follows_the_heads_months(tmp_path: Path) -> None:
    text = TEXT.replace("units:\n  sales: {label: 销售部}\n",
                        "units:\n  sales: {label: 销售部, head: manager}\n") \
        .replace("scorecards:\n", "scorecards:\n  manager: {items: [{indicator: unit_revenue, "
                 "weight: 100}]}\n") \
        .replace("indicators:\n", "indicators:\n  unit_revenue: {scope: unit, formula: revenue, "
                 "rule: {kind: ratio, cap: 150}}\n") \
        .replace("posts:\n", "posts:\n  manager: {unit: sales, scorecard: manager, targets: "
                 "{unit_revenue: 1000000}}\n") \
        .replace("people:\n", "people:\n  M1: {name: 王强, post: manager}\n")
    data = tmp_path / "months.csv"
    data.write_text(DATA.read_text(encoding="utf-8") + "M1,2026-01,,,\nM1,2026-02,,,\n"
                    "M1,2026-03,,,\n", encoding="utf-8")
    found = _scores(_write(tmp_path, text), data=data)
    # The unit's revenue 2,700,000 against 3 × 1,000,000: 90%.
    assert found["M1"] == (90.0, [("unit_revenue", 2_700_000.0, 3_000_000.0, 90.0)])


def test_points_per_unit_of_a_total_follow_the_period() -> None:
    """3 complaints a month against 2 (10 points off per one over) and 4 new customers
    against 5 (10 off per one short): 90 each month, and 90 for the quarter, where 3 over
    and 3 short of the quarter's 6 and 15 cost what 1 over and 1 short of a month's do."""
    scheme = HERE / "slopes.yaml"
    data = HERE / "slopes.csv"
    for period in ("2026-01", "2026-Q1", "2026-YTD-02"):
        person = score_file(load_scheme(scheme), data, period).person("R1")
        assert [i.points for i in person.items] == [90.0, 90.0], period
    text = scheme.read_text(encoding="utf-8").replace(", targets_per: month", "")
    assert [d.path for d in validate_scheme("s.yaml", text.encode()).diagnostics] == [
        "indicators.comp.rule", "indicators.ncl.rule"]


@pytest.mark.parametrize(("formula", "degree"), [
    ("revenue", 1), ("satisfaction", 0), ("cash / revenue * 100", 0),
    ("revenue - returns", 1), ("revenue * 0.9", 1), ("revenue + satisfaction", None),
    ("revenue - 5000", None), ("revenue + 0", 1), ("max(revenue, 0)", 1),
    ("round(revenue / 10000, 2)", 1), ("revenue * revenue", 2), ("sqrt(revenue)", None),
    ("revenue if satisfaction > 80 else 0", 1), ("div(cash, revenue, 0) * 100", 0),
    ("-revenue", 1), ("(revenue - returns) / revenue", 0), ("100", 0),
    ("1 if revenue >= 5 else 0", None), ("100 if revenue >= returns else 0", 0),
    ("revenue > 0", 0), ("revenue * cash / returns", 1), ("cash * 2 / revenue / 3", 0),
    (" + ".join(["revenue"] * 900), 1), (" * ".join(["revenue"] * 3), 3),
])
def test_a_formulas_degree_in_the_period(formula: str, degree: int | None) -> None:
    names = {"revenue": 1, "returns": 1, "cash": 1, "satisfaction": 0}
    tree = compile_formula(formula, names).tree
    assert period_degree(tree, names) == degree
