"""A second scoring workload, shaped independently of bench/synthetic.py: one card of 20
indicators, scored by Appraise and by hand-written NumPy, checked equal to the cent.

    .venv/bin/python bench/card.py                          # 100,000 people
    .venv/bin/python bench/card.py --sizes 100000,1000000 --repeat 5

The card: six ``a / b * 100`` formulas, linear rules (+1.3 a point over the target,
-0.3 under, capped at 120) on four figures, bands (closed below and above), capped
ratios, lower is better (on the value and on achievement), two piecewise tables,
two ratings, a deduction and a one-vote veto; twelve posts, each with its own targets;
the figures drawn around them, some exactly on an edge.

For each size both score the same people from parsed data (the scheme loaded and the
CSV read are not timed): Appraise's ``score`` from ``read_actuals``, and the NumPy
below, written for this card alone, from the file's columns as the csv module reads
them. Every person's total and bonus to the cent and grade must agree before any time
is shown (exit 1 otherwise). Then each runs in a fresh process for its peak memory.
The report is Markdown on standard output.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import random
import sys
import tempfile
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import Any

import measure
import numpy as np
import yaml
from common import (
    Disagreement,
    Scores,
    check_agreement,
    edge_above,
    edge_at_least,
    edge_shown_at_least,
)
from numpy.typing import NDArray

Floats = NDArray[np.float64]

# -- the scheme -----------------------------------------------------------------------------

# Twelve posts, four departments of three: each post's own targets.
POSTS = [
    {"revenue": revenue, "margin": revenue * 3 // 10, "profit": revenue // 5,
     "customers": customers, "orders": customers * 4, "expense": revenue // 10}
    for revenue, customers in ((800_000, 8), (1_000_000, 10), (1_200_000, 12),
                               (1_500_000, 14), (900_000, 9), (1_100_000, 11),
                               (1_300_000, 13), (1_600_000, 16), (700_000, 6),
                               (1_000_000, 12), (1_400_000, 15), (2_000_000, 20))
]
GRADES = [(95, 1.2), (85, 1.0), (70, 0.8), (60, 0.5), (None, 0.0)]
BONUS_BASE = 18_000
LINEAR = {"kind": "linear", "at_target": 100, "above": 1.3, "below": 0.3, "cap": 120,
          "floor": 0}
ABCD = {"A": 100, "B": 80, "C": 60, "D": 40}
FIVE = {"优": 100, "良": 85, "中": 70, "可": 55, "差": 30}

# indicator: (formula, rule, weight or None, the indicator's target or the posts' key)
INDICATORS: dict[str, tuple[str, dict[str, Any], int | None, Any]] = {
    "revenue": ("revenue", LINEAR, 14, "revenue"),
    "margin": ("gross_margin", LINEAR, 8, "margin"),
    "profit": ("gross_margin - sales_cost", LINEAR, 5, "profit"),
    "customers": ("new_customers", {"kind": "ratio", "cap": 120}, 6, "customers"),
    "orders": ("orders", {"kind": "ratio", "cap": 150}, 5, "orders"),
    "collection": ("cash_collected / revenue * 100", {"kind": "bands", "bands": [
        {"min": 95, "points": 100}, {"min": 90, "max": 95, "points": 80},
        {"min": 80, "max": 90, "points": 60}, {"max": 80, "points": 0}]}, 7, None),
    "cost_rate": ("sales_cost / revenue * 100",
                  {"kind": "lower_is_better", "per_unit_over": 5}, 6, 20),
    "on_time": ("delivered_on_time / deliveries * 100", {"kind": "bands", "bands": [
        {"min": 98, "points": 100}, {"min": 95, "max": 98, "points": 85},
        {"min": 90, "max": 95, "points": 70}, {"max": 90, "points": 40}]}, 5, None),
    "margin_rate": ("gross_margin / revenue * 100", {"kind": "ratio", "cap": 120}, 5, 30),
    "return_rate": ("returns / orders * 100",
                    {"kind": "lower_is_better", "per_unit_over": 8}, 5, 3),
    "visits": ("visits / visits_planned * 100", {"kind": "piecewise", "cap": 100, "table": [
        {"value": 60, "points": 0}, {"value": 80, "points": 60},
        {"value": 100, "points": 100}]}, 5, None),
    "satisfaction": ("satisfaction", {"kind": "piecewise", "table": [
        {"value": 70, "points": 0}, {"value": 90, "points": 100}]}, 6, None),
    "training": ("training_hours", {"kind": "ratio", "cap": 100}, 3, 40),
    "complaints": ("complaints", {"kind": "lower_is_better", "per_unit_over": 20}, 4, 1),
    "expense": ("expense", {"kind": "lower_is_better", "basis": "achievement",
                            "per_unit_over": 2}, 5, "expense"),
    "receivables": ("receivable_days", {"kind": "bands", "closed": "upper", "bands": [
        {"max": 30, "points": 100}, {"min": 30, "max": 45, "points": 80},
        {"min": 45, "max": 60, "points": 60}, {"min": 60, "points": 20}]}, 4, None),
    "teamwork": ("teamwork", {"kind": "rating", "scale": "abcd"}, 4, None),
    "attitude": ("attitude", {"kind": "rating", "scale": "five"}, 3, None),
    "errors": ("contract_errors", {"kind": "deduction", "per_event": 5, "max_points": 20},
               None, None),
    "violations": ("violations", {"kind": "veto"}, None, None),
}
NUMBERS = ["revenue", "gross_margin", "sales_cost", "new_customers", "orders",
           "cash_collected", "delivered_on_time", "deliveries", "returns", "visits",
           "visits_planned", "satisfaction", "training_hours", "complaints", "expense",
           "receivable_days", "contract_errors", "violations"]
RATINGS = {"teamwork": "abcd", "attitude": "five"}
LOWER = {"cost_rate", "return_rate", "complaints", "expense"}


def scheme_doc() -> dict[str, Any]:
    indicators: dict[str, Any] = {}
    for name, (formula, rule, _, goal) in INDICATORS.items():
        entry: dict[str, Any] = {"formula": formula, "rule": rule}
        if name in LOWER:
            entry["direction"] = "lower_is_better"
        if name in RATINGS:
            entry["type"] = "qualitative"
        if isinstance(goal, int):
            entry["target"] = goal
        indicators[name] = entry
    posts = {}
    for p, own in enumerate(POSTS):
        posts[f"post{p}"] = {"unit": f"dept{p // 3}", "scorecard": "card", "targets": {
            name: own[goal] for name, (_, _, _, goal) in INDICATORS.items()
            if isinstance(goal, str)}}
    return {
        "appraise": 1, "name": "bench_card", "label": "一张二十项的考核表（基准测试）",
        "bonus_base": BONUS_BASE,
        "scales": {"abcd": {"levels": {k: {"points": v} for k, v in ABCD.items()}},
                   "five": {"levels": {k: {"points": v} for k, v in FIVE.items()}}},
        "grades": [{"grade": "ABCDE"[i], "coefficient": c, **({"min": m} if m else {})}
                   for i, (m, c) in enumerate(GRADES)],
        "fields": {**{f: {"aggregate": "sum"} for f in NUMBERS},
                   **{f: {"type": "rating", "scale": s, "aggregate": "last"}
                      for f, s in RATINGS.items()}},
        "indicators": indicators,
        "scorecards": {"card": {"items": [
            {"indicator": name, **({"weight": weight} if weight else {})}
            for name, (_, _, weight, _) in INDICATORS.items()]}},
        "units": {"company": {"kind": "company"},
                  **{f"dept{d}": {"kind": "department", "parent": "company"}
                     for d in range(len(POSTS) // 3)}},
        "posts": posts,
    }


class _Plain(yaml.SafeDumper):
    """Appraise reads plain YAML only: the shared rules are written out each time."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def scheme_yaml() -> bytes:
    return ("# Generated by bench/card.py: a benchmark card, not a real scheme.\n"
            + yaml.dump(scheme_doc(), Dumper=_Plain, allow_unicode=True, sort_keys=False,
                        width=100)).encode()


