"""Benchmark of a scheme kept by month: a synthetic company, its cascade, a period scored.

    .venv/bin/python bench/cascade.py                       # 1,000 and 10,000 people, 12 months
    .venv/bin/python bench/cascade.py --sizes 100000 --months 3

The company: a general manager, 10 centres, departments of 20 salespeople and a
manager each; a yearly revenue target phased by quarter and split by shares to
the centres and evenly below; salespeople on their own figures (four indicators
and a veto), managers and directors on their unit's result and their members'
average, calibration within departments, a pool per centre. Each size runs in a
fresh process; the report gives each stage's seconds and the process's peak
memory, as Markdown on standard output.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CENTRES = 10
TEAM = 20

HEAD = """\
appraise: 1
name: bench_cascade
label: Bench cascade
bonus_base: 48000
calendar: {year: 2026}
grades:
  - {grade: A, min: 95, coefficient: 1.2}
  - {grade: B, min: 85, coefficient: 1.0}
  - {grade: C, min: 70, coefficient: 0.8}
  - {grade: D, min: 60, coefficient: 0.5}
  - {grade: E, coefficient: 0}
fields:
  revenue: {aggregate: sum}
  cash_collected: {aggregate: sum}
  satisfaction: {aggregate: weighted_average, weight: surveys, combine: average}
  surveys: {aggregate: sum}
  teamwork:
    aggregate: average
    raters: {self: 10, manager: 60, peer: 30}
    drop_extremes: true
    convert: {from: [1, 5], to: [0, 100]}
  violations: {aggregate: sum}
indicators:
  revenue_achievement:
    formula: revenue
    rule: {kind: linear, at_target: 100, above: 1.3, below: 0.3, cap: 120, floor: 0}
  unit_revenue:
    scope: unit
    formula: revenue
    rule: {kind: linear, at_target: 100, above: 1.3, below: 0.3, cap: 120, floor: 0}
  collection:
    formula: cash_collected / revenue * 100
    rule:
      kind: bands
      bands: [{min: 95, points: 100}, {min: 90, max: 95, points: 80}, {max: 90, points: 50}]
  unit_collection:
    scope: unit
    formula: cash_collected / revenue * 100
    rule:
      kind: bands
      bands: [{min: 95, points: 100}, {min: 90, max: 95, points: 80}, {max: 90, points: 50}]
  satisfaction:
    formula: satisfaction
    rule: {kind: piecewise, table: [{value: 70, points: 0}, {value: 90, points: 100}], cap: 100}
  teamwork: {formula: teamwork, rule: {kind: formula, points: value}}
  team: {members: equal}
  veto: {formula: violations, rule: {kind: veto}}
scorecards:
  rep:
    items:
      - {indicator: revenue_achievement, weight: 40}
      - {indicator: collection, weight: 20}
      - {indicator: satisfaction, weight: 20}
      - {indicator: teamwork, weight: 20}
      - {indicator: veto}
  head:
    items:
      - {indicator: unit_revenue, weight: 50}
      - {indicator: unit_collection, weight: 20}
      - {indicator: team, weight: 30}
      - {indicator: veto}
