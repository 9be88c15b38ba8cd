from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "schemes" / "examples"
SCHEME = EXAMPLES / "sales_company.yaml"
DATA = EXAMPLES / "2026-Q1.csv"


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built once for the session."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(out), str(ROOT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return next(out.glob("appraise-*.whl"))


LANGUAGE_SETTINGS = ("APPRAISE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture(autouse=True)
def _english_whatever_the_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test reads Appraise in English unless it asks for Chinese (--lang zh, or sets
    APPRAISE_LANG or the locale itself), whatever the locale of the machine that runs it;
    a run in Chinese does not leave the next test speaking Chinese."""
    from appraise import i18n

    for variable in LANGUAGE_SETTINGS:
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in messages are as a person types them: relative to the repository."""
    monkeypatch.chdir(ROOT)


def command_output(tmp_path: Path, scheme: Path, data: str, *args: str,
                   period: str = "2026-Q1") -> str:
    """What ``appraise COMMAND SCHEME --data FILE --period PERIOD ...`` prints, ``args``
    giving the command first; ``data`` is written to FILE. The command must succeed."""
    from click.testing import CliRunner

    from appraise.cli import main

    written = tmp_path / "d.csv"
    written.write_text(data, encoding="utf-8")
    result = CliRunner().invoke(main, [args[0], str(scheme), "--data", str(written),
                                       "--period", period, *args[1:]])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One private PostgreSQL server for the run (tests/pg.py), started when a test first asks
    for one; a test that asks fails, saying why, when it cannot be started."""
    from pg import NoServer, start_server

    try:
        server = start_server()
    except NoServer as exc:
        why = str(exc)
    else:
        yield server
        server.stop()
        return
    pytest.fail(f"no PostgreSQL server for the tests: {why}", pytrace=False)


@pytest.fixture
def pg_url(pg_server: object) -> str:
    """The URL of a fresh, empty database on the run's PostgreSQL server."""
    from pg import Server

    assert isinstance(pg_server, Server)
    return pg_server.new_database()


def both_paths_name_the_same_records(scheme_file: Path, folder: Path,
                                     period: str = "2026-Q1") -> None:
    """DuckDB and the Python reference refuse the records of ``folder`` with the very same
    diagnostics (DuckDB finds that a record is bad; the reference names each one)."""
    from appraise import AppraiseError, load_scheme
    from appraise.sources import figures

    scheme = load_scheme(scheme_file)
    with pytest.raises(AppraiseError) as duck:
        figures(scheme, folder, period)
    with pytest.raises(AppraiseError) as reference:
        figures(scheme, folder, period, reference=True)
    assert duck.value.diagnostics == reference.value.diagnostics
