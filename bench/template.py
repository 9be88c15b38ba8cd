"""Time `appraise template`: the data-entry workbook of cascade.py's company kept by month.

For each size, the plan (rows, columns, which cells each row needs) and the workbook
(xlsxwriter, in memory) of a quarter (three rows a person) and of a year (twelve), each
in a process of its own for its peak memory.

    .venv/bin/python bench/template.py                # 1,000 and 10,000 people
    .venv/bin/python bench/template.py --sizes 100000 --period 2026
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def one(people: int, period: str, folder: Path) -> dict[str, float]:
    """Plan and write the template once in this process; seconds and peak memory."""
    from cascade import scheme_text

    from appraise import load_scheme, parse_period
    from appraise.report.xlsx_template import plan, template_xlsx

    scheme_file = folder / "scheme.yaml"
    scheme_file.write_text(scheme_text(people), encoding="utf-8")
    scheme = load_scheme(scheme_file)
    assert scheme.calendar is not None
    months = parse_period(period, scheme.calendar.year)
    start = time.perf_counter()
    made = plan(scheme, months.id, months, {"peer": 3})
    planned = time.perf_counter()
    workbook = template_xlsx(made, "scheme.yaml", "data.xlsx")
    written = time.perf_counter()
    return {"people": len(scheme.people), "rows": len(made.rows),
            "columns": len(made.columns), "plan": planned - start,
            "write": written - planned, "mb": len(workbook) / 1e6,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--period", default="2026-Q1")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(one(args.one, args.period, Path(folder))))
        return
    print("| people | period | rows | columns | plan s | workbook s | MB | peak MiB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--one", str(size), "--period",
                               args.period], capture_output=True, text=True, check=True)
        r = json.loads(done.stdout)
        print(f"| {int(r['people']):,} | {args.period} | {int(r['rows']):,} | "
              f"{int(r['columns'])} | {r['plan']:.2f} | {r['write']:.2f} | {r['mb']:.1f} | "
              f"{r['peak_mib']:.0f} |")


if __name__ == "__main__":
    main()
