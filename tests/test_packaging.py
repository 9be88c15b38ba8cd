"""What a fresh install gets: one package named appraise (the schema and py.typed in it),
dependencies pinned for CI, and lower bounds that are the versions CI tests."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            package, version = line.split("==")
            found[_normal(package)] = version
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(extra: str | None = None) -> dict[str, str]:
    """Each requirement's name and its lower bound ('' for none)."""
    listed = PROJECT["project"]["optional-dependencies"][extra] if extra else \
        PROJECT["project"]["dependencies"]
    found = {}
    for requirement in listed:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:>=([0-9.]+))?", requirement)
        assert match, requirement
        found[_normal(match[1])] = match[2] or ""
    return found


def test_the_lower_bounds_are_the_versions_ci_tests() -> None:
    lowest = pins("constraints-lowest.txt")
    assert {name: Version(lowest[name]) for name in requirements()} == \
        {name: Version(bound) for name, bound in requirements().items()}


def test_ci_installs_every_dependency_at_a_pinned_version() -> None:
    pinned = pins("constraints.txt")
    wanted = {**requirements(), **requirements("dev"), **requirements("bench")}
    assert sorted(set(wanted) - set(pinned)) == []
    assert sorted(set(requirements("dev")) - set(pins("constraints-lowest.txt"))) == []


def test_the_installed_packages_are_the_folders_of_the_engine() -> None:
    folders = {f"appraise.{p.parent.name}" for p in (ROOT / "engine").glob("*/__init__.py")}
    assert sorted(PROJECT["tool"]["setuptools"]["packages"]) == \
        sorted({"appraise", "appraise.schemas", "appraise.libraries", "appraise.templates"}
               | folders)