# -- the figures ----------------------------------------------------------------------------

_EDGES = [Fraction(1), Fraction(115, 100), Fraction(85, 100), Fraction(12, 10)]


def _around(target: int, rng: random.Random, step: int = 1) -> int:
    """Near ``target``; one in eight exactly on 100%, 115%, 85% or 120% of it."""
    roll = rng.random()
    if roll < 0.125:
        exact = target * rng.choice(_EDGES)
        if exact.denominator == 1:
            return int(exact)
    factor = rng.uniform(0.3, 0.7) if roll < 0.18 else rng.uniform(1.2, 1.7) \
        if roll < 0.26 else max(0.2, rng.gauss(1.0, 0.15))
    return max(step, round(target * factor / step) * step)


def person_row(i: int, rng: random.Random) -> list[str]:
    p = i * 7 % len(POSTS)
    own = POSTS[p]
    revenue = _around(own["revenue"], rng, 1000)
    deliveries, planned = rng.randint(20, 200), rng.randint(10, 40)
    margin = _around(own["margin"], rng, 100)
    satisfaction = rng.choice([rng.randint(55, 100), round(rng.uniform(55, 100), 1)])
    figures = [
        revenue, margin, round(revenue * rng.randint(120, 280) / 1000),
        _around(own["customers"], rng), _around(own["orders"], rng),
        revenue * rng.choice([100, 98, 96, 95, 95, 93, 90, 90, 88, 85, 80, 76]) // 100,
        deliveries - rng.choice([0, 0, 1, 2, 4, 6, 10, 20]), deliveries,
        rng.choice([0, 0, 0, 1, 1, 2, 3, 5]), planned - rng.choice([0, 0, 1, 2, 4, 8]),
        planned, satisfaction, rng.choice([rng.randint(0, 70), round(rng.uniform(0, 70), 1)]),
        rng.choice([0, 0, 0, 1, 1, 2, 4]), _around(own["expense"], rng, 100),
        rng.choice([30, 45, 60, rng.randint(10, 90)]),
        rng.choices([0, 1, 2, 6], [88, 8, 3, 1])[0], int(rng.random() < 0.003),
    ]
    return [f"C{i:07d}", f"post{p}", *map(str, figures),
            rng.choices("ABCD", [20, 45, 25, 10])[0],
            rng.choices("优良中可差", [15, 35, 30, 15, 5])[0]]


