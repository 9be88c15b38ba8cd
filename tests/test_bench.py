"""The benchmark scripts still run against the library as it is (their timings are not
tests; bench/run.py needs the bench extra and is run by hand)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, str(BENCH / args[0]), *args[1:]],
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_the_example_timing_scores_the_people_it_makes() -> None:
    lines = run("score_example.py", "300")
    assert lines[0] == "people: 300 (8 indicators each)"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "load + validate scheme", "read data", "score", "render JSON", "peak traced memory"]


def test_the_company_kept_by_month_is_scored_stage_by_stage() -> None:
    lines = run("cascade.py", "--sizes", "1000", "--months", "2")
    assert lines[2].startswith("| 998 | 1,996 | ")
    assert len(lines[2].split("|")) == 10


def test_the_reading_timing_reads_every_row_each_way() -> None:
    lines = run("read.py", "--sizes", "200", "--repeat", "1")
    assert lines[0].startswith("| rows | floor: csv.reader loop: s (MiB) | ")
    assert lines[2].startswith("| 200 | ") and len(lines[2].split("|")) == 7
