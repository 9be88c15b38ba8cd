"""A store that cannot be used: unreachable, of an unknown kind, written by a newer Appraise,
not a database, not writable, a run that fails half-way. Never a traceback, nothing written,
exit 1, in both languages."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import DATA, SCHEME

from appraise.cli import main


def score(store: str, *more: str) -> Result:
    return CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(DATA), "--store",
                                     store, "-q", "--format", "csv", *more])


def history(store: str, *more: str) -> Result:
    return CliRunner().invoke(main, ["history", "--store", store, *more])


def test_an_unreachable_database_is_named_without_its_password() -> None:
    url = "postgresql://hr:s3cret@127.0.0.1:1/appraisals"
    done = score(url)
    assert done.exit_code == 1
    assert "s3cret" not in done.output
    lines = done.output.splitlines()
    assert lines[0].startswith("postgresql://hr@127.0.0.1:1/appraisals: error: cannot connect "
                               "to the store: ")
    assert lines[0].endswith(" (check the URL, and that the database server is running and "
                             "lets you in)")
    assert len(lines) == 1
    zh = score(url, "--lang", "zh")
    assert zh.exit_code == 1
    assert zh.output.startswith("postgresql://hr@127.0.0.1:1/appraisals: 错误：无法连接历史库：")
    assert zh.output.endswith("（请检查网址，并确认数据库服务器正在运行、允许你登录）\n")


@pytest.mark.parametrize(("url", "named"), [
    ("postgresql://hr:s3cret@db.example.com:5433/kpi?sslmode=require",
     "postgresql://hr@db.example.com:5433/kpi?sslmode=require"),
    ("postgresql://hr@db/kpi?password=s3cret&sslmode=require",
     "postgresql://hr@db/kpi?sslmode=require"),
    ("postgresql:///kpi?host=/run/postgresql", "postgresql:///kpi?host=/run/postgresql"),
    ("history.sqlite", "history.sqlite")])
def test_a_store_is_named_without_its_password(url: str, named: str) -> None:
    from appraise.store import shown

    assert shown(url) == named


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "mysql://hr@db/kpi: error: Appraise keeps its history in SQLite or PostgreSQL, and "
           "cannot open a store of this kind (give a file path or sqlite:///PATH for SQLite, or "
           "postgresql://USER@HOST/DATABASE for PostgreSQL)\n"),
    ("zh", "mysql://hr@db/kpi: 错误：Appraise 的历史库只能是 SQLite 或 PostgreSQL，打不开这种库"
           "（请给出文件路径或 sqlite:///路径（SQLite），或 postgresql://用户@主机/数据库"
           "（PostgreSQL））\n")])
def test_a_url_of_an_unknown_kind(lang: str, said: str) -> None:
    for done in (score("mysql://hr@db/kpi", "--lang", lang),
                 history("mysql://hr@db/kpi", "--lang", lang)):
        assert (done.exit_code, done.output) == (1, said)


def newer(store: str) -> None:
    assert score(store).exit_code == 0
    with sqlite3.connect(store) as connection:
        connection.execute("INSERT INTO store_schema VALUES (99, '2031-01-01T00:00:00Z', '9.0')")


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "{store}: error: this store was written by a newer Appraise (its tables are at "
           "version 99; this Appraise knows up to 2) (upgrade Appraise to read and write it)\n"),
    ("zh", "{store}: 错误：这个历史库由更新版本的 Appraise 写入（其表结构为第 99 版，本 Appraise "
           "只认识到第 2 版）（请升级 Appraise 后再读写它）\n")])
def test_a_store_written_by_a_newer_appraise_is_refused(tmp_path: Path, lang: str,
                                                        said: str) -> None:
    store = str(tmp_path / "history.sqlite")
    newer(store)
    before = Path(store).read_bytes()
    for done in (score(store, "--lang", lang), history(store, "--lang", lang)):
        assert (done.exit_code, done.output) == (1, said.format(store=store))
    assert Path(store).read_bytes() == before


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "{store}: error: this file is not a store (not a SQLite database) (name another "
           "file, or a new one, for the store)\n"),
    ("zh", "{store}: 错误：这个文件不是历史库（不是 SQLite 数据库）（请另指定一个文件，或一个"
           "新文件，作为历史库）\n")])
def test_a_file_that_is_not_a_database(tmp_path: Path, lang: str, said: str) -> None:
    store = tmp_path / "notes.txt"
    store.write_text("id,name\n" * 200, encoding="utf-8")
    for done in (score(str(store), "--lang", lang), history(str(store), "--lang", lang)):
        assert (done.exit_code, done.output) == (1, said.format(store=store))
    assert store.read_text(encoding="utf-8") == "id,name\n" * 200


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "{store}: error: there is no store here (score a period with --store {store} "
           "first)\n"),
    ("zh", "{store}: 错误：这里没有历史库（请先用 --store {store} 评分一个期间）\n")])
def test_history_of_a_store_that_is_not_there(tmp_path: Path, lang: str, said: str) -> None:
    store = str(tmp_path / "history.sqlite")
    done = history(store, "--lang", lang)
    assert (done.exit_code, done.output) == (1, said.format(store=store))
    assert not Path(store).exists()


def test_a_store_in_a_folder_that_is_not_there(tmp_path: Path) -> None:
    store = str(tmp_path / "missing" / "history.sqlite")
    done = score(store)
    assert (done.exit_code, done.output) == (1, (
        f"{store}: error: cannot write to the store: unable to open database file (check "
        "that the file and its folder may be written)\n"))


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Makes a file read-only, for root too: root writes a file of mode 0444 all the same,
    but not one marked immutable (chattr +i), which is undone afterwards."""
    marked: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o444)
            return
        subprocess.run(["chattr", "+i", str(path)], check=True)
        marked.append(path)

    yield make
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_store(tmp_path: Path, read_only: Callable[[Path], None]) -> None:
    store = tmp_path / "history.sqlite"
    assert score(str(store)).exit_code == 0
    read_only(store)
    other = tmp_path / "other.csv"
    other.write_text(DATA.read_text(encoding="utf-8").replace("18600000", "18700000"),
                     encoding="utf-8")
    done = CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(other), "--store",
                                     str(store), "-q", "--format", "csv"])
    assert (done.exit_code, done.output) == (1, (
        f"{store}: error: cannot write to the store: attempt to write a readonly database "
        "(check that the file and its folder may be written)\n"))


