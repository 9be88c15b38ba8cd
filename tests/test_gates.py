"""Gates (门槛): a condition on the person's own results takes the bonus, the total or
the grade away, or caps an item or the total, checked on the results before any gate,
acting in one order (item caps, weighted sum, total caps, effects, bonus), the same on the
column path and the reference path, explained and shown in every output."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from appraise import AppraiseError, load_scheme, read_actuals, score, validate_scheme
from appraise.cli import main
from appraise.scoring.evaluate import totals
from appraise.scoring.gates import gate_trace, gated_total
from appraise.scoring.reference import trace

# The template without its people: the tests' data brings its own (A, B, C, ...).
TEAM = Path("schemes/templates/sales_team.yaml").read_text(encoding="utf-8").split(
    "\npeople:\n")[0] + "\n"
GATES = """    gates:
      - label: 销售额完成率低于80%，不发奖金
        when: achievement(revenue_achievement) < 80
        effect: no_bonus
      - label: 回款率低于85%，销售额得分封顶100
        when: value(collection_rate) < 85
        cap: {indicator: revenue_achievement, points: 100}
"""
SCHEME = TEAM.replace("      - {indicator: complaints}\n",
                      "      - {indicator: complaints}\n" + GATES)
FOR_EVERY_CARD = """
gates:
  - label: 有投诉，总分封顶100
    when: value(complaints) >= 1
    cap: {total: 100}
  - label: 完成率低于50%，等级最低
    when: achievement(revenue_achievement) < 50
    effect: lowest_grade
  - label: 回款率低于50%，总分为0
    when: value(collection_rate) < 50
    effect: zero_total
"""
DATA = """id,post,revenue,cash_collected,complaints,skills
A,salesperson,380000,380000,0,4
B,salesperson,600000,500000,1,5
C,salesperson,600000,550000,0,3
"""
MORE = """D,salesperson,650000,650000,1,5
E,salesperson,200000,200000,0,5
F,salesperson,500000,200000,0,4
"""


def problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics
            if d.severity == "error"]


def scored(text: str, data: str) -> dict[str, tuple[float, str, int | None, tuple[str, ...]]]:
    """Each person's total, grade, pay in cents and gates applied, with every person's
    items, totals and gates held equal to the reference path's, person by person."""
    scheme = load_scheme("s.yaml", text.encode())
    actuals = read_actuals("d.csv", scheme, content=data.encode())
    result = score(scheme, actuals)
    card = scheme.scorecards["sales"]
    out = {}
    for person, row in zip(result.people, actuals.rows, strict=True):
        post = scheme.posts[row.post]
        traced = list(trace(scheme, post, row.values, {}, {}))
        capped, hits = gate_trace(card, traced)
        weighted, deductions, bonuses = totals(capped)
        total = gated_total(card.gates, hits, weighted - deductions + bonuses)
        assert [(i.points, i.step) for i in person.items] == [
            (t.outcome.points, t.outcome.step) for t in traced] or capped != traced
        assert [i.points for i in person.items] == [t.outcome.points for t in capped]
        assert (person.weighted_sum, person.deductions, person.bonuses, person.total) == (
            weighted, deductions, bonuses, total)
        gates = tuple(g.label for g, held in zip(card.gates, hits, strict=True) if held)
        assert person.gates == gates
        assert person.segments[0].batch.gates_hit(person.segments[0].row) == tuple(
            g for g, held in zip(card.gates, hits, strict=True) if held)
        out[person.person] = (round(person.total, 2), person.grade, person.paid, gates)
    return out


def test_no_bonus_below_80_percent_and_revenue_capped_when_collection_is_low() -> None:
    """A: 380,000 / 500,000 = 76% → 76 × 60% = 45.6; collected all → 100 × 25% = 25; skills
    4 → 85 × 15% = 12.75; 83.35, B, but 76 < 80: no bonus (coefficient 0), grade kept.
    B: 600,000 → 120% → 120 points, but 500,000 / 600,000 = 83.33% < 85 caps it at 100 →
    60; collection under 90 → 50 × 25% = 12.5; skills 5 → 15; one complaint −2: 85.50, B,
    10,000. C: 120 × 60% = 72; 91.67% → 100 × 25% = 25; skills 3 → 70 × 15% = 10.5:
    107.50, A, 12,000; no gate."""
    assert scored(SCHEME, DATA) == {
        "A": (83.35, "B", 0, ("销售额完成率低于80%，不发奖金",)),
        "B": (85.5, "B", 1_000_000, ("回款率低于85%，销售额得分封顶100",)),
        "C": (107.5, "A", 1_200_000, ()),
    }


