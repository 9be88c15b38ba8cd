"""Targets written as formulas, and team averages, that cannot be used: refused by
validate with the place and the fix, or, where it depends on a person's figures, an error
for that person (never a traceback, never a partial output), the same on both paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import AppraiseError, load_scheme, read_actuals, score, validate_scheme
from appraise.cli import main
from appraise.scoring.reference import PersonError, trace
from appraise.scoring.team import team_reference

TEMPLATE = Path("schemes/templates/regional_sales.yaml")

PLAIN = """appraise: 1
name: plain
grades:
  - {grade: A, min: 95, coefficient: 1.2}
  - {grade: C, coefficient: 0.5}
fields:
  revenue: {unit: yuan}
  revenue_last_year: {unit: yuan}
indicators:
  growth:
    formula: revenue
    target: revenue_last_year * 1.2
    rule: {kind: ratio, cap: 150}
  vs_team:
    formula: revenue / team_average(revenue) * 100
    target: 100
    rule: {kind: ratio, cap: 150}
scorecards:
  card:
    items:
      - {indicator: growth, weight: 60}
      - {indicator: vs_team, weight: 40}
units:
  company: {kind: company}
  east: {parent: company}
  west: {parent: company}
posts:
  east_rep: {unit: east, scorecard: card}
  west_rep: {unit: west, scorecard: card}
