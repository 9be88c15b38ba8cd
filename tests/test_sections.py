"""Sub-scores and scales: scorecards of weighted sections, weights written as fractions
(equal thirds), and a total moved to another scale, worked by hand on the shipped
goals-and-behaviours template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import command_output

from appraise import load_scheme, parse_period, read_actuals, read_monthly, score, validate_scheme
from appraise.cli import main
from appraise.report import score_csv, score_json
from appraise.scoring.evaluate import card_totals
from appraise.scoring.reference import trace

TEMPLATE = Path("schemes/templates/goals_and_behaviours.yaml")
TEXT = TEMPLATE.read_text(encoding="utf-8")
DATA = """\
id,post,revenue,new_customers,teamwork,customer_focus,complaints,goal_score,self_score,\
feedback_score
S01,sales_rep,345000,8,8,7,1,,,
S02,sales_rep,270000,12,9,9,0,,,
L01,team_lead,,,,,,9,8,7
"""


def problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def scored(text: str = TEXT, data: str = DATA) -> dict[str, tuple[float, float, str]]:
    scheme = load_scheme("s.yaml", text.encode())
    result = score(scheme, read_actuals("d.csv", scheme, content=data.encode()))
    return {p.person: (round(p.weighted_sum, 10), round(p.total, 10), p.grade)
            for p in result.people}


@pytest.mark.parametrize("reference", [False, True])
def test_sections_thirds_and_the_scale_by_hand(reference: bool) -> None:
    """S01 (70/30): revenue 345,000 / 300,000 = 115% → 11.5, at most 10, × 60% = 6; new
    customers 8 / 10 = 80% → 8 × 40% = 3.2: goals 9.2; teamwork 8 × 50% + customer focus
    7 × 50% = behaviours 7.5; 70% × 9.2 + 30% × 7.5 = 6.44 + 2.25 = 8.69; one complaint
    −0.5 = 8.19 on 1-10, on 4-9 4 + 7.19 × 5 / 9 = 7.99 (7.9944...), B (A from 8), 10,000.
    S02: 90% → 9 × 60% = 5.4, 120% → 10 × 40% = 4: goals 9.4; behaviours 9; 6.58 + 2.7 =
    9.28 → 4 + 8.28 × 5 / 9 = 8.6, A, 12,000. L01 (thirds): (9 + 8 + 7) / 3 = 8 → 4 + 7 ×
    5 / 9 = 7.89 (7.8889), B, 10,000."""
    scheme = load_scheme(TEMPLATE)
    actuals = read_actuals("d.csv", scheme, content=DATA.encode())
    if reference:  # one value at a time, as explain traces it
        found = {}
        for row in actuals.rows:
            card = scheme.scorecards[scheme.posts[row.post].scorecard]
            sections, weighted, deductions, bonuses = card_totals(
                card, list(trace(scheme, scheme.posts[row.post], row.values, {}, {})))
            assert card.scale is not None
            found[row.person] = ({k: round(v, 10) for k, v in sections.items()},
                                 round(card.scale.of(weighted - deductions + bonuses), 4))
        assert found == {"S01": ({"goals": 9.2, "behaviours": 7.5}, 7.9944),
                         "S02": ({"goals": 9.4, "behaviours": 9.0}, 8.6),
                         "L01": ({"goal": 9.0, "self": 8.0, "feedback": 7.0}, 7.8889)}
        return
    result = score(scheme, actuals)
    assert [(p.person, round(p.weighted_sum, 10), round(p.total, 4), p.grade, p.paid)
            for p in result.people] == [
        ("S01", 8.69, 7.9944, "B", 1_000_000), ("S02", 9.28, 8.6, "A", 1_200_000),
        ("L01", 8.0, 7.8889, "B", 1_000_000)]
    assert [[(s.section.id, round(s.score, 10)) for s in p.segments[0].sections]
            for p in result.people] == [
        [("goals", 9.2), ("behaviours", 7.5)], [("goals", 9.4), ("behaviours", 9.0)],
        [("goal", 9.0), ("self", 8.0), ("feedback", 7.0)]]


def test_a_cards_own_scale_and_a_veto() -> None:
    """The team lead's card keeps 1-10 (to: [1, 10]): 8. A veto still zeroes the total."""
    text = TEXT.replace("  team_lead:\n    label: 组长考核表（目标、自评、反馈各三分之一）\n",
                        "  team_lead:\n    label: 组长考核表（目标、自评、反馈各三分之一）\n"
                        "    total_scale: {from: [1, 10], to: [1, 10]}\n")
    assert scored(text)["L01"] == (8.0, 8.0, "A")
    vetoed = text.replace("    rule: {kind: deduction, per_event: 0.5, max_points: 2}",
                          "    rule: {kind: veto}")
    assert scored(vetoed)["S01"] == (8.69, 0.0, "D")


