"""Outputs written a column at a time say, byte for byte, what writing each cell on its own
says: the rounding of points, money to the cent, the escaping of text for spreadsheets, and
the score CSV as a whole."""

from __future__ import annotations

import json
import math
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraise import Result, load_scheme, parse_period, read_actuals, read_monthly, score
from appraise.diagnostics import visible
from appraise.numbers import money, money_text, settle
from appraise.report import as_csv, as_json, score_csv, score_json
from appraise.report.json_values import texts
from appraise.report.layout import Points, money_texts, render_table, width
from appraise.report.spreadsheet import row, text, text_cells

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "schemes" / "examples"
SCHEME = load_scheme(EXAMPLES / "sales_company.yaml")

# Values a column of points meets, and the ones that trip a column up: half a cent after
# binary noise (1.005 is 1.00499999999999989...), on a half exactly (0.125), just beside a
# half, noise that settles to 0, numbers too large for a double to hold to the cent.
EDGES = [2.675, 1.005, 94.995, -2.675, -1.005, 0.0, -0.0, 1e-12, -1e-12, 5e-324, 1e-9,
         114.99999999999999, 0.125, -0.125, 0.5, 2.5, -2.5, 1e12 + 0.005, 123456789.125,
         1e15, -1e15, 1e15 + 0.5, 2.0 ** 52 / 100, 2.0 ** 53, 1e17, 1e22, 1.7976931348623157e308,
         -1e300, 4503599627370495.5, 0.1 + 0.2, 99.995, 999999999.995, 1e9, 1e9 - 0.005]
POINTS = st.one_of(
    st.sampled_from(EDGES),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(-10 ** 9, 10 ** 9).map(lambda c: c / 1000),  # 0.005, 2.675: halves of a cent
    st.integers(-10 ** 12, 10 ** 12).map(lambda c: c / 200),  # exactly on a half
    st.integers(-10 ** 9, 10 ** 9).map(lambda c: c / 1000 + 0.005),
    st.integers(-10 ** 9, 10 ** 9).map(lambda c: math.nextafter(c / 1000, math.inf)),
    st.integers(-10 ** 9, 10 ** 9).map(lambda c: math.nextafter(c / 1000, -math.inf)),
)


def points_of(places: int, mode: str) -> Points:
    points = Points(SCHEME)
    points.places, points.mode = places, mode  # type: ignore[assignment]
    return points


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(POINTS, st.just(math.nan)), min_size=1, max_size=30),
       st.integers(0, 6), st.sampled_from(["half_up", "half_even"]))
def test_a_column_of_points_is_written_as_each_value_is(values: list[float], places: int,
                                                        mode: str) -> None:
    """NaN (no points) is an empty cell, among values of every size."""
    points = points_of(places, mode)
    assert points.texts(np.array(values)) == ["" if math.isnan(v) else str(points(v))
                                              for v in values]


@pytest.mark.parametrize("mode", ["half_up", "half_even"])
@pytest.mark.parametrize("places", range(7))
def test_a_long_column_of_points_is_written_as_each_value_is(places: int, mode: str) -> None:
    """Many values at once: columns of repeated halves, and thousands of distinct ones."""
    rng = np.random.default_rng(places)
    values = np.concatenate([
        rng.integers(-10 ** 7, 10 ** 7, 4000) / 1000, rng.integers(-10 ** 7, 10 ** 7, 4000) / 200,
        np.repeat(np.array([1.005, 2.675, 13.125, -0.125]), 500), rng.normal(80, 30, 4000),
        np.array(EDGES)])
    points = points_of(places, mode)
    assert points.texts(values) == [str(points(v)) for v in values.tolist()]


def test_a_cell_without_points_is_left_empty() -> None:
    """NaN is no points (an indicator not on the person's card): an empty cell."""
    points = points_of(2, "half_up")
    assert points.texts(np.array([np.nan, 1.005, -np.nan, -0.0, 2.675])) == \
        ["", "1.01", "", "0.00", "2.68"]


@settings(max_examples=500)
@given(st.lists(st.one_of(st.none(), st.integers(-10 ** 20, 10 ** 20),
                          st.sampled_from([0, -1, 1, 5, 99, 100, 12345, -12345, 10 ** 15])),
                max_size=30), st.integers(0, 4))
def test_a_column_of_money_is_written_as_each_amount_is(units: list[int | None],
                                                       places: int) -> None:
    assert money_texts(units, places) == ["" if u is None else str(money(u, places))
                                          for u in units]
    assert money_texts(units, places, thousands=True) == [money_text(u, places) for u in units]


CELLS = st.text(alphabet=st.sampled_from(list("=+-@'\t\r\n\0\",; aZ9中\x1b")), max_size=6)


