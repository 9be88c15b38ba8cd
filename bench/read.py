"""Time reading a plain period's data file: ``read_actuals`` against the floor of the CSV
module's reader looping over the same file, with the peak memory of each.

    python bench/read.py [--sizes 10000,100000,1000000] [--repeat 3] [--quoted]
                         [--python OTHER/.venv/bin/python ...]

The file is the example scheme's synthetic sales reps (``score_example.py``), written
once per size; ``--quoted`` writes every figure with thousands separators, in quotes
(1,380,000 as Excel exports it). Each measure is a child process of its own, so that
its peak resident memory is its own: the floor (``csv.reader`` over the file, making a
list of the rows; again with the garbage collector off, the fastest it goes), this
checkout's reader, its row-by-row reference (``reference=True``), and the reader of
each ``--python`` given (another checkout's interpreter, to compare before and after).
The runs alternate, size by size, ``--repeat`` times; the median is reported, and every
run when ``--all`` is given. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from measure import child_measure, median_cell


def write_file(folder: Path, n: int, quoted: bool) -> Path:
    from score_example import synthetic_csv

    text = synthetic_csv(n).decode()
    if quoted:
        lines = text.splitlines()
        out = [lines[0]]
        for line in lines[1:]:
            cells = line.split(",")
            out.append(",".join(f'"{int(c):,}"' if c.isdigit() else c for c in cells))
        text = "\n".join(out) + "\n"
    path = folder / f"reps-{n}{'-quoted' if quoted else ''}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def child(kind: str, file: str) -> None:
    """Run one measure in this process and print its seconds and peak memory."""
    import resource

    content = Path(file).read_bytes()
    if kind.startswith("floor"):
        import csv
        import gc
        import io

        if kind == "floor-nogc":
            gc.disable()
        start = time.perf_counter()
        rows = []
        for cells in csv.reader(io.StringIO(content.decode("utf-8"), newline="")):
            rows.append(cells)
        seconds = time.perf_counter() - start
        count = len(rows) - 1
    else:
        from score_example import SCHEME, _without_people

        from appraise import load_scheme, read_actuals

        scheme = load_scheme(SCHEME, _without_people(SCHEME.read_bytes()))
        options = {"reference": True} if kind == "reference" else {}
        start = time.perf_counter()
        actuals = read_actuals(file, scheme, content=content, **options)
        seconds = time.perf_counter() - start
        count = len(actuals.rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "rows": count}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quoted", action="store_true")
    parser.add_argument("--python", action="append", default=[])
    parser.add_argument("--no-reference", action="store_true",
                        help="leave out the row-by-row reference (slow at 1,000,000)")
    parser.add_argument("--all", action="store_true", help="print every run, not only the median")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    measures = [("floor: csv.reader loop", sys.executable, "floor"),
                ("floor, no garbage collection", sys.executable, "floor-nogc"),
                ("read_actuals", sys.executable, "read")]
    if not args.no_reference:
        measures.append(("reference=True", sys.executable, "reference"))
    measures += [(f"read_actuals ({p})", p, "read") for p in args.python]
    print("| rows | " + " | ".join(f"{label}: s (MiB)" for label, _, _ in measures) + " |")
    print("|---:|" + "---:|" * len(measures))
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(s) for s in args.sizes.split(",")):
            file = write_file(Path(folder), n, args.quoted)
            runs: list[list[dict[str, Any]]] = [[] for _ in measures]
            for _ in range(args.repeat):  # alternating: each measure once, then again
                for found, (_, python, kind) in zip(runs, measures, strict=True):
                    found.append(child_measure(__file__, python, kind, str(file)))
                    print(f"  {n:,} {kind} {python}: {found[-1]['seconds']:.3f} s",
                          file=sys.stderr)
            counts = {r["rows"] for found in runs for r in found}
            if counts != {n}:  # every way read every row
                sys.exit(f"rows read: {sorted(counts)}, expected {n:,}")
            cells = [median_cell(found, args.all) for found in runs]
            print(f"| {n:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