def test_three_thirds_are_exactly_100_and_three_decimals_are_not() -> None:
    assert problems(TEXT) == []
    text = TEXT.replace("weight: 100/3", "weight: 33.33")
    assert problems(text) == [
        f"s.yaml:{line_of(text, '    sections:' + chr(10) + '      - {id: goal')}:5: error: "
        "scorecards.team_lead.sections: section weights of scorecard 'team_lead' add up to "
        "99.99%, expected 100% (missing 0.01%) (adjust the sections' weights; a weight no "
        "decimal writes exactly is a fraction: 100/3 for a third)"]


@pytest.mark.parametrize(("weight", "why"), [
    ("100/0", "cannot be read: its denominator is 0 (write a number (40) or a fraction of two "
              "numbers (100/3))"),
    ("一百/3", "cannot be read: it is neither a number nor a fraction such as 100/3 (write a "
              "number (40) or a fraction of two numbers (100/3))"),
    ("300/2", "is 150%, expected more than 0% and at most 100% (weights are percentages of the "
              "whole: 100/3 is a third)")])
def test_a_fraction_that_cannot_be_a_weight(weight: str, why: str) -> None:
    text = TEXT.replace("{id: self, label: 自评, weight: 100/3,",
                        f"{{id: self, label: 自评, weight: {weight},")
    assert problems(text) == [
        f"s.yaml:{line_of(text, weight)}:39: error: scorecards.team_lead.sections[1].weight: "
        f"weight '{weight}' {why}"]
    text = TEXT.replace("{indicator: new_customers, weight: 40}",
                        f"{{indicator: new_customers, weight: {weight}}}")
    assert problems(text) == [
        f"s.yaml:{line_of(text, weight)}:48: error: "
        f"scorecards.sales_rep.sections[0].items[1].weight: weight '{weight}' {why}"]


def test_weights_of_sections_and_of_their_items_add_up_to_100() -> None:
    text = TEXT.replace("        label: 行为能力\n        weight: 30\n",
                        "        label: 行为能力\n        weight: 20\n")
    assert problems(text) == [
        f"s.yaml:{line_of(text, '    sections:')}:5: error: scorecards.sales_rep.sections: "
        "section weights of scorecard 'sales_rep' add up to 90%, expected 100% (missing 10%) "
        "(adjust the sections' weights)"]
    text = TEXT.replace("{indicator: new_customers, weight: 40}",
                        "{indicator: new_customers, weight: 30}")
    assert problems(text) == [
        f"s.yaml:{line_of(text, '        items:')}:9: error: "
        "scorecards.sales_rep.sections[0].items: weights of section 'goals' of scorecard "
        "'sales_rep' add up to 90%, expected 100% (missing 10%) (the items of a section share "
        "its 100%: adjust their weights)"]


def test_what_a_section_cannot_hold() -> None:
    twice = TEXT.replace("{indicator: customer_focus, weight: 50}",
                         "{indicator: revenue_goal, weight: 50}")
    assert problems(twice) == [
        f"s.yaml:{line_of(twice, '{indicator: revenue_goal, weight: 50}')}:25: error: "
        "scorecards.sales_rep.sections[1].items[1].indicator: indicator 'revenue_goal' is "
        "listed twice (it is in section 'goals' already) (remove one: an indicator counts in "
        "one section only)"]
    empty = TEXT.replace("        items:\n          - {indicator: teamwork, weight: 50}\n"
                         "          - {indicator: customer_focus, weight: 50}\n",
                         "        items: []\n")
    assert problems(empty) == [
        f"s.yaml:{line_of(empty, '      - id: behaviours')}:9: error: "
        "scorecards.sales_rep.sections[1]: section 'behaviours' of scorecard 'sales_rep' has "
        "no items (add the indicators it scores under its items:, each with a weight, or "
        "remove the section)"]
    deduction = TEXT.replace("{indicator: customer_focus, weight: 50}",
                             "{indicator: customer_focus, weight: 50}\n"
                             "          - {indicator: complaints}") \
        .replace("    items:                      # deductions, bonus and veto items adjust "
                 "the total\n      - {indicator: complaints}\n", "")
    assert problems(deduction) == [
        f"s.yaml:{line_of(deduction, '- {indicator: complaints}')}:25: error: "
        "scorecards.sales_rep.sections[1].items[2].indicator: 'complaints' is a deduction "
        "item: it adjusts the total, not a section's score (move it to the card's own items:)"]
    loose = TEXT.replace("      - {indicator: complaints}\n",
                         "      - {indicator: complaints}\n      - {indicator: goal, weight: 10}\n")
    assert problems(loose) == [
        f"s.yaml:{line_of(loose, '- {indicator: goal, weight: 10}')}:9: error: "
        "scorecards.sales_rep.items[1]: 'goal' is a weighted item on a card with sections "
        "(move it into one of the sections: the card's own items: hold only deduction, bonus "
        "and veto items)"]
    same = TEXT.replace("{id: self, label: 自评", "{id: goal, label: 自评")
    assert problems(same) == [
        f"s.yaml:{line_of(same, '{id: goal, label: 自评')}:14: error: "
        "scorecards.team_lead.sections[1].id: section 'goal' is listed twice (give each "
        "section its own id)"]


