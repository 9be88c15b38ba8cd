"""``--records postgresql://...`` and ``appraise sql --dialect postgres`` on a REAL PostgreSQL
server (the run's private server, tests/pg.py; a test here fails when it cannot start): the
figures the database works out are the files' to the cent, and its bad records are named."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from records_db import load
from test_figures import _every_construct, _random_company
from test_sql import EXAMPLE, EXAMPLE_SCHEME, MONTHS, _plain, _sql, _written

from appraise import load_scheme
from appraise.cli import main
from appraise.sources import work_out


def _loaded(url: str, scheme_file: Path, folder: Path) -> None:
    with psycopg.connect(url, autocommit=True) as con:
        load(con, load_scheme(scheme_file), folder, "%s")


def _run(url: str, script: str) -> list[list[str]]:
    with psycopg.connect(url, autocommit=True) as con:
        rows = con.execute(script.split(";\n")[0]).fetchall()  # type: ignore[arg-type]
    return [[_written(v) for v in row] for row in rows]


def _figures(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["figures", *args])
    return done.exit_code, done.output


def test_figures_from_postgresql_are_the_shipped_file(pg_url: str) -> None:
    _loaded(pg_url, EXAMPLE_SCHEME, EXAMPLE)
    done = CliRunner().invoke(main, ["figures", str(EXAMPLE_SCHEME), "--records", pg_url,
                                     "--period", "2026-Q1"])
    assert done.exit_code == 0, done.output
    assert done.stdout_bytes == MONTHS.read_bytes()


def test_score_with_records_in_postgresql_scores_as_from_the_files(pg_url: str) -> None:
    _loaded(pg_url, EXAMPLE_SCHEME, EXAMPLE)
    runs = [CliRunner().invoke(main, ["score", str(EXAMPLE_SCHEME), "--records", where,
                                      "--period", "2026-Q1", "--format", "csv"])
            for where in (pg_url, str(EXAMPLE))]
    assert [r.exit_code for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout


def test_the_printed_postgres_script_gives_the_shipped_figures(pg_url: str) -> None:
    _loaded(pg_url, EXAMPLE_SCHEME, EXAMPLE)
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "postgres", "--period", "2026-Q1",
                  "--raters", "peer=3")
    assert _run(pg_url, script) == _plain(MONTHS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", range(6))
def test_postgresql_gives_the_reference_figures_on_random_records(
        pg_url: str, tmp_path: Path, seed: int) -> None:
    scheme = load_scheme(_every_construct(tmp_path))
    _random_company(tmp_path, seed)
    _loaded(pg_url, tmp_path / "every.yaml", tmp_path)
    for period in ("2026-Q1", "2026-04"):
        reference = work_out(scheme, tmp_path, period, reference=True)
        expected = reference.text
        found = work_out(scheme, pg_url, period)
        assert found.text == expected
        assert [w.message for w in found.warnings] == [w.message for w in reference.warnings]
        script = _sql(str(tmp_path / "every.yaml"), "--dialect", "postgres", "--period", period)
        assert _run(pg_url, script) == _plain(expected)  # averages too: NUMERIC, half up


def _broken(url: str) -> None:
    _loaded(url, EXAMPLE_SCHEME, EXAMPLE)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("""INSERT INTO "orders" VALUES ('SO00001', '2026-01-05', 'K-B01', 'B01', '1'),
                       ('OX1', '2026-01-05', 'C999', 'B01', '1'),
                       ('OX2', '2025-12-31', 'K-B01', 'Z9', '1')""")


ENGLISH = [
    "error: records.orders: order_id 'SO00001' is the key of 2 records of the table 'orders' "
    "(a key names one record: keep one, or give the others their own keys)",
    "error: records.orders: orders 'OX1': customer 'C999' is not a record of 'customers' "
    "(correct it, or add the missing entry)",
    "error: records.orders: orders 'OX2': salesperson 'Z9' is not a person of the scheme "
    "(correct it, or add the missing entry)",
    "error: records.orders: orders 'OX2': signed_on 2025-12-31 is not in 2026 (the records "
    "are of the scheme's year: leave the others out of the table or correct the date)"]
CHINESE = [
    "错误：records.orders: order_id 'SO00001' 是表 'orders' 中 2 条记录的编号（一个编号只对应一条"
    "记录：保留其中一条，或给其余记录各自的编号）",
    "错误：records.orders: orders 'OX1'：customer 'C999' 不是'customers' 中的记录（请更正，或补"
    "上缺少的条目）",
    "错误：records.orders: orders 'OX2'：salesperson 'Z9' 不是方案中的人员（请更正，或补上缺少的"
    "条目）",
    "错误：records.orders: orders 'OX2'：signed_on 2025-12-31 不在 2026 年内（记录须属于方案的"
    "年度：请把其他年度的记录移出该表，或更正日期）"]


@pytest.mark.parametrize(("lang", "expected"), [("en", ENGLISH), ("zh", CHINESE)])
def test_bad_records_in_the_database_are_named_by_table_and_key(
        pg_url: str, tmp_path: Path, lang: str, expected: list[str]) -> None:
    _broken(pg_url)
    out = tmp_path / "figures.csv"
    code, shown = _figures(str(EXAMPLE_SCHEME), "--records", pg_url, "--period", "2026-Q1",
                           "-o", str(out), "--lang", lang)
    assert code == 1
    assert shown.splitlines() == [f"{pg_url}: {line}" for line in expected]
    assert not out.exists()


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "postgresql://hr@127.0.0.1:9/payroll: error: cannot connect to the database: "),
    ("zh", "postgresql://hr@127.0.0.1:9/payroll: 错误：无法连接数据库：")])
def test_an_unreachable_database_is_named_without_its_password(lang: str, expected: str
                                                                ) -> None:
    code, shown = _figures(str(EXAMPLE_SCHEME), "--records",
                           "postgresql://hr:s3cret@127.0.0.1:9/payroll", "--period", "2026-01",
                           "--lang", lang)
    assert code == 1
    assert shown.startswith(expected)
    assert "s3cret" not in shown
    assert len(shown.splitlines()) == 1
    hint = ("(check the URL, and that the database server is running and lets you in)"
            if lang == "en" else "（请检查网址，并确认数据库服务器正在运行、允许你登录）")
    assert shown.rstrip("\n").endswith(hint)


def test_a_missing_table_is_named_in_chinese(pg_url: str) -> None:
    _loaded(pg_url, EXAMPLE_SCHEME, EXAMPLE)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute('DROP TABLE "incidents"')
        con.execute('ALTER TABLE "orders" DROP COLUMN "amount"')
    code, shown = _figures(str(EXAMPLE_SCHEME), "--records", pg_url, "--period", "2026-Q1",
                           "--lang", "zh")
    assert code == 1
    assert shown.splitlines() == [
        f"{pg_url}: 错误：records.incidents: 数据库中没有表 'incidents'（记录从与来源同名的表读取："
        "请建表，或把记录导入该表）",
        f"{pg_url}: 错误：records.orders: 表 'orders' 中没有列 'amount'（该表须包含 "
        "records.orders.columns 中声明的每一列）"]



@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_value_not_of_its_type_is_named_by_table_and_key(pg_url: str, tmp_path: Path,
                                                           lang: str) -> None:
    """Before, PostgreSQL's own cast error: invalid input syntax for type numeric: "1,200"."""
    _loaded(pg_url, EXAMPLE_SCHEME, EXAMPLE)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("""UPDATE "orders" SET "amount" = '1,200' WHERE "order_id" = 'SO00002'""")
        con.execute("""UPDATE "orders" SET "signed_on" = '2026/01/05'
                       WHERE "order_id" = 'SO00003'""")
        con.execute("""UPDATE "surveys" SET "score" = '4分' WHERE "survey_id" = (
                       SELECT min("survey_id") FROM "surveys")""")
    out = tmp_path / "figures.csv"
    code, shown = _figures(str(EXAMPLE_SCHEME), "--records", pg_url, "--period", "2026-Q1",
                           "-o", str(out), "--lang", lang)
    assert code == 1
    first = next(iter(_rows(pg_url, 'SELECT min("survey_id") FROM "surveys"')))[0]
    english = [
        "error: records.orders: orders 'SO00002': amount '1,200' is not a number (write a "
        "number such as 1234.56: no thousands separators, units or more than six decimals)",
        "error: records.orders: orders 'SO00003': signed_on '2026/01/05' is not a date (write "
        "the date as 2026-03-15)",
        f"error: records.surveys: surveys '{first}': score '4分' is not a number (write a "
        "number such as 1234.56: no thousands separators, units or more than six decimals)"]
    chinese = [
        "错误：records.orders: orders 'SO00002'：amount '1,200' 不是数字（请写成 1234.56 这样的"
        "数字：不加千位分隔符、不带单位，小数不超过六位）",
        "错误：records.orders: orders 'SO00003'：signed_on '2026/01/05' 不是日期（日期请写成 "
        "2026-03-15）",
        f"错误：records.surveys: surveys '{first}'：score '4分' 不是数字（请写成 1234.56 这样的"
        "数字：不加千位分隔符、不带单位，小数不超过六位）"]
    assert shown.splitlines() == [f"{pg_url}: {line}" for line in (
        english if lang == "en" else chinese)]
    assert not out.exists()


