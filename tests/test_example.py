"""The worked example of domain.md, end to end: it must come out exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from appraise import Result, load_scheme, read_actuals, round_to, score
from appraise.report import explain_text

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"


@pytest.fixture(scope="module")
def result() -> Result:
    scheme = load_scheme(SCHEME)
    return score(scheme, read_actuals(DATA, scheme))


def test_worked_example_total_grade_and_bonus(result: Result) -> None:
    person = result.person("SR01")
    assert round_to(person.total, 2) == Decimal("94.80")
    assert person.grade == "B"
    assert person.grade_label == "良好"
    assert person.bonus == Decimal("20000.00")  # paid to the cent
    assert (person.rank, person.rank_of) == (2, 6)


def test_worked_example_indicator_by_indicator(result: Result) -> None:
    rows = [
        (i.id, str(round_to(i.points, 2)),
         None if i.weighted is None else str(round_to(i.weighted, 2)))
        for i in result.person("SR01").items
    ]
    assert rows == [
        ("revenue_achievement", "119.50", "47.80"),
        ("new_customer_count", "86.67", "13.00"),
        ("collection_rate", "80.00", "16.00"),
        ("sales_cost_rate", "100.00", "10.00"),
        ("satisfaction", "90.00", "9.00"),
        ("teamwork", "80.00", "4.00"),
        ("contract_errors", "5.00", None),
        ("serious_violation", "0.00", None),
    ]
    person = result.person("SR01")
    assert str(round_to(person.weighted_sum, 2)) == "99.80"
    assert str(round_to(person.deductions, 2)) == "5.00"


def test_veto_sets_total_to_zero_and_lowest_grade(result: Result) -> None:
    person = result.person("SR04")
    assert str(round_to(person.weighted_sum, 2)) == "109.00"
    assert person.total == 0
    assert (person.grade, person.veto, person.bonus) == ("E", "zero_total", 0.0)


def test_whole_period(result: Result) -> None:
    summary = [
        (p.person, str(round_to(p.total, 2)), p.grade, str(round_to(p.bonus or 0, 2)), p.rank)
        for p in result.people
    ]
    assert summary == [
        ("GM01", "92.50", "B", "60000.00", 1),
        ("SD01", "102.60", "A", "48000.00", 1),
        ("KA01", "103.90", "A", "36000.00", 2),
        ("KA02", "74.34", "C", "24000.00", 3),
        ("KA03", "106.69", "A", "36000.00", 1),
        ("SR01", "94.80", "B", "20000.00", 2),
        ("SR02", "103.60", "A", "24000.00", 1),
        ("SR03", "77.70", "C", "16000.00", 4),
        ("SR04", "0.00", "E", "0.00", 6),
        ("SR05", "86.50", "B", "20000.00", 3),
        ("SR06", "71.40", "C", "16000.00", 5),
        ("MD01", "80.15", "C", "24000.00", 1),
    ]


def test_readme_shows_the_explanation_exactly(result: Result) -> None:
    readme = Path("README.md").read_text(encoding="utf-8")
    start = readme.index("$ appraise explain")
    block = readme[readme.index("\n", start) + 1: readme.index("```", start)]
    assert block == explain_text(result, result.person("SR01"))
