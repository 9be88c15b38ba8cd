"""The share of a unit's members who meet a condition (达到配额的销售代表百分比), and gates on
the members' own card, on the shipped sales-manager template, by both scoring paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraise import (
    AppraiseError,
    load_scheme,
    parse_period,
    read_monthly,
    score,
    validate_scheme,
)
from appraise.cli import main

TEMPLATE = Path("schemes/templates/sales_manager.yaml")
TEXT = TEMPLATE.read_text(encoding="utf-8")
MONTHS = ("2026-01", "2026-02", "2026-03")
FIGURES = {  # revenue and cash collected, month by month
    "SR01": ((100000, 95000), (110000, 104500), (120000, 114000)),
    "SR02": ((90000, 72000), (100000, 80000), (110000, 88000)),
    "SR03": ((80000, 80000), (70000, 70000), (90000, 90000)),
    "SR04": ((60000, 60000), (70000, 70000), (50000, 50000)),
    "SR05": ((120000, 96000), (130000, 104000), (140000, 112000)),
}
DATA = "id,post,period,revenue,cash_collected\n" + "".join(
    f"SM01,sales_manager,{m},,\n" for m in MONTHS) + "".join(
    f"{rep},sales_rep,{m},{r},{c}\n" for rep, months in FIGURES.items()
    for m, (r, c) in zip(MONTHS, months, strict=True))


def run(text: str, data: str, reference: bool) -> dict[str, tuple[float, str, int | None]]:
    scheme = load_scheme("s.yaml", text.encode())
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    return {p.person: (round(p.total, 2), p.grade, p.paid) for p in result.people}


@pytest.mark.parametrize("reference", [False, True])
def test_the_share_of_reps_at_quota_and_the_reps_gates(reference: bool) -> None:
    """Quarter targets: 300,000 a rep (100,000 × 3), 1,200,000 for the department.
    SR01: 330,000 → 110% → 110 × 70% = 77; 313,500 / 330,000 = 95% collected → 100 × 30% =
    30: 107.00, A, 1.2 × 36,000 × 3/12 = 10,800. SR02: 300,000 → 100 → 70; 80% collected →
    60 × 30% = 18; under 85% caps revenue at 100, which it is: 88.00, B, 9,000. SR03:
    240,000 → 80% (not under 80: no gate) → 56; 100% → 30: 86.00, B, 9,000. SR04: 180,000
    → 60% → 42; 30: 72.00, C, but 60 < 80: no bonus. SR05: 390,000 → 130% → 120 (the
    ratio's cap), capped at 100 by its 80% collected → 70; 18: 88.00, B, 9,000.
    At quota (achievement ≥ 100, before any gate): SR01, SR02, SR05: 3 of 5 = 60%, against
    75 → 80% → 80 × 50% = 40; the department: 1,440,000 / 1,200,000 = 120% → 60: SM01
    100.00, A, 1.2 × 60,000 × 3/12 = 18,000."""
    assert run(TEXT, DATA, reference) == {
        "SM01": (100.0, "A", 1_800_000),
        "SR01": (107.0, "A", 1_080_000),
        "SR02": (88.0, "B", 900_000),
        "SR03": (86.0, "B", 900_000),
        "SR04": (72.0, "C", 0),
        "SR05": (88.0, "B", 900_000),
    }


ASSISTANT = (TEXT.replace("scorecards:\n", "scorecards:\n  sales_assistant:\n    items:\n"
                          "      - {indicator: collection_rate, weight: 100}\n", 1)
             .replace("  sales_rep:\n    label: 销售代表\n", "  sales_assistant: {unit: sales, "
                      "scorecard: sales_assistant}\n  sales_rep:\n    label: 销售代表\n", 1)
             + "  SA01: {name: 销售助理, post: sales_assistant}\n")


@pytest.mark.parametrize("reference", [False, True])
def test_a_member_whose_card_lacks_the_indicator_is_not_counted(reference: bool) -> None:
    """The assistant's card has no revenue_achievement: the share is still 3 of 5."""
    data = DATA + "".join(f"SA01,sales_assistant,{m},1000,1000\n" for m in MONTHS)
    assert run(ASSISTANT, data, reference)["SM01"] == (100.0, "A", 1_800_000)


def paragraph(text: str, start: str) -> str:
    """The paragraph of ``text`` that starts with ``start``."""
    return next(p for p in text.split("\n\n") if p.startswith(start))


def explain(tmp_path: Path, person: str, *more: str) -> str:
    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(TEMPLATE), "--data", str(data),
                                       "--period", "2026-Q1", "--person", person, *more])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_explain_says_how_many_members_meet_the_condition(tmp_path: Path) -> None:
    assert paragraph(explain(tmp_path, "SM01"), "2.") == (
        "2. 达到配额的销售代表百分比 (reps_at_quota)\n"
        "   value:   3 of 5 members of 销售部 meet achievement(revenue_achievement) >= 100: 60%\n"
        "   target:  75 (achievement 80.00%)\n"
        "   rule:    ratio: 60 / 75 = 80% → 80\n"
        "   points:  80.00 × weight 50% = 40.00")
    assert paragraph(explain(tmp_path, "SM01", "--lang", "zh"), "2.").split("\n")[1] == (
        "   实际：销售部 5 名成员中 3 名符合 achievement(revenue_achievement) >= 100：60%")


