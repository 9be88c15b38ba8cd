"""The figures shipped beside each template (NAME.csv, what ``appraise init`` writes for a new
client) score without a warning to the numbers worked out here by hand, one person at least
for each template; the rest of each table is held as it is."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from appraise import load_scheme, score_file

TEMPLATES = Path("schemes/templates")


def scored(name: str, period: str | None = None) -> dict[str, tuple[float, str, Decimal]]:
    """Each person's total (as shown, to the cent), grade and bonus, scored with --strict."""
    scheme = load_scheme(TEMPLATES / f"{name}.yaml")
    result = score_file(scheme, TEMPLATES / f"{name}.csv", period, strict=True)
    assert list(result.warnings) == []
    return {p.person: (round(p.total, 2), p.grade, p.bonus) for p in result.people}


def test_sales_team() -> None:
    """S02: 480,000 of 500,000 = 96% → 96 × 60% = 57.6; collected 408,000 / 480,000 = 85%,
    under 90 → 50 × 25% = 12.5; skills 3 → 70 × 15% = 10.5; weighted 80.6; one complaint
    −2: 78.60, B (75 or more), 1.0 × 10,000 = 10,000."""
    assert scored("sales_team") == {
        "S01": (104.95, "A", Decimal("12000.00")),
        "S03": (82.0, "B", Decimal("10000.00")),
        "S02": (78.6, "B", Decimal("10000.00")),
    }


def test_key_accounts() -> None:
    """KA01, January: 315,000 of 300,000 = 105% → 105 × 60% = 63; retention (41 − 3) / 40 =
    95%, in [90, ∞) → 100 × 40% = 40: 103.00, A, 1.2 × 36,000 / 12 = 3,600."""
    assert scored("key_accounts", "2026-01") == {
        "KA01": (103.0, "A", Decimal("3600.00")),
        "KA02": (94.0, "B", Decimal("3000.00")),
    }


def test_marketing_director() -> None:
    """MD01: revenue 31,500,000 of 30,000,000, 5% better → 100 + 5 × 1 = 105 × 30% = 31.5;
    market share 19 of 20 = 95% → 95 × 15% = 14.25; marketing cost 2,394,000 / 31,500,000 =
    7.6%, at or under 8 → 100 × 15% = 15; campaigns 11 / 12 = 91.67%, in [90, 100) → 80 ×
    10% = 8; new customers 46 / 40 = 115% → 115 × 10% = 11.5; satisfaction 86 → (86 − 70) ×
    5 = 80 × 10% = 8; team management B → 80 × 10% = 8; no incident: 96.25, A, 1.2 × 30,000
    = 36,000."""
    assert scored("marketing_director") == {"MD01": (96.25, "A", Decimal("36000.00"))}


def test_service_quality() -> None:
    """CS02, January: attitude B → 80 × 50% = 40; problem solving A → 100 × 50% = 50; one
    complaint → −5: 85.00, B (75 or more), 1.0 × 24,000 / 12 = 2,000."""
    assert scored("service_quality", "2026-01") == {
        "CS01": (90.0, "A", Decimal("2400.00")),
        "CS02": (85.0, "B", Decimal("2000.00")),
    }


def test_balanced_scorecard() -> None:
    """GM01. Financial (40): revenue 52,000,000 / 50,000,000 = 104% → 104 × 20% = 20.8; net
    profit 5,700,000 of 6,000,000, 5% short → 100 − 5 × 2 = 90 × 10% = 9; collected
    48,360,000 / 52,000,000 = 93% → 80 × 10% = 8. Customer (25): satisfaction 88 → (88 − 70)
    × 5 = 90 × 10% = 9; retention (200 − 14) / 200 = 93% → 80 × 8% = 6.4; new customers 66 /
    60 = 110% → 110 × 7% = 7.7. Internal process (20): on time 1,215 / 1,250 = 97.2% → 85 ×
    12% = 10.2; contracts 78 / 80 = 97.5%, at least 95 → 100 × 8% = 8. Learning and growth
    (15): training 368 / 400 = 92% of 100 → 92 × 8% = 7.36; key staff (40 − 1) / 40 = 97.5%
    → 100 × 7% = 7. Total 93.46, B (85 or more), 1.0 × 100,000 = 100,000."""
    assert scored("balanced_scorecard") == {"GM01": (93.46, "B", Decimal("100000.00"))}


def test_the_sales_centre_cascade_with_base_and_stretch() -> None:
    """January: the centre's 24,000,000 a year, 20% in Q1, is 1,600,000; 一部 55% =
    880,000, split evenly among its three reps: 293,333.33 each, stretch 125% = 366,666.67.
    S11: 330,000 = 112.5% of the base, half way from the base (100%) to the stretch (125%)
    → 100 + 50% × (120 − 100) = 110 × 60% = 66; collected 316,800 / 330,000 = 96% → 100 ×
    20% = 20; teamwork: the manager's 4 → 75 (1-5 onto 0-100), the peers' 4 and 5 → 75 and
    100, averaged 87.5; 75 × 70% + 87.5 × 30% = 78.75 × 20% = 15.75. Total 101.75, B (95 or
    more), 1.0 × 60,000 / 12 = 5,000.
    S21 (二部, 720,000 / 2 = 360,000, stretch 450,000): 468,000 is 104% of the stretch goal,
    4% beyond it → 120 + 4 × 0.5 = 122."""
    assert scored("monthly_cascade", "2026-01") == {
        "D01": (102.43, "B", Decimal("5000.00")),
        "S11": (101.75, "B", Decimal("5000.00")),
        "M01": (97.11, "B", Decimal("5000.00")),
        "S13": (96.09, "B", Decimal("5000.00")),
        "S12": (74.75, "D", Decimal("0.00")),
        "S21": (112.45, "A", Decimal("6500.00")),
        "M02": (105.34, "A", Decimal("6500.00")),
        "S22": (84.25, "C", Decimal("4000.00")),
    }
    scheme = load_scheme(TEMPLATES / "monthly_cascade.yaml")
    result = score_file(scheme, TEMPLATES / "monthly_cascade.csv", "2026-01")
    s21 = result.person("S21").items[0]
    assert s21.target is not None
    assert (s21.target.base, s21.target.stretch, s21.points) == (360000, 450000, 122)


@pytest.mark.parametrize(("name", "period", "first"), [
    ("business_development", None, ("BD01", (105.72, "A", Decimal("14400.00")))),
    ("goals_and_behaviours", None, ("S01", (8.59, "A", Decimal("12000.00")))),
    ("market_growth", "2026-01", ("MK01", (101.2, "A", Decimal("3600.00")))),
    ("regional_sales", "2026-01", ("E03", (121.5, "A", Decimal("3600.00")))),
    ("sales_manager", "2026-01", ("SR01", (114.0, "A", Decimal("3600.00")))),
    ("store_sales", "2026-01", ("E01", (114.0, "A", Decimal("2400.00")))),
])
def test_the_other_templates_score_their_figures(name: str, period: str | None,
                                                 first: tuple[str, object]) -> None:
    person, shown = first
    assert scored(name, period)[person] == shown
