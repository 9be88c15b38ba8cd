"""README.zh.md: the same Quick start as the README, and the Chinese twins of the README's
transcripts (each the same command with --lang zh), each exactly what the command prints.

A twin runs in a folder of its own holding a copy of schemes/, and for a transcript that
reads files of the current folder (the README's `diff sales_company.yaml ...`,
`test clients/acme/`, `validate clients/`) those files, made as the README describes them.
A line `...` of a twin stands for the lines the README leaves out, as in the README."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT, SCHEME
from test_diff import NEXT_YEAR, edited
from test_scheme_tests_zh import WRONG_TOTAL
from test_template_roundtrip import fill

from appraise.cli import main


def guide() -> str:
    return (ROOT / "README.zh.md").read_text(encoding="utf-8")


def twins() -> dict[str, str]:
    """Each `$ appraise ...` block of the guide: command -> output."""
    return dict(re.findall(r"```console\n\$ appraise (.*?)\n(.*?)```", guide(), flags=re.S))


def quick_start_commands(text: str) -> list[str]:
    section = text.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def readme_commands() -> set[str]:
    """The README's `$ appraise ...` commands, a command written over lines (`\\`) as one,
    without a comment after it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n    ", "")
    return {c.split("  #")[0].strip()
            for c in re.findall(r"^\$ appraise (.*?)$", readme, flags=re.M)}


def test_the_quick_start_is_the_readme_s() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ours = quick_start_commands(guide().split("## 快速开始", 1)[1])
    assert ours == quick_start_commands(readme.split("## Quick start", 1)[1])
    assert len(ours) == 2


def test_each_twin_is_a_readme_transcript_in_chinese() -> None:
    commands = list(twins())
    assert len(commands) == 23
    assert all(c.endswith(" --lang zh") for c in commands)
    assert {c.removesuffix(" --lang zh") for c in commands} <= readme_commands()


def _next_year(folder: Path) -> None:
    """This year's example and next year's, as the README's diff compares them."""
    shutil.copy(SCHEME, folder / "sales_company.yaml")
    shutil.copy(DATA, folder / "2026-Q1.csv")
    edited(folder, NEXT_YEAR, "sales_company_2027.yaml")


def _acme_tests(folder: Path) -> None:
    """A client's copy of the example with a case that fails, as the README shows it."""
    acme = folder / "clients" / "acme"
    acme.mkdir(parents=True)
    shutil.copy(SCHEME, acme / "sales_company.yaml")
    shutil.copy(DATA, acme / "2026-Q1.csv")
    (acme / "sales_company.tests.yaml").write_text(WRONG_TOTAL, encoding="utf-8")


def _clients(folder: Path) -> None:
    """A consultant's folder of two clients' schemes, with a test file and another YAML
    file (which validate skips)."""
    for client, scheme in (("acme", SCHEME), ("globex", SCHEME)):
        (folder / "clients" / client).mkdir(parents=True)
        shutil.copy(scheme, folder / "clients" / client / "scheme.yaml")
    (folder / "clients" / "acme" / "scheme.tests.yaml").write_text(
        "cases:\n  - name: the worked example\n    data: 2026-Q1.csv\n"
        "    expect: {SR01: {total: 94.80}}\n", encoding="utf-8")
    (folder / "clients" / "globex" / "notes.yaml").write_text("contacts: []\n",
                                                              encoding="utf-8")


def _filled_workbook(folder: Path) -> None:
    """The data-entry workbook of the README's example, filled in with the quarter's
    figures as HR would type them."""
    made = folder / "template.xlsx"
    done = CliRunner().invoke(main, ["template", str(SCHEME), "--period", "2026-Q1",
                                     "-o", str(made)])
    assert done.exit_code == 0, done.output
    fill(made, SCHEME, DATA, folder / "2026-Q1.xlsx", "2026-Q1")


def _history(folder: Path) -> None:
    """January and February of the company kept by month, kept in a history store as the
    README keeps them."""
    for month in ("2026-01", "2026-02"):
        done = CliRunner().invoke(main, [
            "score", str(folder / "schemes/examples/cascade_company.yaml"), "--data",
            str(folder / "schemes/examples/2026-months.csv"), "--period", month, "--store",
            str(folder / "history.sqlite"), "-q", "--format", "csv", "-o",
            str(folder / f"{month}.csv")])
        assert done.exit_code == 0, done.output


SETUPS: dict[str, Callable[[Path], None]] = {
    "diff sales_company.yaml": _next_year,
    "test clients/acme/": _acme_tests,
    "validate clients/": _clients,
    "validate --verbose clients/": _clients,
    "score schemes/examples/sales_company.yaml --data 2026-Q1.xlsx": _filled_workbook,
    "history --store history.sqlite": _history,
}
XLSX_TO_SCREEN = "score schemes/examples/sales_company.yaml --data schemes/examples/2026-Q1.csv " \
    "--format xlsx --lang zh"  # a usage error: a workbook needs -o
EXIT_CODES = {"test clients/acme/": 1, XLSX_TO_SCREEN: 2}  # as the README shows
TERMINAL = ("report ", XLSX_TO_SCREEN)  # what the terminal shows, standard error with it,
# as the README does


def matches(expected: str, output: str) -> bool:
    """``output`` is ``expected``, where a line `...` (at any indent) stands for any lines."""
    pattern = "".join(r"(?:[^\n]*\n)*?" if line.strip() == "..." else re.escape(line) + "\n"
                      for line in expected.splitlines())
    return re.fullmatch(pattern, output) is not None


@pytest.mark.parametrize("command", list(twins()))
def test_each_twin_is_what_the_command_prints(command: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "schemes", tmp_path / "schemes")
    for start, setup in SETUPS.items():
        if command.startswith(start):
            setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, shlex.split(command), prog_name="appraise")
    code = next((c for start, c in EXIT_CODES.items() if command.startswith(start)), 0)
    assert result.exit_code == code, result.output
    shown = result.output if command.startswith(TERMINAL) else result.stdout
    assert matches(twins()[command], shown), shown


def test_a_line_of_dots_stands_for_lines_left_out_and_nothing_else() -> None:
    assert matches("a\n...\nd\n", "a\nb\nc\nd\n")
    assert matches("a\n  ...\nd\n", "a\nd\n")
    assert not matches("a\n...\nd\n", "a\nb\nc\nd\ne\n")
    assert not matches("a\nd\n", "a\nb\nd\n")
