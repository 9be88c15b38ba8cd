"""Many schemes: ``validate`` of a folder checks every scheme below it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SCHEME

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
        "clients/list.yaml: skipped: not a scheme: its top level has no 'appraise:' key\n"
        "clients/notes.yaml: skipped: not a scheme: its top level has no 'appraise:' key\n"
        "clients/east/sales_company.tests.yaml: skipped: a test file (appraise test runs it)\n"
        "clients/customers.yml: valid\n"
        "clients/east/sales_company.yaml: valid\n"), "")
    code, out, err = invoke("validate", "-v", "--format", "json", "clients")
    assert (code, [f["file"] for f in __import__("json").loads(out)["files"]]) == (
        0, ["clients/customers.yml", "clients/east/sales_company.yaml"])
    assert err.splitlines()[0] == \
        "clients/list.yaml: skipped: not a scheme: its top level has no 'appraise:' key"


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
    shutil.rmtree(folder / "clients" / "east")
    os.remove(folder / "clients" / "customers.yml")
    assert invoke("validate", "clients") == (
        1, "", "clients: error: no scheme in this folder or below it (a scheme is a .yaml or "
        ".yml file whose top level has 'appraise: 1'; 2 other YAML files skipped (--verbose "
        "names them))\n")