def test_a_card_of_neither_items_nor_sections() -> None:
    text = TEXT[:TEXT.index("  team_lead:\n")] + "  team_lead: {label: 组长}\n" \
        + TEXT[TEXT.index("\nunits:"):]
    assert problems(text) == [
        f"s.yaml:{line_of(text, '  team_lead:')}:3: error: scorecards.team_lead: scorecard "
        "'team_lead' has no items (add items: (or sections:) with the indicators the card "
        "scores, each with its weight)"]


@pytest.mark.parametrize(("ends", "column", "side", "what"), [
    ("from: [10, 10], to: [4, 9]", 21, "from", "equal ends (10 and 10)"),
    ("from: [1, 10], to: [9, 4]", 34, "to", "its high end first (9 and 4)")])
def test_a_scale_needs_two_ends_low_first(ends: str, column: int, side: str,
                                          what: str) -> None:
    text = TEXT.replace("total_scale: {from: [1, 10], to: [4, 9]}", f"total_scale: {{{ends}}}")
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'total_scale:')}:{column}: error: total_scale.{side}: "
        f"total_scale's '{side}' has {what} (write the low end, then a higher high end: e.g. "
        "from: [1, 10], to: [4, 9])"]


def run(tmp_path: Path, *args: str) -> str:
    return command_output(tmp_path, TEMPLATE, DATA, *args)


def test_explain_shows_the_sections_and_the_scale(tmp_path: Path) -> None:
    english = run(tmp_path, "explain", "--person", "S01")
    assert "   points:  8.00 × weight 40% = 3.20, in 业绩目标\n" in english
    assert english.split("\n\n")[-1] == (
        "Section 业绩目标 (goals): 9.20 × weight 70% = 6.44\n"
        "Section 行为能力 (behaviours): 7.50 × weight 30% = 2.25\n"
        "Weighted sum: 8.69\n"
        "Deductions:  -0.50\n"
        "Scale: 8.19 on 1-10 is 4 + (8.19 - 1) × (9 - 4) / (10 - 1) = 7.99 on 4-9\n"
        "Total: 7.99\n"
        "Grade: B 良好 (coefficient 1.0)\n"
        "Bonus: 1.0 × 10,000.00 = 10,000.00 CNY\n"
        "Rank in 销售部: 2 of 3\n")
    chinese = run(tmp_path, "explain", "--person", "L01", "--lang", "zh")
    assert "   得分：9.00 × 权重 100% = 9.00，计入目标达成\n" in chinese
    assert chinese.split("\n\n")[-1] == (
        "分部 目标达成（goal）：9.00 × 权重 33.33% = 3.00\n"
        "分部 自评（self）：8.00 × 权重 33.33% = 2.67\n"
        "分部 360反馈（feedback）：7.00 × 权重 33.33% = 2.33\n"
        "加权得分：8.00\n"
        "分制换算：1–10 分制的 8.00 为 4 + (8.00 - 1) × (9 - 4) / (10 - 1) = 4–9 分制的 7.89\n"
        "总分：7.89\n"
        "等级：B 良好（系数 1.0）\n"
        "奖金：1.0 × 10,000.00 = 10,000.00 CNY\n"
        "销售部内排名：第 3 名，共 3 人\n")
    segment = json.loads(run(tmp_path, "explain", "--person", "L01", "--format", "json"))[
        "segments"][0]
    assert (segment["sections"], segment["scale"]) == (
        [{"section": "goal", "label": "目标达成", "weight": 33.3333333333, "score": 9.0,
          "weighted": 3.0},
         {"section": "self", "label": "自评", "weight": 33.3333333333, "score": 8.0,
          "weighted": 2.67},
         {"section": "feedback", "label": "360反馈", "weight": 33.3333333333, "score": 7.0,
          "weighted": 2.33}],
        {"from": [1.0, 10.0], "to": [4.0, 9.0], "before": 8.0, "after": 7.89})


