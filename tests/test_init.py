"""``appraise init --template NAME DIR`` and ``appraise schema``: from an installed wheel, in
a folder far from the checkout, every template gives a folder whose scheme validates, whose
data scores, and whose first line links to a copy of the installed JSON Schema; a wrong
name or folder is refused with nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "schemes" / "templates"
NAMES = sorted(p.stem for p in TEMPLATES.glob("*.yaml"))
USAGE = "Usage: appraise init [OPTIONS] DIR\nTry 'appraise init --help' for help.\n\n"


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked where Python finds it (PYTHONPATH), its dependencies being this
    environment's."""
    site = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(wheel).extractall(site)
    return site


# Runs the commands given as JSON lists, in a folder outside the checkout, with the
# installed package; prints each one's exit code, output and errors, and where the package
# was imported from.
DRIVER = """
import json, sys
import appraise
from click.testing import CliRunner
from appraise.cli import main
runs = [CliRunner().invoke(main, args) for args in json.loads(sys.argv[1])]
print(json.dumps({"package": appraise.__file__,
                  "runs": [[r.exit_code, r.stdout, r.stderr] for r in runs]}))
"""


def from_the_wheel(site: Path, where: Path, *commands: list[str]) -> list[list[object]]:
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(commands)], cwd=where,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(site)})
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["package"] == str(site / "appraise" / "__init__.py")
    runs: list[list[object]] = shown["runs"]
    return runs


def test_every_template_has_its_data_and_is_in_the_wheel(wheel: Path) -> None:
    assert len(NAMES) >= 12
    assert sorted(p.stem for p in TEMPLATES.glob("*.csv")) == NAMES
    names = set(zipfile.ZipFile(wheel).namelist())
    assert sorted(n for n in names if n.startswith("appraise/templates/")) == sorted(
        ["appraise/templates/__init__.py"]
        + [f"appraise/templates/{n}.{ext}" for n in NAMES for ext in ("csv", "yaml")])


def period_of(name: str) -> list[str]:
    """A scheme kept by month is scored for the latest month of its data."""
    text = (TEMPLATES / f"{name}.yaml").read_text(encoding="utf-8")
    if "\ncalendar:" not in text:
        return []
    header, *rows = (TEMPLATES / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()
    column = header.split(",").index("period")
    return ["--period", max(row.split(",")[column] for row in rows)]


@pytest.mark.parametrize("name", NAMES)
def test_a_template_gives_a_folder_that_validates_and_scores_anywhere(
        installed: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "clients" / "acme"
    scheme, data = f"clients/acme/{name}.yaml", f"clients/acme/{name}.csv"
    made, valid, scored = from_the_wheel(
        installed, tmp_path, ["init", "--template", name, "clients/acme"],
        ["validate", scheme], ["score", scheme, "--data", data, *period_of(name)])
    assert made[0] == 0, made
    assert str(made[1]).splitlines()[-3:] == [
        "Next:", f"  appraise validate {scheme}",
        f"  appraise score {scheme} --data {data}{' '.join(['', *period_of(name)])}"]
    assert valid == [0, f"{scheme}: valid\n", ""]
    assert (scored[0], scored[2]) == (0, "")  # scored, and not one warning
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{name}.csv", f"{name}.yaml", "scheme.schema.json"])
    assert (folder / f"{name}.csv").read_bytes() == (TEMPLATES / f"{name}.csv").read_bytes()
    first, second, *rest = (folder / f"{name}.yaml").read_text(encoding="utf-8").split("\n")
    assert (first, second) == ("# yaml-language-server: $schema=scheme.schema.json",
                               "# $schema: scheme.schema.json")
    assert "\n".join(rest) == (TEMPLATES / f"{name}.yaml").read_text(
        encoding="utf-8").split("\n", 1)[1]
    link = first.split("$schema=")[1]
    assert (folder / link).read_bytes() == \
        (installed / "appraise" / "schemas" / "scheme.schema.json").read_bytes()


def test_schema_path_is_the_installed_schema_and_schema_prints_it(
        installed: Path, tmp_path: Path) -> None:
    where, printed = from_the_wheel(installed, tmp_path, ["schema", "--path"], ["schema"])
    installed_schema = installed / "appraise" / "schemas" / "scheme.schema.json"
    assert where == [0, f"{installed_schema}\n", ""]
    assert Path(str(where[1]).strip()).is_file()
    assert printed == [0, installed_schema.read_text(encoding="utf-8"), ""]


def init(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["init", *args], prog_name="appraise")
    # click before 8.3 names the first help option in its usage line ("Try '... -h'")
    return result.exit_code, result.stdout, result.stderr.replace(" -h' for help.",
                                                                  " --help' for help.")


def test_an_unknown_template_is_refused_with_the_closest_name(tmp_path: Path) -> None:
    assert init("--template", "sales_taem", str(tmp_path / "new")) == (2, "", USAGE + (
        "Error: Invalid value for '--template': there is no template called 'sales_taem'; "
        "did you mean 'sales_team'? The templates are: " + ", ".join(NAMES)
        + " ('appraise init --list' shows what each is)\n"))
    assert init("--template", "x", str(tmp_path / "new"))[2].endswith(
        "Error: Invalid value for '--template': there is no template called 'x'; the "
        "templates are: " + ", ".join(NAMES) + " ('appraise init --list' shows what each "
        "is)\n")
    assert not (tmp_path / "new").exists()


def test_a_folder_with_something_in_it_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "client").mkdir()
    (tmp_path / "client" / "notes.txt").write_text("mine", encoding="utf-8")
    folder = str(tmp_path / "client")
    assert init("--template", "sales_team", folder) == (2, "", USAGE + (
        f"Error: Invalid value for 'DIR': '{folder}' is not empty (it holds 1 entry); give "
        "a new or empty folder, so that no file of yours is overwritten\n"))
    assert [p.name for p in (tmp_path / "client").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client"]


def test_a_file_is_refused_as_the_folder(tmp_path: Path) -> None:
    (tmp_path / "client.yaml").write_text("mine", encoding="utf-8")
    folder = str(tmp_path / "client.yaml")
    assert init("--template", "sales_team", folder) == (2, "", USAGE + (
        f"Error: Invalid value for 'DIR': '{folder}' is a file, not a folder; give the path "
        "of a new folder to create\n"))
    assert (tmp_path / "client.yaml").read_text(encoding="utf-8") == "mine"


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "client").mkdir()
    code, _, err = init("--template", "sales_team", str(tmp_path / "client"))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "client").iterdir()) == [
        "sales_team.csv", "sales_team.yaml", "scheme.schema.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client"]


