"""The parts of the scheme language used together: a target worked out from last year's
figures (业绩目标 = 去年同期销售额 × 120%), and what may not be written together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import (
    PeriodError,
    load_scheme,
    parse_period,
    read_monthly,
    score,
    validate_scheme,
)
from appraise.cli import main

TEMPLATE = Path("schemes/templates/market_growth.yaml")
TARGET = "targets: {revenue_achievement: 400000}"
LAST_YEAR = "targets: {revenue_achievement: 'last_year(revenue) * 1.2'}"
DATA = """id,post,period,revenue,market_share
MK01,marketing_manager,2025-01,250000,9
MK01,marketing_manager,2025-02,280000,9
MK01,marketing_manager,2025-03,270000,10
MK02,marketing_manager,2025-01,300000,21
MK02,marketing_manager,2025-02,350000,21
MK02,marketing_manager,2025-03,300000,20
MK01,marketing_manager,2025-10,300000,10
MK01,marketing_manager,2025-11,320000,12
MK01,marketing_manager,2025-12,380000,14
MK02,marketing_manager,2025-10,400000,20
MK02,marketing_manager,2025-11,400000,20
MK02,marketing_manager,2025-12,400000,20
MK01,marketing_manager,2026-01,350000,14
MK01,marketing_manager,2026-02,380000,15
MK01,marketing_manager,2026-03,420000,16
MK02,marketing_manager,2026-01,380000,19
MK02,marketing_manager,2026-02,360000,18
MK02,marketing_manager,2026-03,400000,20
"""


def _scheme_text() -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    assert TARGET in text
    return text.replace(TARGET, LAST_YEAR)


@pytest.mark.parametrize("reference", [False, True])
def test_a_target_of_last_years_figure_times_120_percent(reference: bool) -> None:
    """MK01 sold 250,000 + 280,000 + 270,000 = 800,000 in 2025-Q1: its 2026-Q1 target is
    800,000 × 1.2 = 960,000, and 1,150,000 / 960,000 = 119.79% (ratio, cap 120). MK02 sold
    950,000: target 1,140,000, reached exactly by 380,000 + 360,000 + 400,000 → 100."""
    scheme = load_scheme("s.yaml", _scheme_text().encode())
    monthly = read_monthly("d.csv", scheme, DATA.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    items = {p.person: next(i for i in p.segments[0].items
                            if i.indicator.id == "revenue_achievement")
             for p in result.people}
    assert {k: (i.target.base if i.target else None, i.value, round(i.points, 2))
            for k, i in items.items()} == {
        "MK01": (960_000.0, 1_150_000.0, 119.79), "MK02": (1_140_000.0, 1_140_000.0, 100.0)}


def test_explain_shows_the_target_worked_out_from_last_year(tmp_path: Path) -> None:
    scheme, data = tmp_path / "s.yaml", tmp_path / "d.csv"
    scheme.write_text(_scheme_text(), encoding="utf-8")
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(scheme), "--data", str(data),
                                       "--period", "2026-Q1", "--person", "MK01"])
    assert result.exit_code == 0, result.output
    assert "   target:  last_year(revenue) * 1.2 = 800,000 * 1.2 = 960,000 " \
        "(achievement 119.79%)\n" in result.stdout


def test_last_year_in_a_target_needs_a_scheme_kept_by_month() -> None:
    text = _scheme_text().replace("calendar: {year: 2026, targets_per: month}\n", "")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems[-1] == (
        "s.yaml:93:37: error: posts.marketing_manager.targets.revenue_achievement: "
        "last_year(revenue) needs the figures of earlier months, but this scheme is not "
        "kept by month (add calendar: {year: ...} and keep the data by month (a period "
        "column of YYYY-MM); or give the earlier figure as a field of its own)")


def test_a_team_shares_target_is_a_number() -> None:
    text = Path("schemes/templates/sales_manager.yaml").read_text(encoding="utf-8")
    assert "    target: 75                  # three reps in four\n" in text
    text = text.replace("    target: 75                  # three reps in four\n",
                        "    target: 'revenue * 0'\n")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        "s.yaml:46:13: error: indicators.reps_at_quota.target: 'reps_at_quota' is scored on "
        "the members of the holder's unit (members), so its target cannot be a formula of a "
        "person's figures (write the target as a number)"]


def test_an_award_for_the_period_does_not_score_each_month_alone(tmp_path: Path) -> None:
    """E1's growth over the quarter is (220 - 300) / 300 = -26.67% → 0 points; E3's (320 -
    300) / 300 = 6.67% → 60 + 6.67 × 2 = 73.33. February alone, E1 had 0 and March would
    divide by it; only an award given every month scores a month on its own."""
    folder = Path("tests/schemes/language")
    result = CliRunner().invoke(main, [
        "score", str(folder / "award_quarter.yaml"), "--data",
        str(folder / "award_quarter.csv"), "--period", "2026-Q1", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [line.split(",")[:1] + line.split(",")[10:12] + line.split(",")[-1:]
            for line in result.stdout.splitlines()[1:]] == [
        ["E1", "0.00", "C", ""], ["E3", "73.33", "C", "1"]]


def test_a_number_too_large_for_a_condition_is_refused() -> None:
    text = Path("schemes/templates/sales_manager.yaml").read_text(encoding="utf-8")
    assert "when: achievement(revenue_achievement) < 80\n" in text
    text = text.replace("when: achievement(revenue_achievement) < 80\n",
                        f"when: achievement(revenue_achievement) < 8{'0' * 400}\n")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        "s.yaml:57:50: error: scorecards.sales_rep.gates[0].when: the number "
        "8000000000000000... is too large (at character 36 of the condition) (numbers in a "
        "condition must be below 1e308)"]


def test_gates_that_are_not_mappings_are_each_said_once() -> None:
    text = Path("schemes/templates/sales_manager.yaml").read_text(encoding="utf-8")
    text = text.replace("\nscorecards:\n", "\ngates: [5, x, null]\n\nscorecards:\n", 1)
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    line = text.splitlines().index("gates: [5, x, null]") + 1
    assert problems == [
        f"s.yaml:{line}:9: error: gates[0]: expected a mapping of keys to values, found the "
        "number 5",
        f"s.yaml:{line}:12: error: gates[1]: expected a mapping of keys to values, found the "
        "text 'x'",
        f"s.yaml:{line}:15: error: gates[2]: expected a mapping of keys to values, found "
        "nothing"]


def test_an_award_does_not_go_to_the_most_errors() -> None:
    text = (Path("tests/schemes/language/award_quarter.yaml").read_text(encoding="utf-8")
            .replace("      - {indicator: growth, weight: 100}\n",
                     "      - {indicator: growth, weight: 100}\n      - {indicator: err}\n")
            .replace("indicators:\n", "indicators:\n  err: {label: 差错, formula: errors, "
                     "rule: {kind: deduction, per_event: 5}}\n")
            .replace("fields:\n", "fields:\n  errors: {label: 差错次数}\n")
            .replace("    by: total\n", "    by: err\n"))
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        "s.yaml:34:9: error: awards.best.by: award 'best' ranks on 'err', a deduction item, "
        "and would give it to whoever has the most events (to give it to the fewest, write "
        "direction: lower_is_better on 'err'; or rank on total)"]


@pytest.mark.parametrize("reference", [False, True])
def test_a_joiner_is_measured_against_the_teams_months(reference: bool) -> None:
    """W1 and W2 sell 100 a month over the quarter, W3 joins in March and sells 100: the
    team sells 700 in 7 months, 100 a month. W1's team average is 100 × 3 = 300 and W3's
    100 × 1 = 100, so all three are at 100% (a plain mean of 300, 300 and 100, 233.33,
    would put W1 and W2 at 128.57% and W3 at 42.86%)."""
    folder = Path("tests/schemes/language")
    scheme = load_scheme(folder / "team_joiner.yaml")
    monthly = read_monthly(folder / "team_joiner.csv", scheme, reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    assert [(p.person, p.segments[0].items[0].target.base, p.total)
            for p in result.people] == [
        ("W1", 300.0, 100.0), ("W2", 300.0, 100.0), ("W3", 100.0, 100.0)]


def test_a_total_cap_is_written_on_the_cards_moved_scale() -> None:
    """The card moves its totals to 0-10 before any gate caps them: a cap of 60 would
    never lower one."""
    folder = Path("tests/schemes/language")
    text = (folder / "total_cap.yaml").read_text(encoding="utf-8")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        "s.yaml:23:22: error: scorecards.rep.gates[0].cap.total: gate '协作低于50总分封顶60' "
        "caps the total at 60, but scorecard 'rep' moves its totals to 0-10 (total_scale) "
        "before any cap, so this cap never lowers one (write the cap on the moved scale)"]


def test_explain_says_when_a_total_is_already_under_its_cap(tmp_path: Path) -> None:
    """Revenue 120 → 120 × 70% = 84, teamwork 40 × 30% = 12: 96 on 0-100 is 9.60 on 0-10,
    under the cap of 9.7."""
    folder = Path("tests/schemes/language")
    scheme = tmp_path / "s.yaml"
    scheme.write_text((folder / "total_cap.yaml").read_text(encoding="utf-8")
                      .replace("cap: {total: 60}", "cap: {total: 9.7}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(scheme), "--data",
                                       str(folder / "total_cap.csv"), "--person", "P1"])
    assert result.exit_code == 0, result.output
    assert "   gate 协作低于50总分封顶60: points(tw) 40.00 < 50 → total capped at 9.7 " \
        "(has 9.60, no more)\n" in result.stdout


def test_cards_that_end_on_different_scales_are_warned_of() -> None:
    text = Path("tests/schemes/language/two_scales.yaml").read_text(encoding="utf-8")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        "s.yaml:35:5: warning: scorecards.rep2.total_scale: scorecard 'rep2' ends on 0-10 "
        "(total_scale) and the total of scorecard 'rep' is not moved; the grades, ranks and "
        "awards read both alike (give the cards graded together one scale)"]


def test_a_team_share_says_how_it_weighs_a_mover_and_what_it_counts() -> None:
    """E2 moves in February and meets the condition for one of his three months: the
    share is (1 + 1 + 1/3 + 0) / 4 of the members, 7 of 12 months, 58.33%."""
    folder = Path("tests/schemes/language")
    args = [str(folder / "share_mover.yaml"), "--data", str(folder / "share_mover.csv"),
            "--period", "2026-Q1"]
    result = CliRunner().invoke(main, ["explain", *args, "--person", "B1"])
    assert result.exit_code == 0, result.output
    assert "   value:   3 of 4 members of 公司 meet achievement(rev_ly) >= 90, weighed by " \
        "their months: 7 of 12 months: 58.3333%\n" in result.stdout
    scored = CliRunner().invoke(main, ["score", *args, "--format", "json"])
    assert scored.exit_code == 0, scored.output
    catalogue = json.loads(scored.stdout)["indicators"]["share"]
    assert (catalogue["formula"], catalogue["share"]) == (None, "achievement(rev_ly) >= 90")


def test_the_bonus_line_of_a_mover_shows_the_post_a_gate_took_it_from() -> None:
    """M1 is on the east post in January (150) and the west post in February and March,
    where revenue at 70% of target trips the no-bonus gate: 1.2 × 12,000 × 1/12 = 1,200."""
    folder = Path("tests/schemes/language")
    result = CliRunner().invoke(main, [
        "explain", str(folder / "gate_mover.yaml"), "--data", str(folder / "gate_mover.csv"),
        "--period", "2026-Q1", "--person", "M1"])
    assert result.exit_code == 0, result.output
    assert "Bonus: 1.2 × (12,000.00 × 1/12 + 12,000.00 × 2/12 × 0) = 1,200.00 CNY\n" \
        in result.stdout


def test_an_item_without_a_perspective_on_a_card_weighed_by_perspective() -> None:
    text = Path("tests/schemes/language/no_perspective.yaml").read_text(encoding="utf-8")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems[-1] == (
        "s.yaml:17:21: error: scorecards.c.items[1].indicator: 'y' has no perspective, and "
        "this card weighs its items by perspective (add the perspective under perspectives:, "
        "or set the indicator's perspective)")


def test_the_library_scores_a_period_given_as_text() -> None:
    scheme = load_scheme(Path("schemes/examples/cascade_company.yaml"))
    monthly = read_monthly(Path("schemes/examples/2026-months.csv"), scheme)
    by_text = score(scheme, monthly, "2026-Q1")
    by_period = score(scheme, monthly, parse_period("2026-Q1", 2026))
    assert [(p.person, p.total) for p in by_text.people] == \
        [(p.person, p.total) for p in by_period.people]
    with pytest.raises(PeriodError) as raised:
        score(scheme, monthly, "2026-Q9")
    assert str(raised.value) == "'2026-Q9' is not a period; write one of 2026-03, 2026-Q1, " \
        "2026-H1, 2026, 2026-YTD-05 or 2026-YTD"


def test_a_total_scale_beyond_any_shown_total_is_refused() -> None:
    text = Path("tests/schemes/language/total_cap.yaml").read_text(encoding="utf-8")
    text = text.replace("to: [0, 10]}", "to: [-1e308, 1e308]}")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        "s.yaml:5:35: error: total_scale.to: total_scale's 'to' (-1E+308 to 1E+308) is not a "
        "scale a total is shown on (write ends between -1,000,000,000 and 1,000,000,000, at "
        "least 0.000001 apart: e.g. from: [1, 10], to: [4, 9])"]


@pytest.mark.parametrize("call", ["team_average", "previous"])
def test_a_text_field_is_read_by_no_function_of_a_formula(call: str) -> None:
    text = Path("schemes/templates/service_quality.yaml").read_text(encoding="utf-8")
    assert "    formula: attitude\n" in text
    text = text.replace("    formula: attitude\n",
                        f"    formula: attitude + {call}(attitude_basis)\n")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems[0] == (
        "s.yaml:46:14: error: indicators.service_attitude.formula: the formula of "
        f"'service_attitude' (attitude + {call}(attitude_basis)) reads 'attitude_basis', "
        "which holds text, not a number (text is shown as evidence only: name "
        "'attitude_basis' in the indicator's evidence (basis: or note:), and read number "
        "fields here)")


def test_every_section_whose_weights_are_off_is_named_at_once() -> None:
    text = (Path("schemes/templates/goals_and_behaviours.yaml").read_text(encoding="utf-8")
            .replace("revenue_goal, weight: 60}", "revenue_goal, weight: 50}")
            .replace("teamwork, weight: 50}", "teamwork, weight: 40}"))
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        f"s.yaml:{line}:9: error: scorecards.sales_rep.sections[{s}].items: weights of section "
        f"'{name}' of scorecard 'sales_rep' add up to 90%, expected 100% (missing 10%) (the "
        "items of a section share its 100%: adjust their weights)"
        for line, s, name in ((77, 0, "goals"), (83, 1, "behaviours"))]


EDGE = """appraise: 1
name: a_gate_on_an_edge
bonus_base: 10000
grades:
  - {grade: A, min: 95, coefficient: 1.2}
  - {grade: B, coefficient: 1}
