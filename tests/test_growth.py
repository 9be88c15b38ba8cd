"""Growth over the previous period (环比) and the same period last year (同比): an
indicator's formula reads a field over earlier months with ``previous(field)`` and
``last_year(field)``, worked by hand on the shipped market-growth template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import (
    AppraiseError,
    load_scheme,
    parse_period,
    read_monthly,
    score,
    validate_scheme,
)
from appraise.cli import main
from appraise.scoring.earlier import span, window

TEMPLATE = Path("schemes/templates/market_growth.yaml")
HEADER = "id,post,period,revenue,market_share\n"
LAST_Q1 = """MK01,marketing_manager,2025-01,250000,9
MK01,marketing_manager,2025-02,280000,9
MK01,marketing_manager,2025-03,270000,10
MK02,marketing_manager,2025-01,300000,21
MK02,marketing_manager,2025-02,350000,21
MK02,marketing_manager,2025-03,300000,20
"""
LAST_Q4 = """MK01,marketing_manager,2025-10,300000,10
MK01,marketing_manager,2025-11,320000,12
MK01,marketing_manager,2025-12,380000,14
MK02,marketing_manager,2025-10,400000,20
MK02,marketing_manager,2025-11,400000,20
MK02,marketing_manager,2025-12,400000,20
"""
THIS_Q1 = """MK01,marketing_manager,2026-01,350000,14
MK01,marketing_manager,2026-02,380000,15
MK01,marketing_manager,2026-03,420000,16
MK02,marketing_manager,2026-01,380000,19
MK02,marketing_manager,2026-02,360000,18
MK02,marketing_manager,2026-03,400000,20
"""
# Where the earlier months come from: all in the data file; 2025-Q4 in the data and
# 2025-Q1 in a history file; or only this quarter in the data and the rest as history.
SOURCES = {
    "data": (HEADER + LAST_Q1 + LAST_Q4 + THIS_Q1, None),
    "data_and_history": (HEADER + LAST_Q4 + THIS_Q1, HEADER + LAST_Q1),
    "history": (HEADER + THIS_Q1, HEADER + LAST_Q4 + LAST_Q1),
}


def _scored(source: str, reference: bool, period: str = "2026-Q1") -> object:
    scheme = load_scheme(TEMPLATE)
    data, history = SOURCES[source]
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference,
                           history=None if history is None else "h.csv",
                           history_content=None if history is None else history.encode())
    return score(scheme, monthly, parse_period(period, 2026), reference=reference)


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("reference", [False, True])
def test_growth_over_the_quarter_before_and_last_year(source: str, reference: bool) -> None:
    """MK01: revenue 350,000 + 380,000 + 420,000 = 1,150,000 of 3 × 400,000 →
    95.8333 × 40% = 38.33; 环比 2025-Q4 300,000 + 320,000 + 380,000 = 1,000,000:
    (1,150,000 − 1,000,000) / 1,000,000 = 15% → band [10, 20) → 90 × 20% = 18; 同比
    2025-Q1 250,000 + 280,000 + 270,000 = 800,000: 350,000 / 800,000 = 43.75% → 100 × 20%
    = 20; market share averaged (14 + 15 + 16) / 3 = 15 against (10 + 12 + 14) / 3 = 12:
    3 / 12 = 25% → 100 × 20% = 20. Total 96.33, A, 1.2 × 36,000 × 3/12 = 10,800.
    MK02: 1,140,000 / 1,200,000 = 95% → 38; 环比 1,140,000 against 1,200,000: −5% → 50 ×
    20% = 10; 同比 against 950,000: 20% → 90 × 20% = 18; share 19 against 20: −5% → 60 ×
    20% = 12. Total 78.00, C, 0.8 × 9,000 = 7,200."""
    result = _scored(source, reference)
    items = {(p.person, i.indicator.id): (dict(i.inputs), i.value, i.points)
             for p in result.people for i in p.segments[0].items}
    assert items == {
        ("MK01", "revenue_achievement"): ({"revenue": 1_150_000.0}, 1_150_000.0,
                                          95.83333333333334),
        ("MK01", "revenue_growth"): ({"revenue": 1_150_000.0,
                                     "previous(revenue)": 1_000_000.0}, 15.0, 90.0),
        ("MK01", "revenue_yoy"): ({"revenue": 1_150_000.0, "last_year(revenue)": 800_000.0},
                                  43.75, 100.0),
        ("MK01", "share_growth"): ({"market_share": 15.0, "previous(market_share)": 12.0},
                                   25.0, 100.0),
        ("MK02", "revenue_achievement"): ({"revenue": 1_140_000.0}, 1_140_000.0, 95.0),
        ("MK02", "revenue_growth"): ({"revenue": 1_140_000.0,
                                     "previous(revenue)": 1_200_000.0}, -5.0, 50.0),
        ("MK02", "revenue_yoy"): ({"revenue": 1_140_000.0, "last_year(revenue)": 950_000.0},
                                  20.0, 90.0),
        ("MK02", "share_growth"): ({"market_share": 19.0, "previous(market_share)": 20.0},
                                   -5.0, 60.0)}
    assert [(p.person, round(p.total, 2), p.grade, p.paid) for p in result.people] == [
        ("MK01", 96.33, "A", 1_080_000), ("MK02", 78.0, "C", 720_000)]


@pytest.mark.parametrize("reference", [False, True])
def test_a_month_looks_back_to_the_month_before_in_the_same_file(reference: bool) -> None:
    """2026-03: previous(revenue) is February's, from the data's own rows (MK01 380,000:
    (420,000 − 380,000) / 380,000 = 10.526%); last_year(revenue) March 2025's (270,000)."""
    result = _scored("data", reference, "2026-03")
    mk01 = {i.indicator.id: dict(i.inputs) for i in result.people[0].segments[0].items}
    assert mk01["revenue_growth"] == {"revenue": 420_000.0, "previous(revenue)": 380_000.0}
    assert mk01["revenue_yoy"] == {"revenue": 420_000.0, "last_year(revenue)": 270_000.0}
    assert mk01["share_growth"] == {"market_share": 16.0, "previous(market_share)": 15.0}


