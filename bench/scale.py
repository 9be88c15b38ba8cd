"""Issue 14 at scale: the company of bench/figures.py (its scheme: five fields over orders
and customers) grown to N people and R orders, and each measure a whole process (wall
seconds, CPU seconds, peak memory): DuckDB's own scan of the orders (the floor),
`appraise figures` for a month and for the year, and `appraise score --records` of the
year.

    .venv/bin/python bench/scale.py --people 100000 --records 10000000 --keep DIR
    .venv/bin/python bench/scale.py --people 1000000 --records 100000000 --keep DIR

The records are written by DuckDB itself (COPY ... TO parquet, streamed by row groups, so
that memory stays flat at any size): at 100,000,000 rows the chunked pyarrow generator of
bench/figures.py formats every id in Python, three strings a row. Every value is a hash
of the row's number and the seed, so a size is the same company at every run, with the
shape figures.py gives (five customers a person, a fifth of them key, orders of 100 to
200,000.00 spread over the year, nine in ten shipped). The files stay in --keep (outside
the repository: under the system's temporary folder if not given) and a second run with
the same --keep reuses them.
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
from typing import TextIO

from figures import SCHEME  # type: ignore[import-not-found]

SEED = 14
#: A scheme file holds at most 10 MiB: the people of a large company come in a chain of
#: files that extend one another (at most 16), 250,000 people each.
PEOPLE_PER_FILE = 250_000

CUSTOMERS = """
COPY (SELECT 'C' || lpad(i::VARCHAR, 8, '0') AS customer_id,
             'P' || lpad((i % {people})::VARCHAR, 7, '0') AS owner,
             CASE WHEN hash(i, {seed}, 1) % 1000 < 200 THEN 'key' ELSE 'small' END AS tier
      FROM range({customers}) t(i)) TO '{file}' (FORMAT parquet)
"""

ORDERS = """
COPY (SELECT 'O' || lpad(i::VARCHAR, 10, '0') AS order_id,
             DATE '2026-01-01' + (hash(i, {seed}, 3) % 365)::INTEGER AS order_date,
             'C' || lpad(c::VARCHAR, 8, '0') AS customer,
             'P' || lpad((c % {people})::VARCHAR, 7, '0') AS salesperson,
             (cents::DECIMAL(18, 0) * 0.01)::DECIMAL(18, 2) AS amount,
             (cents // 300)::DECIMAL(18, 2) AS cost,
             CASE WHEN hash(i, {seed}, 5) % 10 < 9 THEN 'shipped' ELSE 'open' END AS status
      FROM (SELECT i, hash(i, {seed}, 2) % {customers} AS c,
                   10000 + hash(i, {seed}, 4) % 19990000 AS cents
            FROM range({records}) t(i))) TO '{file}' (FORMAT parquet)
"""


def generate(folder: Path, people: int, records: int, per_file: int = PEOPLE_PER_FILE
             ) -> None:
    import duckdb

    write_scheme(folder, people, per_file)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    sizes = {"people": people, "customers": people * 5, "records": records, "seed": SEED}
    con.execute(CUSTOMERS.format(file=folder / "customers.parquet", **sizes))
    con.execute(ORDERS.format(file=folder / "orders.parquet", **sizes))
    con.close()


def write_scheme(folder: Path, people: int, per_file: int = PEOPLE_PER_FILE) -> None:
    """The scheme of figures.py with ``people`` people, in a chain of files."""
    parts = -(-people // per_file)  # the last in scheme.yaml, the first deepest
    head = SCHEME.format(ext="parquet").replace("people:\n", "")
    for part in range(parts):
        name = "scheme.yaml" if part == 0 else f"people-{part}.yaml"
        with open(folder / name, "w", encoding="utf-8") as handle:
            handle.write(head if part == 0 else "appraise: 1\n")
            if part + 1 < parts:
                handle.write(f"extend: people-{part + 1}.yaml\n")
            handle.write("people:\n")
            last = parts - 1 - part
            _people(handle, range(last * per_file, min(people, (last + 1) * per_file)))


def _people(handle: TextIO, numbers: range) -> None:
    for i in numbers:
        handle.write(f"  P{i:07d}: {{name: P{i}, post: rep}}\n")


FLOOR = """
import sys, duckdb
con = duckdb.connect()
print(con.execute("SELECT count(*), sum(CAST(CAST(amount AS VARCHAR) AS DECIMAL(38, 6))), "
                  "count(DISTINCT order_id) FROM read_parquet(?)",
                  [sys.argv[1] + "/orders.parquet"]).fetchall())
"""


def measure(command: list[str]) -> dict[str, float]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MiB) of one process."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    assert child.stderr is not None
    errors = child.stderr.read().decode()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0,):
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{errors[-2000:]}")
    return {"wall s": round(wall, 1), "CPU s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak MiB": round(usage.ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    parser.add_argument("--per-file", type=int, default=PEOPLE_PER_FILE,
                        help="people in each scheme file of the chain")
    parser.add_argument("--only", help="comma-separated measures to run (floor,month,year,"
                        "score)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.gettempdir()) / (
        f"appraise-scale-{args.people}-{args.records}")
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "orders.parquet").exists():
        began = time.perf_counter()
        generate(folder, args.people, args.records, args.per_file)
        print(f"generated in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    size = sum(f.stat().st_size for f in folder.iterdir() if f.suffix == ".parquet")
    appraise = [sys.executable, "-m", "appraise"]  # PYTHONPATH may name another checkout
    scheme, out = str(folder / "scheme.yaml"), str(folder / "out")
    measures = {
        "floor": [sys.executable, "-c", FLOOR, str(folder)],
        "month": [*appraise, "figures", scheme, "--records", str(folder), "--period", "2026-03",
                  "-o", out + "-month.csv"],
        "year": [*appraise, "figures", scheme, "--records", str(folder), "--period", "2026",
                 "-o", out + "-year.csv"],
        "score": [*appraise, "score", scheme, "--records", str(folder), "--period", "2026",
                  "-o", out + "-score.csv"],
    }
    wanted = args.only.split(",") if args.only else list(measures)
    rows: dict[str, object] = {"people": args.people, "records": args.records,
                               "parquet MiB": round(size / 2 ** 20)}
    for name in wanted:
        rows[name] = measure(measures[name])
        print(name, rows[name], file=sys.stderr, flush=True)
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