"""


def _edit(*pairs: str) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text
        text = text.replace(old, new, 1)
    return text


def _problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics
            if d.severity == "error"]


TEAM_DOC = ("team_average(field): the average of a number field over the members of the "
            "person's unit (团队平均)")


@pytest.mark.parametrize(("pairs", "expected"), [
    (("target: revenue_last_year * 1.2 ", "target: revenue_last_yr * 1.2 "),
     "s.yaml:38:13: error: indicators.revenue_achievement.target: unknown name "
     "'revenue_last_yr' (did you mean 'revenue_last_year'?)"),
    (("target: revenue_last_year * 1.2 ", "target: {base: revenue_last_year * 1.2, per: "
      "quarter} "),
     "s.yaml:38:45: error: indicators.revenue_achievement.target.per: a target written as a "
     "formula is worked out from the figures of the period scored, so it is that period's "
     "target: 'per' cannot scale it (remove 'per')"),
    (("target: team_average(revenue) ", "target: team_average(revenue, 2) "),
     f"s.yaml:44:13: error: indicators.revenue_vs_team.target: 'team_average' takes 1 "
     f"argument, not 2 ({TEAM_DOC})"),
    (("target: team_average(revenue) ", "target: team_average(revenue * 2) "),
     "s.yaml:44:26: error: indicators.revenue_vs_team.target: 'team_average' takes the name "
     f"of a field, e.g. team_average(revenue) (at character 14 of the formula) ({TEAM_DOC})"),
    (("rule: {kind: ratio, cap: 120}", "rule: {kind: formula, points: 'team_average(value)'}"),
     "s.yaml:39:36: error: indicators.revenue_achievement.rule.points: team_average() is not "
     "allowed here: it is the average of a field over the person's unit (use it in an "
     "indicator's formula or in a target)"),
    (("    formula: revenue\n    target: team_average(revenue)",
      "    formula: revenue / team_average(revenue)\n    scope: unit"),
     "s.yaml:43:14: error: indicators.revenue_vs_team.formula: 'revenue_vs_team' is scored on "
     "its unit's figures (scope: unit), which are already the team's: team_average() adds "
     "nothing there (use the field itself, or remove scope: unit)"),
    (("  revenue: {label", "  grade: {type: rating, scale: s}\n  revenue: {label",
      "grades:\n", "scales:\n  s: {levels: {A: {points: 100}, B: {points: 50}}}\n\ngrades:\n",
      "target: revenue_last_year * 1.2 ", "target: grade * 1.2 "),
     "s.yaml:42:13: error: indicators.revenue_achievement.target: the target of "
     "'revenue_achievement' (grade * 1.2) reads 'grade', which holds a rating, not a number "
     "(a target formula works on number fields)"),
    (("  W02: {name: 华西销售二, post: west_sales}", "  W02: {name: 华西销售二, post: "
      "west_sales, targets: {revenue_achievement: 'revenue_last_year *'}}"),
     "s.yaml:67:91: error: people.W02.targets.revenue_achievement: the formula is not valid: "
     "invalid syntax (at character 20 of the formula) (check brackets and operators; text "
     "must not be quoted)"),
])
def test_validate_says_what_is_wrong_with_a_formula_target(pairs: tuple[str, ...],
                                                           expected: str) -> None:
    assert _problems(_edit(*pairs)) == [expected]


def test_a_cascaded_indicator_takes_no_formula_target() -> None:
    text = Path("schemes/examples/cascade_company.yaml").read_text(encoding="utf-8")
    old = "    formula: revenue\n    rule: {kind: linear, at_target: 100"
    assert old in text
    text = text.replace(old, "    formula: revenue\n    target: revenue * 1.2\n"
                        "    rule: {kind: linear, at_target: 100", 1)
    assert _problems(text) == [
        "s.yaml:76:13: error: indicators.revenue_achievement.target: 'revenue_achievement' "
        "takes its targets from a cascade, so its target cannot be a formula (remove this "
        "target, or take 'revenue_achievement' out of the cascade to work its target out "
        "from each person's figures)"]


def _score(data: str, scheme_text: str = PLAIN) -> tuple[list[str], list[tuple[int, str,
                                                                                str]]]:
    """The errors of scoring ``data`` (columns), and those the reference path gives,
    person by person (each with the same team averages)."""
    scheme = load_scheme("s.yaml", scheme_text.encode())
    actuals = read_actuals("d.csv", scheme, content=data.encode())
    rows = list(actuals.rows)
    team = team_reference(scheme, [(scheme.posts[r.post].unit, r.values) for r in rows])
    traced = []
    for row, averages in zip(rows, team, strict=True):
        try:
            list(trace(scheme, scheme.posts[row.post], {**row.values, **averages}, {}, {}))
        except PersonError as exc:
            traced.append((row.line, f"{row.person}.{exc.indicator}", exc.message))
    try:
        score(scheme, actuals)
    except AppraiseError as exc:
        assert [(d.line, d.path, d.message) for d in exc.diagnostics] == traced
        return [str(d) for d in exc.diagnostics], traced
    return [], traced


HINT = ("a target the rule divides by must be above 0, and a stretch goal above the base")


def test_a_target_of_zero_or_below_is_said_for_the_person() -> None:
    errors, _ = _score("id,post,revenue,revenue_last_year\nP1,east_rep,110,0\n"
                       "P2,east_rep,90,-5\nP3,east_rep,100,50\n")
    assert errors == [
        "d.csv:2:1: error: P1.growth: cannot score 'growth': its target revenue_last_year * "
        "1.2 = 0 * 1.2 = 0 is 0, but its ratio rule divides by the target (check the figures "
        f"of 'revenue_last_year' for this person: {HINT})",
        "d.csv:3:1: error: P2.growth: cannot score 'growth': its target revenue_last_year * "
        "1.2 = -5 * 1.2 = -6 is negative, but its ratio rule divides by the target (check the "
        f"figures of 'revenue_last_year' for this person: {HINT})"]


def test_a_team_average_of_zero_is_a_division_by_zero() -> None:
    errors, _ = _score("id,post,revenue,revenue_last_year\nP1,east_rep,0,10\n"
                       "P2,east_rep,0,10\nP3,west_rep,50,10\n")
    assert errors == [
        f"d.csv:{n}:1: error: P{n - 1}.vs_team: cannot score 'vs_team': division by zero "
        "(check the figures: a divisor in the formula is 0 for this person)" for n in (2, 3)]
    as_target = PLAIN.replace("    formula: revenue / team_average(revenue) * 100\n"
                              "    target: 100", "    formula: revenue\n"
                              "    target: team_average(revenue)")
    errors, _ = _score("id,post,revenue,revenue_last_year\nP1,east_rep,0,10\n"
                       "P2,west_rep,50,10\n", as_target)
    assert errors == [
        "d.csv:2:1: error: P1.vs_team: cannot score 'vs_team': its target "
        "team_average(revenue) = 0 is 0, but its ratio rule divides by the target (check "
        f"the figures of 'revenue' of the members of their unit: {HINT})"]


def test_a_unit_of_one_is_its_own_average(tmp_path: Path) -> None:
    """P3 alone in west: 50 / 50 × 100 = 100 → 100 × 40% = 40; growth 50 / 12 = 416.67% →
    cap 150 → 90; 130.00. East's average (100 + 300) / 2 = 200: P1 growth 100 / 120 =
    83.33% → 50, team 50 → 20: 70.00; P2 300 / 300 = 100% → 60, team 150 → 60: 120.00."""
    data = ("id,post,revenue,revenue_last_year\nP1,east_rep,100,100\nP2,east_rep,300,250\n"
            "P3,west_rep,50,10\n")
    scheme = load_scheme("s.yaml", PLAIN.encode())
    result = score(scheme, read_actuals("d.csv", scheme, content=data.encode()))
    assert [(p.person, round(p.total, 2), dict(p.items[1].team)) for p in result.people] == [
        ("P1", 70.0, {"revenue": (200.0, 2)}), ("P2", 120.0, {"revenue": (200.0, 2)}),
        ("P3", 130.0, {"revenue": (50.0, 1)})]
    assert [str(w) for w in result.warnings if w.path.endswith(".revenue")] == [
        "d.csv:4:1: warning: P3.revenue: 'P3' is the only member of unit 'west' with a figure "
        "for 'revenue', so team_average(revenue) there is their own figure (add the figures of "
        "the other people of 'west', or score this person against a fixed target)"]
    (tmp_path / "s.yaml").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "d.csv").write_text(data, encoding="utf-8")
    out = CliRunner().invoke(main, ["explain", str(tmp_path / "s.yaml"), "--data",
                                    str(tmp_path / "d.csv"), "--person", "P3"]).stdout
    assert out.split("\n")[9:12] == [
        "2. vs_team (vs_team)",
        "   formula: revenue / team_average(revenue) * 100 = 50 / 50 * 100 = 100",
        "   team:    team_average(revenue) = 50, the average of 1 member of west"]


def test_a_stretch_goal_from_the_data_must_be_above_the_base(tmp_path: Path) -> None:
    """P1: base 100 × 1.2 = 120, stretch 100 × 1.5 = 150; 135 is halfway → 80 + 10 = 90."""
    two_level = PLAIN.replace(
        "    target: revenue_last_year * 1.2\n    rule: {kind: ratio, cap: 150}",
        "    target: {base: revenue_last_year * 1.2, stretch: revenue_last_year * 1.5}\n"
        "    rule: {kind: two_level, base_points: 80, stretch_points: 100}")
    errors, _ = _score("id,post,revenue,revenue_last_year\nP1,east_rep,135,100\n"
                       "P2,east_rep,135,-100\n", two_level)
    assert errors == [
        "d.csv:3:1: error: P2.growth: cannot score 'growth': its target revenue_last_year * 1.2"
        " = -100 * 1.2 = -120 is negative, but its two_level rule divides by the target (check "
        f"the figures of 'revenue_last_year' for this person: {HINT})"]
    (tmp_path / "s.yaml").write_text(two_level, encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,post,revenue,revenue_last_year\nP1,east_rep,135,100\n"
                                    "P2,east_rep,135,100\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["explain", str(tmp_path / "s.yaml"), "--data",
                                    str(tmp_path / "d.csv"), "--person", "P1"]).stdout
    assert out.split("\n")[5] == (
        "   target:  revenue_last_year * 1.2 = 100 * 1.2 = 120 / revenue_last_year * 1.5 = "
        "100 * 1.5 = 150 (achievement 112.50%)")


def test_a_missing_figure_of_a_target_is_the_readers_message() -> None:
    scheme = load_scheme("s.yaml", PLAIN.encode())
    with pytest.raises(AppraiseError) as caught:
        read_actuals("d.csv", scheme, content=b"id,post,revenue\nP1,east_rep,100\n")
    assert [str(d) for d in caught.value.diagnostics] == [
        "d.csv:1:1: error: missing column 'revenue_last_year', needed by post 'east_rep' "
        "(first: person 'P1') (add the column, headed by the field's id or label)"]
    with pytest.raises(AppraiseError) as caught:
        read_actuals("d.csv", scheme, content=b"id,post,revenue,revenue_last_year\n"
                                               b"P1,east_rep,100,\n")
    assert [str(d) for d in caught.value.diagnostics] == [
        "d.csv:2:4: error: P1.revenue_last_year: no value for 'revenue_last_year' (enter 0 if "
        "there were none)"]


def test_the_targets_command_says_a_target_is_a_formula(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(PLAIN, encoding="utf-8")
    result = CliRunner().invoke(main, ["targets", str(tmp_path / "s.yaml")])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{tmp_path / 's.yaml'}: error: the scheme has no cascade of targets (add calendar: "
        "and cascade:); its targets written as formulas are worked out from each person's "
        "figures when a period is scored (appraise explain shows them):\n"
        "  'growth' for every post: revenue_last_year * 1.2\n")


def test_the_targets_table_lists_the_formula_targets(tmp_path: Path) -> None:
    text = Path("schemes/examples/cascade_company.yaml").read_text(encoding="utf-8")
    old = "  beijing_rep: {label: 北京销售代表, unit: beijing, scorecard: sales_rep}"
    assert old in text
    (tmp_path / "s.yaml").write_text(text.replace(old, old[:-1] + ", targets: "
                                                  "{collection_rate: revenue_share}}")
                                     .replace("  revenue:\n", "  revenue_share: {unit: '%'}\n"
                                              "  revenue:\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["targets", str(tmp_path / "s.yaml"), "--period",
                                       "2026-Q1"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "\nTargets written as formulas, worked out from each person's figures when a period "
        "is scored (appraise explain shows them):\n"
        "  'collection_rate' for post 'beijing_rep': revenue_share\n")
