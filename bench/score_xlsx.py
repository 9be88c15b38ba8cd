"""The results of a plain period written as an Excel workbook against the same results as
CSV: ``appraise score scheme.yaml --data actuals.csv --format xlsx|csv -o FILE``, each a
whole process, its wall time, the processor time it used (user + system: what a machine
shared with other work still measures well), its peak memory and its output's size.

    .venv/bin/python bench/score_xlsx.py                  # 100,000 people
    .venv/bin/python bench/score_xlsx.py --people 10000 --runs 3 --keep xlsx-files

The company is bench/synthetic.py's (121 posts, four cards of 20 items, every rule kind),
one row a person, as bench/end_to_end.py's ``--company``. The workbook has a summary, a
sheet per unit, and the explain sheet (a row per item of each person): about 21 times the
CSV's rows. The report is Markdown on standard output; exit 1 if a command failed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

import measure
from end_to_end import company_files

HERE = Path(__file__).resolve().parent
APPRAISE = [sys.executable, "-m", "appraise"]


def _cpu() -> float:
    """Processor seconds used so far by the processes this one waited for."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/score_xlsx.py", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="best of this many runs")
    parser.add_argument("--keep", help="a folder to keep the files in (made again if absent)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        work = company_files(folder, args.people)
        lines = [f"## score --format xlsx against csv: {args.people:,} people, a plain period",
                 "", "| format | seconds | CPU seconds | peak MiB | output MiB |",
                 "|---|---:|---:|---:|---:|"]
        failed = False
        for fmt in ("csv", "xlsx"):
            out = folder / f"scores.{fmt}"
            best: tuple[float, float, float] | None = None
            for _ in range(args.runs):
                before = _cpu()
                seconds, peak, code = measure.process_peak(
                    [*APPRAISE, "score", str(work.scheme), "--data", str(work.data),
                     "--format", fmt, "-o", str(out)], cwd=HERE.parent)
                used = _cpu() - before
                failed |= code != 0
                if best is None or used < best[1]:
                    best = (seconds, used, peak)
            assert best is not None
            size = out.stat().st_size / 2 ** 20 if out.exists() else 0.0
            lines.append(f"| {fmt} | {best[0]:.2f} | {best[1]:.2f} | {best[2]:.0f} | "
                         f"{size:.1f} |")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