@pytest.mark.parametrize(("period", "kind", "said"), [
    ("2026-Q1", "previous", "2025-Q4 (2025-10 to 2025-12)"),
    ("2026-Q1", "last_year", "2025-Q1 (2025-01 to 2025-03)"),
    ("2026-03", "previous", "2026-02"),
    ("2026-01", "previous", "2025-12"),
    ("2026-H1", "previous", "2025-H2 (2025-07 to 2025-12)"),
    ("2026-Q3", "previous", "2026-Q2 (2026-04 to 2026-06)"),
    ("2026", "previous", "2025 (2025-01 to 2025-12)"),
    ("2026", "last_year", "2025 (2025-01 to 2025-12)"),
    ("2026-YTD-05", "previous", "2025-08 to 2025-12"),
    ("2026-YTD-05", "last_year", "2025-01 to 2025-05"),
    ("2026-Q2", "last_year", "2025-Q2 (2025-04 to 2025-06)"),
])
def test_the_months_looked_back_to(period: str, kind: str, said: str) -> None:
    assert span(window(kind, 2026, parse_period(period, 2026).months)) == said


def _cli(tmp_path: Path, data: str, *args: str, history: str | None = None,
         scheme: Path = TEMPLATE) -> object:
    path = tmp_path / "d.csv"
    path.write_text(data, encoding="utf-8")
    extra = []
    if history is not None:
        (tmp_path / "h.csv").write_text(history, encoding="utf-8")
        extra = ["--history", str(tmp_path / "h.csv")]
    return CliRunner().invoke(main, [args[0], str(scheme), "--data", str(path),
                                     "--period", "2026-Q1", *args[1:], *extra])