def test_explain_shows_the_reps_gates(tmp_path: Path) -> None:
    out = explain(tmp_path, "SR04")
    assert [paragraph(out, "Gates:"), paragraph(out, "Weighted")] == [
        "Gates:\n"
        "   gate 销售额完成率低于80%，不发奖金: achievement(revenue_achievement) 60.00 < 80 → "
        "no bonus\n"
        "   gate 回款率低于85%，销售额得分封顶100: value(collection_rate) 100 < 85: passed",
        "Weighted sum: 72.00\nTotal: 72.00"]
    assert paragraph(out, "Grade:") == (
        "Grade: C 合格 (coefficient 0, no bonus: a gate)\n"
        "Bonus: none, by a gate = 0.00 CNY\n"
        "Rank in 销售部: 6 of 6; in the company: 6 of 6\n")


def test_the_csv_of_the_quarter_lists_the_gates(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(TEMPLATE), "--data", str(data),
                                       "--period", "2026-Q1", "--format", "csv"])
    rows = result.stdout.splitlines()
    assert rows[0].endswith(",grade,coefficient,bonus,rank,rank_of,months,grade_scored,pool,"
                            "company_rank,company_of,gates")
    assert [(r.split(",")[0], r.split(",")[-10], r.split(",")[-1]) for r in rows[1:]] == [
        ("SM01", "1.2", ""), ("SR01", "1.2", ""),
        ("SR02", "1.0", "回款率低于85%，销售额得分封顶100"), ("SR03", "1.0", ""),
        ("SR04", "0", "销售额完成率低于80%，不发奖金"),
        ("SR05", "1.0", "回款率低于85%，销售额得分封顶100")]


def problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics
            if d.severity == "error"]


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "needle", "expected"), [
    ('"achievement(revenue_achievement) >= 100"', '"achievement(revenue) >= 100"', "share:",
     ":35: error: indicators.reps_at_quota.members.share: unknown indicator 'revenue' (at "
     "character 13 of the condition) (did you mean 'team_revenue'?)"),
    ('"achievement(revenue_achievement) >= 100"', '"points(reps_at_quota) >= 100"', "share:",
     ":22: error: indicators.reps_at_quota.members.share: team share 'reps_at_quota' reads "
     "itself (read the members' own indicators, e.g. achievement(revenue_achievement) >= "
     "100)"),
    ("    target: 75 ", "    formula: revenue\n    target: 75 ", "formula: revenue\n    target",
     ":5: error: indicators.reps_at_quota.formula: 'reps_at_quota' is a team share: its "
     "value is the percentage of the unit's members who meet its condition, so it takes no "
     "formula (remove 'formula')"),
    ("    rule: {kind: ratio, cap: 120}\n\nscorecards", "\nscorecards", "reps_at_quota:",
     ":3: error: indicators.reps_at_quota: team share 'reps_at_quota' needs a rule (score "
     "the percentage like any value, e.g. rule: {kind: ratio} with target: 80)"),
    ("rule: {kind: ratio, cap: 120}\n\nscorecards", "rule: {kind: veto}\n\nscorecards",
     "rule: {kind: veto}", ":18: error: indicators.reps_at_quota.rule.kind: team share "
     "'reps_at_quota' is a percentage, which a veto rule does not score (use a rule that "
     "scores a value, e.g. ratio, linear, bands or threshold)"),
])
def test_a_wrong_share_is_named_where_it_is_written(old: str, new: str, needle: str,
                                                    expected: str) -> None:
    text = TEXT.replace(old, new)
    assert text != TEXT
    start = text.index("reps_at_quota:")
    line = text[:text.index(needle, start)].count("\n") + 1
    assert problems(text) == [f"s.yaml:{line}{expected}"]


def test_a_unit_with_nobody_under_its_head() -> None:
    text = "".join(line for line in TEXT.splitlines(keepends=True)
                   if not line.startswith("  SR0"))
    scheme = load_scheme("s.yaml", text.encode())
    data = "id,post,period,revenue,cash_collected\n" + "".join(
        f"SM01,sales_manager,{m},,\n" for m in MONTHS)
    monthly = read_monthly("d.csv", scheme, data.encode())
    with pytest.raises(AppraiseError) as caught:
        score(scheme, monthly, parse_period("2026-Q1", 2026))
    assert [str(d) for d in caught.value.diagnostics] == [
        "d.csv:2:1: error: sales.reps_at_quota: unit 'sales' has nobody under its head in "
        "2026-Q1, so 'reps_at_quota' has no members to average for SM01 (take the indicator "
        "off the head's card, or put people in the unit)",
        "d.csv:2:1: error: sales.team_revenue: unit 'sales' has no figures for 'revenue' from "
        "its members, so 'team_revenue' cannot be scored for SM01 (check that the members "
        "report it)"]


