"""Appraise's benchmark suite: a synthetic company scored four ways, side by side.

    .venv/bin/python bench/run.py                 # N = 1,000, 10,000 and 100,000
    .venv/bin/python bench/run.py --quick         # N = 1,000 and 10,000 only
    .venv/bin/python bench/run.py --sizes 5000 --repeat 5 --zen-variants

Needs the bench extra: ``pip install -e '.[bench]'`` (zen-engine).

For each N it generates a company (bench/synthetic.py; scheme and data are written to
a temporary folder and removed afterwards), scores it with

  (a) simpleeval.simple_eval per person per formula, plus plain-Python rules,
  (b) GoRules ZEN (zen-engine), one compiled expression per scorecard,
  (c) hand-written NumPy,
  (d) Appraise's score,

checks that (a), (b) and (c) agree with (d) to the cent on every person's total and
bonus and on the grade (on any difference it names the first person and exits 1),
and only then reports the times. At the largest N it scores a second, independently
shaped workload (bench/card.py: one card of 20 indicators) with Appraise and with
NumPy written for it, checked equal. It also times the ``appraise`` command itself:
each command's start-up on the shipped examples (bench/startup.py), validating a
2,000-post scheme, and ``score`` on the largest data file, end to end; with
``--large``, the company at 1,000,000 people and the year kept by month at 100,000,
file to file, beside the floor of reading and writing the same files
(bench/end_to_end.py). Exit codes: 0 done, 1 a method disagreed or a step failed, 2
usage error.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import measure
import synthetic
from common import Disagreement, check_agreement


@dataclass
class Row:
    n: int
    method: str
    label: str
    seconds: float | None = None
    measured_on: int | None = None  # people actually timed, when fewer than n
    memory: dict[str, float] = field(default_factory=dict)
    note: str = ""

    @property
    def per_second(self) -> float | None:
        if self.seconds is None:
            return None
        return (self.measured_on or self.n) / self.seconds

    @property
    def scaled(self) -> float | None:
        """Seconds for all n people (extrapolated linearly from a subset)."""
        if self.seconds is None:
            return None
        return self.seconds * self.n / (self.measured_on or self.n)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="Appraise benchmark suite (see bench/RESULTS.md)")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated numbers of people (default %(default)s)")
    parser.add_argument("--quick", action="store_true",
                        help="only N = 1,000 and 10,000 (skips 100,000)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs per method and N; the best counts (default 5)")
    parser.add_argument("--a-limit", type=int, default=None, metavar="N",
                        help="time method (a) on at most N people and extrapolate "
                        "(default: all people)")
    parser.add_argument("--zen-variants", action="store_true",
                        help="also time ZEN's map() and decision-graph evaluate_batch ways")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the peak-memory child processes")
    parser.add_argument("--no-cli", action="store_true",
                        help="skip timing the appraise command")
    parser.add_argument("--no-card", action="store_true",
                        help="skip the second workload (bench/card.py) at the largest N")
    parser.add_argument("--large", action="store_true",
                        help="also run bench/end_to_end.py: the company at 1,000,000 people "
                        "and the year kept by month at 100,000, file to file, with their "
                        "floors (about 10 minutes more)")
    parser.add_argument("--keep", metavar="DIR",
                        help="write the generated files to DIR and keep them")
    parser.add_argument("--seed", type=int, default=7, help="seed of the data (default 7)")
    # internal: one method's peak memory, in a fresh process
    parser.add_argument("--child-memory", help=argparse.SUPPRESS)
    parser.add_argument("--scheme", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes numbers, e.g. 1000,10000,100000")
    if args.quick:
        args.sizes = [n for n in args.sizes if n < 100_000] or [1000, 10_000]
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be at least 1")
    return args


def write_scheme(folder: Path, name: str, company: synthetic.Company) -> Path:
    from appraise import validate_scheme

    path = folder / name
    path.write_bytes(synthetic.scheme_yaml(company))
    result = validate_scheme(str(path))
    if result.diagnostics:
        for diagnostic in result.diagnostics[:20]:
            log(str(diagnostic))
        raise SystemExit(f"the generated scheme {name} is not clean: "
                         f"{len(result.diagnostics)} problems")
    return path


def bench_size(args: argparse.Namespace, folder: Path, scheme_file: Path,
               company: synthetic.Company, n: int) -> tuple[list[Row], Path, dict[str, float]]:
    import method_numpy
    from methods import COLUMNS, METHODS, ZEN_VARIANTS, has_columns, inputs

    data_file = folder / f"actuals_{n}.csv"
    data_file.write_bytes(synthetic.actuals_csv(company, n, seed=args.seed))
    start = time.perf_counter()
    loaded = inputs(scheme_file, data_file)
    loading = {"load + read": time.perf_counter() - start}
    log(f"N = {n:,}: scheme and {data_file.stat().st_size / 2**20:.1f} MiB of data loaded "
        f"in {loading['load + read']:.2f} s")

    appraise = METHODS["d"]
    start = time.perf_counter()
    appraise.run(loaded)
    loading["first run d"] = time.perf_counter() - start
    rows = [Row(n, "d", appraise.label,
                seconds=measure.best_of(lambda: appraise.run(loaded), args.repeat))]
    result = appraise.run(loaded)
    start = time.perf_counter()
    _ = [p.total for p in result.people]  # views made when asked for: not in (d)'s time
    loading["then d's person objects"] = time.perf_counter() - start
    reference = appraise.scores(result)
    del result
    people = loaded.people
    log(f"  d: {rows[0].seconds:.3f} s")
    peers = [METHODS[k] for k in "abc"]
    if has_columns(loaded) and loaded.rows is loaded.actuals.rows:
        peers.append(COLUMNS)
    if args.zen_variants:
        peers += list(ZEN_VARIANTS.values())
    for method in peers:
        limit = args.a_limit if method.key == "a" and args.a_limit and args.a_limit < n \
            else None
        subset = inputs_subset(loaded, limit)
        start = time.perf_counter()
        result = method.run(subset)
        first = time.perf_counter() - start
        loading[f"first run {method.key}"] = first
        check_agreement(method.label, people, method.scores(result), reference, limit)
        row = Row(n, method.key, method.label, measured_on=limit)
        if method.key == "a" or (method.key.startswith("b-") and first > 20):
            row.seconds = first  # slow: the checked run is the timed run
            row.note = "timed once"
        else:
            row.seconds = measure.best_of(lambda m=method, s=subset: m.run(s), args.repeat)
        if method.key == "c":
            split: dict[str, float] = {}
            method_numpy.score(loaded.doc, loaded.rows, split)
            loading["c rows to columns"] = split["columns"]
            loading["c kernels"] = split["kernels"]
        rows.append(row)
        log(f"  {method.key}: {row.seconds:.3f} s" + (f" on {limit:,} people" if limit else ""))
    if not args.no_memory:
        for row in rows:
            limit = row.measured_on
            row.memory = measure.method_memory(row.method, scheme_file, data_file, limit)
            log(f"  {row.method}: peak {row.memory['whole']:.0f} MiB")
    return rows, data_file, loading


def inputs_subset(loaded: object, limit: int | None) -> object:
    if limit is None:
        return loaded
    from dataclasses import replace

    return replace(loaded, rows=loaded.rows[:limit])  # type: ignore[type-var]


def table(rows: list[Row], memory: bool) -> str:
    lines = ["| N | method | seconds | people/s | d / method |"
             + (" peak RSS, MiB (added) |" if memory else ""),
             "|---:|---|---:|---:|---:|" + ("---:|" if memory else "")]
    by_n: dict[int, dict[str, Row]] = {}
    for row in rows:
        by_n.setdefault(row.n, {})[row.method] = row
    for row in rows:
        d = by_n[row.n]["d"]
        seconds = f"{row.scaled:.3f}" if row.scaled is not None else "-"
        if row.measured_on:
            seconds += f" (extrapolated from {row.measured_on:,} people: {row.seconds:.3f})"
        elif row.note:
            seconds += f" ({row.note})"
        ratio = "-" if row.method == "d" or not row.scaled or d.scaled is None else \
            f"{d.scaled / row.scaled:.3f}" + _times(row.scaled / d.scaled)
        speed = f"{row.per_second:,.0f}" if row.per_second else "-"
        line = f"| {row.n:,} | {row.label} | {seconds} | {speed} | {ratio} |"
        if memory:
            mem = row.memory
            line += f" {mem['whole']:,.0f} ({mem['added']:,.0f}) |" if mem else " - |"
        lines.append(line)
    return "\n".join(lines)


def _times(factor: float) -> str:
    return f" (d {factor:,.1f}x faster)" if factor >= 1 else f" (d {1 / factor:,.1f}x slower)"


def bench_cli(args: argparse.Namespace, folder: Path, scheme_file: Path,
              largest: Path | None) -> list[str]:
    """The appraise command as a user runs it: whole processes."""
    appraise = Path(sys.executable).parent / "appraise"
    if not appraise.exists():
        return [f"- `appraise` not found next to {sys.executable}: command timings skipped"]
    import startup

    log("  start-up of each command")
    found = startup.time_commands([Path(sys.executable)], 10, progress=False)
    lines = ["Start-up, each command on the shipped examples (`bench/startup.py`):", "",
             *startup.report([Path(sys.executable)], found, 10), ""]
    seconds, code = measure.process_seconds([str(appraise), "validate", str(scheme_file)], 7)
    lines.append(f"- `appraise validate` of the benchmark scheme "
                 f"({scheme_file.stat().st_size / 1024:.0f} KiB): {seconds * 1000:.0f} ms "
                 f"(median of 7 runs; exit {code})")
    log("  validating a 2,000-post scheme")
    big = synthetic.make_company(centres=4, departments=5, teams=10, posts_per_team=10,
                                 override_people=1000)
    big_file = write_scheme(folder, "scheme_2000_posts.yaml", big)
    from appraise import validate_scheme

    times = []
    for _ in range(5):
        start = time.perf_counter()
        validate_scheme(str(big_file))
        times.append(time.perf_counter() - start)
    times.sort()
    lines.append(f"- load and validate a scheme with {big.post_count:,} posts "
                 f"({big_file.stat().st_size / 1024:.0f} KiB, {len(big.doc['units'])} units, "
                 f"{len(big.doc['people'])} people): {times[2]:.3f} s in process "
                 f"(`validate_scheme`, median of 5)")
    seconds, code = measure.process_seconds([str(appraise), "validate", str(big_file)], 5)
    lines.append(f"- `appraise validate` of that scheme: {seconds:.3f} s as a whole process "
                 f"(median of 5; exit {code})")
    if largest is not None:
        for fmt in ("table", "csv", "json"):
            log(f"  appraise score --format {fmt} on {largest.name}")
            out = folder / f"scores.{fmt}"
            runs = [measure.process_peak([str(appraise), "score", str(scheme_file), "--data",
                                          str(largest), "--format", fmt, "-o", str(out)])
                    for _ in range(3)]
            seconds = sorted(r[0] for r in runs)[1]
            peak = max(r[1] for r in runs)
            code = max(r[2] for r in runs)
            lines.append(f"- `appraise score --format {fmt}` end to end on {largest.name} "
                         f"({largest.stat().st_size / 2**20:.1f} MiB CSV, written to a file of "
                         f"{out.stat().st_size / 2**20:.1f} MiB): {seconds:.2f} s (median of 3), "
                         f"peak RSS {peak:.0f} MiB; exit {code}")
        lines.append("- the same steps in process, once: " + ", ".join(
            f"{k} {v:.2f} s" for k, v in score_stages(scheme_file, largest).items()))
    return lines


def score_stages(scheme_file: Path, data_file: Path) -> dict[str, float]:
    """Where ``appraise score`` spends its time: the library calls it makes, one by one."""
    from appraise import load_scheme, read_actuals, report, score

    stages: dict[str, float] = {}
    start = time.perf_counter()
    scheme = load_scheme(str(scheme_file))
    stages["load scheme"] = time.perf_counter() - start
    start = time.perf_counter()
    actuals = read_actuals(str(data_file), scheme)
    stages["read CSV"] = time.perf_counter() - start
    start = time.perf_counter()
    result = score(scheme, actuals)
    stages["score"] = time.perf_counter() - start
    start = time.perf_counter()
    report.score_table(result)
    stages["render table"] = time.perf_counter() - start
    return stages


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    if args.child_memory:
        measure.memory_child(args.child_memory, args.scheme, args.data, args.limit)
        return 0
    info = measure.machine()  # before anything runs: the library measured is this one
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="appraise-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        company = synthetic.make_company(override_people=min(args.sizes))
        scheme_file = write_scheme(folder, "scheme.yaml", company)
        log(f"scheme: {company.post_count} posts, {len(company.doc['units'])} units, "
            f"{len(synthetic.CARDS)} scorecards of 20 items, in {folder}")
        rows: list[Row] = []
        notes: list[str] = []
        largest = None
        for n in sorted(args.sizes):
            size_rows, largest, loading = bench_size(args, folder, scheme_file, company, n)
            rows += size_rows
            notes.append(f"- N = {n:,}: " + "; ".join(f"{k} {v:.3f} s"
                                                      for k, v in loading.items()))
        card_lines = [] if args.no_card else bench_card(args, folder)
        cli = [] if args.no_cli else bench_cli(args, folder, scheme_file, largest)
        large = bench_large(folder) if args.large else []
        now = measure.machine()["appraise commit"]
        if now != info["appraise commit"]:
            info["appraise commit"] += f" at the start, {now} at the end: the library " \
                "changed during the run, so its numbers may mix the two"
        print(report(args, info, rows, notes, cli, [*card_lines, *large]))
    except Disagreement as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def bench_card(args: argparse.Namespace, folder: Path) -> list[str]:
    """The second workload, at the largest N: one card of 20 indicators (bench/card.py)."""
    import card

    n = max(args.sizes)
    log(f"card of 20 indicators: N = {n:,}")
    work = folder / "card"
    work.mkdir(exist_ok=True)
    return ["## A second workload: one card of 20 indicators (`bench/card.py`)", "",
            *card.table(card.bench_size(n, work, args.repeat, not args.no_memory),
                        not args.no_memory, args.repeat)]


def bench_large(folder: Path) -> list[str]:
    """The company at 1,000,000 people and the year at 100,000, file to file."""
    import end_to_end

    work = folder / "end_to_end"
    work.mkdir(exist_ok=True)
    made = [end_to_end.company_files(work, 1_000_000), end_to_end.year_files(work, 100_000)]
    for files in made:
        if not end_to_end.bench(files, [Path(sys.executable)], 1, work):
            raise SystemExit(f"end to end: the {files.key} run failed")
    return end_to_end.report(made, [Path(sys.executable)])


def report(args: argparse.Namespace, info: dict[str, str], rows: list[Row],
           notes: list[str], cli: list[str], more: list[str]) -> str:
    memory = not args.no_memory
    parts = [
        "## Scoring: from the loaded scheme and parsed data to totals, grades and bonuses",
        "",
        table(rows, memory),
        "",
        f"Seconds: best of {args.repeat} runs after a run whose results were checked "
        "against (d) to the cent (total, bonus) and on the grade for every person; rows "
        "marked 'timed once' are that checked run. 'd / method' is d's time over the "
        "method's: below 1, Appraise is faster.",
    ]
    if memory:
        parts += ["", "Peak RSS: each method run once in a fresh child process after loading "
                  "the scheme and the data; VmHWM from /proc/self/status, reset "
                  "(clear_refs) after loading, so it is the process's peak while the "
                  "method ran; in brackets what the method added to the resident size it "
                  "started with."]
    parts += ["", "Not in the times above: loading the scheme and reading the CSV; the first "
              "(checked, cold) run of each method, in this process (so with the garbage "
              "collector's passes over whatever earlier sizes left); the PersonResult objects "
              "Appraise makes when `result.people` is first read; and where (c) spends its "
              "time:", "", *notes]
    if more:
        parts += ["", *more]
    if cli:
        parts += ["", "## The appraise command", "", *cli]
    parts += ["", "## Machine", ""]
    parts += [f"- {k}: {v}" for k, v in info.items()]
    command = " ".join([".venv/bin/python bench/run.py", *sys.argv[1:]])
    parts += ["", f"Command: `{command}`"]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
