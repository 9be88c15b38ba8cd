"""Growth over earlier months (previous(), last_year()) read from the history store: the
quarter before comes from the months the store keeps when the data file has no rows for
them, and gives the very numbers it gives from the data file itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from test_growth import HEADER, LAST_Q1, LAST_Q4, THIS_Q1

from appraise.cli import main

TEMPLATE = str(ROOT / "schemes" / "templates" / "market_growth.yaml")
LAST_Q2 = """MK01,marketing_manager,2025-04,300000,10
MK01,marketing_manager,2025-05,300000,10
MK01,marketing_manager,2025-06,300000,10
MK02,marketing_manager,2025-04,400000,20
MK02,marketing_manager,2025-05,400000,20
MK02,marketing_manager,2025-06,400000,20
"""
THIS_Q2 = """MK01,marketing_manager,2026-04,460000,16
MK01,marketing_manager,2026-05,460000,16
MK01,marketing_manager,2026-06,460000,16
MK02,marketing_manager,2026-04,380000,20
MK02,marketing_manager,2026-05,380000,20
MK02,marketing_manager,2026-06,380000,20
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    if request.param == "sqlite":
        return "history.sqlite"
    url: str = request.getfixturevalue("pg_url")
    return url


def scored(data: str, period: str, *more: str) -> Result:
    Path("data.csv").write_text(HEADER + data, encoding="utf-8")
    return CliRunner().invoke(main, ["score", TEMPLATE, "--data", "data.csv", "--period",
                                     period, "--format", "csv", "-q", *more])


def test_the_quarter_before_comes_from_the_store(store: str) -> None:
    """2026-Q2's 环比 reads 2026-Q1, which only the store keeps (each month scored into it).
    MK01: 1,380,000 of 1,200,000 → 115 × 40% = 46; 环比 against 1,150,000 → 20% → 100 × 20%
    = 20; 同比 against 900,000 → 53.3% → 100 × 20% = 20; share 16 against (14 + 15 + 16) / 3
    = 15 → 6.7% → 80 × 20% = 16: 102.00, A. MK02: 1,140,000 of 1,200,000 → 95 × 40% = 38;
    环比 against 1,140,000 → 0% → 75 × 20% = 15; 同比 against 1,200,000 → −5% → 50 × 20% =
    10; share 20 against 19 → 5.3% → 80 × 20% = 16: 79.00, C."""
    everything = LAST_Q1 + LAST_Q2 + LAST_Q4 + THIS_Q1 + THIS_Q2
    for month in ("2026-01", "2026-02", "2026-03"):
        assert scored(LAST_Q1 + LAST_Q4 + THIS_Q1, month, "--store", store).exit_code == 0
    alone = scored(LAST_Q2 + THIS_Q2, "2026-Q2")
    assert alone.exit_code == 1
    assert alone.output.splitlines()[0] == (
        "data.csv: error: MK01.revenue_growth: previous(revenue) needs MK01's revenue for "
        "2026-Q1 (2026-01 to 2026-03), and the data has no row for MK01 in 2026-01, 2026-02 "
        "and 2026-03 (add those months' rows to the data, or give them with --history FILE)")
    from_store = scored(LAST_Q2 + THIS_Q2, "2026-Q2", "--store", store)
    from_data = scored(everything, "2026-Q2")
    assert from_store.exit_code == 0, from_store.output
    assert from_store.output == from_data.output
    rows = {line.split(",")[0]: line.split(",") for line in from_store.output.splitlines()}
    header = rows["person"]
    assert {p: {h: rows[p][header.index(h)] for h in ("points:revenue_growth", "total",
                                                       "grade")}
            for p in ("MK01", "MK02")} == {
        "MK01": {"points:revenue_growth": "100.00", "total": "102.00", "grade": "A"},
        "MK02": {"points:revenue_growth": "75.00", "total": "79.00", "grade": "C"}}


def test_the_data_files_rows_come_before_the_stores(store: str) -> None:
    """The store keeps 2026-01 as first scored; the data file's own, corrected row of
    2026-01 is the one previous() reads, with no conflict said."""
    assert scored(LAST_Q1 + LAST_Q4 + THIS_Q1, "2026-01", "--store", store).exit_code == 0
    corrected = THIS_Q1.replace("2026-01,350000", "2026-01,360000")
    from_store = scored(LAST_Q1 + LAST_Q4 + corrected, "2026-02", "--store", store)
    from_data = scored(LAST_Q1 + LAST_Q4 + corrected, "2026-02")
    assert from_store.exit_code == 0, from_store.output
    assert from_store.output == from_data.output
