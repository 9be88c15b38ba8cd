"""``-`` for standard input and output: a scheme or a period's data read from a pipe, any
output written to the screen; a message about what came through the pipe names it <stdin>."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "schemes" / "examples"
SCHEME = str(EXAMPLES / "sales_company.yaml")
DATA = str(EXAMPLES / "2026-Q1.csv")
CASCADE = str(EXAMPLES / "cascade_company.yaml")
MONTHS = str(EXAMPLES / "2026-months.csv")


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def as_piped(run: tuple[int, str, str], path: str) -> tuple[int, str, str]:
    """A run on a file as the same run on standard input reports it: its messages name
    <stdin> where they named the file."""
    return run[0], run[1], run[2].replace(path, "<stdin>")


def one_person(folder: Path) -> str:
    """The example scheme with SR01 its only person, for data that holds SR01 alone."""
    text = Path(SCHEME).read_text(encoding="utf-8")
    text = text[:text.index("\npeople:\n")] + "\npeople:\n  SR01: {name: 张伟, post: sales_rep}\n"
    (folder / "scheme.yaml").write_text(text, encoding="utf-8")
    return str(folder / "scheme.yaml")


SR06 = (f"{DATA}:12:1: warning: SR06: person 'SR06' is not in the scheme's people, and is "
        "scored on post 'sales_rep', as the data says (add them under people: in the scheme, "
        "or correct the id)\n")


def piped(path: str) -> bytes:
    return Path(path).read_bytes()


Q1_JSON = json.dumps({"period": "2026-Q1", "people": [
    {"id": "SR01", "name": "张伟", "post": "sales_rep", "revenue": 1380000,
     "cash_collected": 1242000, "sales_cost": 262200, "new_customers": 13, "satisfaction": 88,
     "teamwork": "B", "contract_errors": 1, "serious_violations": 0}]}, ensure_ascii=False)


# -- the data from standard input ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_score_reads_csv_data_from_standard_input(fmt: str) -> None:
    from_file = invoke("score", SCHEME, "--data", DATA, "--format", fmt)
    assert from_file[0] == 0
    assert invoke("score", SCHEME, "--data", "-", "--format", fmt, stdin=piped(DATA)) \
        == as_piped(from_file, DATA)


def test_the_json_says_the_data_came_from_standard_input() -> None:
    code, out, _ = invoke("score", SCHEME, "--data", "-", "--format", "json", stdin=piped(DATA))
    assert code == 0
    assert json.loads(out)["data"]["file"] == "<stdin>"


def test_csv_with_a_byte_order_mark_from_standard_input() -> None:
    """Excel's 'CSV UTF-8' starts with a BOM: still CSV, read the same."""
    with_bom = b"\xef\xbb\xbf" + piped(DATA)
    assert invoke("score", SCHEME, "--data", "-", stdin=with_bom) \
        == as_piped(invoke("score", SCHEME, "--data", DATA), DATA)


@pytest.mark.parametrize("lead", ["", "\ufeff", " \n"])
def test_json_data_from_standard_input_is_told_by_its_first_character(tmp_path: Path,
                                                                      lead: str) -> None:
    (tmp_path / "q1.json").write_text(Q1_JSON, encoding="utf-8")
    scheme = one_person(tmp_path)
    code, out, err = invoke("score", scheme, "--data", str(tmp_path / "q1.json"), "--format",
                            "csv")
    assert code == 0
    assert ",2026-Q1,119.50,86.67,80.00,100.00,90.00,80.00,5.00,0.00,99.80,5.00,0.00,,94.80,B," \
        in out
    stdin = (lead + Q1_JSON).encode()
    assert invoke("score", scheme, "--data", "-", "--format", "csv", stdin=stdin) \
        == (code, out, err.replace(str(tmp_path / "q1.json"), "<stdin>"))


def test_a_file_named_neither_json_nor_csv_is_told_by_its_first_character(
        tmp_path: Path) -> None:
    (tmp_path / "q1.txt").write_text(Q1_JSON, encoding="utf-8")
    (tmp_path / "q1").write_bytes(piped(DATA))
    code, out, _ = invoke("score", one_person(tmp_path), "--data", str(tmp_path / "q1.txt"),
                          "--format", "csv")
    assert (code, out.splitlines()[1]) == (
        0, "SR01,张伟,sales_rep,sales_dept,2026-Q1,119.50,86.67,80.00,100.00,90.00,80.00,5.00,"
           "0.00,99.80,5.00,0.00,,94.80,B,1.0,20000.00,1,1")
    code, out, _ = invoke("score", SCHEME, "--data", str(tmp_path / "q1"))
    assert (code, out) == (0, invoke("score", SCHEME, "--data", DATA)[1])


def test_a_problem_in_data_from_standard_input_names_it() -> None:
    bad = piped(DATA).replace(b",13,88,B,", b",13,88,Q,")
    code, out, err = invoke("score", SCHEME, "--data", "-", stdin=bad)
    assert (code, out, err) == (
        1, "", "<stdin>:7:10: error: SR01.teamwork: rating 'Q' is not on the scale 'abcd' "
               "(expected one of: A, B, C, D)\n" + SR06.replace(DATA, "<stdin>"))


def test_a_problem_in_json_from_standard_input_names_it(tmp_path: Path) -> None:
    bad = Q1_JSON.replace('"revenue": 1380000', '"revenue": "lots"').encode()
    code, _, err = invoke("score", one_person(tmp_path), "--data", "-", stdin=bad)
    assert (code, err.splitlines()[0]) == (
        1, "<stdin>: error: SR01.revenue: expected a number, found 'lots' (write digits only, "
           "e.g. 1380000 or 1,380,000; no units or % signs)")


