"""Manners at a terminal: the progress line, colour, tables that fit, --quiet and shell
completion, each seen as a person at a terminal sees it (the command run on a
pseudo-terminal) and as a pipe sees it (nothing of it)."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main
from appraise.i18n import set_language
from appraise.report.fit import fit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "schemes" / "examples"
PLAIN = ["score", "schemes/examples/sales_company.yaml", "--data",
         "schemes/examples/2026-Q1.csv"]
WARNING = ("schemes/examples/2026-Q1.csv:12:1: {warning}: SR06: person 'SR06' is not in the "
           "scheme's people, and is scored on post 'sales_rep', as the data says (add them "
           "under people: in the scheme, or correct the id)")

# The command as a test runs it: the progress line drawn at once and often, and scoring
# held up for ``SLOW`` seconds when that variable is set (to stop it half-way).
COMMAND = """
import os, sys, time
import appraise, appraise.cli_term as term
term.DELAY, term.INTERVAL = 0, 0.005
if os.environ.get("SLOW"):
    from appraise.scoring import period
    real = period.score_file
    def slow(*args, **kwargs):
        time.sleep(float(os.environ["SLOW"]))
        return real(*args, **kwargs)
    appraise.score_file = slow
from appraise.cli import main
main(sys.argv[1:], prog_name="appraise")
"""


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CI", "NO_COLOR", "COLUMNS", "LINES", "APPRAISE_LANG", "TERM")}
    return {**env, "TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **extra}


def _as_at_a_terminal() -> None:
    """Ctrl-C as a terminal's shell leaves it to a command it starts: a suite run as a
    background job of a script ignores SIGINT, which the command would inherit (and
    rightly keep ignoring)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def on_a_terminal(*args: str, stop_after: str | None = None,
                  **extra: str) -> tuple[int, str, list[object], list[object]]:
    """Run ``appraise ARGS`` with a pseudo-terminal as its standard input, output and
    error: its exit code, all it wrote (as the terminal got it), and the terminal's
    settings before and after. ``stop_after``: Ctrl-C once the screen shows this."""
    leader, follower = pty.openpty()
    before = termios.tcgetattr(follower)
    child = subprocess.Popen([sys.executable, "-c", COMMAND, *args], cwd=ROOT,
                             stdin=follower, stdout=follower, stderr=follower,
                             env=environment(**extra), start_new_session=True,
                             preexec_fn=_as_at_a_terminal)
    os.close(follower)
    seen, stopped = b"", False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command has ended
                break
            if not chunk:
                break
            seen += chunk
        if stop_after and not stopped and stop_after.encode() in seen:
            child.send_signal(signal.SIGINT)
            stopped = True
        if not ready and child.poll() is not None:
            break
    code = child.wait(10)
    after = termios.tcgetattr(leader)
    os.close(leader)
    return code, seen.decode("utf-8"), before, after


def piped(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", COMMAND, *args], cwd=ROOT,
                          capture_output=True, text=True, env=environment(**extra),
                          check=False)


FRAME = r"\r[-\\|/] (?:{words}) \(\d+ s\) *"
FRAME_ZH = r"\r[-\\|/] (?:{words})（\d+ 秒） *"  # the seconds as Chinese writes them


@pytest.fixture
def clean(tmp_path: Path) -> list[str]:
    """``score`` of the example on data without its one warning (SR06, not in the scheme)."""
    data = tmp_path / "q1.csv"
    lines = (EXAMPLES / "2026-Q1.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(line for line in lines if not line.startswith("SR06")),
                    encoding="utf-8")
    return ["score", "schemes/examples/sales_company.yaml", "--data", str(data)]


def frames_then_cleared(seen: str, words: str, frame: str = FRAME) -> str:
    """What ``seen`` holds after its progress frames (each one of ``words``), which must
    come first and end cleared: a carriage return, spaces over the line, a return."""
    found = re.match(rf"(?:{frame.format(words=words)})+\r +\r", seen)
    assert found is not None, seen[:400]
    return seen[found.end():]


def test_the_progress_line_turns_while_the_run_works_and_is_cleared_at_the_end(
        tmp_path: Path, clean: list[str]) -> None:
    out = tmp_path / "results.csv"
    code, seen, _, _ = on_a_terminal(*clean, "--format", "csv", "-o", str(out), SLOW="0.3",
                                     COLUMNS="300")
    assert code == 0
    words = "Reading the scheme schemes/examples/sales_company.yaml|Reading and scoring " + \
        re.escape(clean[3]) + "|Writing " + re.escape(str(out))
    assert frames_then_cleared(seen, words) == ""
    assert f"\r- Reading and scoring {clean[3]} (0 s)" in seen
    assert out.read_bytes() == piped(*clean, "--format", "csv").stdout.encode("utf-8-sig")


