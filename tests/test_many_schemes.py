"""Many schemes: ``validate`` of a folder checks every scheme below it, and the repository's
pre-commit hooks check a consultant's schemes on every commit (run with pre-commit itself)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import DATA, ROOT, SCHEME

from appraise.cli import main

CUSTOMERS = ROOT / "schemes" / "examples" / "customers.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Schemes in folders, beside files that are not schemes, as the current folder."""
    (tmp_path / "clients" / "east").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(SCHEME, tmp_path / "clients" / "east" / "sales_company.yaml")
    shutil.copy(CUSTOMERS, tmp_path / "clients" / "customers.yml")
    shutil.copy(SCHEME, tmp_path / ".hidden" / "old.yaml")
    (tmp_path / ".git" / "config.yaml").write_text("not: [a scheme\n", encoding="utf-8")
    (tmp_path / "clients" / "east" / "sales_company.tests.yaml").write_text(
        "cases:\n  - {name: a, data: q1.csv, expect: {SR01: {rank: 2}}}\n", encoding="utf-8")
    (tmp_path / "clients" / "notes.yaml").write_text("owner: 李明\n", encoding="utf-8")
    (tmp_path / "clients" / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_is_every_scheme_below_it(folder: Path) -> None:
    assert invoke("validate", ".") == (0, "clients/customers.yml: valid\n"
                                          "clients/east/sales_company.yaml: valid\n", "")
    assert invoke("validate", "clients/east", "clients/east/sales_company.yaml") == (
        0, "clients/east/sales_company.yaml: valid\n", "")


def test_verbose_names_each_file_skipped_and_why(folder: Path) -> None:
    assert invoke("validate", "--verbose", "clients") == (0, (
        "clients/list.yaml: skipped: not a scheme: its top level has no 'appraise:' (nor "
        "'extend:')\n"
        "clients/notes.yaml: skipped: not a scheme: its top level has no 'appraise:' (nor "
        "'extend:')\n"
        "clients/east/sales_company.tests.yaml: skipped: a test file (appraise test runs it)\n"
        "clients/customers.yml: valid\n"
        "clients/east/sales_company.yaml: valid\n"), "")
    code, out, err = invoke("validate", "-v", "--format", "json", "clients")
    assert (code, [f["file"] for f in json.loads(out)["files"]]) == (
        0, ["clients/customers.yml", "clients/east/sales_company.yaml"])
    assert err.splitlines()[0] == \
        "clients/list.yaml: skipped: not a scheme: its top level has no 'appraise:' (nor 'extend:')"


def test_a_broken_scheme_below_a_folder_is_reported_even_when_it_cannot_be_read(
        folder: Path) -> None:
    scheme = folder / "clients" / "east" / "sales_company.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "{indicator: teamwork, weight: 5}", "{indicator: teamwork, weight: 10}"), encoding="utf-8")
    (folder / "clients" / "typo.yaml").write_text("appraise: 1\nname: [east\n", encoding="utf-8")
    assert invoke("validate", ".") == (1, "clients/customers.yml: valid\n", (
        "clients/typo.yaml:3:1: error: YAML syntax: did not find expected ',' or ']' (the '[' "
        "at line 2, column 7 is never closed with ']')\n"
        "clients/east/sales_company.yaml:257:5: error: scorecards.sales_rep.items: weights of "
        "scorecard 'sales_rep' add up to 105%, expected 100% (5% too many) (adjust the "
        "weights)\n"))


def test_a_folder_with_no_scheme_is_an_error(folder: Path) -> None:
    (folder / "empty").mkdir()
    assert invoke("validate", "empty", "clients/customers.yml") == (
        1, "clients/customers.yml: valid\n",
        "empty: error: no scheme in this folder or below it (a scheme is a .yaml or .yml file "
        "whose top level has 'appraise: 1')\n")
    code, out, err = invoke("validate", "--format", "json", "empty")
    assert (code, json.loads(out)["files"], err) == (1, [{"file": "empty", "valid": False,
                                                          "diagnostics": [{
        "file": "empty", "line": 0, "column": 0, "severity": "error", "path": "",
        "message": "no scheme in this folder or below it",
        "hint": "a scheme is a .yaml or .yml file whose top level has 'appraise: 1'"}]}], "")
    shutil.rmtree(folder / "clients" / "east")
    os.remove(folder / "clients" / "customers.yml")
    assert invoke("validate", "clients") == (
        1, "", "clients: error: no scheme in this folder or below it (a scheme is a .yaml or "
        ".yml file whose top level has 'appraise: 1'; 2 other YAML files skipped (--verbose "
        "names them))\n")


def test_the_hooks_run_appraise_on_every_scheme_and_test_below_the_repository() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"], h["files"], h["pass_filenames"], h["args"])
            for h in hooks] == [
        ("appraise-validate", "appraise validate", "python", r"\.ya?ml$", False, ["."]),
        ("appraise-test", "appraise test --none-ok", "python", r"\.(ya?ml|csv|json)$", False,
         ["."]),
    ]


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=600)