def test_the_schemes_gates_follow_each_cards_own() -> None:
    """D: 650,000 → 130% → the ratio's cap 120 → 72; 25; 15; −2: 110, capped at 100 by a
    complaint: A, 12,000. E: 200,000 → 40% → 24; 25; 15: 64 (C), but 40 < 50 → the lowest
    grade, D; 40 < 80 → no bonus as well. F: 500,000 → 100 → 60; 40% collected → 50 × 25% =
    12.5; skills 4 → 12.75: 85.25; 40 < 85 caps revenue at 100, which it has already; 40 <
    50 → total 0, D."""
    assert scored(SCHEME + FOR_EVERY_CARD, DATA + MORE) == {
        "A": (83.35, "B", 0, ("销售额完成率低于80%，不发奖金",)),
        "B": (85.5, "B", 1_000_000, ("回款率低于85%，销售额得分封顶100", "有投诉，总分封顶100")),
        "C": (107.5, "A", 1_200_000, ()),
        "D": (100.0, "A", 1_200_000, ("有投诉，总分封顶100",)),
        "E": (64.0, "D", 0, ("销售额完成率低于80%，不发奖金", "完成率低于50%，等级最低")),
        "F": (0.0, "D", 0, ("回款率低于85%，销售额得分封顶100", "回款率低于50%，总分为0")),
    }


def test_a_target_of_0_cannot_be_gated_on_achievement() -> None:
    text = SCHEME.replace("when: value(collection_rate) < 85",
                          "when: achievement(collection_rate) < 85").replace(
        "      revenue_achievement: 500000\n",
        "      revenue_achievement: 500000\n      collection_rate: 0\n")
    scheme = load_scheme("s.yaml", text.encode())
    with pytest.raises(AppraiseError) as caught:
        score(scheme, read_actuals("d.csv", scheme, content=DATA.encode()))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"d.csv:{n}:1: error: {p}.collection_rate: cannot check gate '回款率低于85%，销售额得分"
        "封顶100': 'collection_rate' has a target of 0, and achievement divides by it (give "
        "'collection_rate' a target other than 0)"
        for n, p in ((2, "A"), (3, "B"), (4, "C"))]


def at(text: str, needle: str) -> str:
    line = text[:text.index(needle)].count("\n") + 1
    return f"s.yaml:{line}:{text.splitlines()[line - 1].index(needle) + 1}"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("achievement(revenue_achievement) < 80", "achievement(revenue_achivement) < 80",
     ":27: error: scorecards.sales.gates[0].when: unknown indicator 'revenue_achivement' (at "
     "character 13 of the condition) (did you mean 'revenue_achievement'?)"),
    ("value(collection_rate) < 85", "value(collection_rate)",
     ":15: error: scorecards.sales.gates[1].when: 'value(collection_rate)' is not a "
     "comparison (a condition compares a result with a number, e.g. "
     "achievement(revenue_achievement) < 80)"),
    ("value(collection_rate) < 85", "collection_rate < 85",
     ":15: error: scorecards.sales.gates[1].when: 'collection_rate' is read without a "
     "function (read an item with value(collection_rate), achievement(collection_rate), "
     "target(collection_rate) or points(collection_rate))"),
    ("value(collection_rate) < 85", "value(collection_rate) < sqrt(4)",
     ":40: error: scorecards.sales.gates[1].when: 'sqrt' is not a function of a condition "
     "(at character 26 of the condition) (use value(), achievement(), target() or points() "
     "of an indicator)"),
    ("value(collection_rate) < 85", "value(skills) < 85",
     ":15: error: scorecards.sales.gates[1].when: value(skills) reads a rating, not a number "
     "(read the rating's points instead: points(skills))"),
    ("value(collection_rate) < 85", "achievement(collection_rate) < 85",
     ":15: error: scorecards.sales.gates[1].when: achievement(collection_rate) needs a "
     "target, but 'collection_rate' has none on scorecard 'sales' (give 'collection_rate' a "
     "target (under the indicator, or the posts on the card), or read value() or points())"),
    ("value(collection_rate) < 85", "value(collection_rate) < 85 / (1 - 1)",
     ":40: error: scorecards.sales.gates[1].when: division by zero in '85 / (1 - 1)', "
     "whatever the results (at character 26 of the condition) (divide by something that is "
     "not 0)"),
    ("indicator: revenue_achievement, points: 100", "indicator: complaints, points: 100",
     ":26: error: scorecards.sales.gates[1].cap.indicator: gate '回款率低于85%，销售额得分封顶100' "
     "caps 'complaints', a deduction item with no weight (cap a weighted item, or the "
     "total: cap: {total: 100})"),
    ("indicator: revenue_achievement, points: 100", "indicator: revenue, points: 100",
     ":26: error: scorecards.sales.gates[1].cap.indicator: unknown indicator 'revenue' "
     "(expected one of: collection_rate, complaints, revenue_achievement, skills)"),
    ("effect: no_bonus", "effect: no_bonus\n        cap: {total: 90}",
     ":-2:9: error: scorecards.sales.gates[0]: give only one of 'effect' or 'cap' (remove the "
     "one that does not apply)"),
])
def test_a_wrong_gate_is_named_where_it_is_written(old: str, new: str, expected: str) -> None:
    text = SCHEME.replace(old, new)
    where = at(text, new.split("\n")[0]).rsplit(":", 1)[0]
    if expected.startswith(":-"):  # at the gate, lines above
        back, expected = expected[2:].split(":", 1)
        file, line = where.split(":")
        where = f"{file}:{int(line) - int(back)}"
    assert problems(text) == [where + ":" + expected.lstrip(":")]