def rows(url: str, table: str) -> int:
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url) as connection:
            found = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    else:
        with sqlite3.connect(url) as connection:
            found = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert found is not None
    return int(found[0])


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_run_that_fails_half_way_writes_nothing(kind: str, tmp_path: Path,
                                                  request: pytest.FixtureRequest) -> None:
    """The next run's points are in the way (put there past the foreign keys): the run, its
    results and its figures, written before the points, are gone with them."""
    url = str(tmp_path / "history.sqlite") if kind == "sqlite" else \
        request.getfixturevalue("pg_url")
    assert score(url).exit_code == 0
    in_the_way = ("INSERT INTO points VALUES (2, 'GM01', 0, 'general_manager', "
                  "'revenue_two_level', '1', '1')")
    if kind == "sqlite":
        with sqlite3.connect(url) as connection:  # foreign keys are off unless asked for
            connection.execute(in_the_way)
    else:
        import psycopg

        with psycopg.connect(url) as connection:
            connection.execute("SET session_replication_role = replica")
            connection.execute(in_the_way)
    other = tmp_path / "other.csv"
    other.write_text(DATA.read_text(encoding="utf-8").replace("18600000", "18700000"),
                     encoding="utf-8")
    done = CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(other), "--store",
                                     url, "-q", "--format", "csv"])
    assert done.exit_code == 1
    assert done.output.startswith(f"{url}: error: the store failed: ")
    assert (rows(url, "runs"), rows(url, "results"), rows(url, "figures"),
            rows(url, "points")) == (1, 12, 97, 91)


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "{store}: error: the data names no period, and the store keeps each period by its "
           "name (give --period, e.g. --period 2026-Q1, or a period column in the data)\n"),
    ("zh", "{store}: 错误：数据没有写明期间，而历史库按期间名称保存（请给出 --period，如 "
           "--period 2026-Q1，或在数据中加上期间列）\n")])
def test_data_that_names_no_period_is_not_kept(tmp_path: Path, lang: str, said: str) -> None:
    data = tmp_path / "no-period.csv"
    data.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 3)
                              for line in DATA.read_text(encoding="utf-8").splitlines()),
                    encoding="utf-8")
    store = str(tmp_path / "history.sqlite")
    done = CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(data), "--store",
                                     store, "-q", "--format", "csv", "--lang", lang])
    assert (done.exit_code, done.output) == (1, said.format(store=store))
    assert not Path(store).exists()
    named = CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(data), "--store",
                                      store, "-q", "--format", "csv", "--period", "2026-Q1"])
    assert named.exit_code == 0
    assert history(store, "--format", "csv").output.splitlines()[1].startswith("2026-Q1,1,")


def test_an_output_that_cannot_be_written_keeps_nothing(tmp_path: Path) -> None:
    """Before, the period was kept first: a failing -o left it in the store, unseen."""
    store = tmp_path / "history.sqlite"
    out = tmp_path / "missing" / "results.csv"
    done = score(str(store), "-o", str(out))
    assert done.exit_code == 1
    assert done.output.startswith(f"{out}: error: cannot write the output: ")
    assert not store.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_store_that_cannot_keep_the_period_leaves_no_output_file(tmp_path: Path,
                                                                    fmt: str) -> None:
    store = str(tmp_path / "missing" / "history.sqlite")
    out = tmp_path / f"results.{fmt}"
    done = score(store, "--format", fmt, "-o", str(out))
    assert (done.exit_code, done.output) == (1, (
        f"{store}: error: cannot write to the store: unable to open database file (check "
        "that the file and its folder may be written)\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no file, no temporary one


def test_the_period_kept_is_said_once_the_output_is_written(tmp_path: Path) -> None:
    store = tmp_path / "history.sqlite"
    out = tmp_path / "results.xlsx"
    done = CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(DATA), "--store",
                                     str(store), "--format", "xlsx", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines()[-1] == f"{store}: note: 2026-Q1 kept as version 1"
    assert out.stat().st_size > 0
    assert rows(str(store), "runs") == 1