@settings(max_examples=1000)
@given(st.lists(CELLS, max_size=30))
def test_a_column_of_text_is_written_as_each_cell_is(cells: list[str]) -> None:
    assert text_cells(cells) == [row([text(c)])[:-1] for c in cells]


def test_a_column_of_plain_text_is_written_as_it_is() -> None:
    cells = ["张伟", "SR01", "sales_rep", "", "a b", "x'y", "1-2"]
    written = text_cells(cells)
    assert written == cells
    assert all(w is c for w, c in zip(written, cells, strict=True))  # not one cell copied


# -- the score CSV against a writer that rounds and escapes each cell on its own ----------

def csv_by_cell(result: Result) -> str:
    """The score CSV as written one person, one cell at a time (the reference)."""
    scheme = result.scheme
    points = Points(scheme)
    places = scheme.rounding.money
    cards = dict.fromkeys(scheme.posts[s.post].scorecard for p in result.people
                          for s in p.segments)
    indicators = list(dict.fromkeys(item.indicator for card in cards
                                    for item in scheme.scorecards[card].items))
    extra = ["months", "grade_scored", "pool", "company_rank", "company_of"] \
        if result.by_month else []
    lines = [row(map(text, ["person", "name", "post", "unit", "period",
                            *[f"points:{i}" for i in indicators], "weighted_sum",
                            "deductions", "bonuses", "veto", "total", "grade", "coefficient",
                            "bonus", "rank", "rank_of", *extra]))]
    for p in result.people:
        mine: dict[str, Any] = {}
        if len(p.segments) == 1:
            mine = {item.indicator.id: points(item.points) for item in p.segments[0].items
                    if not math.isnan(item.points)}
        cells: list[Any] = [text(p.person), text(p.name), text(p.post), text(p.unit),
                            text(result.period_id or ""), *[mine.get(i, "") for i in indicators],
                            points(p.weighted_sum), points(p.deductions), points(p.bonuses),
                            text(p.veto or ""), points(p.total), text(p.grade), p.coefficient,
                            "" if p.paid is None else money(p.paid, places), p.rank, p.rank_of]
        if result.by_month:
            cells += [p.months, text(p.scored_grade), text(p.pool or ""), p.company_rank,
                      p.company_of]
        lines.append(row(cells))
    return "".join(lines)


def plain() -> Result:
    return score(SCHEME, read_actuals(EXAMPLES / "2026-Q1.csv", SCHEME))


def by_month(period: str) -> Result:
    scheme = load_scheme(EXAMPLES / "cascade_company.yaml")
    return score(scheme, read_monthly(EXAMPLES / "2026-months.csv", scheme),
                 parse_period(period, 2026))


NASTY = ["=HYPERLINK(\"http://x\",\"点击\")", "+1", "-2", "@SUM(A1)", "\tTab", "'quoted", "a,b",
         'say "hi"', "两\n行", "zero\u200bwidth", "普通", "O'Neil", "\rCR", " space", "-",
         "\u3000全角"]


def hostile(tmp_path: Path, n: int = 300) -> Result:
    """The example's sales reps, with names a spreadsheet would run or misread."""
    scheme_text = (EXAMPLES / "sales_company.yaml").read_text(encoding="utf-8")
    scheme_file = tmp_path / "s.yaml"
    scheme_file.write_text(scheme_text[:scheme_text.index("\npeople:\n")] + "\n",
                           encoding="utf-8")
    rng = random.Random(5)
    lines = ["id,name,post,revenue,cash_collected,sales_cost,new_customers,satisfaction,"
             "teamwork,contract_errors,serious_violations"]
    for i in range(n):
        name = '"' + (rng.choice(NASTY) + str(i % 3)).replace('"', '""') + '"'
        revenue = rng.randrange(600, 1800) * 1000
        lines.append(f"P{i:04d},{name},sales_rep,{revenue},{revenue * 9 // 10},"
                     f"{revenue // 5},{rng.randint(5, 22)},{rng.randint(60, 100)},"
                     f"{rng.choice('ABCD')},{rng.choice([0, 0, 1, 2])},"
                     f"{int(rng.random() < 0.05)}")
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scheme = load_scheme(scheme_file)
    return score(scheme, read_actuals(tmp_path / "d.csv", scheme))


@pytest.mark.parametrize("period", ["2026-01", "2026-02", "2026-03", "2026-Q1", "2026-YTD-02"])
def test_the_csv_of_a_period_kept_by_month_is_written_as_cell_by_cell(period: str) -> None:
    result = by_month(period)
    assert score_csv(result) == csv_by_cell(result)


def test_the_csv_of_a_plain_period_is_written_as_cell_by_cell() -> None:
    result = plain()
    assert score_csv(result) == csv_by_cell(result)