def test_the_csv_and_json_show_the_section_scores(tmp_path: Path) -> None:
    assert run(tmp_path, "score", "--format", "csv").splitlines() == [
        "person,name,post,unit,period,points:revenue_goal,points:new_customers,points:teamwork,"
        "points:customer_focus,points:complaints,points:goal,points:self,points:feedback,"
        "section:goals,section:behaviours,section:goal,section:self,section:feedback,"
        "weighted_sum,deductions,bonuses,veto,total,grade,coefficient,bonus,rank,rank_of",
        "S01,销售一,sales_rep,sales,2026-Q1,10.00,8.00,8.00,7.00,0.50,,,,9.20,7.50,,,,8.69,0.50,"
        "0.00,,7.99,B,1.0,10000.00,2,3",
        "S02,销售二,sales_rep,sales,2026-Q1,9.00,10.00,9.00,9.00,0.00,,,,9.40,9.00,,,,9.28,0.00,"
        "0.00,,8.60,A,1.2,12000.00,1,3",
        "L01,组长一,team_lead,sales,2026-Q1,,,,,,9.00,8.00,7.00,,,9.00,8.00,7.00,8.00,0.00,0.00,,"
        "7.89,B,1.0,10000.00,3,3"]
    people = json.loads(run(tmp_path, "score", "--format", "json"))["people"]
    assert [(p["person"], [(s["section"], s["score"], s["weighted"]) for s in p["sections"]],
             p["total"]) for p in people] == [
        ("S01", [("goals", 9.2, 6.44), ("behaviours", 7.5, 2.25)], 7.99),
        ("S02", [("goals", 9.4, 6.58), ("behaviours", 9.0, 2.7)], 8.6),
        ("L01", [("goal", 9.0, 3.0), ("self", 8.0, 2.67), ("feedback", 7.0, 2.33)], 7.89)]
    items = people[2]["indicators"]
    assert [i["weight"] for i in items] == [100.0, 100.0, 100.0]


def test_perspective_weights_count_an_item_for_its_share_of_its_section() -> None:
    """revenue_goal 60% of goals' 70% = 42% and new_customers 40% of 70% = 28%: financial
    70; teamwork and customer_focus 50% of 30% each: customer 30."""
    text = TEXT
    for name in ("revenue", "new_customers", "teamwork", "customer_focus"):
        side = "financial" if name in ("revenue", "new_customers") else "customer"
        text = text.replace(f"    formula: {name}\n", f"    formula: {name}\n"
                            f"    perspective: {side}\n")
    card = "    label: 销售代表考核表\n"
    good = text.replace(card, card + "    perspectives: {financial: 70, customer: 30}\n")
    assert problems(good) == []
    wrong = text.replace(card, card + "    perspectives: {financial: 60, customer: 40}\n")
    line = line_of(wrong, "perspectives: {financial: 60")
    assert problems(wrong) == [
        f"s.yaml:{line}:20: error: scorecards.sales_rep.perspectives.financial: indicators in "
        "perspective 'financial' weigh 70%, but the perspective weighs 60% (adjust the item "
        "weights or the perspective weight)",
        f"s.yaml:{line}:35: error: scorecards.sales_rep.perspectives.customer: indicators in "
        "perspective 'customer' weigh 30%, but the perspective weighs 40% (adjust the item "
        "weights or the perspective weight)"]


def test_equal_thirds_on_a_card_without_sections(tmp_path: Path) -> None:
    """(9 + 8 + 6) / 3 = 7.67 on 1-10, 4 + 6.67 × 5 / 9 = 7.70 on 4-9."""
    flat = TEXT[:TEXT.index("    sections:\n      - {id: goal")] + (
        "    items:\n      - {indicator: goal, weight: 100/3}\n"
        "      - {indicator: self, weight: 100/3}\n      - {indicator: feedback, weight: 100/3}\n"
    ) + TEXT[TEXT.index("\nunits:"):]
    data = DATA.replace("L01,team_lead,,,,,,9,8,7", "L01,team_lead,,,,,,9,8,6")
    weighted, total, grade = scored(flat, data)["L01"]
    assert (round(weighted, 2), round(total, 2), grade) == (7.67, 7.7, "B")
    (tmp_path / "s.yaml").write_text(flat, encoding="utf-8")
    (tmp_path / "d.csv").write_text(data, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "s.yaml"), "--data",
                                       str(tmp_path / "d.csv"), "--person", "L01"])
    assert result.exit_code == 0, result.output
    assert "   points:  8.00 × weight 33.33% = 2.67\n" in result.stdout