def test_a_gate_for_every_card_reads_what_each_card_holds() -> None:
    text = (SCHEME + FOR_EVERY_CARD.replace("value(complaints) >= 1", "value(visits) >= 1")) \
        .replace("indicators:\n", "indicators:\n  visits: {formula: revenue, rule: {kind: "
                 "ratio}, target: 1}\n", 1) \
        .replace("scorecards:\n", "scorecards:\n  visits_card:\n    items:\n"
                 "      - {indicator: visits, weight: 100}\n", 1)
    line = int(at(text, "value(visits) >= 1").split(":")[1])
    assert problems(text) == [
        f"s.yaml:{line}:11: error: gates[0].when: gate '有投诉，总分封顶100' reads 'visits', "
        "which is not on scorecard 'sales' (a gate of the scheme applies to every scorecard) "
        "(a gate reads the person's own items: move the gate under gates: of the scorecards "
        "that hold it)",
        f"s.yaml:{line + 3}:11: error: gates[1].when: gate '完成率低于50%，等级最低' reads "
        "'revenue_achievement', which is not on scorecard 'visits_card' (a gate of the scheme "
        "applies to every scorecard) (a gate reads the person's own items: move the gate "
        "under gates: of the scorecards that hold it)",
        f"s.yaml:{line + 6}:11: error: gates[2].when: gate '回款率低于50%，总分为0' reads "
        "'collection_rate', which is not on scorecard 'visits_card' (a gate of the scheme "
        "applies to every scorecard) (a gate reads the person's own items: move the gate "
        "under gates: of the scorecards that hold it)"]


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    scheme, data = tmp_path / "s.yaml", tmp_path / "d.csv"
    scheme.write_text(SCHEME, encoding="utf-8")
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, [args[0], str(scheme), "--data", str(data), *args[1:]])
    return result.exit_code, result.stdout


def test_explain_shows_each_gate_passed_or_applied(tmp_path: Path) -> None:
    code, out = run(tmp_path, "explain", "--person", "B")
    assert code == 0
    assert out.split("\n\n", 5)[5] == (
        "Gates:\n"
        "   gate 销售额完成率低于80%，不发奖金: achievement(revenue_achievement) 120.00 < 80: "
        "passed\n"
        "   gate 回款率低于85%，销售额得分封顶100: value(collection_rate) 83.3333 < 85 → "
        "revenue_achievement capped at 100 points (was 120.00)\n\n"
        "Weighted sum: 87.50\nDeductions:  -2.00\nTotal: 85.50\n"
        "Grade: B 良好 (coefficient 1.0)\nBonus: 1.0 × 10,000.00 = 10,000.00 CNY\n"
        "Rank in 销售组: 2 of 3\n")
    code, out = run(tmp_path, "explain", "--person", "A", "--lang", "zh")
    assert out.split("\n\n", 5)[5] == (
        "门槛：\n"
        "   门槛 销售额完成率低于80%，不发奖金：achievement(revenue_achievement) 76.00 < 80 → "
        "不发奖金\n"
        "   门槛 回款率低于85%，销售额得分封顶100：value(collection_rate) 100 < 85：未触发\n\n"
        "加权得分：83.35\n总分：83.35\n等级：B 良好（系数 0，门槛：不发奖金）\n"
        "奖金：无（门槛：不发奖金）= 0.00 CNY\n销售组内排名：第 3 名，共 3 人\n")