def _rows(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as con:
        return list(con.execute(query).fetchall())  # type: ignore[arg-type]


def test_the_postgres_script_reads_the_posts_from_a_slots_table(pg_url: str,
                                                                tmp_path: Path) -> None:
    _loaded(pg_url, EXAMPLE_SCHEME, EXAMPLE)
    slots = tmp_path / "slots.csv"
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "postgres", "--period", "2026-Q1",
                  "--raters", "peer=3", "--slots", str(slots))
    assert "VALUES" not in script and 'FROM "appraise_slots"' in script
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("CREATE TABLE appraise_slots (id TEXT, name TEXT, post TEXT, period TEXT, "
                    "month TEXT, n TEXT)")
        with con.cursor().copy("COPY appraise_slots FROM STDIN WITH (FORMAT csv, HEADER)"
                               ) as copy:
            copy.write(slots.read_bytes())
    assert _run(pg_url, script) == _plain(MONTHS.read_text(encoding="utf-8"))


def test_a_date_column_of_timestamps_in_postgresql_is_its_day(pg_url: str) -> None:
    _loaded(pg_url, EXAMPLE_SCHEME, EXAMPLE)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("""ALTER TABLE "orders" ALTER "signed_on" TYPE timestamp
                       USING "signed_on"::date + interval '10 hours 30 minutes'""")
    code, shown = _figures(str(EXAMPLE_SCHEME), "--records", pg_url, "--period", "2026-Q1")
    assert (code, shown) == (0, MONTHS.read_text(encoding="utf-8"))