def test_the_csv_of_hostile_names_is_written_as_cell_by_cell(tmp_path: Path) -> None:
    result = hostile(tmp_path)
    written = score_csv(result)
    assert written == csv_by_cell(result)
    assert "\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")" in written


def test_the_csv_is_the_same_in_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written a few people at a time, the pieces make the same text."""
    result = hostile(tmp_path, 50)
    whole = csv_by_cell(result)
    monkeypatch.setattr(as_csv, "BLOCK", 7)
    pieces = list(as_csv.score_csv_lines(result))
    assert len(pieces) == 1 + 8  # the header, then 50 people seven at a time
    assert "".join(pieces) == whole
    quarter = by_month("2026-Q1")
    assert "".join(as_csv.score_csv_lines(quarter)) == csv_by_cell(quarter)


def test_the_bonus_column_writes_each_amount_as_payroll_reads_it() -> None:
    assert money_texts([123450, None, 0, 5], 2) == ["1234.50", "", "0.00", "0.05"]
    assert money_texts([123450, None, 0, -5], 2, thousands=True) == \
        ["1,234.50", "", "0.00", "-0.05"]
    assert str(money(-5, 2)) == "-0.05" and Decimal("-0.05") == money(-5, 2)


# -- the score JSON's columns of numbers -------------------------------------------------

NUMBERS = st.lists(st.one_of(POINTS, st.sampled_from([math.nan, -0.0, 0.0, 5e-10, -5e-10,
                                                      1e-4, 9.999999999999999e-05,
                                                      9999999999999998.0, 1e16, 90.00000000000001,
                                                      1242000 / 1380000 * 100])),
                   min_size=1, max_size=40)


@settings(max_examples=1000, deadline=None)
@given(NUMBERS)
def test_a_column_of_numbers_is_written_as_json_writes_each(values: list[float]) -> None:
    """Each value on its own, whatever else the column holds: -0.0 beside 0.0 stays -0.0."""
    assert texts(np.array(values)) == ["null" if v != v else json.dumps(v) for v in values]


@settings(max_examples=1000, deadline=None)
@given(NUMBERS)
def test_a_column_of_settled_numbers_is_each_value_settled(values: list[float]) -> None:
    assert texts(np.array(values), settled=True) == \
        ["null" if v != v else json.dumps(settle(v)) for v in values]


def test_a_ratio_is_written_settled_and_a_figure_as_it_is() -> None:
    assert texts(np.array([1242000 / 1380000 * 100, 1380000.0, -0.0, 0.0, 5e-10]),
                 settled=True) == ["90.0", "1380000.0", "0.0", "0.0", "0.0"]
    assert texts(np.array([-0.0, 0.0, math.nan, 0.1 + 0.2])) == \
        ["-0.0", "0.0", "null", "0.30000000000000004"]


# -- the score table's columns ------------------------------------------------------------

def table_by_cell(header: list[str], rows: list[list[str]], right: list[bool]) -> str:
    """A table laid out one cell at a time (the reference)."""
    table = [[visible(c) for c in row] for row in [header, *rows]]
    sizes = [max(width(line[i]) for line in table) for i in range(len(header))]
    lines = []
    for line in table:
        cells = [" " * (size - width(c)) + c if r else c + " " * (size - width(c))
                 for c, size, r in zip(line, sizes, right, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if len(lines) == 1:
            lines.append("  ".join("-" * size for size in sizes))
    return "\n".join(lines) + "\n"


TABLE_CELLS = st.text(alphabet=st.sampled_from(list("aZ9 -.中文\u3000\t\x1b\u200b\n")),
                      max_size=6)


@settings(max_examples=500)
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(
    st.lists(TABLE_CELLS, min_size=k, max_size=k),
    st.lists(st.lists(TABLE_CELLS, min_size=k, max_size=k), max_size=6),
    st.lists(st.booleans(), min_size=k, max_size=k))))
def test_a_table_laid_out_by_columns_is_laid_out_as_cell_by_cell(
        table: tuple[list[str], list[list[str]], list[bool]]) -> None:
    header, rows, right = table
    assert render_table(header, rows, right) == table_by_cell(header, rows, right)


@pytest.mark.parametrize("period", [None, "2026-01", "2026-Q1"])
def test_the_json_is_the_same_in_blocks(period: str | None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Written a few people at a time, one chunk a block, the pieces make the same text."""
    result = plain() if period is None else by_month(period)
    whole = score_json(result)
    monkeypatch.setattr(as_json, "BLOCK", 5)
    pieces = list(as_json.score_json_lines(result))
    assert len(pieces) == 2 + -(-len(result.columns) // 5)  # the period, blocks, the end
    assert "".join(pieces) == whole
    assert json.loads(whole)["people"][0]["person"] == result.columns.person[0]