def test_empty_standard_input() -> None:
    assert invoke("score", SCHEME, "--data", "-", stdin=b"") == (
        1, "", "<stdin>: error: the file is empty; expected a data file\n")


def test_a_period_kept_by_month_from_standard_input() -> None:
    from_file = invoke("score", CASCADE, "--data", MONTHS, "--period", "2026-Q1")
    assert from_file[0] == 0
    assert invoke("score", CASCADE, "--data", "-", "--period", "2026-Q1",
                  stdin=piped(MONTHS)) == from_file


def test_explain_reads_the_data_from_standard_input() -> None:
    from_file = invoke("explain", SCHEME, "--data", DATA, "--person", "SR01")
    assert from_file[0] == 0
    assert invoke("explain", SCHEME, "--data", "-", "--person", "SR01", stdin=piped(DATA)) \
        == as_piped(from_file, DATA)


# -- the scheme from standard input -------------------------------------------------------


def test_validate_reads_a_scheme_from_standard_input() -> None:
    assert invoke("validate", "-", stdin=piped(SCHEME)) == (0, "<stdin>: valid\n", "")


def test_validate_names_standard_input_in_its_messages() -> None:
    bad = piped(SCHEME).replace(b"weight: 40}", b"weight: 35}", 1)
    code, out, err = invoke("validate", "-", stdin=bad)
    assert code == 1
    assert out == ""
    assert err.startswith("<stdin>:")
    assert ": error: scorecards." in err.splitlines()[0]


def test_validate_mixes_files_and_standard_input() -> None:
    assert invoke("validate", SCHEME, "-", stdin=piped(str(ROOT / "tests/schemes/valid/"
                                                           "every_rule_kind.yaml"))) \
        == (0, f"{SCHEME}: valid\n<stdin>: valid\n", "")


def test_score_and_explain_read_the_scheme_from_standard_input() -> None:
    assert invoke("score", "-", "--data", DATA, stdin=piped(SCHEME)) \
        == invoke("score", SCHEME, "--data", DATA)
    assert invoke("explain", "-", "--data", DATA, "--person", "SR01", stdin=piped(SCHEME)) \
        == invoke("explain", SCHEME, "--data", DATA, "--person", "SR01")


def test_targets_reads_the_scheme_from_standard_input() -> None:
    assert invoke("targets", "-", "--period", "2026-Q1", stdin=piped(CASCADE)) \
        == invoke("targets", CASCADE, "--period", "2026-Q1")


def test_a_broken_scheme_from_standard_input_names_it() -> None:
    code, out, err = invoke("score", "-", "--data", DATA, stdin=b"appraise: 1\nname: [\n")
    assert (code, out) == (1, "")
    assert err.startswith("<stdin>:3:1: error: ")


STDIN_TWICE = ("Error: standard input can be read only once: give '-' for the scheme or for "
               "--data, not both")


def test_standard_input_given_twice_is_a_usage_error() -> None:
    code, out, err = invoke("score", "-", "--data", "-", stdin=piped(DATA))
    assert (code, out, err.splitlines()[-1]) == (2, "", STDIN_TWICE)
    code, _, err = invoke("explain", "-", "--data", "-", "--person", "SR01", stdin=b"")
    assert (code, err.splitlines()[-1]) == (2, STDIN_TWICE)
    code, _, err = invoke("validate", "-", SCHEME, "-", stdin=piped(SCHEME))
    assert (code, err.splitlines()[-1]) == (
        2, "Error: standard input can be read only once: give '-' once")


# -- the output to standard output -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_score_dash_o_dash_writes_to_standard_output(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    shown = invoke("score", SCHEME, "--data", DATA, "--format", fmt)
    assert shown[0] == 0
    assert invoke("score", SCHEME, "--data", DATA, "--format", fmt, "-o", "-") == shown
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_targets_dash_o_dash_writes_to_standard_output(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shown = invoke("targets", CASCADE, "--format", "csv")
    assert shown[0] == 0
    assert invoke("targets", CASCADE, "--format", "csv", "-o", "-") == shown
    assert list(tmp_path.iterdir()) == []


def test_a_file_named_dash_is_written_as_dot_slash_dash(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("score", SCHEME, "--data", DATA, "-o", "./-") == (0, "", SR06)
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("华东智联")


def test_a_pipe_from_start_to_end() -> None:
    """A real pipe, not a test runner's: the data in, the CSV out."""
    with open(DATA, "rb") as data:
        run = subprocess.run([sys.executable, "-m", "appraise", "score", SCHEME, "--data", "-",
                              "--format", "csv", "-o", "-"], stdin=data, capture_output=True,
                             check=False, cwd=ROOT)
    assert (run.returncode, run.stderr.decode("utf-8").replace("\r\n", "\n")) \
        == (0, SR06.replace(DATA, "<stdin>"))
    assert run.stdout.decode("utf-8").replace("\r\n", "\n") \
        == invoke("score", SCHEME, "--data", DATA, "--format", "csv")[1]


def test_standard_input_over_the_size_limit_is_measured_whole() -> None:
    from appraise.load import MAX_SCHEME_BYTES

    huge = b"#" * (MAX_SCHEME_BYTES + 5_000_000)
    assert invoke("validate", "-", stdin=huge) == (
        1, "", f"<stdin>: error: file is {len(huge):,} bytes; a scheme may be at most "
               f"{MAX_SCHEME_BYTES:,} bytes (split it, or check that this is the right file)\n")
