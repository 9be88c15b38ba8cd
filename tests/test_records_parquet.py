"""Records kept as Parquet with the columns' own types (DECIMAL amounts, DATE days, integer
or decimal minutes, BOOLEAN flags): DuckDB reads such a number or date as it is, without
the text check a CSV cell needs, and gives the same figures as the reference and as the
CSV files; a bad record in such a file is named as the reference names it."""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import both_paths_name_the_same_records

from appraise import load_scheme
from appraise.cli import main
from appraise.sources import figures

FOLDER = Path("tests/records")
TYPES = {"amount": "decimal(18,2)", "cost": "decimal(18,2)", "minutes": "decimal(9,1)",
         "order_date": "date", "paid_on": "date", "visited_on": "date", "on_site": "bool"}


def _parquet(tmp_path: Path, change: tuple[str, int, str, str] | None = None,
             types: dict[str, str] | None = None) -> Path:
    """tests/records as Parquet (the scheme's files renamed), each column typed as
    ``TYPES`` says; ``change`` puts a value in a cell: (file, CSV line, column, value).
    A Parquet file has no header: its rows are numbered from 1, the CSV line less one."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "records"
    folder.mkdir()
    text = (FOLDER / "company.yaml").read_text(encoding="utf-8")
    (folder / "company.yaml").write_text(text.replace(".csv", ".parquet"), encoding="utf-8")
    types = {**TYPES, **(types or {})}
    for file in sorted(FOLDER.glob("*.csv")):
        with open(file, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if change is not None and change[0] == file.name:
            rows[change[1] - 2][change[2]] = change[3]
        columns = {}
        for name in rows[0]:
            cells = [row[name] for row in rows]
            kind = types.get(name, "string")
            if kind == "date":
                columns[name] = pa.array([date.fromisoformat(c) if c else None for c in cells],
                                         pa.date32())
            elif kind == "timestamp_ns":  # nanoseconds, which no datetime holds
                columns[name] = pa.array([
                    int(datetime.fromisoformat(f"{c}T10:30:00+00:00").timestamp()) * 10 ** 9
                    + 123_456_789 if c else None for c in cells], pa.timestamp("ns"))
            elif kind.startswith("timestamp"):  # a time of day, odd seconds, a zone or not
                zone = kind.partition(":")[2] or None
                columns[name] = pa.array([
                    datetime.fromisoformat(f"{c}T{10 + i % 12:02d}:{i % 60:02d}:07")
                    if c else None for i, c in enumerate(cells)], pa.timestamp("us", zone))
            elif kind == "bool":
                columns[name] = pa.array([c == "true" if c else None for c in cells])
            elif kind.startswith("decimal"):
                precision, scale = (int(n) for n in kind[8:-1].split(","))
                columns[name] = pa.array([Decimal(c) if c else None for c in cells],
                                         pa.decimal128(precision, scale))
            elif kind == "int64":
                columns[name] = pa.array([int(c) if c else None for c in cells], pa.int64())
            else:
                columns[name] = pa.array([c or None for c in cells], pa.string())
        pq.write_table(pa.table(columns), folder / (file.stem + ".parquet"))
    return folder


@pytest.mark.parametrize("reference", [False, True])
def test_typed_parquet_gives_the_figures_of_the_csv_files(tmp_path: Path,
                                                          reference: bool) -> None:
    folder = _parquet(tmp_path)
    by_csv = figures(load_scheme(FOLDER / "company.yaml"), FOLDER, "2026-Q1")
    assert figures(load_scheme(folder / "company.yaml"), folder, "2026-Q1",
                   reference=reference) == by_csv


def test_integer_minutes_and_a_decimal_of_six_places(tmp_path: Path) -> None:
    """Whole minutes as BIGINT, amounts as DECIMAL(30, 6): read as they are, the same
    figures (P3's 29.5-minute visit becomes 30 minutes, so it counts)."""
    folder = _parquet(tmp_path, ("visits.csv", 6, "minutes", "30"), {
        "minutes": "int64", "amount": "decimal(30,6)"})
    scheme = load_scheme(folder / "company.yaml")
    duck = figures(scheme, folder, "2026-Q1")
    assert duck == figures(scheme, folder, "2026-Q1", reference=True)
    assert duck.splitlines()[5].startswith("P3,王芳,rep,2026-02,55001.1,0,1,0.1,1,0,")


@pytest.mark.parametrize("reference", [False, True])
def test_a_date_written_as_a_timestamp_is_its_day(tmp_path: Path, reference: bool) -> None:
    """As many systems (and pandas) export a date: a TIMESTAMP, here with a time of day.
    Before: every record was 'not a date'."""
    folder = _parquet(tmp_path, types={"order_date": "timestamp", "paid_on": "timestamp"})
    by_csv = figures(load_scheme(FOLDER / "company.yaml"), FOLDER, "2026-Q1")
    assert figures(load_scheme(folder / "company.yaml"), folder, "2026-Q1",
                   reference=reference) == by_csv


def test_nanosecond_timestamps_are_read_and_a_bad_record_among_them_named(
        tmp_path: Path) -> None:
    """Before: a traceback ('not safely convertible') once a bad record sent the run to the
    reader that names it."""
    types = {"order_date": "timestamp_ns", "paid_on": "timestamp_ns"}
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    folder = _parquet(tmp_path / "good", types=types)
    scheme = load_scheme(folder / "company.yaml")
    by_csv = figures(load_scheme(FOLDER / "company.yaml"), FOLDER, "2026-Q1")
    assert figures(scheme, folder, "2026-Q1") == by_csv
    assert figures(scheme, folder, "2026-Q1", reference=True) == by_csv
    folder = _parquet(tmp_path / "bad", ("orders.csv", 4, "order_id", "O1"), types)
    run = CliRunner().invoke(main, ["figures", str(folder / "company.yaml"), "--records",
                                    str(folder), "--period", "2026-Q1"])
    assert (run.exit_code, run.output) == (1, (
        f"{folder}/orders.parquet:3:1: error: orders.order_id: order_id 'O1' is the record of "
        "row 1 again (each record's order_id must be unique: remove the copy)\n"))


def test_a_timestamp_with_a_time_zone_is_not_taken_for_a_day(tmp_path: Path) -> None:
    """Which day 2026-01-05 23:30 in Shanghai is in UTC is a question, not a guess."""
    folder = _parquet(tmp_path, types={"paid_on": "timestamp:Asia/Shanghai"})
    run = CliRunner().invoke(main, ["figures", str(folder / "company.yaml"), "--records",
                                    str(folder), "--period", "2026-Q1"])
    assert run.exit_code == 1
    assert run.output.splitlines()[0] == (
        f"{folder}/payments.parquet:1:2: error: payments.paid_on: '2026-01-20 18:00:07+08:00' "
        "is not a date (write the date as 2026-03-15)")


BAD = {
    "a date outside the year": (
        ("payments.csv", 2, "paid_on", "2025-12-31"),
        "{dir}/payments.parquet:1:2: error: payments.paid_on: the date 2025-12-31 is outside "
        "the scheme's year 2026 (records of another year belong to that year's scheme: leave "
        "them out of the file)"),
    "a duplicate record id": (
        ("orders.csv", 4, "order_id", "O1"),
        "{dir}/orders.parquet:3:1: error: orders.order_id: order_id 'O1' is the record of row "
        "1 again (each record's order_id must be unique: remove the copy)"),
    "an unknown customer": (
        ("orders.csv", 5, "customer", "C9"),
        "{dir}/orders.parquet:4:3: error: orders.customer: customer 'C9' is no record of "
        "'customers' (correct it, or add the missing entry to customers)"),
    "a day without a date": (
        ("visits.csv", 5, "visited_on", ""),
        "{dir}/visits.parquet:4:2: error: visits.visited_on: the record has no visited_on: "
        "the date places it in a month (write the date as 2026-03-15)"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_record_in_typed_parquet_is_named(tmp_path: Path, case: str) -> None:
    change, expected = BAD[case]
    folder = _parquet(tmp_path, change)
    out = tmp_path / "figures.csv"
    run = CliRunner().invoke(main, ["figures", str(folder / "company.yaml"), "--records",
                                    str(folder), "--period", "2026-Q1", "-o", str(out)])
    assert (run.exit_code, run.output) == (1, expected.format(dir=folder) + "\n")
    assert not out.exists()
    both_paths_name_the_same_records(folder / "company.yaml", folder)


def test_the_copy_keeps_the_folder_apart(tmp_path: Path) -> None:
    """The helper writes its own folder; tests/records is left as it is."""
    before = {p.name: p.read_bytes() for p in FOLDER.iterdir()}
    _parquet(tmp_path, ("orders.csv", 2, "amount", "1"))
    assert {p.name: p.read_bytes() for p in FOLDER.iterdir()} == before
    shutil.rmtree(tmp_path / "records")