def test_csv_and_json_show_the_gates_that_applied(tmp_path: Path) -> None:
    code, out = run(tmp_path, "score", "--format", "csv")
    assert code == 0
    assert out.splitlines() == [
        "person,name,post,unit,period,points:revenue_achievement,points:collection_rate,"
        "points:skills,points:complaints,weighted_sum,deductions,bonuses,veto,total,grade,"
        "coefficient,bonus,rank,rank_of,gates",
        "A,A,salesperson,sales_team,,76.00,100.00,85.00,0.00,83.35,0.00,0.00,,83.35,B,0,0.00,"
        "3,3,销售额完成率低于80%，不发奖金",
        "B,B,salesperson,sales_team,,100.00,50.00,100.00,2.00,87.50,2.00,0.00,,85.50,B,1.0,"
        "10000.00,2,3,回款率低于85%，销售额得分封顶100",
        "C,C,salesperson,sales_team,,120.00,100.00,70.00,0.00,107.50,0.00,0.00,,107.50,A,1.2,"
        "12000.00,1,3,"]
    code, out = run(tmp_path, "score", "--format", "json")
    assert code == 0
    people = json.loads(out)["people"]
    assert [(p["person"], p["coefficient"], p["bonus"], p["gates"]) for p in people] == [
        ("A", 0.0, 0.0, ["销售额完成率低于80%，不发奖金"]),
        ("B", 1.0, 10000.0, ["回款率低于85%，销售额得分封顶100"]),
        ("C", 1.2, 12000.0, [])]
    assert all(math.isfinite(p["total"]) for p in people)


def test_a_condition_that_divides_by_0_for_a_person() -> None:
    text = SCHEME.replace("when: value(collection_rate) < 85",
                          "when: value(collection_rate) / value(complaints) < 85")
    scheme = load_scheme("s.yaml", text.encode())
    with pytest.raises(AppraiseError) as caught:
        score(scheme, read_actuals("d.csv", scheme, content=DATA.encode()))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"d.csv:{n}:1: error: {p}.collection_rate: cannot check gate '回款率低于85%，销售额得分"
        "封顶100': 'value(complaints)' in the condition is 0, and the condition divides by it "
        "(check the figures it reads for this person, or compare without dividing)"
        for n, p in ((2, "A"), (4, "C"))]


def test_two_gates_of_a_card_with_one_label() -> None:
    text = SCHEME + FOR_EVERY_CARD.replace("有投诉，总分封顶100", "销售额完成率低于80%，不发奖金")
    assert problems(text) == [
        f"{at(text, 'gates:')}: error: scorecards.sales.gates: scorecard 'sales' has two "
        "gates labelled '销售额完成率低于80%，不发奖金' (its own and the scheme's) (give each gate "
        "its own label: explanations and outputs name gates by it)"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([
    "value(a) < 80", "80 <= value(a) < value(b) / value(c)",
    "value(a) / value(b) > 1 and value(c) / value(a) < 2",
    "value(a) == 0 or value(b) / value(a) >= 1", "not (value(a) > 1 or value(b) / value(c) > 1)",
    "-value(a) * 2 + value(b) - value(c) != 0", "value(c) > 0 and value(a) / value(c) <= 100",
]), st.lists(st.tuples(*[st.sampled_from([0.0, -0.0, 1.0, 80.0, 79.99999999999999, 100.0,
                                          1e308, float("inf")])] * 3), min_size=1,
             max_size=12))
def test_a_condition_holds_alike_one_by_one_and_as_columns(
        text: str, rows: list[tuple[float, float, float]]) -> None:
    """The column form answers as the scalar form does, and cannot answer exactly where
    the scalar form raises (a division by 0 that and/or reach)."""
    import numpy as np

    from appraise.formula import EvaluationError
    from appraise.formula.conditions import compile_condition

    condition = compile_condition(text, ["a", "b", "c"])
    columns = {name: np.array([r[k] for r in rows]) for k, name in enumerate("abc")}
    held, bad = condition.column(
        lambda f, name: (columns[name], np.zeros(len(rows), dtype=bool)), len(rows))
    for k, row in enumerate(rows):
        values = dict(zip("abc", row, strict=True))
        try:
            expected = condition.holds(lambda f, name, v=values: v[name])
        except EvaluationError:
            assert bad[k]
            continue
        assert not bad[k] and held[k] == expected


def test_a_gate_does_one_thing_an_effect_or_a_cap() -> None:
    missing = SCHEME.replace("        effect: no_bonus\n", "")
    assert problems(missing) == [
        f"{at(missing, 'label: 销售额完成率')}: error: scorecards.sales.gates[0]: missing "
        "required key 'effect' (add 'effect:': what the gate does: "
        "effect: no_bonus, zero_total or lowest_grade; or a cap: {indicator: X, points: N} or "
        "{total: N})"]
    half = SCHEME.replace("cap: {indicator: revenue_achievement, points: 100}",
                          "cap: {indicator: revenue_achievement}")
    assert problems(half) == [
        f"{at(half, 'cap: {indicator')}: error: scorecards.sales.gates[1].cap: missing "
        "required key 'points' (add 'points:': the most points the item "
        "keeps, before weighting, with indicator)"]
    both = SCHEME.replace("cap: {indicator: revenue_achievement, points: 100}",
                          "cap: {total: 3, points: 4}")
    assert problems(both) == [
        f"{at(both, '{total: 3')}: error: scorecards.sales.gates[1].cap: give only one of "
        "'total' or 'points' (cap the total with {total: N}, or an item with {indicator: X, "
        "points: N})"]
