"""Time scoring a plain period from an Excel workbook against the same figures as CSV:
``score_file`` (read and score) and ``read_actuals`` (read alone), each a child process of
its own with its peak memory.

    python bench/read_xlsx.py [--sizes 10000,100000] [--repeat 3] [--all]

The figures are the example scheme's synthetic sales reps (``score_example.py``), written
once per size as CSV and as a workbook (xlsxwriter in constant memory, the figures as
numbers, as Excel keeps them). The runs alternate, size by size, ``--repeat`` times; the
median is reported (and every run with ``--all``), and the workbook's results must equal
the CSV's. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_files(folder: Path, n: int) -> tuple[Path, Path]:
    """The synthetic reps as CSV and as a workbook of the same cells."""
    import xlsxwriter
    from score_example import synthetic_csv

    content = synthetic_csv(n)
    text = folder / f"reps-{n}.csv"
    text.write_bytes(content)
    book = folder / f"reps-{n}.xlsx"
    workbook = xlsxwriter.Workbook(str(book), {"constant_memory": True})
    sheet = workbook.add_worksheet("reps")
    for i, row in enumerate(csv.reader(io.StringIO(content.decode()))):
        for j, cell in enumerate(row):
            if i and cell.lstrip("-").isdigit():
                sheet.write_number(i, j, int(cell))
            else:
                sheet.write_string(i, j, cell)
    workbook.close()
    return text, book


def child(kind: str, file: str) -> None:
    """Run one measure in this process and print its seconds, peak memory and a digest of
    what it found."""
    import hashlib
    import resource

    from score_example import SCHEME, _without_people

    from appraise import load_scheme, read_actuals, score_file
    from appraise.report import SCORE_FORMATS

    scheme = load_scheme(SCHEME, _without_people(SCHEME.read_bytes()))
    start = time.perf_counter()
    if kind == "score":
        result = score_file(scheme, file)
        seconds = time.perf_counter() - start
        hashed = hashlib.sha256()
        for piece in SCORE_FORMATS["csv"](result):
            hashed.update(piece.encode() if isinstance(piece, str) else piece)
        digest = hashed.hexdigest()[:12]
        count = len(result.people)
    else:
        actuals = read_actuals(file, scheme)
        seconds = time.perf_counter() - start
        digest, count = "", len(actuals.rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "rows": count, "digest": digest}))


def measure(kind: str, file: Path) -> dict[str, float | str]:
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind,
                           str(file)], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--all", action="store_true", help="print every run, not only the median")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    measures = [("score, CSV", "score", 0), ("score, xlsx", "score", 1),
                ("read_actuals, CSV", "read", 0), ("read_actuals, xlsx", "read", 1)]
    print("| rows | xlsx bytes | " + " | ".join(f"{label}: s (MiB)" for label, _, _ in measures)
          + " |")
    print("|---:|---:|" + "---:|" * len(measures))
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(s) for s in args.sizes.split(",")):
            files = write_files(Path(folder), n)
            runs: list[list[dict[str, float | str]]] = [[] for _ in measures]
            for _ in range(args.repeat):  # alternating: each measure once, then again
                for found, (label, kind, which) in zip(runs, measures, strict=True):
                    found.append(measure(kind, files[which]))
                    print(f"  {n:,} {label}: {found[-1]['seconds']:.3f} s", file=sys.stderr)
            if {r["rows"] for found in runs for r in found} != {n}:
                sys.exit(f"not every row was read: expected {n:,}")
            if len({r["digest"] for found in runs[:2] for r in found}) != 1:
                sys.exit("the workbook's results differ from the CSV's")
            cells = []
            for found in runs:
                seconds = statistics.median(float(r["seconds"]) for r in found)
                peak = statistics.median(float(r["peak_mib"]) for r in found)
                every = " [" + ", ".join(f"{float(r['seconds']):.2f}" for r in found) + "]" \
                    if args.all else ""
                cells.append(f"{seconds:.3f}{every} ({peak:,.0f})")
            print(f"| {n:,} | {files[1].stat().st_size:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
