"""Start-up of the ``appraise`` command: each command on the shipped examples as a whole
process, against the floors of starting Python and of importing NumPy.

    .venv/bin/python bench/startup.py                    # median of 10 runs each
    .venv/bin/python bench/startup.py --runs 20 --against ../before/.venv/bin/python
    .venv/bin/python bench/startup.py --imports          # what each command imports

A run starts every command once, one after the other, so that a machine that slows down
for a while slows them all alike; with ``--against``, the other interpreter's ``appraise``
runs right after this one's, command by command (this, other, this, other). The report
is Markdown on standard output: each command's median wall time, its peak memory and its
distance from the floor of ``python -c "import numpy"``. With ``--imports``, each command
runs once more under ``python -X importtime``: which of the libraries it loads, how many
of Appraise's modules, and where its import time goes.

The sources must be byte-compiled first (``python -m compileall -q engine``), or the
times include compiling; the report says so when they are not.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import measure

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "schemes" / "examples"
PLAIN = EXAMPLES / "sales_company.yaml"
CASCADE = EXAMPLES / "cascade_company.yaml"
LIBRARIES = ("numpy", "jsonschema", "yaml", "simpleeval")


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]  # after the interpreter (floors) or after ``appraise``
    floor: bool = False


COMMANDS = (
    Command('python -c "pass"', ("-c", "pass"), floor=True),
    Command('python -c "import numpy"', ("-c", "import numpy"), floor=True),
    Command("python -c \"import click, numpy, yaml, jsonschema, simpleeval\"",
            ("-c", "import click, numpy, yaml, jsonschema, simpleeval"), floor=True),
    Command("appraise --help", ("--help",)),
    Command("appraise validate sales_company.yaml", ("validate", str(PLAIN))),
    Command("appraise score sales_company.yaml --data 2026-Q1.csv",
            ("score", str(PLAIN), "--data", str(EXAMPLES / "2026-Q1.csv"))),
    Command("appraise score ... --format csv",
            ("score", str(PLAIN), "--data", str(EXAMPLES / "2026-Q1.csv"), "--format", "csv")),
    Command("appraise explain ... --person SR01",
            ("explain", str(PLAIN), "--data", str(EXAMPLES / "2026-Q1.csv"), "--person",
             "SR01")),
    Command("appraise score cascade_company.yaml --period 2026-Q1",
            ("score", str(CASCADE), "--data", str(EXAMPLES / "2026-months.csv"), "--period",
             "2026-Q1")),
    Command("appraise targets cascade_company.yaml --period 2026-Q1",
            ("targets", str(CASCADE), "--period", "2026-Q1")),
)
NUMPY_FLOOR = COMMANDS[1].name


@dataclass
class Series:
    """One command's runs under one interpreter."""

    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def argv(python: Path, command: Command, *flags: str) -> list[str]:
    if command.floor:
        return [str(python), *flags, *command.args]
    script = python.parent / "appraise"
    if flags:  # run the installed command's script under the interpreter's flags
        return [str(python), *flags, str(script), *command.args]
    return [str(script), *command.args]


def run_once(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MiB) and exit code of one process, its output
    thrown away; started from a small process, so that its peak is its own."""
    return measure.process_peak(args)


def time_commands(pythons: list[Path], runs: int, commands: tuple[Command, ...] = COMMANDS,
                  progress: bool = True) -> dict[Path, dict[str, Series]]:
    found: dict[Path, dict[str, Series]] = {p: {c.name: Series() for c in commands}
                                            for p in pythons}
    for python in pythons:  # a first run of each, not counted: files into the page cache
        for command in commands:
            run_once(argv(python, command))
    for i in range(runs):
        if progress:
            print(f"run {i + 1} of {runs}", file=sys.stderr, flush=True)
        for command in commands:
            for python in pythons if i % 2 == 0 else pythons[::-1]:
                seconds, peak, code = run_once(argv(python, command))
                series = found[python][command.name]
                series.seconds.append(seconds)
                series.peak_mib.append(peak)
                series.codes.add(code)
    return found


def uncompiled(python: Path) -> int:
    """How many of the appraise package's modules have no up-to-date byte code."""
    code = ("import appraise, importlib.util, os, pathlib; root = pathlib.Path(appraise.__file__)"
            ".parent; print(sum(1 for f in root.rglob('*.py') if not os.path.exists("
            "c := importlib.util.cache_from_source(f)) or os.path.getmtime(c) < "
            "os.path.getmtime(f)))")
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                          check=False)
    return int(done.stdout.strip() or -1)


