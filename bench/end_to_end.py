"""The ``appraise`` command from file to file at scale, against the floor of reading and
writing the same files with the fastest readers at hand.

    .venv/bin/python bench/end_to_end.py                 # 1,000,000 people; 100,000 over a year
    .venv/bin/python bench/end_to_end.py --company 100000 --year 10000 --card 100000
    .venv/bin/python bench/end_to_end.py --against ../before/.venv/bin/python --keep e2e-files

The workloads (0 leaves one out):

- ``--company N``: bench/synthetic.py's company (121 posts, four cards of 20 items, every
  rule kind), one row a person: ``appraise score scheme.yaml --data actuals.csv
  --format csv -o scores.csv``;
- ``--year N``: bench/cascade.py's company kept by month (a cascade of targets, unit
  results, members' averages, calibration, pools), N people over twelve months, the
  year scored: ``... --period 2026 --format csv``;
- ``--card N``: bench/card.py's card of 20 indicators, one row a person.

Each command runs as a whole process, its wall time and peak memory measured, under
this checkout's interpreter and, alternately, each ``--against`` one; their outputs are
compared byte for byte. Then the floors, each in a fresh process: the input read and
the output written by the csv module (every cell; a column whose cells are all numbers
made floats), and by pyarrow.csv (typed columns, on every core).
A floor writes the rows the command wrote, held in memory before its clock starts: it
reads and writes the same files, and does nothing else. The report is Markdown on
standard output; exit 1 if a command failed or two outputs differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import measure

HERE = Path(__file__).resolve().parent


@dataclass
class Workload:
    key: str
    people: int
    scheme: Path
    data: Path
    options: tuple[str, ...] = ()
    rows: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        what = {"company": "the plain company", "year": "the year kept by month",
                "card": "one card of 20 indicators"}[self.key]
        return f"{what}, {self.people:,} people" + (
            f" ({self.rows:,} rows)" if self.rows != self.people else "")


# -- the files ------------------------------------------------------------------------------


def _write(path: Path, make: Callable[[], bytes | str]) -> None:
    """Make ``path`` unless a kept folder already holds it (the same seeded bytes)."""
    if not path.exists():
        measure_log(f"writing {path.name}")
        content = make()
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def company_files(folder: Path, n: int) -> Workload:
    import synthetic

    named = min(n, 1000)  # the people the scheme names (as bench/run.py's: all have rows)
    company = synthetic.make_company(override_people=named)
    scheme, data = folder / f"company_{named}.yaml", folder / f"company_{n}.csv"
    _write(scheme, lambda: synthetic.scheme_yaml(company))
    _write(data, lambda: synthetic.actuals_csv(company, n))
    return Workload("company", n, scheme, data, rows=n)


def year_files(folder: Path, n: int) -> Workload:
    import cascade

    scheme, data = folder / f"year_{n}.yaml", folder / f"year_{n}.csv"
    _write(scheme, lambda: cascade.scheme_text(n))
    _write(data, lambda: cascade.data_text(n, 12))
    with data.open("rb") as stream:
        rows = sum(1 for _ in stream) - 1  # a row a person a month
    return Workload("year", rows // 12, scheme, data, ("--period", "2026"), rows=rows)


def card_files(folder: Path, n: int) -> Workload:
    import card

    scheme, data = folder / "card.yaml", folder / f"card_{n}.csv"
    _write(scheme, card.scheme_yaml)
    _write(data, lambda: card.data_csv(n))
    return Workload("card", n, scheme, data, rows=n)


def measure_log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the floors, each in its own process ------------------------------------------------------


def floor_csv(data: Path, output: Path, target: Path) -> dict[str, float]:
    """Read ``data`` into columns (floats where every cell is a number) and write the rows
    of ``output`` (read before the clock starts) to ``target``, with the csv module."""
    import csv

    with output.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    start = time.perf_counter()
    with data.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        cells: list[list[str]] = [[] for _ in header]
        for row in reader:
            for column, cell in zip(cells, row, strict=False):
                column.append(cell)
    columns: list[list[float] | list[str]] = []
    for column in cells:
        try:
            columns.append([float(c) if c else float("nan") for c in column])
        except ValueError:
            columns.append(column)
    read = time.perf_counter() - start
    start = time.perf_counter()
    with target.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    return {"read": read, "write": time.perf_counter() - start}


def floor_arrow(data: Path, output: Path, target: Path) -> dict[str, float]:
    """The same with pyarrow.csv: typed columns read on every core, the table written."""
    from pyarrow import csv

    rows = csv.read_csv(output)
    start = time.perf_counter()
    table = csv.read_csv(data)
    read = time.perf_counter() - start
    start = time.perf_counter()
    csv.write_csv(rows, target)
    del table
    return {"read": read, "write": time.perf_counter() - start}


FLOORS = {"csv": ("the csv module", floor_csv), "arrow": ("pyarrow.csv", floor_arrow)}


def run_floor(kind: str, data: Path, output: Path, folder: Path) -> tuple[dict[str, float],
                                                                         float]:
    found = folder / f"floor_{kind}.json"
    _, peak, code = measure.process_peak([
        sys.executable, __file__, "--floor", kind, "--data", str(data), "--output",
        str(output), "--to", str(folder / f"floor_{kind}.csv"), "--json", str(found)])
    if code:
        raise RuntimeError(f"the {kind} floor failed (exit {code})")
    phases: dict[str, float] = json.loads(found.read_text())
    (folder / f"floor_{kind}.csv").unlink()
    return phases, peak


# -- the run --------------------------------------------------------------------------------


def size(path: Path) -> str:
    found = path.stat().st_size
    return f"{found / 2**20:,.1f} MiB" if found >= 2**20 else f"{found / 1024:,.0f} KiB"


def digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def bench(work: Workload, pythons: list[Path], runs: int, folder: Path) -> bool:
    """Time the command under each interpreter, alternately; then the floors."""
    labels = ["this checkout", *(f"against {i + 1}" if len(pythons) > 2 else "against"
                                 for i in range(len(pythons) - 1))]
    times: dict[Path, list[tuple[float, float]]] = {p: [] for p in pythons}
    outputs: dict[Path, Path] = {}
    for i in range(runs):
        for python in pythons if i % 2 == 0 else pythons[::-1]:
            out = folder / f"{work.key}_scores_{pythons.index(python)}.csv"
            measure_log(f"{work.key}: run {i + 1} of {runs}, {labels[pythons.index(python)]}")
            seconds, peak, code = measure.process_peak([
                str(python.parent / "appraise"), "score", str(work.scheme), "--data",
                str(work.data), *work.options, "--format", "csv", "-o", str(out)])
            if code:
                measure_log(f"  exit {code}")
                work.lines = [f"### {work.title}: `appraise score` exited {code}"]
                return False
            times[python].append((seconds, peak))
            outputs[python] = out
    mine = outputs[pythons[0]]
    same = all(digest(out) == digest(mine) for out in outputs.values())
    lines = [f"### {work.title[0].upper()}{work.title[1:]}", "",
             f"{size(work.data)} of CSV in, {size(mine)} of CSV out.", "",
             "| what | seconds | peak RSS, MiB | over the fastest floor |",
             "|---|---:|---:|---:|"]
    floors: list[tuple[str, float, float, dict[str, float]]] = []
    for kind in ("csv", "arrow"):
        measure_log(f"{work.key}: floor {kind}")
        phases, peak = run_floor(kind, work.data, mine, folder)
        floors.append((FLOORS[kind][0], phases["read"] + phases["write"], peak, phases))
    fastest = min(seconds for _, seconds, _, _ in floors)
    for label, python in zip(labels, pythons, strict=True):
        series = times[python]
        seconds = sorted(s for s, _ in series)[len(series) // 2]
        peak = max(p for _, p in series)
        runs_note = f" (median of {len(series)})" if len(series) > 1 else ""
        lines.append(f"| `appraise score` ({label}){runs_note} | {seconds:.2f} | {peak:,.0f} "
                     f"| {seconds / fastest:.1f}x |")
    for label, seconds, peak, phases in floors:
        lines.append(f"| floor: {label} (read {phases['read']:.2f} + write "
                     f"{phases['write']:.2f}) | {seconds:.2f} | {peak:,.0f} | "
                     f"{seconds / fastest:.1f}x |")
    if len(pythons) > 1:
        lines += ["", "The outputs are byte-identical." if same else
                  "**The outputs differ.**"]
    work.lines = lines
    return same


def report(made: list[Workload], pythons: list[Path]) -> list[str]:
    lines = ["## End to end: CSV in, CSV out (`bench/end_to_end.py`)", ""]
    for work in made:
        lines += [*work.lines, ""]
    lines += ["Each command is one whole process (`measure.process_peak`: wall time, and "
              "peak RSS from wait4); a floor's seconds are its reading and writing, timed "
              "inside its process, and its peak RSS that process's (the rows it writes "
              "included)."]
    for i, python in enumerate(pythons):
        lines.append(f"- {'this checkout' if i == 0 else 'against'}: "
                     f"{measure.checkout_of(python)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/end_to_end.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--company", type=int, default=1_000_000, metavar="N",
                        help="people of the plain company (default %(default)s; 0: none)")
    parser.add_argument("--year", type=int, default=100_000, metavar="N",
                        help="people of the year kept by month (default %(default)s)")
    parser.add_argument("--card", type=int, default=0, metavar="N",
                        help="people on the card of 20 indicators (default none)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command (1)")
    parser.add_argument("--against", action="append", default=[], metavar="PYTHON",
                        help="also run the appraise next to this interpreter, alternately")
    parser.add_argument("--keep", metavar="DIR", help="keep the files in DIR (and reuse them)")
    parser.add_argument("--floor", choices=sorted(FLOORS), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    parser.add_argument("--to", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        phases = FLOORS[args.floor][1](Path(args.data), Path(args.output), Path(args.to))
        Path(args.json).write_text(json.dumps(phases))
        return 0
    if args.runs < 1 or min(args.company, args.year, args.card) < 0:
        parser.error("--runs must be at least 1, and sizes 0 or more")
    pythons = [Path(sys.executable), *(Path(p) for p in args.against)]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        made = [make(folder, n) for make, n in ((company_files, args.company),
                                                (year_files, args.year),
                                                (card_files, args.card)) if n]
        ok = all([bench(work, pythons, args.runs, folder) for work in made])
    lines = report(made, pythons)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
