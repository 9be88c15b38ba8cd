"""Time ``appraise report`` (the HTML page with charts and scorecards) against
``appraise score --format json`` on the same files: seconds, peak memory and the size of
what each writes.

    python bench/report.py [--sizes 1000,2000,20000] [--repeat 3] [--lang zh]

The company is ``synthetic.py``'s (five levels, four scorecards of 20 items), its
people's figures seeded. Each run is a whole process (``measure.process_peak``); the
median of ``--repeat`` runs is reported, the two commands alternating. Up to
``html_report.TRACES`` people the page holds everybody's explanation (the words of
``appraise explain``); above, the list of scorecards alone, so 2,000 is the largest page
and 20,000 the largest list. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import process_peak  # noqa: E402
from synthetic import actuals_csv, make_company, scheme_yaml  # noqa: E402

APPRAISE = Path(sys.executable).with_name("appraise")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="zh", choices=["en", "zh"])
    args = parser.parse_args()
    company = make_company()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        scheme = where / "company.yaml"
        scheme.write_bytes(scheme_yaml(company))
        for n in (int(s) for s in args.sizes.split(",")):
            data = where / f"people-{n}.csv"
            data.write_bytes(actuals_csv(company, n))
            runs: dict[str, list[tuple[float, float]]] = {"report": [], "score": []}
            html, json = where / f"report-{n}.html", where / f"score-{n}.json"
            for _ in range(args.repeat):
                for kind, command in (
                        ("report", ["report", str(scheme), "--data", str(data), "-o", str(html),
                                    "--lang", args.lang]),
                        ("score", ["score", str(scheme), "--data", str(data), "--format",
                                   "json", "-o", str(json)])):
                    seconds, peak, code = process_peak([str(APPRAISE), *command])
                    if code:
                        raise SystemExit(f"appraise {kind} failed for {n} people")
                    runs[kind].append((seconds, peak))
                    print(f"{kind} {n:,}: {seconds:.2f} s, {peak:.0f} MiB", file=sys.stderr)
            rows.append((n, *(_median(runs[k]) for k in ("report", "score")),
                         html.stat().st_size, json.stat().st_size))
    print(f"| people | report s | report peak MiB | report file | score --format json s "
          f"| score peak MiB | JSON file |  (--lang {args.lang}, median of {args.repeat})")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, (rs, rm), (ss, sm), hs, js in rows:
        print(f"| {n:,} | {rs:.2f} | {rm:.0f} | {_size(hs)} | {ss:.2f} | {sm:.0f} | "
              f"{_size(js)} |")


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s for s, _ in runs), statistics.median(m for _, m in runs)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


if __name__ == "__main__":
    main()
