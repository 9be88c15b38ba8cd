"""The score CSV of a large period, written by Arrow: the very bytes the cell-by-cell
writer writes, column by column (points, money, text) and whole (plain and by month,
hostile names, written to a file and to the screen)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_output_columns import (
    CELLS,
    EDGES,
    EXAMPLES,
    POINTS,
    SCHEME,
    by_month,
    csv_by_cell,
    hostile,
    plain,
    points_of,
)

from appraise.cli import main
from appraise.report import as_csv
from appraise.report.arrow_csv import ArrowCells
from appraise.report.layout import money_texts
from appraise.report.spreadsheet import text_cells

BOM = b"\xef\xbb\xbf"


def arrow_cells(places: int, mode: str, money_places: int = 2) -> ArrowCells:
    cells = ArrowCells(SCHEME)
    cells.points_of, cells.places = points_of(places, mode), money_places
    return cells


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(POINTS, st.just(math.nan)), min_size=1, max_size=30),
       st.integers(0, 6), st.sampled_from(["half_up", "half_even"]))
def test_a_column_of_points_is_written_by_arrow_as_each_value_is(values: list[float],
                                                                 places: int, mode: str) -> None:
    """NaN, -0.0, halves, values of 2**52 units and more (settled as they always are), at
    every number of places."""
    cells = arrow_cells(places, mode)
    column = np.array(values)
    assert cells.points(column).to_pylist() == cells.points_of.texts(column)


@pytest.mark.parametrize("mode", ["half_up", "half_even"])
@pytest.mark.parametrize("places", range(7))
def test_a_long_column_of_points_is_written_by_arrow_as_each_value_is(places: int,
                                                                      mode: str) -> None:
    rng = np.random.default_rng(places)
    values = np.concatenate([
        rng.integers(-10 ** 7, 10 ** 7, 4000) / 1000, rng.integers(-10 ** 7, 10 ** 7, 4000) / 200,
        np.repeat(np.array([1.005, 2.675, 13.125, -0.125, -0.0, math.nan]), 500),
        rng.normal(80, 30, 4000), rng.normal(0, 1e16, 100), np.array(EDGES)])
    cells = arrow_cells(places, mode)
    points = cells.points_of
    assert cells.points(values).to_pylist() == \
        ["" if math.isnan(v) else str(points(v)) for v in values.tolist()]


def test_points_arrow_writes_are_the_digits_with_the_sign_and_the_point() -> None:
    cells = arrow_cells(2, "half_up")
    assert cells.points(np.array([math.nan, 1.005, -0.0, -0.004, -0.005, 2.675, 7, -1234.5,
                                  2.0 ** 52, -1e22])).to_pylist() == \
        ["", "1.01", "0.00", "0.00", "-0.01", "2.68", "7.00", "-1234.50", "4503599627370000.00",
         "-10000000000000000000000.00"]
    assert arrow_cells(0, "half_even").points(np.array([2.5, -3.5, 0.4])).to_pylist() == \
        ["2", "-4", "0"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-10 ** 20, 10 ** 20),
                          st.sampled_from([0, -1, 1, 5, 99, 100, 12345, -12345, 10 ** 15,
                                           2 ** 63 - 1, -2 ** 63, 2 ** 63, -2 ** 63 - 1])),
                max_size=30), st.integers(0, 4))
def test_a_column_of_money_is_written_by_arrow_as_each_amount_is(units: list[int | None],
                                                                places: int) -> None:
    """Amounts beyond Arrow's 64-bit integers are written too, as each is."""
    assert arrow_cells(2, "half_up", places).money(units).to_pylist() == \
        money_texts(units, places)


@settings(max_examples=1000, deadline=None)
@given(st.lists(CELLS, max_size=30))
def test_a_column_of_text_is_written_by_arrow_as_each_cell_is(cells: list[str]) -> None:
    assert arrow_cells(2, "half_up").texts(cells).to_pylist() == text_cells(cells)


def chunks(result: as_csv.Result) -> bytes:
    return b"".join(c.encode() if isinstance(c, str) else c
                    for c in as_csv.score_csv_chunks(result))


@pytest.mark.parametrize("block", [7, 1 << 16])
def test_the_csv_written_by_arrow_is_the_csv_written_cell_by_cell(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    """Plain, by month, hostile and non-ASCII names, in blocks of any size."""
    monkeypatch.setattr(as_csv, "ARROW_FROM", 0)
    monkeypatch.setattr(as_csv, "ARROW_BLOCK", block)
    for result in [plain(), hostile(tmp_path), *map(by_month, ["2026-01", "2026-Q1",
                                                                "2026-YTD-02", "2026-03"])]:
        pieces = list(as_csv.score_csv_chunks(result))
        assert [type(p) for p in pieces[:2]] == [str, bytes]  # the header, then Arrow's rows
        assert chunks(result) == csv_by_cell(result).encode()
    written = chunks(hostile(tmp_path))
    assert "\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")".encode() in written
    assert "普通".encode() in written and "\"两\n行".encode() in written


def test_a_small_period_is_written_cell_by_cell() -> None:
    assert all(isinstance(p, str) for p in as_csv.score_csv_chunks(plain()))


@pytest.mark.parametrize("output", ["-o", None])
def test_the_csv_arrow_writes_reaches_the_file_and_the_screen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str | None) -> None:
    """A file gets the byte order mark before Arrow's bytes; the screen gets no mark."""
    monkeypatch.setattr(as_csv, "ARROW_FROM", 0)
    target = tmp_path / "out.csv"
    args = ["score", str(EXAMPLES / "cascade_company.yaml"), "--data",
            str(EXAMPLES / "2026-months.csv"), "--period", "2026-Q1", "--format", "csv"]
    run = CliRunner().invoke(main, args + (["-o", str(target)] if output else []))
    assert run.exit_code == 0, run.output
    expected = csv_by_cell(by_month("2026-Q1")).encode()
    assert (target.read_bytes() if output else run.stdout_bytes) == \
        (BOM + expected if output else expected)