def test_the_progress_line_is_gone_before_the_table_is_shown(clean: list[str]) -> None:
    code, seen, _, _ = on_a_terminal(*clean, SLOW="0.2", COLUMNS="300")
    assert code == 0
    assert frames_then_cleared(seen, "Reading[^\r]*") == \
        piped(*clean).stdout.replace("\n", "\r\n")


def test_quiet_shows_no_progress(tmp_path: Path, clean: list[str]) -> None:
    code, seen, _, _ = on_a_terminal(*clean, "-q", "-o", str(tmp_path / "r.txt"), SLOW="0.2")
    assert (code, seen) == (0, "")


def test_validating_many_files_counts_them() -> None:
    code, seen, _, _ = on_a_terminal("validate", "schemes/examples", COLUMNS="300",
                                     NO_COLOR="1")
    assert code == 0
    assert "\r- Checking schemes/examples/cascade_company.yaml (1 of 6) (0 s)" in seen
    assert frames_then_cleared(seen, r"Checking schemes/examples/[\w/]+\.yaml \([1-6] of 6\)") \
        == piped("validate", "schemes/examples").stdout.replace("\n", "\r\n")


def test_ctrl_c_clears_the_line_and_leaves_the_terminal_as_it_was(tmp_path: Path,
                                                                  clean: list[str]) -> None:
    out = tmp_path / "out" / "results.csv"
    out.parent.mkdir()
    code, seen, before, after = on_a_terminal(*clean, "-o", str(out), SLOW="30", COLUMNS="300",
                                              stop_after="Reading and scoring")
    assert code == 1
    assert frames_then_cleared(seen, "Reading[^\r]*") == "\r\nAborted!\r\n"
    assert after == before
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("extra", [{"CI": "true"}, {"TERM": "dumb"}])
def test_no_progress_under_ci_or_on_a_dumb_terminal(tmp_path: Path, clean: list[str],
                                                    extra: dict[str, str]) -> None:
    code, seen, _, _ = on_a_terminal(*clean, "-o", str(tmp_path / "r.txt"),
                                     SLOW="0.2", **extra)
    assert (code, seen) == (0, "")


def test_no_progress_and_no_colour_in_a_pipe() -> None:
    done = piped(*PLAIN, "--format", "csv", SLOW="0.2")
    assert done.returncode == 0
    assert done.stderr == WARNING.format(warning="warning") + "\n"


def test_the_severity_is_coloured_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    out = str(tmp_path / "r.csv")
    code, seen, _, _ = on_a_terminal(*PLAIN, "-o", out, CI="1")
    assert (code, seen) == (0, WARNING.format(warning="\x1b[33mwarning\x1b[0m") + "\r\n")
    code, seen, _, _ = on_a_terminal(*PLAIN, "-o", out, CI="1", NO_COLOR="1")
    assert (code, seen) == (0, WARNING.format(warning="warning") + "\r\n")


FITTED = """\
华东智联销售有限公司 2026年度绩效考核方案 — 2026-Q1

Rank  Person  Name    Post        Unit               Total  Grade         Bonus
----  ------  ------  ----------  -------------  ---------  --------  ---------
 1/1  GM01    陈建国  总经理      华东智联销售…      92.50  B 良好    60,000.00
 1/1  SD01    林晓峰  销售总监    销售中心          102.60  A 优秀    48,000.00
 1/3  KA03    孙丽    大客户经理  大客户部          106.69  A 优秀    36,000.00
 2/3  KA01    王静    大客户经理  大客户部          103.90  A 优秀    36,000.00
 3/3  KA02    赵磊    大客户经理  大客户部           74.34  C 合格    24,000.00
 1/6  SR02    李娜    销售代表    销售部            103.60  A 优秀    24,000.00
 2/6  SR01    张伟    销售代表    销售部             94.80  B 良好    20,000.00
 3/6  SR05    吴昊    销售代表    销售部             86.50  B 良好    20,000.00
 4/6  SR03    刘洋    销售代表    销售部             77.70  C 合格    16,000.00
 5/6  SR06    黄欣    销售代表    销售部             71.40  C 合格    16,000.00
 6/6  SR04    周敏    销售代表    销售部         0.00 veto  E 不合格       0.00
 1/1  MD01    郑芳    市场总监    市场部             80.15  C 合格    24,000.00
Not shown, to fit 80 columns: Adj., Weighted, Coef.
Shortened (…), to fit 80 columns: Unit
To see every column whole: a wider terminal, COLUMNS=200, or --format csv
"""