def _appraise_as_it_stands(into: Path, env: dict[str, str]) -> str:
    """This checkout's files, committed or not, as a repository of their own: what a
    consultant's rev: would point at. Its commit."""
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                  cwd=ROOT, env=env)
    assert listed.returncode == 0, listed.stderr
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    for step in (("git", "init", "-q"), ("git", "add", "-A"),
                 ("git", "commit", "-q", "-m", "Appraise as it stands")):
        done = _run(*step, cwd=into, env=env)
        assert done.returncode == 0, done.stderr
    return _run("git", "rev-parse", "HEAD", cwd=into, env=env).stdout.strip()


def test_a_consultants_repository_rejects_a_broken_scheme_on_commit(tmp_path: Path) -> None:
    """pre-commit itself installs the hooks from this repository (the environment with pip,
    about 45 seconds) and runs them on each commit; it must be there: no skipping."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="Consultant",
               GIT_AUTHOR_EMAIL="c@example.com", GIT_COMMITTER_NAME="Consultant",
               GIT_COMMITTER_EMAIL="c@example.com", GIT_CONFIG_GLOBAL=os.devnull,
               GIT_CONFIG_NOSYSTEM="1")
    (tmp_path / "appraise").mkdir()
    rev = _appraise_as_it_stands(tmp_path / "appraise", env)
    client = tmp_path / "client"
    client.mkdir()
    shutil.copy(SCHEME, client / "sales_company.yaml")
    shutil.copy(DATA, client / "2026-Q1.csv")
    shutil.copy(ROOT / "schemes" / "examples" / "sales_company.tests.yaml", client)
    (client / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {(tmp_path / 'appraise').as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: appraise-validate\n      - id: appraise-test\n",
        encoding="utf-8")
    assert _run("git", "init", "-q", cwd=client, env=env).returncode == 0
    installed = _run(sys.executable, "-m", "pre_commit", "install", cwd=client, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        assert _run("git", "add", "-A", cwd=client, env=env).returncode == 0
        return _run("git", "commit", "-q", "-m", message, cwd=client, env=env)

    good = commit("The client's scheme and its tests")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "appraise validate........................................................Passed\n" \
        "appraise test............................................................Passed\n" \
        in good.stderr

    scheme, sales_rep = client / "sales_company.yaml", \
        "revenue_achievement, weight: {}}}\n      - {{indicator: new_customer_count"
    good_text = scheme.read_text(encoding="utf-8")
    assert good_text.count(sales_rep.format(40)) == 1
    scheme.write_text(good_text.replace(sales_rep.format(40), sales_rep.format(45)),
                      encoding="utf-8")
    broken = commit("Sales reps: more weight on revenue")
    error = ("sales_company.yaml:257:5: error: scorecards.sales_rep.items: weights of scorecard "
             "'sales_rep' add up to 105%, expected 100% (5% too many) (adjust the weights)")
    assert broken.returncode == 1
    assert broken.stderr.split("\n\n")[:2] == [
        "appraise validate........................................................Failed\n"
        "- hook id: appraise-validate\n"
        "- exit code: 1", error]
    assert _run("git", "rev-list", "--count", "HEAD", cwd=client, env=env).stdout == "1\n"

    # A valid change that moves a result a case expects: the tests hook rejects it.
    assert good_text.count("\nbonus_base: 20000\n") == 1
    scheme.write_text(good_text.replace("\nbonus_base: 20000\n", "\nbonus_base: 22000\n"),
                      encoding="utf-8")
    moved = commit("A higher bonus base")
    assert moved.returncode == 1
    assert "appraise validate........................................................Passed" \
        in moved.stderr
    assert [line for line in moved.stderr.splitlines() if ": FAIL: " in line
            or "  SR01  " in line or "passed," in line] == [
        "sales_company.tests.yaml:8: FAIL: 张伟 (SR01), the worked example of the domain brief",
        "  SR01    bonus  20000.00  22000.00",
        "sales_company.tests.yaml:35: FAIL: a collection of exactly 95% is in the top band",
        "  SR01    bonus  24000.00  26400.00",
        "sales_company.tests.yaml:67: FAIL: the quarter's table, as the README shows it",
        "  SR01    bonus  20000.00  22000.00",
        "1 passed, 3 failed in 1 file"]


def test_a_repository_without_tests_yet_passes_the_hook_but_not_a_plain_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The appraise-test hook runs `appraise test --none-ok .`: a consultant's repository
    with schemes and no test file yet can still commit."""
    monkeypatch.chdir(tmp_path)
    assert invoke("test", "--none-ok", ".") == (0, "0 passed, 0 failed in 0 files\n", "")
    assert invoke("test", ".") == (1, "0 passed, 0 failed, 1 error in 0 files\n", (
        ".: error: no test file in this folder or below it (a test file is named after its "
        "scheme, e.g. sales_company.tests.yaml)\n"))