fields:
  revenue: {label: 销售额}
indicators:
  rev: {label: 销售额, formula: revenue, target: 1200000, rule: {kind: ratio, cap: 150}}
scorecards:
  rep:
    items:
      - {indicator: rev, weight: 100}
    gates:
      - {label: 超额115%不再另发奖金, when: achievement(rev) >= 115, effect: no_bonus}
units:
  u: {kind: company}
posts:
  rep: {unit: u, scorecard: rep}
"""


def test_a_gate_compares_as_a_person_does_on_an_edge() -> None:
    """1,380,000 / 1,200,000 × 100 is 114.99999999999999 in binary and 115 by hand: the
    gate holds on both paths, as a formula's >= 115 does."""
    from appraise import read_actuals
    from appraise.scoring.gates import gate_trace
    from appraise.scoring.reference import trace

    scheme = load_scheme("s.yaml", EDGE.encode())
    actuals = read_actuals("d.csv", scheme, content=b"id,post,revenue\nP1,rep,1380000\n")
    person = score(scheme, actuals).people[0]
    assert (person.gates, person.paid) == (("超额115%不再另发奖金",), 0)
    traced = list(trace(scheme, scheme.posts["rep"], {"revenue": 1380000.0}, {}, {}))
    assert gate_trace(scheme.scorecards["rep"], traced)[1] == [True]


def test_a_scheme_wide_gate_is_faulted_once_not_once_per_card() -> None:
    text = Path("tests/schemes/language/shared_gate.yaml").read_text(encoding="utf-8")
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics]
    assert problems == [
        "s.yaml:16:22: error: gates[0].when: 'valeu' is not a function of a condition (use "
        "value(), achievement(), target() or points() of an indicator)"]