def test_init_says_what_it_made_and_what_to_run_next(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert init("--template", "key_accounts", "acme") == (0, (
        "Created acme from the template key_accounts (大客户部 Key accounts (template)):\n"
        "  acme/key_accounts.yaml   the scheme\n"
        "  acme/key_accounts.csv    a period's figures: replace them with yours\n"
        "  acme/scheme.schema.json  the JSON Schema the scheme links to, for your editor\n"
        "Next:\n"
        "  appraise validate acme/key_accounts.yaml\n"
        "  appraise score acme/key_accounts.yaml --data acme/key_accounts.csv "
        "--period 2026-01\n"), "")


def test_a_failure_while_writing_leaves_nothing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    written = []

    def fail_on_the_second(self: Path, content: bytes) -> int:
        written.append(self.name)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        return len(content)

    monkeypatch.setattr(Path, "write_bytes", fail_on_the_second)
    folder = str(tmp_path / "deep" / "er" / "client")
    assert init("--template", "sales_team", folder) == (
        1, "", f"{folder}: error: cannot create the folder: No space left on device\n")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_writing_leaves_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(self: Path, content: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", stopped)
    (tmp_path / "client").mkdir()
    result = CliRunner().invoke(main, ["init", "--template", "sales_team",
                                       str(tmp_path / "client")])
    assert (result.exit_code, result.stdout) == (1, "")  # click's "Aborted!"
    assert [p.name for p in tmp_path.iterdir()] == ["client"]
    assert list((tmp_path / "client").iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    ([], "choose a template with --template NAME (appraise init --list shows them)"),
    (["--template", "sales_team"], "give the folder to create: appraise init --template "
     "NAME DIR"),
    (["--list", "x"], "--list takes no template and no folder"),
])
def test_what_init_needs(args: list[str], message: str) -> None:
    assert init(*args) == (2, "", f"{USAGE}Error: {message}\n")


def test_the_list_names_each_template_and_its_label() -> None:
    code, out, err = init("--list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Templates (appraise init --template NAME DIR):"
    assert [line.split()[0] for line in lines[1:]] == NAMES
    assert "  key_accounts          大客户部 Key accounts (template)" in lines


@pytest.mark.parametrize("folder", ["", " ", "-"])
def test_an_empty_folder_name_never_means_here(tmp_path: Path, folder: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """An unset variable in a script (init --template sales_team "$DIR") must not write
    the template over files of the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sales_team.yaml").write_text("MY OWN WORK\n", encoding="utf-8")
    assert init("--template", "sales_team", folder) == (2, "", USAGE + (
        f"Error: Invalid value for 'DIR': '{folder}' is not a folder's name; give the path of "
        "a new folder to create\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sales_team.yaml"]
    assert (tmp_path / "sales_team.yaml").read_text(encoding="utf-8") == "MY OWN WORK\n"