def test_explain_shows_the_earlier_figures_and_their_months(tmp_path: Path) -> None:
    result = _cli(tmp_path, HEADER + LAST_Q4 + THIS_Q1, "explain", "--person", "MK01",
                  history=HEADER + LAST_Q1)
    assert result.exit_code == 0, result.stderr
    assert (
        "2. 销售增长率（环比） (revenue_growth)\n"
        "   formula: (revenue - previous(revenue)) / previous(revenue) * 100 = "
        "(1,150,000 - 1,000,000) / 1,000,000 * 100 = 15%\n"
        "            previous(revenue) = 2025-Q4 (2025-10 to 2025-12) revenue 1,000,000\n"
        "   rule:    bands: value 15 is in band [10, 20) → 90\n"
        "   points:  90.00 × weight 20% = 18.00\n"
        "\n"
        "3. 同比增长率 (revenue_yoy)\n"
        "   formula: (revenue - last_year(revenue)) / last_year(revenue) * 100 = "
        "(1,150,000 - 800,000) / 800,000 * 100 = 43.75%\n"
        "            last_year(revenue) = 2025-Q1 (2025-01 to 2025-03) revenue 800,000\n"
    ) in result.stdout
    zh = _cli(tmp_path, HEADER + LAST_Q4 + THIS_Q1, "explain", "--person", "MK01", "--lang",
              "zh", history=HEADER + LAST_Q1)
    assert zh.exit_code == 0, zh.stderr
    assert "         previous(market_share) = 2025-Q4（2025-10 至 2025-12） market_share 12\n" \
        in zh.stdout


def test_the_score_csv_keeps_its_shape(tmp_path: Path) -> None:
    data = HEADER + LAST_Q1 + LAST_Q4 + THIS_Q1
    csv = _cli(tmp_path, data, "score", "--format", "csv")
    assert csv.exit_code == 0, csv.stderr
    assert csv.stdout.splitlines()[1:] == [
        "MK01,市场经理一,marketing_manager,marketing,2026-Q1,95.83,90.00,100.00,100.00,96.33,"
        "0.00,0.00,,96.33,A,1.2,10800.00,1,2,3,A,,1,2",
        "MK02,市场经理二,marketing_manager,marketing,2026-Q1,95.00,50.00,90.00,60.00,78.00,"
        "0.00,0.00,,78.00,C,0.8,7200.00,2,2,3,C,,2,2"]


def _lines(result: object) -> list[str]:
    return result.stderr.splitlines()  # type: ignore[attr-defined,no-any-return]


def test_a_missing_month_names_the_person_indicator_field_and_months(tmp_path: Path) -> None:
    data = HEADER + LAST_Q1 + LAST_Q4.replace("MK01,marketing_manager,2025-11,320000,12\n",
                                              "") + THIS_Q1
    result = _cli(tmp_path, data, "score")
    assert (result.exit_code, result.stdout) == (1, "")
    assert _lines(result) == [
        f"{tmp_path}/d.csv: error: MK01.revenue_growth: previous(revenue) needs MK01's revenue "
        "for 2025-Q4 (2025-10 to 2025-12), and the data has no row for MK01 in 2025-11 (add "
        "those months' rows to the data, or give them with --history FILE)",
        f"{tmp_path}/d.csv: error: MK01.share_growth: previous(market_share) needs MK01's "
        "market_share for 2025-Q4 (2025-10 to 2025-12), and the data has no row for MK01 in "
        "2025-11 (add those months' rows to the data, or give them with --history FILE)"]
    nothing = _cli(tmp_path, HEADER + THIS_Q1, "score")
    assert nothing.exit_code == 1
    assert _lines(nothing)[1] == (
        f"{tmp_path}/d.csv: error: MK01.revenue_yoy: last_year(revenue) needs MK01's revenue "
        "for 2025-Q1 (2025-01 to 2025-03), and the data has no row for MK01 in 2025-01, "
        "2025-02 and 2025-03 (add those months' rows to the data, or give them with "
        "--history FILE)")


def test_a_blank_earlier_figure_is_said(tmp_path: Path) -> None:
    data = HEADER + LAST_Q1 + LAST_Q4.replace("2025-11,320000,12", "2025-11,,12") + THIS_Q1
    result = _cli(tmp_path, data, "score")
    assert result.exit_code == 1
    assert _lines(result) == [
        f"{tmp_path}/d.csv: error: MK01.revenue_growth: previous(revenue) needs MK01's revenue "
        "for 2025-Q4 (2025-10 to 2025-12), and MK01's row of 2025-11 has no revenue (fill in "
        "the figure)"]