def data_csv(n: int, seed: int = 11) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    out.write(",".join(["id", "post", *NUMBERS, *RATINGS]) + "\n")
    for i in range(n):
        out.write(",".join(person_row(i, rng)) + "\n")
    return out.getvalue().encode()


# -- the same scoring, in NumPy written for this card -----------------------------------------


def read_columns(path: Path) -> tuple[dict[str, Floats], NDArray[np.intp], dict[str, Any]]:
    """The file's number columns, each post's index and the ratings (not timed)."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = csv.reader(stream)
        header = next(rows)
        table = list(rows)
    at = {name: j for j, name in enumerate(header)}
    columns = {name: np.array([float(r[at[name]]) for r in table]) for name in NUMBERS}
    post = np.array([int(r[at["post"]].removeprefix("post")) for r in table], dtype=np.intp)
    ratings = {name: np.array([r[at[name]] for r in table]) for name in RATINGS}
    return columns, post, ratings


def _post_targets(key: str) -> Floats:
    return np.array([float(own[key]) for own in POSTS])


TARGETS = {key: _post_targets(key) for key in POSTS[0]}
EXPENSE_EDGE = np.array([edge_above(float(t)) for t in TARGETS["expense"]])
GRADE_EDGES = [edge_shown_at_least(float(m)) for m, _ in GRADES if m is not None]


def _settled(x: Floats) -> Floats:
    """x to 12 significant digits, as a column (see bench/method_numpy.py)."""
    magnitude = np.floor(np.log10(np.maximum(np.abs(x), 1e-9)))
    scale = 10.0 ** (11 - magnitude)
    return np.where(np.abs(x) < 1e-9, 0.0, np.round(x * scale) / scale)


def _linear(v: Floats, t: Floats) -> Floats:
    gain = (v - t) / np.abs(t) * 100
    return np.clip(np.where(gain >= 0, 100 + gain * 1.3, 100 + gain * 0.3), 0, 120)


def _bands(x: Floats, edges: list[tuple[float, float]], lowest: float) -> Floats:
    points = np.full(len(x), lowest)
    for edge, worth in edges:
        points = np.where(x >= edge, worth, points)
    return points


def _piecewise(x: Floats, table: list[tuple[float, float]]) -> Floats:
    settled = _settled(x)
    points = np.full(len(x), table[-1][1])
    for (a, pa), (b, pb) in reversed(list(pairwise(table))):
        points = np.where(settled <= b, pa + (settled - a) * (pb - pa) / (b - a), points)
    points = np.where(x < edge_above(table[0][0]), table[0][1], points)
    return np.where(x >= edge_at_least(table[-1][0]), table[-1][1], points)


def _lower(v: Floats, target: float, per_unit: float) -> Floats:
    return np.where(v < edge_above(target), 100.0, np.maximum(100 - (v - target) * per_unit, 0))


def _rating(levels: NDArray[np.str_], worth: dict[str, int]) -> Floats:
    found, which = np.unique(levels, return_inverse=True)
    return np.array([float(worth[str(level)]) for level in found])[which]


def numpy_score(f: dict[str, Floats], post: NDArray[np.intp],
                ratings: dict[str, NDArray[np.str_]]) -> Scores:
    t = {key: targets[post] for key, targets in TARGETS.items()}
    revenue, margin = f["revenue"], f["gross_margin"]
    points = [
        (_linear(revenue, t["revenue"]), 14),
        (_linear(margin, t["margin"]), 8),
        (_linear(margin - f["sales_cost"], t["profit"]), 5),
        (np.minimum(f["new_customers"] / t["customers"] * 100, 120), 6),
        (np.minimum(f["orders"] / t["orders"] * 100, 150), 5),
        (_bands(f["cash_collected"] / revenue * 100, [
            (edge_at_least(80), 60.0), (edge_at_least(90), 80.0), (edge_at_least(95), 100.0)],
            0.0), 7),
        (_lower(f["sales_cost"] / revenue * 100, 20, 5), 6),
        (_bands(f["delivered_on_time"] / f["deliveries"] * 100, [
            (edge_at_least(90), 70.0), (edge_at_least(95), 85.0), (edge_at_least(98), 100.0)],
            40.0), 5),
        (np.minimum(margin / revenue * 100 / 30 * 100, 120), 5),
        (_lower(f["returns"] / f["orders"] * 100, 3, 8), 5),
        (np.minimum(_piecewise(f["visits"] / f["visits_planned"] * 100,
                               [(60, 0), (80, 60), (100, 100)]), 100), 5),
        (_piecewise(f["satisfaction"], [(70, 0), (90, 100)]), 6),
        (np.minimum(f["training_hours"] / 40 * 100, 100), 3),
        (_lower(f["complaints"], 1, 20), 4),
        (np.where(f["expense"] < EXPENSE_EDGE[post], 100.0,
                  np.maximum(100 - (f["expense"] / t["expense"] * 100 - 100) * 2, 0)), 5),
        (_bands(f["receivable_days"], [
            (edge_above(30), 80.0), (edge_above(45), 60.0), (edge_above(60), 20.0)],
            100.0), 4),
        (_rating(ratings["teamwork"], ABCD), 4),
        (_rating(ratings["attitude"], FIVE), 3),
    ]
    weighted = np.zeros(len(post))
    for column, weight in points:
        weighted = weighted + column * float(weight) / 100
    deduction = np.minimum(f["contract_errors"] * 5, 20)
    vetoed = f["violations"] >= edge_above(0.0)
    total = np.where(vetoed, 0.0, weighted - deduction)
    grade = np.full(len(post), len(GRADES) - 1, dtype=np.intp)
    for index in range(len(GRADE_EDGES) - 1, -1, -1):
        grade = np.where(total >= GRADE_EDGES[index], index, grade)
    grade = np.where(vetoed, len(GRADES) - 1, grade)
    coefficient = np.array([c for _, c in GRADES])
    return Scores(total, np.array(list("ABCDE"))[grade], coefficient[grade] * BONUS_BASE)


# -- Appraise ---------------------------------------------------------------------------------


def appraise_scores(result: Any) -> Scores:
    people, grades = result.columns, result.scheme.grades
    places = result.scheme.rounding.money
    return Scores(people.total.tolist(), [grades[g].grade for g in people.grade.tolist()],
                  [None if cents is None else cents / 10 ** places for cents in people.paid])


def load(folder: Path) -> tuple[Any, Any]:
    from appraise import load_scheme, read_actuals

    scheme = load_scheme(str(folder / "card.yaml"))
    return scheme, read_actuals(str(folder / "card.csv"), scheme)


def run_appraise(scheme: Any, actuals: Any) -> Any:
    from appraise import score

    return score(scheme, actuals)


# -- the run --------------------------------------------------------------------------------


def memory_child(method: str, folder: Path) -> None:
    """Load, then run ``method`` once; print its peak memory as JSON (see measure.py)."""
    if method == "numpy":
        inputs: tuple[Any, ...] = read_columns(folder / "card.csv")
        run: Any = numpy_score
    else:
        inputs, run = load(folder), run_appraise
    gc.collect()
    exact = measure.reset_peak()
    before = measure.status_kib("VmRSS")
    result = run(*inputs)
    peak = measure.status_kib("VmHWM")
    del result
    print(json.dumps({"whole": peak / 1024, "added": (peak - before) / 1024, "exact": exact}))


def child_memory(method: str, folder: Path) -> dict[str, Any]:
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--child-memory", method, "--folder",
                           str(folder)], capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        raise RuntimeError(f"memory measurement of {method} failed")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def bench_size(n: int, folder: Path, repeat: int, memory: bool) -> list[str]:
    (folder / "card.yaml").write_bytes(scheme_yaml())
    (folder / "card.csv").write_bytes(data_csv(n))
    scheme, actuals = load(folder)
    columns, post, ratings = read_columns(folder / "card.csv")
    people = [f"C{i:07d}" for i in range(n)]
    check_agreement("hand-written NumPy", people, numpy_score(columns, post, ratings),
                    appraise_scores(run_appraise(scheme, actuals)))
    mine = measure.best_of(lambda: run_appraise(scheme, actuals), repeat)
    floor = measure.best_of(lambda: numpy_score(columns, post, ratings), repeat)
    peaks = {m: child_memory(m, folder) for m in ("appraise", "numpy")} if memory else {}
    lines = []
    for label, key, seconds in (("Appraise `score`", "appraise", mine),
                                ("hand-written NumPy", "numpy", floor)):
        line = f"| {n:,} | {label} | {seconds:.3f} | {n / seconds:,.0f} | " \
            f"{seconds / floor:.1f}x |"
        if memory:
            line += f" {peaks[key]['whole']:,.0f} ({peaks[key]['added']:,.0f}) |"
        lines.append(line)
    return lines


def table(rows: list[str], memory: bool, repeat: int) -> list[str]:
    return ["| N | method | seconds | people/s | over NumPy |"
            + (" peak RSS, MiB (added) |" if memory else ""),
            "|---:|---|---:|---:|---:|" + ("---:|" if memory else ""), *rows, "",
            f"Seconds: best of {repeat}, from the loaded scheme and parsed data to every "
            "person's total, grade and bonus, after a run whose results agreed to the cent "
            "(total, bonus) and on the grade for every person."
            + (" Peak RSS: one run in a fresh process after loading (VmHWM, reset after "
               "loading); in brackets what the run added." if memory else "")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/card.py", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="people (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="runs, the best counts (5)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory")
    parser.add_argument("--keep", metavar="DIR", help="write the files to DIR and keep them")
    parser.add_argument("--child-memory", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_memory:
        memory_child(args.child_memory, Path(args.folder))
        return 0
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    except ValueError:
        parser.error("--sizes takes numbers, e.g. 100000,1000000")
    memory = not args.no_memory
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            for n in sizes:
                print(f"card: N = {n:,}", file=sys.stderr, flush=True)
                rows += bench_size(n, folder, args.repeat, memory)
        except Disagreement as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    lines = ["## A second workload: one card of 20 indicators (`bench/card.py`)", "",
             *table(rows, memory, args.repeat)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
