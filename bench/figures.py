"""`appraise figures` on a generated company: N people, R orders (and a customer table), as
Parquet written in chunks (seeded, so that any size is the same company grown), as CSV, or
as Excel workbooks (dates as date cells, amounts as numbers: at most Excel's 1,048,575
records); the seconds of a month and of a quarter, against the floor of DuckDB's own scan
of the same files (one pass summing the amounts; DuckDB reads no workbook offline, so a
workbook has none), each in a child process with its peak memory.

    .venv/bin/python bench/figures.py                       # 10,000 people, 1,000,000 orders
    .venv/bin/python bench/figures.py --people 1000000 --records 100000000 --keep DIR
    .venv/bin/python bench/figures.py --people 1000 --records 100000 --format xlsx
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHUNK = 1_000_000

SCHEME = """\
appraise: 1
name: figures_bench
calendar: {{year: 2026, targets_per: month}}
grades: [{{grade: A, min: 90, coefficient: 1.2}}, {{grade: B, coefficient: 1}}]
records:
  customers:
    file: customers.{ext}
    key: customer_id
    columns:
      customer_id: text
      owner: {{type: text, refers: people}}
      tier: text
  orders:
    file: orders.{ext}
    key: order_id
    date: order_date
    columns:
      order_id: text
      order_date: date
      customer: {{type: text, refers: customers}}
      salesperson: {{type: text, refers: people}}
      amount: number
      cost: number
      status: text
fields:
  revenue:
    from: {{records: orders, sum: amount, where: 'status == "shipped"', by: salesperson}}
  margin:
    from: {{records: orders, sum: amount - cost, by: salesperson}}
  orders:
    from: {{records: orders, count: true, by: salesperson}}
  new_customers:
    from: {{records: orders, count: true, first_of: customer, where: "amount >= 50000",
           by: salesperson}}
  key_accounts:
    from: {{records: orders, count: true, per: customer, at_least: 2,
           where: 'customer.tier == "key"', by: customer.owner}}
indicators:
  revenue: {{formula: revenue, rule: {{kind: ratio, cap: 150}}, target: 1000000}}
  activity:
    formula: margin + orders + new_customers + key_accounts
    rule: {{kind: ratio}}
    target: 100000
scorecards:
  rep: {{items: [{{indicator: revenue, weight: 60}}, {{indicator: activity, weight: 40}}]}}
units: {{sales: {{label: Sales}}}}
posts: {{rep: {{unit: sales, scorecard: rep}}}}
people:
"""


def generate(folder: Path, people: int, records: int, fmt: str, seed: int = 14) -> None:
    """The company: its scheme, its customers (five per person) and its orders over the
    year, written a chunk at a time so that memory stays flat at any size."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    ext = fmt
    with open(folder / "scheme.yaml", "w", encoding="utf-8") as handle:
        handle.write(SCHEME.format(ext=ext))
        for i in range(people):
            handle.write(f"  P{i:07d}: {{name: P{i}, post: rep}}\n")
    rng = np.random.default_rng(seed)
    customers = people * 5
    ids = np.arange(customers)
    table = pa.table({"customer_id": pa.array([f"C{i:08d}" for i in ids]),
                      "owner": pa.array([f"P{i % people:07d}" for i in ids]),
                      "tier": pa.array(np.where(rng.random(customers) < 0.2, "key", "small"))})
    _write(table, folder / f"customers.{ext}", fmt, pq, pcsv)
    writer = None
    chunks = []
    days = np.datetime64("2026-01-01") + np.arange(365)
    for start in range(0, records, CHUNK):
        n = min(CHUNK, records - start)
        customer = rng.integers(0, customers, n)
        cents = rng.integers(100_00, 200_000_00, n)
        chunk = pa.table({
            "order_id": pa.array([f"O{i:010d}" for i in range(start, start + n)]),
            "order_date": pa.array(rng.choice(days, n)).cast(pa.date32()),
            "customer": pa.array([f"C{c:08d}" for c in customer]),
            "salesperson": pa.array([f"P{c % people:07d}" for c in customer]),
            "amount": pa.array([f"{c // 100}.{c % 100:02d}" for c in cents]),
            "cost": pa.array([f"{c // 300}.00" for c in cents]),
            "status": pa.array(np.where(rng.random(n) < 0.9, "shipped", "open")),
        })
        if fmt == "parquet":
            chunk = chunk.set_column(4, "amount", chunk.column("amount").cast(
                pa.decimal128(18, 2))).set_column(5, "cost", chunk.column("cost").cast(
                    pa.decimal128(18, 2)))
            if writer is None:
                writer = pq.ParquetWriter(folder / "orders.parquet", chunk.schema)
            writer.write_table(chunk)
        elif fmt == "xlsx":
            chunks.append(chunk)
        else:
            with open(folder / "orders.csv", "ab") as handle:
                pcsv.write_csv(chunk, handle, pcsv.WriteOptions(include_header=start == 0))
    if writer is not None:
        writer.close()
    if chunks:
        _workbook(pa.concat_tables(chunks), folder / "orders.xlsx")