@pytest.mark.parametrize("reference", [False, True])
def test_missing_months_zero_counts_a_missing_earlier_month_as_0(reference: bool) -> None:
    """MK01 without 2025-11: previous(revenue) 300,000 + 0 + 380,000 = 680,000, so
    (1,150,000 − 680,000) / 680,000 = 69.12%; the share averages the months reported,
    (10 + 14) / 2 = 12."""
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "targets_per: month}", "targets_per: month, missing_months: zero}")
    scheme = load_scheme("s.yaml", text.encode())
    data = HEADER + LAST_Q1 + LAST_Q4.replace("MK01,marketing_manager,2025-11,320000,12\n",
                                              "") + THIS_Q1
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    mk01 = {i.indicator.id: dict(i.inputs) for i in result.people[0].segments[0].items}
    assert mk01["revenue_growth"]["previous(revenue)"] == 680_000.0
    assert mk01["share_growth"]["previous(market_share)"] == 12.0
    assert [str(w) for w in result.warnings] == [
        "d.csv: warning: MK01.revenue_growth: previous(revenue) has no row for MK01 in "
        "2025-11, which counts as 0 in summed figures (calendar.missing_months: zero) (add "
        "the row if they had figures that month)",
        "d.csv: warning: MK01.share_growth: previous(market_share) has no row for MK01 in "
        "2025-11, which counts as 0 in summed figures (calendar.missing_months: zero) (add "
        "the row if they had figures that month)"]


@pytest.mark.parametrize("reference", [False, True])
def test_an_earlier_row_is_read_as_carefully_as_the_period_s(reference: bool) -> None:
    scheme = load_scheme(TEMPLATE)
    data = HEADER + LAST_Q1 + LAST_Q4.replace("2025-11,320000,12", "2025-11,32万,101") \
        + LAST_Q4[:41] + THIS_Q1
    with pytest.raises(AppraiseError) as caught:
        read_monthly("d.csv", scheme, data.encode(), reference=reference)
    assert [str(d) for d in caught.value.diagnostics] == [
        "d.csv:9:4: error: MK01.revenue: expected a number, found '32万' (write 320000: a "
        "number is written in full, without 万)",
        "d.csv:9:5: error: MK01.market_share: 101 in row 9, column 5 ('market_share') is above "
        "the maximum: field 'market_share' (市场份额) takes 0 to 100 (correct the figure; if it "
        "can be right, raise fields.market_share.max in the scheme)",
        "d.csv:14:1: error: MK01: person 'MK01' appears twice (rows 8 and 14) (keep one row "
        "per person)"]


def test_a_history_file_that_differs_from_the_data_is_an_error(tmp_path: Path) -> None:
    history = HEADER + LAST_Q1 + LAST_Q4.replace("2025-12,380000", "2025-12,381000")
    result = _cli(tmp_path, HEADER + LAST_Q4 + THIS_Q1, "score", history=history)
    assert (result.exit_code, result.stdout) == (1, "")
    assert _lines(result) == [
        f"{tmp_path}/h.csv:10:1: error: MK01.revenue: MK01's revenue for 2025-12 is 381,000 "
        f"here but 380,000 in {tmp_path}/d.csv:4 (give each month's figures once, or the same "
        "in both files)"]


def test_a_history_file_holds_months_of_the_two_years(tmp_path: Path) -> None:
    history = HEADER + LAST_Q1.replace("2025-01", "2024-01") + LAST_Q4
    result = _cli(tmp_path, HEADER + THIS_Q1, "score", history=history)
    assert result.exit_code == 1
    assert _lines(result) == [
        f"{tmp_path}/h.csv:{line}:3: error: period '2024-01' is not a month of 2025 or 2026 "
        "(write the month as YYYY-MM, e.g. 2025-12; a history file holds the months before "
        "the period scored)" for line in (2, 5)]


def test_history_is_refused_where_no_formula_looks_back(tmp_path: Path) -> None:
    result = _cli(tmp_path, "id,post,period,revenue\n", "score", history=HEADER,
                  scheme=Path("schemes/templates/key_accounts.yaml"))
    assert result.exit_code == 2
    assert _lines(result)[-1] == (
        "Error: Invalid value for '--history': no formula of this scheme reads a field over "
        "earlier months (previous() or last_year()), so it has no use for a history file")


