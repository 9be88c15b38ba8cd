"""What the command says when a file or a screen is not what it expects: never a traceback,
never a whole file in one line, and the argument that takes each file named."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
EXAMPLE = (ROOT / SCHEME).read_text(encoding="utf-8")


def run(*args: str, encoding: str | None = None) -> tuple[int, str, str]:
    """``appraise ARGS`` in a process of its own, as a person runs it: the exit code, and
    stdout and stderr as the bytes they are (decoded as cp1252 when ``encoding`` says so)."""
    env = {**os.environ}
    env.pop("PYTHONIOENCODING", None)
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding
    done = subprocess.run([sys.executable, "-m", "appraise", *args], cwd=ROOT, env=env,
                          capture_output=True, check=False)
    codec = "cp1252" if encoding else "utf-8"
    return done.returncode, done.stdout.decode(codec), done.stderr.decode(codec)


def json_data(tmp_path: Path, revenue: str) -> str:
    """The example's figures as JSON, with SR01's revenue written as ``revenue``."""
    with open(ROOT / DATA, encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    people[5]["revenue"] = "REVENUE"
    path = tmp_path / "q1.json"
    path.write_text(json.dumps(people, ensure_ascii=False).replace('"REVENUE"', revenue),
                    encoding="utf-8")
    return str(path)


# -- numbers no computer holds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("9" * 5000, "the number 9999999999999999... (5,000 digits) is too large to compute with"),
        ("1e999999", "the number 1e999999 is too large to compute with"),
        ("-1e99999999999999999999", "the number -1e99999999999999999999 is too large to "
         "compute with"),
    ],
)
def test_a_json_number_too_large_for_a_computer_is_an_error_not_a_traceback(
        tmp_path: Path, written: str, message: str) -> None:
    data = json_data(tmp_path, written)
    assert run("score", SCHEME, "--data", data) == (
        1, "", f"{data}: error: SR01.revenue: {message} (check the figure; figures must "
        "be below 1e308)\n")


def test_a_json_number_too_close_to_zero_is_an_error(tmp_path: Path) -> None:
    data = json_data(tmp_path, "1e-99999999999999999999")
    assert run("score", SCHEME, "--data", data) == (
        1, "", f"{data}: error: SR01.revenue: the number 1e-99999999999999999999 is too "
        "close to zero to compute with (check the figure; write 0 if it is nothing)\n")


def test_a_csv_cell_too_large_for_a_computer_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q1.csv"
    path.write_text((ROOT / DATA).read_text(encoding="utf-8").replace(
        "SR01,张伟,sales_rep,2026-Q1,1380000", "SR01,张伟,sales_rep,2026-Q1," + "9" * 400),
        encoding="utf-8")
    assert run("score", SCHEME, "--data", str(path)) == (
        1, "", f"{path}:7:5: error: SR01.revenue: the number 9999999999999999... (400 digits) "
        "is too large to compute with (check the figure; figures must be below 1e308)\n")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1e99999999999999999999",
         "the number 1e99999999999999... is too large to compute with (check it; quote it if "
         "it is a code rather than an amount)"),
        ("0" + "9" * 5000,
         "the number 0999999999999999... has a leading zero, which YAML 1.1 reads as octal "
         "(write 9999999999999999..., or quote it ('0999999999999999...') if it is a code)"),
    ],
)
def test_a_scheme_number_no_computer_holds_is_an_error_not_a_traceback(
        tmp_path: Path, written: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(EXAMPLE.replace("bonus_base: 20000\n", f"bonus_base: {written}\n"),
                    encoding="utf-8")
    assert run("validate", str(path)) == (1, "", f"{path}:10:13: error: bonus_base: {message}\n")


# -- a screen that cannot show Chinese ------------------------------------------------------


def test_a_screen_without_chinese_gets_escapes_not_a_traceback() -> None:
    code, out, err = run("explain", SCHEME, "--data", DATA, "--person", "SR01",
                         encoding="cp1252")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "\\u5f20\\u4f1f (SR01) — \\u9500\\u552e\\u4ee3\\u8868, \\u9500\\u552e\\u90e8",
        "Scheme: \\u534e\\u4e1c\\u667a\\u8054\\u9500\\u552e\\u6709\\u9650\\u516c\\u53f8 2026"
        "\\u5e74\\u5ea6\\u7ee9\\u6548\\u8003\\u6838\\u65b9\\u6848 (sha256:4403a0914086)"]
    assert out.splitlines()[-3] == "Grade: B \\u826f\\u597d (coefficient 1.0)"


def test_messages_on_a_screen_without_chinese_are_escaped_too(tmp_path: Path) -> None:
    path = tmp_path / "方案.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    shown = str(path).replace("方案", "\\u65b9\\u6848")
    assert run("validate", str(path), encoding="cp1252") == (0, f"{shown}: valid\n", "")
    path.write_text(EXAMPLE.replace("bonus_base: 20000\n", "bonus_base: 待定\n"),
                    encoding="utf-8")
    assert run("validate", str(path), encoding="cp1252:strict") == (
        1, "", f"{shown}:10:13: error: bonus_base: expected a number, found the text "
        "'\\u5f85\\u5b9a'\n")
    assert run("\u8bc4\u5206", encoding="cp1252:strict")[::2] == (
        2, "Usage: appraise [OPTIONS] COMMAND [ARGS]...\nTry 'appraise --help' for help.\n\n"
        "Error: No such command '\\u8bc4\\u5206'.\n")