def _write(table: object, path: Path, fmt: str, pq: object, pcsv: object) -> None:
    if fmt == "parquet":
        pq.write_table(table, path)  # type: ignore[attr-defined]
    elif fmt == "xlsx":
        _workbook(table, path)
    else:
        pcsv.write_csv(table, path)  # type: ignore[attr-defined]


def _workbook(table: object, path: Path) -> None:
    """A table as Excel keeps it: dates as date cells, amounts as numbers, the rest text."""
    import datetime

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Sheet1")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    columns = table.to_pydict()  # type: ignore[attr-defined]
    names = list(columns)
    sheet.write_row(0, 0, names)
    for i in range(len(columns[names[0]])):
        for j, name in enumerate(names):
            value = columns[name][i]
            if isinstance(value, datetime.date):
                sheet.write_datetime(i + 1, j, value, day)
            elif name in ("amount", "cost"):
                sheet.write_number(i + 1, j, float(value))
            else:
                sheet.write_string(i + 1, j, value)
    book.close()


CHILD_FIGURES = """
import resource, sys, time
from appraise import load_scheme
from appraise.sources import figures
scheme = load_scheme(sys.argv[1] + "/scheme.yaml")
start = time.perf_counter()
text = figures(scheme, sys.argv[1], sys.argv[2])
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(text))
"""

CHILD_FLOOR = """
import resource, sys, time, duckdb
start = time.perf_counter()
con = duckdb.connect()
read = ("read_parquet('{f}')" if sys.argv[2] == "parquet" else
        "read_csv('{f}', all_varchar = true)").format(f=sys.argv[1] + "/orders." + sys.argv[2])
con.execute("SELECT count(*), sum(CAST(amount AS DECIMAL(38, 6))), count(DISTINCT order_id) "
            "FROM " + read).fetchall()
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 0)
"""


def child(code: str, *args: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["parquet", "csv", "xlsx"], default="parquet")
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="figures-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    ext = args.format
    if not (folder / f"orders.{ext}").exists():
        began = time.perf_counter()
        generate(folder, args.people, args.records, args.format)
        print(f"generated in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    size = sum(f.stat().st_size for f in folder.iterdir()) / 2 ** 20
    rows = {"people": args.people, "records": args.records, "format": args.format,
            "MiB": round(size, 1)}
    for name, code, period in ((("floor: DuckDB's scan", CHILD_FLOOR, ext),) * (ext != "xlsx")
                               + (("figures, a month", CHILD_FIGURES, "2026-03"),
                                  ("figures, a quarter", CHILD_FIGURES, "2026-Q1"))):
        seconds, memory = child(code, str(folder), period)
        rows[name] = f"{seconds:.2f} s, {memory:.0f} MiB"
    print(json.dumps(rows, indent=1))
    if args.keep is None:
        for file in folder.iterdir():
            os.remove(file)
        folder.rmdir()


if __name__ == "__main__":
    main()
