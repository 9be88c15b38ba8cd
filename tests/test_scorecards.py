"""Scorecard checks beyond the weights: perspective weights and weightless cards."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from appraise import validate_scheme
from appraise.cli import main

EXAMPLE = Path("schemes/examples/sales_company.yaml").read_text(encoding="utf-8")
PERSPECTIVES = "perspectives: {financial: 70, customer: 25, learning_and_growth: 5}"


def problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_perspective_weights_must_match_the_items() -> None:
    text = EXAMPLE.replace(PERSPECTIVES,
                           "perspectives: {financial: 60, customer: 35, learning_and_growth: 5}")
    line = line_of(text, "perspectives: {financial: 60")
    assert problems(text) == [
        f"s.yaml:{line}:20: error: scorecards.sales_rep.perspectives.financial: indicators in "
        "perspective 'financial' weigh 70%, but the perspective weighs 60% (adjust the item "
        "weights or the perspective weight)",
        f"s.yaml:{line}:35: error: scorecards.sales_rep.perspectives.customer: indicators in "
        "perspective 'customer' weigh 25%, but the perspective weighs 35% (adjust the item "
        "weights or the perspective weight)",
    ]


def test_an_indicator_outside_the_cards_perspectives() -> None:
    text = EXAMPLE.replace(PERSPECTIVES, "perspectives: {financial: 70, customer: 30}")
    line = line_of(text, "{indicator: teamwork, weight: 5}")
    card = line_of(text, "perspectives: {financial: 70, customer: 30}")
    assert problems(text) == [
        f"s.yaml:{card}:35: error: scorecards.sales_rep.perspectives.customer: indicators in "
        "perspective 'customer' weigh 25%, but the perspective weighs 30% (adjust the item "
        "weights or the perspective weight)",
        f"s.yaml:{line}:21: error: scorecards.sales_rep.items[5].indicator: 'teamwork' is in "
        "perspective 'learning_and_growth', which this card gives no weight (add the "
        "perspective under perspectives:, or set the indicator's perspective)",
    ]


def test_perspective_weights_must_add_up_to_100() -> None:
    text = EXAMPLE.replace(PERSPECTIVES,
                           "perspectives: {financial: 70, customer: 25, learning_and_growth: 5, "
                           "internal_process: 10}")
    line = line_of(text, "perspectives: {financial: 70")
    assert problems(text) == [
        f"s.yaml:{line}:5: error: scorecards.sales_rep.perspectives: perspective weights add up "
        "to 110%, expected 100% (adjust the perspective weights)",
        f"s.yaml:{line}:73: error: scorecards.sales_rep.perspectives.internal_process: "
        "indicators in perspective 'internal_process' weigh 0%, but the perspective weighs 10% "
        "(adjust the item weights or the perspective weight)",
    ]


def test_a_card_of_only_adjustments_is_an_error() -> None:
    text = EXAMPLE.replace(
        "      - {indicator: revenue_two_level, weight: 50}\n"
        "      - {indicator: collection_rate, weight: 20}\n"
        "      - {indicator: sales_cost_rate, weight: 15}\n"
        "      - {indicator: satisfaction, weight: 15}\n", "", 1)
    line = line_of(text, "  general_manager:\n    label: 总经理考核表") + 2
    target = line_of(text, "      revenue_two_level: {base: 16000000")
    assert problems(text) == [
        f"s.yaml:{line}:5: error: scorecards.general_manager.items: scorecard 'general_manager' "
        "has no weighted indicator (add at least one indicator with a weight; deduction, bonus "
        "and veto items only adjust the total)",
        f"s.yaml:{target}:7: error: posts.general_manager.targets.revenue_two_level: "
        "'revenue_two_level' is not on scorecard 'general_manager', so its target is never used "
        "(expected one of: serious_violation)",
    ]


def test_a_grade_without_label_is_shown_once(tmp_path: Path) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text(EXAMPLE.replace("{grade: B, label: 良好, min: 85", "{grade: B, min: 85"),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(scheme), "--data",
                                       "schemes/examples/2026-Q1.csv", "--person", "SR01"])
    assert result.exit_code == 0
    assert "Grade: B (coefficient 1.0)\n" in result.stdout
