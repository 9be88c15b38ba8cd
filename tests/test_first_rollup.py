"""An opening balance over a quarter: a field with ``aggregate: first`` takes the first
month's figure, as ``last`` takes the last. 客户保持率 = (期末客户数 − 新客户数) / 期初客户数,
worked by hand on the shipped key-accounts template."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme, parse_period, read_monthly, score, validate_scheme
from appraise.cli import main

TEMPLATE = Path("schemes/templates/key_accounts.yaml")
DATA = """id,post,period,revenue,customers_start,customers_end,new_customers
KA01,key_account_manager,2026-01,300000,40,42,3
KA01,key_account_manager,2026-02,250000,42,45,4
KA01,key_account_manager,2026-03,350000,45,44,2
KA02,key_account_manager,2026-01,200000,20,21,1
KA02,key_account_manager,2026-02,260000,21,20,0
KA02,key_account_manager,2026-03,310000,20,22,3
"""


@pytest.mark.parametrize("reference", [False, True])
def test_the_quarter_opens_with_januarys_customers(reference: bool) -> None:
    """KA01: revenue 900,000 of 900,000 → 100 × 60% = 60; retention (44 − 9) / 40 = 87.5%
    (not (44 − 9) / 45, March's opening count) → band [85, 90) → 90 × 40% = 36; 96.00, A,
    1.2 × 36,000 × 3/12 = 10,800. KA02: 770,000 / 900,000 = 85.56% → 51.33; retention
    (22 − 4) / 20 = 90% → 100 × 40% = 40; 91.33, B, 9,000."""
    scheme = load_scheme(TEMPLATE)
    monthly = read_monthly("d.csv", scheme, DATA.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    people = {p.person: p for p in result.people}
    retention = {k: next(i for i in p.segments[0].items if i.indicator.id == "retention")
                 for k, p in people.items()}
    assert {k: (dict(i.inputs), i.value) for k, i in retention.items()} == {
        "KA01": ({"customers_end": 44.0, "new_customers": 9.0, "customers_start": 40.0}, 87.5),
        "KA02": ({"customers_end": 22.0, "new_customers": 4.0, "customers_start": 20.0}, 90.0)}
    assert [(p.person, round(p.total, 2), p.grade, p.paid) for p in people.values()] == [
        ("KA01", 96.0, "A", 1_080_000), ("KA02", 91.33, "B", 900_000)]


def test_explain_shows_the_opening_count(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(TEMPLATE), "--data", str(data),
                                       "--period", "2026-Q1", "--person", "KA01"])
    assert result.exit_code == 0, result.stderr
    assert "   formula: (customers_end - new_customers) / customers_start * 100 = " \
        "(44 - 9) / 40 * 100 = 87.5%\n" in result.stdout


def test_a_rating_rolls_up_by_first_or_last_only() -> None:
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "  new_customers: {", "  grade_given: {type: rating, scale: abc, aggregate: average}\n"
        "  new_customers: {").replace("grades:\n", "scales:\n  abc: {levels: {A: {points: 100},"
                                      " B: {points: 50}}}\n\ngrades:\n", 1)
    problems = [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics
                if d.severity == "error"]
    assert problems == [
        "s.yaml:42:54: error: fields.grade_given.aggregate: field 'grade_given' holds a rating; "
        "ratings cannot be combined by average (use aggregate: last (or first))"]
