"""The tests' own PostgreSQL server (tests/pg.py): it starts, gives each test its own empty
database, and says why when it cannot start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pg import NoServer, Server, start_server


def test_a_database_per_test_on_one_server(pg_server: Server, pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url) as connection:
        tables = connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                    "'public'").fetchone()
        connection.execute("CREATE TABLE t (x NUMERIC)")
        connection.execute("INSERT INTO t VALUES ('0.1'), ('0.2')")
        total = connection.execute("SELECT sum(x)::text FROM t").fetchone()
    assert tables == (0,)
    assert total == ("0.3",)
    assert pg_url.startswith("postgresql://appraise@/test_")
    assert pg_url.endswith(f"?host={pg_server.folder}")


def test_the_next_test_has_another_empty_database(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url) as connection:
        found = connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                   "'public'").fetchone()
    assert found == (0,)


def test_a_server_is_stopped_and_its_folder_removed() -> None:
    import psycopg

    server = start_server()
    url = server.new_database()
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    server.stop()
    assert not server.folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)


def test_why_a_server_could_not_start(tmp_path: Path) -> None:
    from pg import server_binaries

    server = Server(tmp_path, server_binaries(), [])
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")  # initdb cannot make it
    with pytest.raises(NoServer, match=r"^initdb failed: "):
        server.start()


def test_a_test_that_needs_postgresql_fails_saying_why_when_there_is_none(
        tmp_path: Path) -> None:
    """No server programs anywhere: the test that asks for a database fails (an error in its
    set-up, exit code 1), saying what to install; it is not skipped."""
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rE",
         "tests/test_pg_server.py::test_the_next_test_has_another_empty_database"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "PATH": str(tmp_path), "COLUMNS": "80",
             "APPRAISE_POSTGRESQL_VERSIONS": str(tmp_path / "none")})
    assert done.returncode == 1
    assert "skipped" not in done.stdout
    assert done.stdout.splitlines()[2:5] == [
        "_______ ERROR at setup of test_the_next_test_has_another_empty_database ________",
        "no PostgreSQL server for the tests: PostgreSQL's server programs (initdb, pg_ctl) are "
        "not installed: run 'sh tests/setup.sh' (it installs Debian's postgresql package), or "
        "install PostgreSQL's server with this machine's package manager",
        "=========================== short test summary info ============================"]