def test_the_table_fits_an_80_column_terminal() -> None:
    code, seen, _, _ = on_a_terminal(*PLAIN, "-q", COLUMNS="80")
    assert code == 0
    assert seen == FITTED.replace("\n", "\r\n")


def test_a_narrow_terminal_keeps_id_name_total_grade_and_bonus() -> None:
    code, seen, _, _ = on_a_terminal("score", "schemes/examples/cascade_company.yaml",
                                     "--data", "schemes/examples/2026-months.csv",
                                     "--period", "2026-Q1", "-q", COLUMNS="50")
    assert code == 0
    lines = seen.split("\r\n")
    assert lines[2:5] == [
        "Person  Name        Total  Grade               Bonus",
        "------  ------  ---------  --------------  ---------",
        "GM01    周振华      94.82  B 良好          60,000.00"]
    at = lines.index("Not shown, to fit 50 columns: Company, Months, Coef., Post, Unit, Rank")
    # Post and Unit were shortened first, then left out all the same: not said shortened
    assert lines[at + 1] == \
        "To see every column whole: a wider terminal, COLUMNS=200, or --format csv"


def test_a_wide_terminal_and_a_pipe_get_the_full_table() -> None:
    whole = piped(*PLAIN, "-q", COLUMNS="40").stdout
    assert whole == piped(*PLAIN, "-q").stdout
    assert max(map(len, whole.splitlines())) == 111
    assert on_a_terminal(*PLAIN, "-q", COLUMNS="111")[1] == whole.replace("\n", "\r\n")


def test_fitting_counts_a_chinese_character_as_two_columns() -> None:
    fitted = fit(["Id", "Name", "Note"], [["A1", "B2"], ["张伟伟伟", "Li"], ["xx", "yy"]],
                 [False, False, False], 16, [("drop", 2), ("shorten", 1)])
    assert (fitted.header, fitted.columns, fitted.left_out, fitted.shortened) == (
        ["Id", "Name"], [["A1", "B2"], ["张伟伟伟", "Li"]], ["Note"], [])
    fitted = fit(["Id", "Name"], [["A1"], ["张伟伟伟"]], [False, False], 10,
                 [("shorten", 1)])
    assert (fitted.columns, fitted.shortened) == ([["A1"], ["张伟…"]], ["Name"])


def test_the_footer_in_chinese() -> None:
    fitted = fit(["Id", "Name"], [["A1"], ["x"]], [False, False], 2, [("drop", 1)])
    set_language("zh")
    try:
        assert fitted.note(2) == "为适应 2 列宽的终端，未显示：Name\n" \
            "如需查看全部列：加宽终端、设置 COLUMNS=200，或使用 --format csv\n"
    finally:
        set_language("en")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="appraise")
    return result.exit_code, result.stdout, result.stderr


def test_quiet_leaves_out_warnings_but_not_errors(tmp_path: Path) -> None:
    code, out, err = invoke(*PLAIN, "--quiet", "--format", "csv")
    assert (code, err) == (0, "")
    assert out == invoke(*PLAIN, "--format", "csv")[1]
    data = tmp_path / "bad.csv"
    data.write_text("person,revenue\nSR01,lots\n", encoding="utf-8")
    code, out, err = invoke("score", "schemes/examples/sales_company.yaml", "--data",
                            str(data), "-q")
    assert (code, out) == (1, "")
    assert err.startswith(f"{data}:1:1: error: missing column 'cash_collected'")


def test_quiet_validate_keeps_the_verdict_and_drops_the_warnings() -> None:
    code, out, err = invoke("validate", "schemes/examples/cascade_company.yaml", "-q")
    assert (code, out, err) == (0, "schemes/examples/cascade_company.yaml: valid (1 warning)\n",
                                "")


def test_quiet_explain_and_targets() -> None:
    code, _, err = invoke("explain", *PLAIN[1:], "--person", "SR01", "-q")
    assert (code, err) == (0, "")
    assert invoke("targets", "schemes/examples/cascade_company.yaml", "-q")[0] == 0