def report(pythons: list[Path], found: dict[Path, dict[str, Series]], runs: int) -> list[str]:
    labels = ["this checkout"] + ["against" for _ in pythons[1:]]
    head = "| command |" + "".join(f" {label}: ms | over the NumPy floor |" for label in labels)
    head += " peak MiB |"
    lines = [head, "|---|" + "---:|---:|" * len(pythons) + "---:|"]
    for name in found[pythons[0]]:
        line = f"| `{name}` |"
        for python in pythons:
            series = found[python][name]
            floor = found[python][NUMPY_FLOOR].median
            over = series.median - floor
            bad = f" (exit {', '.join(map(str, sorted(series.codes)))})" \
                if series.codes != {0} else ""
            line += f" {series.median * 1000:.0f}{bad} | {over * 1000:+.0f} |"
        line += f" {statistics.median(found[pythons[0]][name].peak_mib):.0f} |"
        lines.append(line)
    lines += ["", f"Median of {runs} runs of each, as whole processes (output thrown away), "
              "after one run of each that is not counted; 'over the NumPy floor' is the "
              "median less that of `python -c \"import numpy\"` under the same interpreter."]
    for label, python in zip(labels, pythons, strict=True):
        lines.append(f"- {label}: {measure.checkout_of(python)}")
        missing = uncompiled(python)
        if missing:
            lines.append(f"  - {missing} of its appraise modules are not byte-compiled (or "
                         "older than their source): its times include compiling them")
    return lines


# -- what each command imports ---------------------------------------------------------------


def imports(python: Path, command: Command) -> tuple[list[str], Counter[str]]:
    """The modules ``command`` imports, in order, and the import time (self, µs) of each
    group: a library by its top-level name, Appraise by its stage (``appraise.rules``)."""
    done = subprocess.run(argv(python, command, "-X", "importtime"), capture_output=True,
                          text=True, check=False)
    modules: list[str] = []
    groups: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        module = name.strip()
        modules.append(module)
        parts = module.split(".")
        group = ".".join(parts[:2]) if parts[0] == "appraise" and len(parts) > 1 else parts[0]
        groups[group] += int(own)
    return modules, groups


def imports_report(pythons: list[Path], commands: tuple[Command, ...] = COMMANDS) -> list[str]:
    lines = ["| command | interpreter | modules | of appraise | " + " | ".join(LIBRARIES)
             + " | import time (self), ms: the largest |",
             "|---|---|---:|---:|" + "---|" * len(LIBRARIES) + "---|"]
    for command in commands:
        if command.floor:
            continue
        for label, python in zip(["this checkout", "against", "against"], pythons,
                                 strict=False):
            modules, groups = imports(python, command)
            loaded = {m.split(".")[0] for m in modules}
            mine = [m for m in modules if m.startswith("appraise.")]
            largest = ", ".join(f"{g} {us / 1000:.0f}" for g, us in groups.most_common(6))
            lines.append(f"| `{command.name}` | {label} | {len(modules)} | {len(mine)} | "
                         + " | ".join("yes" if lib in loaded else "no" for lib in LIBRARIES)
                         + f" | {largest} |")
    lines += ["", "From one run of each under `python -X importtime`: the modules imported "
              "past those Python loads at start-up, and their own import time by library "
              "(Appraise by stage), which -X importtime itself inflates."]
    return lines


def main(argv_: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/startup.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each (default %(default)s)")
    parser.add_argument("--against", action="append", default=[], metavar="PYTHON",
                        help="also time the appraise of this interpreter, alternately")
    parser.add_argument("--imports", action="store_true",
                        help="also show what each command imports (python -X importtime)")
    parser.add_argument("--only", metavar="WORD",
                        help="only the commands whose name holds WORD (and the floors)")
    args = parser.parse_args(argv_)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    commands = tuple(c for c in COMMANDS if c.floor or not args.only or args.only in c.name)
    pythons = [Path(sys.executable), *(Path(p) for p in args.against)]
    for python in pythons:
        if not (python.parent / "appraise").exists():
            parser.error(f"no appraise command next to {python}")
    found = time_commands(pythons, args.runs, commands)
    lines = ["## Start-up: each command as a whole process", "", *report(pythons, found, args.runs)]
    if args.imports:
        lines += ["", "## What each command imports", "", *imports_report(pythons, commands)]
    print("\n".join(lines))
    bad = [name for series in found.values() for name, s in series.items() if s.codes != {0}]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