@pytest.mark.parametrize(("scale", "message"), [
    ("{from: [1], to: [4, 9]}", "21: error: total_scale.from: needs at least 2 entries"),
    ("1-10", "14: error: total_scale: expected a mapping of keys to values, found the text "
             "'1-10'")])
def test_a_scale_of_the_wrong_shape_is_said_once(scale: str, message: str) -> None:
    text = TEXT.replace("total_scale: {from: [1, 10], to: [4, 9]}", f"total_scale: {scale}")
    assert problems(text) == [f"s.yaml:{line_of(text, 'total_scale:')}:{message}"]


MONTHS = """\
id,post,period,revenue,new_customers,teamwork,customer_focus,complaints,goal_score,\
self_score,feedback_score
S01,sales_rep,2026-01,100000,3,8,7,1,,,
S01,sales_rep,2026-02,200000,4,9,7,0,,,
S02,sales_rep,2026-01,300000,5,9,9,0,,,
S02,sales_rep,2026-02,300000,5,9,9,0,,,
L01,team_lead,2026-01,,,,,,9,8,7
L01,team_lead,2026-02,,,,,,9,8,6
"""


def test_kept_by_month_both_roll_ups_agree() -> None:
    """Two months of the template kept by month (ratings averaged, targets a month's):
    S01 revenue 300,000 of 600,000 = 50% → 5 × 60% = 3, customers 7 of 20 = 35% → 3.5 ×
    40% = 1.4: goals 4.4; behaviours (8.5 + 7) / 2 = 7.75; 3.08 + 2.325 − 0.5 = 4.905 →
    4 + 3.905 × 5 / 9 = 6.17, C. S02: 600,000 of 600,000 → 10 × 60% = 6, 10 of 20 → 5 ×
    40% = 2: goals 8; behaviours 9; 5.6 + 2.7 = 8.3 → 8.06, A. L01: (9 + 8 + 6.5) / 3 =
    7.83 → 7.80, B. The person-by-person roll-up gives the same, to the JSON and CSV."""
    text = TEXT.replace("total_scale: {from: [1, 10], to: [4, 9]}",
                        "total_scale: {from: [1, 10], to: [4, 9]}\n"
                        "calendar: {year: 2026, targets_per: month}")
    for name in ("teamwork", "customer_focus", "goal_score", "self_score", "feedback_score"):
        start = text.index(f"  {name}: {{")
        end = text.index("}\n", start)
        text = text[:end] + ", aggregate: average" + text[end:]
    scheme = load_scheme("s.yaml", text.encode())
    period = parse_period("2026-YTD-02", 2026)
    results = [score(scheme, read_monthly("d.csv", scheme, MONTHS.encode(), reference=ref),
                     period, reference=ref) for ref in (False, True)]
    columns, reference = ([(p.person, round(p.total, 2), p.grade,
                            [round(s.score, 10) for s in p.segments[0].sections])
                           for p in r.people] for r in results)
    assert columns == reference == [
        ("S01", 6.17, "C", [4.4, 7.75]), ("S02", 8.06, "A", [8.0, 9.0]),
        ("L01", 7.8, "B", [9.0, 8.0, 6.5])]
    assert score_json(results[0]) == score_json(results[1])
    assert score_csv(results[0]) == score_csv(results[1])


def test_the_table_says_the_totals_were_moved(tmp_path: Path) -> None:
    assert run(tmp_path, "score") == (
        "目标与行为 Goals and behaviours (template) — 2026-Q1\n\n"
        "Rank  Person  Name    Post      Unit    Weighted   Adj.  Total  Grade   Coef.      Bonus\n"
        "----  ------  ------  --------  ------  --------  -----  -----  ------  -----  ---------\n"
        " 1/3  S02     销售二  销售代表  销售部      9.28          8.60  A 优秀    1.2  12,000.00\n"
        " 2/3  S01     销售一  销售代表  销售部      8.69  -0.50   7.99  B 良好    1.0  10,000.00\n"
        " 3/3  L01     组长一  销售组长  销售部      8.00          7.89  B 良好    1.0  10,000.00\n"
        "\nTotals moved from 1-10 to 4-9 (total_scale): 销售代表考核表, "
        "组长考核表（目标、自评、反馈各三分之一）\n")