calibration: {within: department, at_most: {A: 20}, at_least: {C: 10}}
"""


def scheme_text(people: int) -> str:
    departments = max(1, people // (TEAM + 1))
    per_centre = -(-departments // CENTRES)
    lines = [HEAD, "units:", "  company: {kind: company, head: gm}"]
    posts = ["posts:", "  gm: {unit: company, scorecard: head}"]
    staff = ["people:", "  GM: {post: gm}"]
    pools = ["pools:"]
    for c in range(CENTRES):
        lines.append(f"  c{c}: {{kind: centre, parent: company, head: d{c}}}")
        posts.append(f"  d{c}: {{unit: c{c}, scorecard: head}}")
        staff.append(f"  D{c}: {{post: d{c}}}")
        pools.append(f"  c{c}: {48000 * TEAM * per_centre}")
    for d in range(departments):
        c = d % CENTRES
        lines.append(f"  u{d}: {{kind: department, parent: c{c}, head: m{d}}}")
        posts.append(f"  m{d}: {{unit: u{d}, scorecard: head}}")
        posts.append(f"  r{d}: {{unit: u{d}, scorecard: rep}}")
        staff.append(f"  M{d}: {{post: m{d}}}")
        staff.extend(f"  R{d}x{i}: {{post: r{d}}}" for i in range(TEAM))
    shares = ", ".join(f"c{c}: 10" for c in range(CENTRES))
    cascade = ["cascade:", "  revenue:", "    indicators: [revenue_achievement, unit_revenue]",
               f"    target: {departments * TEAM * 4_000_000}",
               "    phasing: {quarters: [20, 25, 25, 30]}",
               f"    split: {{company: {{shares: {{{shares}}}}}}}"]
    return "\n".join([*lines, *posts, *staff, *pools, *cascade]) + "\n"


def data_text(people: int, months: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    departments = max(1, people // (TEAM + 1))
    out = ["id,period,revenue,cash_collected,satisfaction,surveys,teamwork@self,"
           "teamwork@manager,teamwork@peer1,teamwork@peer2,teamwork@peer3,violations"]
    heads = ["GM", *(f"D{c}" for c in range(CENTRES)), *(f"M{d}" for d in range(departments))]
    for month in range(1, months + 1):
        period = f"2026-{month:02d}"
        out.extend(f"{h},{period},,,,,,,,,,0" for h in heads)
        for d in range(departments):
            for i in range(TEAM):
                revenue = rng.randrange(200, 500) * 1000
                cash = revenue * rng.choice((99, 96, 93, 91, 88)) // 100
                ratings = ",".join(str(rng.randint(2, 5)) for _ in range(5))
                out.append(f"R{d}x{i},{period},{revenue},{cash},{rng.randint(70, 99)},"
                           f"{rng.randint(5, 30)},{ratings},0")
    return "\n".join(out) + "\n"


def one(people: int, months: int, folder: Path) -> dict[str, float]:
    """Run every stage once in this process; seconds per stage and peak memory."""
    sys.path.insert(0, str(ROOT))
    from appraise import load_scheme, parse_period, read_monthly, score
    from appraise.report import score_table, targets_table

    gc.set_threshold(100_000, 50, 1000)  # as the appraise command sets it
    scheme_file, data_file = folder / "scheme.yaml", folder / "data.csv"
    scheme_file.write_text(scheme_text(people), encoding="utf-8")
    data_file.write_text(data_text(people, months), encoding="utf-8")
    out: dict[str, float] = {}

    def stage(name: str, run):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        value = run()
        out[name] = time.perf_counter() - start
        return value

    scheme = stage("validate", lambda: load_scheme(scheme_file))
    stage("targets", lambda: targets_table(scheme, None))
    monthly = stage("read", lambda: read_monthly(data_file, scheme))
    period = parse_period(f"2026-YTD-{months:02d}", 2026)
    result = stage("appraise", lambda: score(scheme, monthly, period))
    stage("table", lambda: score_table(result))
    out["people"] = len(result.people)
    out["rows"] = sum(len(a.rows) for a in monthly.months.values())
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(one(args.one, args.months, Path(folder))))
        return
    print("| people | rows | validate s | targets s | read s | appraise s | table s | "
          "peak MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--one", str(size), "--months",
                               str(args.months)], capture_output=True, text=True, check=True)
        r = json.loads(done.stdout)
        print(f"| {int(r['people']):,} | {int(r['rows']):,} | {r['validate']:.2f} | "
              f"{r['targets']:.2f} | {r['read']:.2f} | {r['appraise']:.2f} | "
              f"{r['table']:.2f} | {r['peak_mib']:.0f} |")


if __name__ == "__main__":
    main()