def test_a_scheme_that_does_not_look_back_still_refuses_last_year_s_rows(tmp_path: Path
                                                                         ) -> None:
    data = "id,post,period,revenue,customers_start,customers_end,new_customers\n" \
        "KA01,key_account_manager,2025-12,1,1,1,1\n"
    result = _cli(tmp_path, data, "score", scheme=Path("schemes/templates/key_accounts.yaml"))
    assert result.exit_code == 1
    assert _lines(result) == [
        f"{tmp_path}/d.csv:2:3: error: period '2025-12' is not a month of 2026 (write the "
        "month as 2026-MM; the scheme keeps figures by month)"]


def _problems(old: str, new: str, text: str = "") -> list[str]:
    text = (text or TEMPLATE.read_text(encoding="utf-8")).replace(old, new)
    assert text != TEMPLATE.read_text(encoding="utf-8")
    return [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics
            if d.severity == "error"]


GROWTH = "formula: (revenue - previous(revenue)) / previous(revenue) * 100"


@pytest.mark.parametrize(("written", "said"), [
    ("previous(revenu)", "s.yaml:48:34: error: indicators.revenue_growth.formula: unknown field "
     "'revenu' in previous() (at character 21 of the formula) (did you mean 'revenue'?)"),
    ("previous(previous(revenue))", "s.yaml:48:34: error: indicators.revenue_growth.formula: "
     "previous() takes a field's name, not another previous() (at character 21 of the formula) "
     "(one step back at a time: to go further back, keep that figure as a field of its own)"),
    ("previous(revenue * 2)", "s.yaml:48:34: error: indicators.revenue_growth.formula: "
     "previous() takes a field's name, not 'revenue * 2' (at character 21 of the formula) "
     "(write the calculation around it, e.g. previous(revenue) * 2)"),
    ("previous(revenue, 2)", "s.yaml:48:25: error: indicators.revenue_growth.formula: "
     "'previous' takes 1 argument, a field's name, not 2 (at character 12 of the formula) "
     "(previous(f): field f over the period just before the one scored, as long (环比))"),
    ("last_year(grade_given)", "s.yaml:48:25: error: indicators.revenue_growth.formula: "
     "last_year(grade_given): 'grade_given' holds a rating; last_year() takes a number field "
     "(at character 12 of the formula) (growth is worked out on numbers, such as revenue)"),
    ("prev(revenue)", "s.yaml:48:25: error: indicators.revenue_growth.formula: unknown function "
     "'prev' (at character 12 of the formula) (did you mean 'previous'?)"),
])
def test_validate_says_what_is_wrong_with_a_look_back(written: str, said: str) -> None:
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "  market_share:\n", "  grade_given: {type: rating, scale: abc}\n  market_share:\n"
    ).replace("grades:\n", "scales:\n  abc: {levels: {A: {points: 100}, B: {points: 50}}}\n\n"
              "grades:\n", 1)
    assert _problems(GROWTH, GROWTH.replace("previous(revenue))", written + ")", 1), text) \
        == [said]


def test_a_look_back_needs_a_scheme_kept_by_month() -> None:
    assert _problems("calendar: {year: 2026, targets_per: month}\n", "")[0] == (
        "s.yaml:43:25: error: indicators.revenue_growth.formula: previous(revenue) needs the "
        "figures of earlier months, but this scheme is not kept by month (at character 12 of "
        "the formula) (add calendar: {year: ...} and keep the data by month (a period column "
        "of YYYY-MM); or give the earlier figure as a field of its own)")


def test_a_look_back_is_a_person_s_own() -> None:
    assert _problems("    formula: (market_share - previous",
                     "    scope: unit\n    formula: (market_share - previous")[0] == (
        "s.yaml:70:30: error: indicators.share_growth.formula: previous(market_share) cannot be "
        "scored on a unit (scope: unit): it reads the person's own earlier months (at "
        "character 17 of the formula) (score growth on each person's own figures (scope: "
        "own))")