@pytest.mark.parametrize(("shell", "starts"), [
    ("bash", "_appraise_completion() {"),
    ("zsh", "#compdef appraise"),
    ("fish", "function _appraise_completion;"),
])
def test_the_completion_script_is_produced(shell: str, starts: str) -> None:
    done = subprocess.run(["appraise"], capture_output=True, text=True, check=False,
                          executable=str(Path(sys.executable).parent / "appraise"),
                          env={**os.environ, "_APPRAISE_COMPLETE": f"{shell}_source"})
    assert done.returncode == 0
    assert done.stdout.lstrip().startswith(starts)


def test_completion_completes_a_command_name() -> None:
    done = subprocess.run(["appraise"], capture_output=True, text=True, check=False,
                          executable=str(Path(sys.executable).parent / "appraise"),
                          env={**os.environ, "_APPRAISE_COMPLETE": "bash_complete",
                               "COMP_WORDS": "appraise sc", "COMP_CWORD": "1"})
    assert (done.returncode, done.stdout) == (0, "plain,schema\nplain,score\n")


def test_the_progress_line_never_wraps_on_a_narrow_terminal(clean: list[str]) -> None:
    code, seen, _, _ = on_a_terminal(*clean, "-o", "-", "--format", "csv", SLOW="0.2",
                                     COLUMNS="40")
    assert code == 0
    frames = [f for f in seen.split("\r") if f.startswith(("- ", "\\ ", "| ", "/ "))]
    assert frames
    for frame in frames:
        assert len(frame.rstrip()) <= 39
        assert re.fullmatch(r". Reading .*… \(\d s\) *|. Reading the scheme schemes/… \(\d s\) *",
                            frame), frame


def test_a_terminal_narrower_than_the_seconds_gets_what_fits(clean: list[str]) -> None:
    code, seen, _, _ = on_a_terminal(*clean, "-o", "-", "--format", "csv", SLOW="0.2",
                                     COLUMNS="4")
    assert code == 0
    assert re.match(r"(\r[-\\|/] …)+\r   \rperson,name,", seen), seen[:100]


def test_explain_json_gives_all_the_text_tells() -> None:
    """Beyond the steps: the scheme, the sums, the grade before calibration, the
    coefficient, the bonus paid and the rank, named as score --format json names them."""
    code, out, _ = invoke("explain", *PLAIN[1:], "--person", "SR01", "--format", "json")
    assert code == 0
    found = json.loads(out)
    assert {k: v for k, v in found.items() if k != "segments"} == {
        "format": 1, "period": "2026-Q1", "person": "SR01", "name": "张伟",
        "post": "sales_rep", "unit": "sales_dept",
        "scheme": {"name": "huadong_sales_2026",
                   "label": "华东智联销售有限公司 2026年度绩效考核方案",
                   "fingerprint": "sha256:4403a0914086b7f93c669ee2da2e4e1c9363d453194b0f870c160"
                                  "afaf38506f0"},
        "weighted_sum": 99.8, "deductions": 5.0, "bonuses": 0.0, "veto": None,
        "total": 94.8, "grade_scored": "B", "grade": "B", "grade_label": "良好",
        "coefficient": 1.0, "bonus": 20000.0, "rank": 2, "rank_of": 6}


def test_explain_json_of_a_month_kept_scheme_gives_the_company_rank() -> None:
    code, out, _ = invoke("explain", "schemes/examples/cascade_company.yaml", "--data",
                          "schemes/examples/2026-months.csv", "--period", "2026-Q1",
                          "--person", "B06", "--format", "json")
    assert code == 0
    found = json.loads(out)
    assert [found[k] for k in ("grade_scored", "grade", "coefficient", "bonus", "rank",
                               "rank_of", "company_rank", "company_of")] == \
        ["A", "B", 1.0, 12000.0, 3, 10, 5, 39]


def test_quiet_is_for_the_one_run() -> None:
    """A command run after a quiet one in the same process shows its warnings."""
    assert invoke(*PLAIN, "-q", "--format", "csv")[2] == ""
    assert invoke("diff", "schemes/examples/sales_company.yaml",
                  "schemes/examples/sales_company.yaml", "--impact", "--data",
                  "schemes/examples/2026-Q1.csv")[2] == WARNING.format(warning="warning") + "\n"
