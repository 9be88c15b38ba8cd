"""Benchmark of `appraise validate` on large schemes, as whole processes.

    .venv/bin/python bench/validate.py           # 21,011 and 99,992 people, 2,025 posts
    .venv/bin/python bench/validate.py --people 21000 --runs 9
    .venv/bin/python bench/validate.py --against ../other/.venv/bin/appraise
    .venv/bin/python bench/validate.py --extended   # also each as a client's base

The schemes are bench/cascade.py's company kept by month (`scheme_text(n)`: a
general manager, 10 centres, departments of 20 salespeople and a manager, a
cascade, calibration and pools), at 21,000 people (2,011 posts and 21,011 people
entries) and 100,000 (9,533 posts and 99,992 people), and bench/run.py's plain
company of 2,025 posts. Each is validated by the `appraise` command beside this
Python (and, with --against, by another one, run after it in turn, so that both
see the same load on the machine): median and best wall seconds of --runs runs
after a warm-up, and peak memory. Then, in a fresh process, where the seconds go
inside the library: loading the YAML (and, for a scheme built on a base, putting the two
together), the JSON Schema, building the scheme. With --extended, each scheme is also
validated as the base of a client's scheme that extends it and changes one thing (an
Appraise that reads extend: only).
A command that fails, or two commands that say different things, stop it with exit 1.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import measure
import synthetic
from cascade import scheme_text

HERE = Path(__file__).resolve().parent

_STAGES = """
import gc, json, sys, time
gc.set_threshold(100_000, 50, 1000)  # as the appraise command sets it
from appraise.build.context import Context
from appraise.build.scheme import build
from appraise.load import check_schema, compose, load_yaml
best = None
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    doc = compose(load_yaml(sys.argv[1]))
    loaded = time.perf_counter()
    diagnostics, broken = check_schema(doc)
    checked = time.perf_counter()
    build(Context(doc, broken))
    done = time.perf_counter()
    times = [loaded - start, checked - loaded, done - checked]
    best = times if best is None or sum(times) < sum(best) else best
print(json.dumps(best))
"""


def extended(found: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Each scheme, and a client's scheme built on it that changes its name."""
    out = []
    for name, path in found:
        client = path.with_name(f"client_{path.name}")
        client.write_text(f"extend: {path.name}\nname: client\n", encoding="utf-8")
        out += [(name, path), (f"{name}, extended by a client", client)]
    return out


def schemes(folder: Path, sizes: list[int], plain: bool) -> list[tuple[str, Path]]:
    out = []
    for n in sizes:
        path = folder / f"company_{n}.yaml"
        path.write_text(scheme_text(n), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        posts = text.split("\nposts:\n")[1].split("\npeople:\n")[0].count("\n") + 1
        people = text.split("\npeople:\n")[1].split("\npools:\n")[0].count("\n") + 1
        out.append((f"by month, {posts:,} posts, {people:,} people", path))
    if not plain:
        return out
    company = synthetic.make_company(centres=4, departments=5, teams=10, posts_per_team=10,
                                   override_people=1000)
    path = folder / "plain_2025_posts.yaml"
    path.write_bytes(synthetic.scheme_yaml(company))
    out.append((f"plain, {company.post_count:,} posts, {len(company.doc['people'])} people",
                path))
    return out


def said(command: str, scheme: Path) -> tuple[int, str, str]:
    done = subprocess.run([command, "validate", str(scheme)], capture_output=True, text=True,
                          check=False)
    return done.returncode, done.stdout, done.stderr


def timed(commands: list[str], scheme: Path, runs: int) -> list[tuple[float, float, float]]:
    """Median and best seconds, and the largest peak MiB, of each command, run in turn."""
    seconds: list[list[float]] = [[] for _ in commands]
    peaks: list[float] = [0.0 for _ in commands]
    for i in range(runs + 1):
        for j, command in enumerate(commands):
            elapsed, peak, code = measure.process_peak([command, "validate", str(scheme)])
            if code != 0:
                raise SystemExit(f"{command} validate {scheme.name}: exit {code}")
            if i:  # the first round warms the file system's cache
                seconds[j].append(elapsed)
                peaks[j] = max(peaks[j], peak)
    return [(statistics.median(s), min(s), p) for s, p in zip(seconds, peaks, strict=True)]


def stages(scheme: Path, runs: int) -> list[float]:
    done = subprocess.run([sys.executable, "-c", _STAGES, str(scheme), str(runs)],
                          capture_output=True, text=True, check=True)
    found: list[float] = json.loads(done.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="21000,100000",
                        help="sizes of the company kept by month (default 21000,100000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--against", help="another appraise command, timed in turn")
    parser.add_argument("--no-plain", action="store_true", help="leave out the plain company")
    parser.add_argument("--extended", action="store_true",
                        help="also validate each scheme as the base of a client's scheme")
    args = parser.parse_args()
    ours = str(Path(sys.executable).parent / "appraise")
    commands = [ours] + ([args.against] if args.against else [])
    head = "| scheme | KiB | validate s (median, best) | peak MiB |"
    rule = "|---|---:|---:|---:|"
    if args.against:
        head += " against: s (median, best) | peak MiB | ratio |"
        rule += "---:|---:|---:|"
    print(head + " load s | schema s | build s |")
    print(rule + "---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        found = schemes(Path(folder), [int(s) for s in args.people.split(",")],
                        not args.no_plain)
        for name, path in extended(found) if args.extended else found:
            outputs = {said(c, path) for c in commands}
            if len(outputs) > 1:
                raise SystemExit(f"the commands say different things of {name}")
            (code, out, err), = outputs
            if code != 0:
                raise SystemExit(f"{name}: exit {code}\n{out}{err}")
            found = timed(commands, path, args.runs)
            row = f"| {name} | {path.stat().st_size / 1024:,.0f} |"
            for median, best, peak in found:
                row += f" {median:.3f} ({best:.3f}) | {peak:.0f} |"
            if args.against:
                row += f" {found[1][0] / found[0][0]:.2f}× |"
            load, schema, built = stages(path, args.runs)
            print(f"{row} {load:.3f} | {schema:.3f} | {built:.3f} |", flush=True)


if __name__ == "__main__":
    main()