def test_a_rule_s_formula_cannot_look_back() -> None:
    assert _problems("kind: ratio, cap: 120}", "kind: formula, points: previous(value)}") == [
        "s.yaml:39:35: error: indicators.revenue_achievement.rule.points: unknown function "
        "'previous' (functions: abs, min, max, round, floor, ceil, clamp, sqrt, div)"]


@pytest.mark.parametrize("reference", [False, True])
def test_a_json_data_file_gives_earlier_months_too(reference: bool) -> None:
    keys = HEADER.strip().split(",")
    records = [dict(zip(keys, line.split(","), strict=True))
               for line in (LAST_Q1 + LAST_Q4 + THIS_Q1).splitlines()]
    scheme = load_scheme(TEMPLATE)
    monthly = read_monthly("d.json", scheme, json.dumps(records).encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    assert [(p.person, round(p.total, 2)) for p in result.people] == [("MK01", 96.33),
                                                                      ("MK02", 78.0)]


@pytest.mark.parametrize("reference", [False, True])
def test_a_move_looks_back_from_each_post_s_months(reference: bool) -> None:
    """MK01 moves to a second post in February: on it (February and March, 800,000), the
    two months just before are 2025-12 and 2026-01 (380,000 + 350,000 = 730,000), the same
    months a year earlier 2025-02 and 2025-03 (280,000 + 270,000 = 550,000); on the first
    post (January, 350,000), 2025-12 (380,000) and 2025-01 (250,000)."""
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "  MK01: {name: 市场经理一, post: marketing_manager}",
        "  MK01:\n    name: 市场经理一\n    posts:\n      - {post: marketing_manager, until: "
        "2026-01}\n      - {post: brand_manager, from: 2026-02}").replace(
        "people:\n", "  brand_manager:\n    unit: marketing\n    scorecard: marketing_manager\n"
        "    targets: {revenue_achievement: 400000}\n\npeople:\n")
    scheme = load_scheme("s.yaml", text.encode())
    data = HEADER + LAST_Q1 + LAST_Q4 + THIS_Q1.replace(
        "MK01,marketing_manager,2026-02", "MK01,brand_manager,2026-02").replace(
        "MK01,marketing_manager,2026-03", "MK01,brand_manager,2026-03")
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    mk01 = result.people[0]
    assert [(s.post, {i.indicator.id: dict(i.inputs) for i in s.items
                      if i.indicator.id in ("revenue_growth", "revenue_yoy")})
            for s in mk01.segments] == [
        ("marketing_manager", {
            "revenue_growth": {"revenue": 350_000.0, "previous(revenue)": 380_000.0},
            "revenue_yoy": {"revenue": 350_000.0, "last_year(revenue)": 250_000.0}}),
        ("brand_manager", {
            "revenue_growth": {"revenue": 800_000.0, "previous(revenue)": 730_000.0},
            "revenue_yoy": {"revenue": 800_000.0, "last_year(revenue)": 550_000.0}})]


def test_the_history_is_a_file(tmp_path: Path) -> None:
    result = _cli(tmp_path, HEADER + THIS_Q1, "explain", "--person", "MK01", "--history", "-")
    assert result.exit_code == 2
    assert _lines(result)[-1] == ("Error: Invalid value for '--history': the history is read "
                                  "from a file, not standard input")


def test_dividing_by_an_earlier_figure_of_0_says_which(tmp_path: Path) -> None:
    data = HEADER + LAST_Q1 + LAST_Q4.replace(",400000,", ",0,") + THIS_Q1
    result = _cli(tmp_path, data, "score")
    assert (result.exit_code, result.stdout) == (1, "")
    assert _lines(result) == [
        f"{tmp_path}/d.csv:17:1: error: MK02.revenue_growth: cannot score 'revenue_growth': "
        "division by zero (previous(revenue) is 0 for this person; to score a period after "
        "one without figures, divide with div(..., previous(revenue), 0), which gives 0 then)"]


def test_an_empty_history_file_is_said(tmp_path: Path) -> None:
    result = _cli(tmp_path, HEADER + THIS_Q1, "score", history=HEADER)
    assert result.exit_code == 1
    assert _lines(result) == [
        f"{tmp_path}/h.csv:2:1: error: the history file has no rows (add the earlier months' "
        "rows after the header, one per person a month)"]
