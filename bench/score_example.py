"""Time the example scheme: load and validate, then score N synthetic sales reps.

    python bench/score_example.py [N] [--memory]

Prints seconds for each stage and people per second. A first measure only;
the full benchmark suite against other engines is a separate piece of work.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from pathlib import Path

from appraise import load_scheme, read_actuals, score
from appraise.report import score_json

ROOT = Path(__file__).resolve().parent.parent
SCHEME = ROOT / "schemes" / "examples" / "sales_company.yaml"


def synthetic_csv(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    lines = ["id,post,revenue,cash_collected,sales_cost,new_customers,satisfaction,teamwork,"
             "contract_errors,serious_violations"]
    for i in range(n):
        revenue = rng.randint(600_000, 1_800_000)
        lines.append(",".join(str(v) for v in (
            f"P{i:06d}", "sales_rep", revenue, int(revenue * rng.uniform(0.8, 1.0)),
            int(revenue * rng.uniform(0.12, 0.26)), rng.randint(5, 22), rng.randint(60, 100),
            rng.choice("ABCD"), rng.choice([0, 0, 0, 1, 2]), int(rng.random() < 0.01))))
    return ("\n".join(lines) + "\n").encode()


def _without_people(scheme: bytes) -> bytes:
    """The example without its people: the synthetic reps are the period's whole staff
    (each of the example's people would otherwise be missing a row, which is an error)."""
    text = scheme.decode("utf-8")
    return text[:text.index("\npeople:\n")].encode() + b"\n"


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    n = int(numbers[0]) if numbers else 10_000
    content = synthetic_csv(n)
    if "--memory" in sys.argv:
        tracemalloc.start()
    t0 = time.perf_counter()
    scheme = load_scheme(SCHEME, _without_people(SCHEME.read_bytes()))
    t1 = time.perf_counter()
    actuals = read_actuals("synthetic.csv", scheme, content=content)
    t2 = time.perf_counter()
    result = score(scheme, actuals)
    t3 = time.perf_counter()
    score_json(result)
    t4 = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1]
    print(f"people: {n:,} (8 indicators each)")
    print(f"load + validate scheme: {t1 - t0:8.3f} s")
    print(f"read data:              {t2 - t1:8.3f} s")
    print(f"score:                  {t3 - t2:8.3f} s  ({n / (t3 - t2):,.0f} people/s)")
    print(f"render JSON:            {t4 - t3:8.3f} s")
    print(f"peak traced memory:     {peak / 2**20:8.1f} MiB")


if __name__ == "__main__":
    main()
