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
from click.testing import CliRunner

from appraise import validate_scheme
from appraise.cli import main
from appraise.diagnostics import MAX_TEXT, Diagnostic
from appraise.formula import FormulaError, compile_formula

ROOT = Path(__file__).resolve().parent.parent
SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
EXAMPLE = (ROOT / SCHEME).read_text(encoding="utf-8")


SR06 = ("warning: SR06: person 'SR06' is not in the scheme's people, and is scored on post "
        "'sales_rep', as the data says (add them under people: in the scheme, or correct the "
        "id)\n")  # the example's person known only from the data


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


def invoke(*args: str) -> tuple[int, str, str]:
    """``appraise ARGS`` in this process: the exit code, stdout and stderr."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


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
        f"be below 1e308)\n{data}: {SR06}")


def test_a_json_number_too_close_to_zero_is_an_error(tmp_path: Path) -> None:
    data = json_data(tmp_path, "1e-99999999999999999999")
    assert run("score", SCHEME, "--data", data) == (
        1, "", f"{data}: error: SR01.revenue: the number 1e-99999999999999999999 is too "
        f"close to zero to compute with (check the figure; write 0 if it is nothing)\n"
        f"{data}: {SR06}")


def test_a_csv_cell_too_large_for_a_computer_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q1.csv"
    path.write_text((ROOT / DATA).read_text(encoding="utf-8").replace(
        "SR01,张伟,sales_rep,2026-Q1,1380000", "SR01,张伟,sales_rep,2026-Q1," + "9" * 400),
        encoding="utf-8")
    assert run("score", SCHEME, "--data", str(path)) == (
        1, "", f"{path}:7:5: error: SR01.revenue: the number 9999999999999999... (400 digits) "
        f"is too large to compute with (check the figure; figures must be below 1e308)\n"
        f"{path}:12:1: {SR06}")


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
    assert (code, err) == (0, f"{DATA}:12:1: {SR06}")
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
    code, _, err = run("\u8bc4\u5206", encoding="cp1252:strict")
    # click's own words ("Try 'appraise --help'", or '-h' in older clicks) come first
    assert (code, err.splitlines()[-1]) == (2, "Error: No such command '\\u8bc4\\u5206'.")


# -- a file given where another goes ----------------------------------------------------------


WRONG_PLACE = ("a scheme is a YAML file, e.g. appraise validate scheme.yaml; the period's figures "
               "go to --data, e.g. appraise score scheme.yaml --data 2026-Q1.csv")
NOT_FIGURES = ("--data takes the period's figures, as CSV with a header row, as JSON or as an "
               "Excel workbook (.xlsx); the scheme goes first, e.g. appraise score scheme.yaml "
               "--data 2026-Q1.csv")


def test_a_data_file_given_as_the_scheme_is_named_as_such() -> None:
    expected = (1, "", f"{DATA}: error: this looks like a data file (CSV), not a scheme "
                f"({WRONG_PLACE})\n")
    assert invoke("validate", DATA) == expected
    assert invoke("score", DATA, "--data", SCHEME) == expected


def test_figures_in_json_given_as_the_scheme_are_named_as_such(tmp_path: Path) -> None:
    listed = json_data(tmp_path, '"1380000"')
    assert invoke("validate", listed) == (
        1, "", f"{listed}: error: this looks like a data file (JSON), not a scheme "
        f"({WRONG_PLACE})\n")
    wrapped = tmp_path / "q1-period.json"
    wrapped.write_text('{"period": "2026-Q1", "people": [{"id": "SR01"}]}', encoding="utf-8")
    assert invoke("validate", str(wrapped)) == (
        1, "", f"{wrapped}: error: this looks like a data file (JSON), not a scheme "
        f"({WRONG_PLACE})\n")


def test_a_workbook_given_as_the_scheme_is_named_as_such(tmp_path: Path) -> None:
    book = tmp_path / "方案.xlsx"
    book.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert invoke("validate", str(book)) == (
        1, "", f"{book}: error: the file is not text (this looks like an Excel workbook "
        f"(.xlsx); {WRONG_PLACE})\n")


def test_a_scheme_given_as_the_data_is_named_as_such(tmp_path: Path) -> None:
    assert invoke("score", SCHEME, "--data", SCHEME) == (
        1, "", f"{SCHEME}: error: this looks like a scheme (YAML), not a data file "
        f"({NOT_FIGURES})\n")
    renamed = tmp_path / "figures.csv"
    renamed.write_text("# 考核方案\n\n" + EXAMPLE, encoding="utf-8")
    assert invoke("explain", SCHEME, "--data", str(renamed), "--person", "SR01") == (
        1, "", f"{renamed}: error: this looks like a scheme (YAML), not a data file "
        f"({NOT_FIGURES})\n")


def test_a_large_csv_given_as_the_scheme_is_one_short_line(tmp_path: Path) -> None:
    rows = (ROOT / DATA).read_text(encoding="utf-8").splitlines()
    big = tmp_path / "year.csv"
    big.write_text("\n".join([rows[0], *rows[1:] * 2_900]) + "\n", encoding="utf-8")
    assert big.stat().st_size > 2_500_000
    assert invoke("validate", str(big)) == (
        1, "", f"{big}: error: this looks like a data file (CSV), not a scheme "
        f"({WRONG_PLACE})\n")


def test_a_whole_file_read_as_one_text_is_quoted_by_its_first_words(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nfields: " + "销售额 " * 100_000 + "\n", encoding="utf-8")
    code, out, err = invoke("validate", str(path))
    assert (code, out) == (1, "")
    assert f"{path}:2:9: error: fields: expected a mapping of keys to values, found the text " \
        "'销售额 销售额 销售额 销售额 销售额 销售额 销售额 销售额 销售额 销售额...'\n" in err
    assert max(len(line) for line in err.splitlines()) < 300


def test_a_long_cell_is_quoted_by_its_start_with_invisible_characters_shown(
        tmp_path: Path) -> None:
    path = tmp_path / "q1.csv"
    path.write_text((ROOT / DATA).read_text(encoding="utf-8").replace(
        "2026-Q1,1380000,1242000,262200,13,88", "2026-Q1,1380000,1242000,262200,13,"
        + "\x1b[31m八十八" * 10_000), encoding="utf-8")
    assert invoke("score", SCHEME, "--data", str(path)) == (
        1, "", f"{path}:7:9: error: SR01.satisfaction: expected a number, found '\\x1b[31m八十八"
        "\\x1b[31m八十八\\x1b[31m八十八\\x1b[31m八十八\\x1b[31m八十八...' (write digits only, e.g. "
        f"1380000 or 1,380,000; no units or % signs)\n{path}:12:1: {SR06}")


def test_a_long_key_is_named_by_its_start(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    key = "年度" * 5000
    path.write_text(EXAMPLE.replace("bonus_base: 20000\n", f"bonus_base: 20000\n? {key}\n: 1\n"),
                    encoding="utf-8")
    shown = "年度" * 20
    assert invoke("validate", str(path)) == (
        1, "", f"{path}:11:3: error: {'年度' * 40}...: unknown key '{shown}...' "
        "(expected one of: appraise, awards, bonus_base, calendar, calibration, cascade, "
        "currency, description, ... (30 in all))\n")


def test_a_long_unknown_name_in_a_formula_is_named_by_its_start() -> None:
    with pytest.raises(FormulaError) as info:
        compile_formula("revenue + " + "x" * 5000, ["revenue"])
    assert (info.value.message, info.value.column) == (f"unknown name '{'x' * 40}...'", 11)


def test_no_diagnostic_is_longer_than_a_line_a_person_can_read() -> None:
    quoted = "'" + "銷" * 5000 + "'"
    diagnostic = Diagnostic("d.csv", 2, 3, "error", "P" * 5000, f"unknown post {quoted}",
                            "x" * 999)
    half = (MAX_TEXT - 5) // 2
    assert str(diagnostic) == (
        f"d.csv:2:3: error: {'P' * half} ... {'P' * half}: unknown post '{'銷' * (half - 14)} "
        f"... {'銷' * (half - 1)}' ({'x' * 999})")


def test_a_broken_scheme_whose_first_line_has_commas_is_still_a_scheme(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name:华东,2026\nfields:\n  revenue: {label: a: b}\n", encoding="utf-8")
    assert invoke("validate", str(path)) == (
        1, "", f"{path}:2:7: error: YAML syntax: mapping values are not allowed in this context "
        "(check indentation, and quote text that contains ': ' or starts with a symbol)\n")


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("s.json", '{"appraise": 1, "name": "x"',
         "s.json:2:1: error: YAML syntax: did not find expected ',' or '}' (the '{' at line 1, "
         "column 1 is never closed with '}')"),
        ("s.yaml", "people:\n  SR01: {post: sales_rep}\n",
         "s.yaml:1:1: error: missing required key 'appraise' (add 'appraise:': version of the "
         "scheme language this file is written in)"),
        ("s.yaml", "- {id: SR01}\n", "s.yaml:1:1: error: expected a mapping of keys to values, "
         "found a list"),
    ],
)
def test_what_is_not_a_data_file_keeps_its_own_message(name: str, text: str,
                                                        problem: str) -> None:
    found = [str(d) for d in validate_scheme(name, content=text.encode()).diagnostics]
    assert found[0] == problem


def test_a_rule_written_as_a_word_is_told_to_be_a_mapping_once(tmp_path: Path) -> None:
    """The schema's 'not both at_least and at_most' of a threshold rule must not leak its
    own words when the rule is not a mapping at all."""
    text = Path("schemes/templates/sales_team.yaml").read_text(encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("    rule: {kind: ratio, cap: 120}", "    rule: ratio"),
                    encoding="utf-8")
    assert [str(d) for d in validate_scheme(path).diagnostics] == [
        f"{path}:41:11: error: indicators.revenue_achievement.rule: expected a mapping of keys "
        "to values, found the text 'ratio'"]