@pytest.mark.parametrize("reference", [False, True])
def test_a_member_without_the_target_the_share_reads(reference: bool) -> None:
    """Only SR01 has a target of collection: SR02's cannot be read."""
    text = TEXT.replace('"achievement(revenue_achievement) >= 100"',
                        '"achievement(collection_rate) >= 90"').replace(
        "SR01: {name: 销售代表一, post: sales_rep}",
        "SR01: {name: 销售代表一, post: sales_rep, targets: {collection_rate: 90}}")
    scheme = load_scheme("s.yaml", text.encode())
    monthly = read_monthly("d.csv", scheme, DATA.encode(), reference=reference)
    with pytest.raises(AppraiseError) as caught:
        score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    assert [str(d) for d in caught.value.diagnostics] == [
        "d.csv:2:1: error: sales.reps_at_quota: cannot work out 'reps_at_quota' for SM01: "
        "'collection_rate' has no target for member SR02 (give 'collection_rate' a target, "
        "under the indicator or the post)"]


@pytest.mark.parametrize(("condition", "expected"), [
    ("achievement(collection_rate) >= 90",
     "achievement(collection_rate) needs a target, but 'collection_rate' has none (give "
     "'collection_rate' a target (under the indicator, or the members' posts), or read "
     "value() or points())"),
    ("value(unused) >= 90",
     "team share 'reps_at_quota' reads 'unused', which no scorecard holds, so no member "
     "would be counted (put 'unused' on the members' scorecard)"),
])
def test_a_share_reads_what_the_members_cards_can_give(condition: str, expected: str) -> None:
    text = TEXT.replace('"achievement(revenue_achievement) >= 100"', f'"{condition}"').replace(
        "indicators:\n", "indicators:\n  unused: {formula: revenue, rule: {kind: ratio}, "
        "target: 1}\n", 1)
    line = line_of(text, condition)
    assert problems(text) == [
        f"s.yaml:{line}:22: error: indicators.reps_at_quota.members.share: {expected}"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(
    st.sampled_from([80000, 100000, 99999.99, 100000.01, 240000 / 3, 0]),
    st.sampled_from([0.85, 0.849, 0.9, 1.0, 0.0]), st.integers(0, 2)),
    min_size=15, max_size=15), st.sampled_from([
        "achievement(revenue_achievement) >= 100",
        "achievement(revenue_achievement) >= 80 and value(collection_rate) >= 85",
        "points(revenue_achievement) > 100 or not value(collection_rate) < 90",
        "target(revenue_achievement) / 3 <= value(revenue_achievement) / 3"]))
def test_the_columns_and_the_reference_agree_on_shares_and_gates(
        figures: list[tuple[float, float, int]], condition: str) -> None:
    """Reps' months drawn around the edges of the gates and of the share's condition (a
    quarter's revenue onto 80% and 100% of target, collection onto 85%); the quarter scored
    by the columns and by the reference, person by person, item by item, to the bit."""
    text = TEXT.replace("achievement(revenue_achievement) >= 100", condition)
    rows = "".join(f"SM01,sales_manager,{m},,\n" for m in MONTHS)
    for k, (revenue, collected, shift) in enumerate(figures):
        rep, month = f"SR0{k // 3 + 1}", MONTHS[k % 3]
        moved = max(0.0, revenue + (shift - 1) * 0.005)
        rows += f"{rep},sales_rep,{month},{moved!r},{moved * collected!r}\n"
    data = "id,post,period,revenue,cash_collected\n" + rows
    found = []
    for reference in (False, True):
        scheme = load_scheme("s.yaml", text.encode())
        try:
            monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
            result = score(scheme, monthly, parse_period("2026-Q1", 2026),
                           reference=reference)
        except AppraiseError as exc:
            found.append([str(d) for d in exc.diagnostics])
            continue
        found.append([(p.person, p.total, p.grade, p.paid, [
            (i.id, i.value, i.points, i.step) for s in p.segments for i in s.items])
            for p in result.people])
    assert found[0] == found[1]


def test_a_misspelt_members_setting_is_still_named() -> None:
    text = TEXT.replace('members: {share: "achievement(revenue_achievement) >= 100"}',
                        "members: equl")
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'members: equl')}:14: error: indicators.reps_at_quota.members: "
        "the text 'equl' is not allowed here (did you mean 'equal'?)"]


def test_the_json_of_the_quarter_gives_each_person_the_gates_that_applied(
        tmp_path: Path) -> None:
    import json

    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(TEMPLATE), "--data", str(data),
                                       "--period", "2026-Q1", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    people = json.loads(result.stdout)["people"]
    assert [(p["person"], p["coefficient"], p["bonus"], p["gates"]) for p in people] == [
        ("SM01", 1.2, 18000.0, []), ("SR01", 1.2, 10800.0, []),
        ("SR02", 1.0, 9000.0, ["回款率低于85%，销售额得分封顶100"]), ("SR03", 1.0, 9000.0, []),
        ("SR04", 0.0, 0.0, ["销售额完成率低于80%，不发奖金"]),
        ("SR05", 1.0, 9000.0, ["回款率低于85%，销售额得分封顶100"])]
