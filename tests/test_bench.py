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


def test_the_start_up_of_each_command_is_timed_against_the_floors() -> None:
    lines = run("startup.py", "--runs", "1", "--only", "validate", "--imports")
    assert lines[:4] == [
        "## Start-up: each command as a whole process", "",
        "| command | this checkout: ms | over the NumPy floor | peak MiB |",
        "|---|---:|---:|---:|"]
    assert [line.split(" | ")[0] for line in lines[4:8]] == [
        '| `python -c "pass"`', '| `python -c "import numpy"`',
        '| `python -c "import click, numpy, yaml, jsonschema, simpleeval"`',
        "| `appraise validate sales_company.yaml`"]
    assert lines[8] == ""
    validate = next(line for line in lines if line.startswith(
        "| `appraise validate sales_company.yaml` | this checkout | "))
    assert all(cell in ("yes", "no") for cell in validate.split(" | ")[4:8])  # numpy ...


def test_the_second_workload_agrees_with_its_hand_written_numpy() -> None:
    lines = run("card.py", "--sizes", "2000", "--repeat", "1", "--no-memory")
    assert lines[:4] == [
        "## A second workload: one card of 20 indicators (`bench/card.py`)", "",
        "| N | method | seconds | people/s | over NumPy |", "|---:|---|---:|---:|---:|"]
    assert [line.split(" | ")[:2] for line in lines[4:6]] == [
        ["| 2,000", "Appraise `score`"], ["| 2,000", "hand-written NumPy"]]
    assert lines[5].endswith(" | 1.0x |")


def test_the_company_and_the_year_run_file_to_file_beside_their_floors() -> None:
    lines = run("end_to_end.py", "--company", "300", "--year", "250", "--runs", "1")
    assert lines[:3] == ["## End to end: CSV in, CSV out (`bench/end_to_end.py`)", "",
                         "### The plain company, 300 people"]
    year = lines.index("### The year kept by month, 242 people (2,904 rows)")
    for table in (lines[6:], lines[year + 4:]):
        assert table[0] == "| what | seconds | peak RSS, MiB | over the fastest floor |"
        assert table[2].startswith("| `appraise score` (this checkout) | ")
        assert table[3].startswith("| floor: the csv module (read ")


def test_the_reading_timing_reads_every_row_each_way() -> None:
    lines = run("read.py", "--sizes", "200", "--repeat", "1")
    assert lines[0].startswith("| rows | floor: csv.reader loop: s (MiB) | ")
    assert lines[2].startswith("| 200 | ") and len(lines[2].split("|")) == 7


def test_the_workbook_of_results_is_timed_against_the_csv() -> None:
    lines = run("score_xlsx.py", "--people", "300")
    assert lines[:4] == [
        "## score --format xlsx against csv: 300 people, a plain period", "",
        "| format | seconds | CPU seconds | peak MiB | output MiB |", "|---|---:|---:|---:|---:|"]
    assert [line.split(" | ")[0] for line in lines[4:]] == ["| csv", "| xlsx"]


def test_the_workbook_timing_scores_it_as_the_csv() -> None:
    lines = run("read_xlsx.py", "--sizes", "200", "--repeat", "1")
    assert lines[0] == ("| rows | xlsx bytes | score, CSV: s (MiB) | score, xlsx: s (MiB) | "
                        "read_actuals, CSV: s (MiB) | read_actuals, xlsx: s (MiB) |")
    assert lines[2].startswith("| 200 | ") and len(lines[2].split("|")) == 8


def test_the_template_timing_plans_and_writes_the_workbook() -> None:
    lines = run("template.py", "--sizes", "1000")
    assert lines[:2] == ["| people | period | rows | columns | plan s | workbook s | MB | "
                         "peak MiB |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    assert lines[2].startswith("| 998 | 2026-Q1 | 2,994 | 10 | ")
    assert len(lines[2].split("|")) == 10


def test_keeping_a_period_in_the_store_is_timed_in_sqlite_and_postgresql() -> None:
    lines = run("store.py", "--sizes", "200")
    assert lines[:2] == ["| people | store | keep: s | again (unchanged): s | rows | size MiB |",
                         "|---:|---|---:|---:|---:|---:|"]
    assert [line.split(" | ")[:2] for line in lines[2:]] == [["| 200", "SQLite"],
                                                             ["| 200", "PostgreSQL"]]
    assert [line.split(" | ")[4] for line in lines[2:]] == ["3,401", "3,401"]