def test_the_wheel_installs_one_package_named_appraise(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    version = PROJECT["project"]["version"]
    assert {n.split("/")[0] for n in names} == {"appraise", f"appraise-{version}.dist-info"}
    for needed in ("appraise/py.typed", "appraise/schemas/scheme.schema.json",
                   "appraise/libraries/__init__.py", "appraise/libraries/standard.yaml",
                   "appraise/cli.py", "appraise/rules/linear.py",
                   "appraise/templates/sales_team.yaml", "appraise/templates/sales_team.csv"):
        assert needed in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "appraise = appraise.cli:main" in \
        zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_readme_library_example_runs_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """From the repository, the installed package is the one imported, schema and all."""
    zipfile.ZipFile(wheel).extractall(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using the library", 1)[1]
    examples = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    program = "".join(examples) + "\nimport appraise\nprint(appraise.__file__)\n"
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                          text=True, check=False, env={"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == str(tmp_path / "appraise" / "__init__.py")


def test_the_command_starts_without_loading_the_engine_behind_it() -> None:
    # `appraise --help` should answer at once: the package's names load on first use.
    code = ("import sys, appraise.cli; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('numpy', 'jsonschema', 'yaml', 'simpleeval', 'pyarrow', "
            "'duckdb', 'sqlglot')))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert shown == "[]\n"


def test_the_package_names_each_public_name_and_score_is_the_function() -> None:
    code = ("import appraise.scoring.batch as b, appraise, inspect; from appraise import score; "
            "print(inspect.isfunction(score), inspect.isfunction(appraise.score), "
            "sorted(appraise.__all__) == sorted(appraise._HOMES), "
            "[n for n in appraise.__all__ if getattr(appraise, n, None) is None])")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert shown == "True True True []\n"


PLAIN = ["schemes/examples/sales_company.yaml", "--data", "schemes/examples/2026-Q1.csv"]
CASCADE = ["schemes/examples/cascade_company.yaml", "--period", "2026-Q1"]


def loaded_by(tmp_path: Path, *args: str) -> list[str]:
    """The modules of appraise that the command ``appraise ARGS`` had imported when it
    ended (with exit code 0)."""
    out = tmp_path / "modules.txt"
    code = ("import atexit, sys\nfrom appraise.cli import main\n"
            "atexit.register(lambda: open(sys.argv.pop(), 'w').write('\\n'.join(sorted("
            "m for m in sys.modules if m.startswith('appraise.')))))\n"
            "main(sys.argv[1:-1], prog_name='appraise')\n")
    done = subprocess.run([sys.executable, "-c", code, *args, str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8").split("\n")


def reporters(loaded: list[str]) -> list[str]:
    return [m.removeprefix("appraise.report.") for m in loaded
            if m.startswith("appraise.report.")]


def test_validate_loads_neither_the_data_nor_the_scoring_stage_nor_a_score_reporter(
        tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "validate", "schemes/examples/sales_company.yaml")
    assert [m for m in loaded if m.startswith(("appraise.data", "appraise.scoring"))] == []
    assert reporters(loaded) == ["validation"]


def test_a_scheme_without_records_loads_neither_duckdb_nor_the_sources_stage(
        tmp_path: Path) -> None:
    for args in (["validate", "schemes/examples/cascade_company.yaml"], ["score", *PLAIN]):
        loaded = loaded_by(tmp_path, *args)
        assert [m for m in loaded if m.startswith(("appraise.sources", "appraise.build.records",
                                                   "appraise.formula.records"))] == []


def test_figures_loads_the_sources_stage_and_no_scoring(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "figures", "schemes/examples/records/cascade_records.yaml",
                       "--records", "schemes/examples/records", "--period", "2026-01", "-o",
                       str(tmp_path / "figures.csv"))
    assert [m for m in loaded if m.startswith("appraise.sources")] == [
        "appraise.sources", "appraise.sources.blank", "appraise.sources.columnar",
        "appraise.sources.duck", "appraise.sources.figures", "appraise.sources.files",
        "appraise.sources.read", "appraise.sources.reference", "appraise.sources.sql"]
    assert [m for m in loaded if m.startswith(("appraise.scoring", "appraise.report"))] == []


@pytest.mark.parametrize(("fmt", "used"), [
    ("table", ["layout", "table"]),
    ("csv", ["as_csv", "layout", "spreadsheet"]),
    ("json", ["as_json", "json_items", "json_values", "layout", "table"]),
])
def test_score_loads_the_one_reporter_of_its_format(tmp_path: Path, fmt: str,
                                                    used: list[str]) -> None:
    assert reporters(loaded_by(tmp_path, "score", *PLAIN, "--format", fmt)) == used


WORKBOOK = ["as_csv", "layout", "spreadsheet", "table", "words", "xlsx_explain", "xlsx_period",
            "xlsx_results", "xlsx_sheets"]  # table: the pools' payments, as the table's


@pytest.mark.parametrize(("command", "used"), [
    (["score", *PLAIN, "--headers", "ids"], WORKBOOK),
    (["score", *PLAIN], sorted([*WORKBOOK, "headers"])),
    (["targets", *CASCADE, "--headers", "ids"],
     ["layout", "spreadsheet", "targets", "xlsx_sheets", "xlsx_targets"]),
    (["targets", *CASCADE],
     ["headers", "layout", "spreadsheet", "targets", "xlsx_sheets", "xlsx_targets"]),
])
def test_a_workbook_loads_its_writers_and_the_labels_unless_told_ids(
        tmp_path: Path, command: list[str], used: list[str]) -> None:
    out = str(tmp_path / "out.xlsx")
    assert reporters(loaded_by(tmp_path, *command, "--format", "xlsx", "-o", out)) == used


def test_a_small_file_is_read_without_loading_arrow(tmp_path: Path) -> None:
    """Arrow splits a file of 4 MiB or more; loading it would cost a small file more."""
    assert "appraise.data.split" in (loaded := loaded_by(tmp_path, "score", *PLAIN))
    assert "appraise.data.arrowcsv" not in loaded


def test_explain_and_targets_load_their_own_reporters_only(tmp_path: Path) -> None:
    assert reporters(loaded_by(tmp_path, "explain", *PLAIN, "--person", "SR01")) == [
        "explain", "explain_cards", "explain_tail", "json_values", "layout", "subjects",
        "words"]
    assert reporters(loaded_by(tmp_path, "targets", *CASCADE)) == [
        "layout", "spreadsheet", "targets"]


def test_rollforward_reads_no_data_unless_it_sets_targets_from_the_actuals(
        tmp_path: Path) -> None:
    plain = loaded_by(tmp_path, "rollforward", PLAIN[0], "--to", "2027", "--growth", "10%",
                      "-o", str(tmp_path / "new.yaml"))
    assert [m for m in plain if m.startswith(("appraise.data", "appraise.scoring"))] == []
    assert "appraise.scoring" in loaded_by(tmp_path, "rollforward", PLAIN[0], "--to", "2027",
                                           "--growth", "10%", "--from-actuals", PLAIN[2],
                                           "-o", str(tmp_path / "new.yaml"))


def test_the_reporters_are_named_by_the_package_and_each_format_is_its_reporter() -> None:
    code = ("import appraise.report as r, appraise.report.as_csv as c; "
            "print(sorted(r._HOMES) == sorted(n for n in r.__all__ if '_FORMATS' not in n), "
            "[n for n in r.__all__ if getattr(r, n, None) is None], r.score_csv is c.score_csv, "
            "[(f, p.__name__) for f, p in r.SCORE_FORMATS.items()])")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert shown == ("True [] True [('table', 'score_table'), ('json', 'score_json_lines'), "
                     "('csv', 'score_csv_chunks')]\n")


def test_a_command_leaves_its_objects_to_the_system_at_exit() -> None:
    """Python's last collection, as it shuts down, would look at every object the run
    made (tens of milliseconds for the example, seconds for a large period): the command
    freezes them first. A handler registered before the command's runs after it."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen:', gc.get_freeze_count() > 1000, "
            "file=sys.stderr))\n"
            "from appraise.cli import main\n"
            "main(['validate', 'schemes/examples/sales_company.yaml'], prog_name='appraise')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "schemes/examples/sales_company.yaml: valid\n", "frozen: True\n")


def test_sql_prints_without_a_database_driver(tmp_path: Path) -> None:
    out = tmp_path / "drivers.txt"
    code = ("import atexit, sys\nfrom appraise.cli import main\n"
            "atexit.register(lambda: open(sys.argv.pop(), 'w').write(' '.join(sorted("
            "m for m in sys.modules if m in ('duckdb', 'psycopg') or m.startswith("
            "('appraise.sources', 'appraise.scoring'))))))\n"
            "main(sys.argv[1:-1], prog_name='appraise')\n")
    done = subprocess.run([sys.executable, "-c", code, "sql",
                           "schemes/examples/records/cascade_records.yaml", "--dialect", "trino",
                           "-o", str(tmp_path / "figures.sql"), str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").split() == [
        "appraise.sources", "appraise.sources.blank", "appraise.sources.duck",
        "appraise.sources.figures", "appraise.sources.files", "appraise.sources.read",
        "appraise.sources.reference", "appraise.sources.sql", "appraise.sources.warehouse"]


def test_the_store_is_loaded_only_when_asked_for_and_postgresql_only_for_its_urls(
        tmp_path: Path) -> None:
    """score loads the store with --store only, and psycopg for a postgresql:// URL only;
    history reads a SQLite store without psycopg."""
    assert [m for m in loaded_by(tmp_path, "score", *PLAIN) if "store" in m] == []
    store = str(tmp_path / "history.sqlite")
    kept = loaded_by(tmp_path, "score", *PLAIN, "--store", store, "-q")
    assert sorted(m for m in kept if m.startswith("appraise.store")) == [
        "appraise.store", "appraise.store.database", "appraise.store.keep",
        "appraise.store.schema"]
    code = ("import sys\nfrom appraise.cli import main\n"
            "try:\n    main(sys.argv[1:], prog_name='appraise')\nfinally:\n"
            "    print('psycopg' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code, "history", "--store", store], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.stdout.endswith("\nFalse\n"), done.stderr
