"""``appraise sql`` and ``--records duckdb:///FILE``: the field definitions as SQL that runs
where the records are, giving the figures the files give, to the cent."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner
from records_db import load
from test_figures import SCHEME, _every_construct, _random_company

from appraise import load_scheme
from appraise.cli import main
from appraise.sources import figures

EXAMPLE = Path("schemes/examples/records")
EXAMPLE_SCHEME = EXAMPLE / "cascade_records.yaml"
MONTHS = Path("schemes/examples/2026-months.csv")


def _duckdb_file(tmp: Path, scheme_file: Path, folder: Path) -> str:
    path = tmp / "warehouse.duckdb"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    load(con, load_scheme(scheme_file), folder)
    con.close()
    return f"duckdb:///{path}"


def _sql(*args: str) -> str:
    done = CliRunner().invoke(main, ["sql", *args])
    assert done.exit_code == 0, done.output
    return done.stdout


def _script_result(url: str, script: str) -> list[list[str]]:
    """The first statement's rows, each value written as the data file writes it."""
    con = duckdb.connect(url[len("duckdb:///"):], read_only=True)
    try:
        rows = con.execute(script.split(";\n")[0]).fetchall()
    finally:
        con.close()
    return [[_written(v) for v in row] for row in rows]


def _written(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):  # a float (a figure worked out inexactly) is written as is
        text = format(Decimal(str(value)).normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


def _plain(data: str, leave: tuple[str, ...] = ()) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data)))
    keep = [i for i, name in enumerate(rows[0]) if name not in leave]
    return [[row[i] for i in keep] for row in rows[1:]]


def test_figures_from_a_duckdb_database_are_the_shipped_file(tmp_path: Path) -> None:
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    done = CliRunner().invoke(main, ["figures", str(EXAMPLE_SCHEME), "--records", url,
                                     "--period", "2026-Q1"])
    assert done.exit_code == 0, done.output
    assert done.stdout_bytes == MONTHS.read_bytes()


def test_the_printed_duckdb_script_gives_the_shipped_figures(tmp_path: Path) -> None:
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "duckdb", "--period", "2026-Q1",
                  "--raters", "peer=3")
    assert _script_result(url, script) == _plain(MONTHS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", range(6))
def test_the_database_gives_the_reference_figures_on_random_records(
        tmp_path: Path, seed: int) -> None:
    scheme = load_scheme(_every_construct(tmp_path))
    _random_company(tmp_path, seed)
    url = _duckdb_file(tmp_path, tmp_path / "every.yaml", tmp_path)
    for period in ("2026-Q1", "2026-04"):
        expected = figures(scheme, tmp_path, period, reference=True)
        assert figures(scheme, url, period) == expected
        script = _sql(str(tmp_path / "every.yaml"), "--dialect", "duckdb", "--period", period)
        assert _script_result(url, script) == _plain(expected)  # averages too, half up


def test_the_printed_duckdb_script_rounds_an_average_half_up_exactly(tmp_path: Path) -> None:
    """DuckDB divides DECIMALs as binary floats: (30.000001 + 30) / 2 came out 30 where a
    person (and the files' path) writes 30.000001; and a total beyond a float's 15 digits."""
    shutil.copytree(SCHEME.parent, tmp_path / "records")
    folder = tmp_path / "records"
    (folder / "visits.csv").write_text(
        "visit_id,visited_on,customer,salesperson,minutes,on_site\n"
        "V1,2026-01-04,C1,P1,30.000001,true\nV2,2026-01-18,C1,P1,30,false\n"
        "V3,2026-01-19,C3,P2,-0.000001,true\nV4,2026-01-20,C3,P2,-0.000002,true\n"
        "V5,2026-02-02,C4,P2,123456789012345678.123456,true\nV6,2026-02-03,C4,P2,0,true\n"
        "V7,2026-02-04,C4,P2,0,true\n", encoding="utf-8")
    scheme = load_scheme(folder / "company.yaml")
    expected = figures(scheme, folder, "2026-Q1", reference=True)
    averages = {(row["id"], row["period"]): row["average_visit"]
                for row in csv.DictReader(io.StringIO(expected))}
    assert averages[("P1", "2026-01")] == "30.000001"
    assert averages[("P2", "2026-01")] == "-0.000002"  # -0.0000015: half away from zero
    assert averages[("P2", "2026-02")] == "41152263004115226.041152"
    url = _duckdb_file(tmp_path, folder / "company.yaml", folder)
    script = _sql(str(folder / "company.yaml"), "--dialect", "duckdb", "--period", "2026-Q1")
    assert _script_result(url, script) == _plain(expected)


@pytest.mark.parametrize("dialect", ["spark", "trino", "postgres"])
def test_the_printed_sql_parses_back_in_its_dialect(dialect: str) -> None:
    for scheme in (EXAMPLE_SCHEME, SCHEME):
        script = _sql(str(scheme), "--dialect", dialect, "--period", "2026-Q1")
        statements = [s for s in sqlglot.parse(script, read=dialect) if s is not None]
        assert len(statements) == 1
        lowered = script.lower()
        for missing in ("strftime", "qualify", "first(", "read_csv", "arbitrary("):
            assert missing not in lowered
        if dialect == "spark":
            assert "`typed_orders`" in script and "CAST(`amount` AS STRING)" in script
        else:
            assert '"typed_orders"' in script


def test_a_source_can_be_mapped_to_a_table_of_a_schema() -> None:
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "trino", "--period", "2026-01",
                  "--table", "orders=sales.crm.orders")
    assert 'FROM "sales"."crm"."orders"' in script
    assert '-- the records of orders, from the table sales.crm.orders, typed' in script


def test_an_unknown_dialect_is_a_usage_error_listing_them() -> None:
    done = CliRunner().invoke(main, ["sql", str(EXAMPLE_SCHEME), "--dialect", "oracle"])
    assert done.exit_code == 2
    assert done.output.splitlines()[-1] == (
        "Error: Invalid value for '--dialect': 'oracle' is not one of 'duckdb', 'postgres', "
        "'spark', 'trino'.")


def test_a_missing_table_and_column_are_named(tmp_path: Path) -> None:
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    con = duckdb.connect(url[len("duckdb:///"):])
    con.execute('DROP TABLE "incidents"')
    con.execute('ALTER TABLE "orders" DROP COLUMN "amount"')
    con.close()
    done = CliRunner().invoke(main, ["figures", str(EXAMPLE_SCHEME), "--records", url,
                                     "--period", "2026-Q1"])
    assert done.exit_code == 1
    assert done.output.splitlines() == [
        f"{url}: error: records.incidents: the database has no table 'incidents' (records are "
        "read from a table named as their source: create it, or load the records into it)",
        f"{url}: error: records.orders: the table 'orders' has no column 'amount' (the table "
        "must hold every column declared under records.orders.columns)"]


def test_an_unknown_dialect_is_a_usage_error_in_chinese() -> None:
    done = CliRunner().invoke(main, ["sql", str(EXAMPLE_SCHEME), "--dialect", "oracle",
                                     "--lang", "zh"])
    assert done.exit_code == 2
    assert done.output.splitlines()[-1] == (
        "错误：'--dialect' 的值无效：'oracle' 不是 'duckdb', 'postgres', 'spark', 'trino' 之一。")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '--table': 'deals=crm.deals' is not SOURCE=TABLE for a "
           "source of the scheme (customers, orders, invoices, payments, surveys, reviews, "
           "incidents)"),
    ("zh", "错误：'--table' 的值无效：'deals=crm.deals' 不是方案中某个记录来源的 SOURCE=TABLE"
           "（来源：customers, orders, invoices, payments, surveys, reviews, incidents）")])
def test_a_table_for_no_source_is_a_usage_error(lang: str, expected: str) -> None:
    done = CliRunner().invoke(main, ["sql", str(EXAMPLE_SCHEME), "--dialect", "spark",
                                     "--table", "deals=crm.deals", "--lang", lang])
    assert done.exit_code == 2
    assert done.output.splitlines()[-1] == expected


def test_without_a_period_the_sql_works_out_the_year(tmp_path: Path) -> None:
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "duckdb", "--raters", "peer=3")
    assert script.splitlines()[0] == (
        f"-- Appraise: the figures of 2026 worked out from the records, for the scheme "
        f"{EXAMPLE_SCHEME} (duckdb).")
    done = CliRunner().invoke(main, ["figures", str(EXAMPLE_SCHEME), "--records", url,
                                     "--period", "2026"])
    assert _script_result(url, script) == _plain(done.stdout)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "The records behind the figures are listed from record files only; appraise sql "
           "prints the queries that work them out in the database."),
    ("zh", "数据背后的记录只能从记录文件中列出；appraise sql 可输出在数据库中汇总这些数据的"
           "查询。")])
def test_explain_with_records_in_a_database_says_they_are_not_listed(
        tmp_path: Path, lang: str, expected: str) -> None:
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    done = CliRunner().invoke(main, ["explain", str(EXAMPLE_SCHEME), "--records", url,
                                     "--period", "2026-02", "--person", "S08", "--lang", lang])
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[-1] == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '--raters': 'peer=0' is not GROUP=N with N from 1 to 50; "
           "write e.g. peer=3"),
    ("zh", "错误：'--raters' 的值无效：'peer=0' 不是“评分人组=人数”（人数 1 至 50）的写法；"
           "请写成如 peer=3")])
def test_raters_out_of_range_are_a_usage_error(lang: str, expected: str) -> None:
    done = CliRunner().invoke(main, ["sql", str(EXAMPLE_SCHEME), "--dialect", "trino",
                                     "--raters", "peer=0", "--lang", lang])
    assert done.exit_code == 2
    assert done.output.splitlines()[-1] == expected


def test_a_rated_field_is_a_column_for_each_rater() -> None:
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "trino", "--period", "2026-01",
                  "--raters", "peer=3")
    assert ('MAX(CASE WHEN "rater" = \'peer2\' THEN "teamwork" END) AS "teamwork@peer2"'
            in script)
    assert script.count('AS "teamwork@') == 10  # five raters, in the pivot and the result


def test_the_scripts_result_exported_as_csv_scores_as_the_records_do(tmp_path: Path) -> None:
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "duckdb", "--period", "2026-Q1",
                  "--raters", "peer=3")
    exported = tmp_path / "2026-Q1.csv"
    con = duckdb.connect(url[len("duckdb:///"):], read_only=True)
    try:
        con.execute(f"COPY ({script.rstrip().rstrip(';')}) TO '{exported}' (HEADER)")
    finally:
        con.close()
    runs = [CliRunner().invoke(main, ["score", str(EXAMPLE_SCHEME), *given, "--period",
                                      "2026-Q1", "--format", "csv"])
            for given in (["--data", str(exported)], ["--records", str(EXAMPLE)])]
    assert [r.exit_code for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout


def test_a_value_not_of_its_type_in_a_duckdb_database_is_named_by_table_and_key(
        tmp_path: Path) -> None:
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    con = duckdb.connect(url[len("duckdb:///"):])
    con.execute("""UPDATE "reviews" SET "reviewed_on" = '2026-13-01'
                   WHERE "review_id" = 'RV00001'""")
    con.execute("""UPDATE "orders" SET "amount" = '12万' WHERE "order_id" = 'SO00001'""")
    con.close()
    done = CliRunner().invoke(main, ["figures", str(EXAMPLE_SCHEME), "--records", url,
                                     "--period", "2026-01"])
    assert (done.exit_code, done.output.splitlines()) == (1, [
        f"{url}: error: records.orders: orders 'SO00001': amount '12万' is not a number (write a "
        "number such as 1234.56: no thousands separators, units or more than six decimals)",
        f"{url}: error: records.reviews: reviews 'RV00001': reviewed_on '2026-13-01' is not a "
        "date (write the date as 2026-03-15)"])


def test_the_posts_of_each_month_may_come_from_a_table_loaded_from_slots(
        tmp_path: Path) -> None:
    """At 1,000,000 people the posts written into the statement make it megabytes; --slots
    writes them to a CSV file to load as a table, and the statement reads it."""
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    slots = tmp_path / "slots.csv"
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "duckdb", "--period", "2026-Q1",
                  "--raters", "peer=3", "--slots", str(slots), "--slots-table", "hr.slots")
    assert "VALUES" not in script and 'FROM "hr"."slots"' in script
    lines = slots.read_text(encoding="utf-8").splitlines()
    assert (len(lines), lines[:2]) == (117, ["id,name,post,period,month,n",
                                             "GM01,周振华,general_manager,2026-01,1,0"])
    con = duckdb.connect(url[len("duckdb:///"):])
    con.execute("CREATE SCHEMA hr")
    con.execute(f"CREATE TABLE hr.slots AS SELECT * FROM read_csv('{slots}', all_varchar=true)")
    con.close()
    assert _script_result(url, script) == _plain(MONTHS.read_text(encoding="utf-8"))


def test_slots_are_never_written_over_the_scheme(tmp_path: Path) -> None:
    shutil.copytree(SCHEME.parent, tmp_path / "records")
    scheme = tmp_path / "records" / "company.yaml"
    before = scheme.read_bytes()
    done = CliRunner().invoke(main, ["sql", str(scheme), "--dialect", "duckdb",
                                     "--slots", str(scheme)])
    assert (done.exit_code, done.output.splitlines()[-1]) == (2, (
        f"Error: Invalid value for '--slots': '{scheme}' is the same file as the scheme "
        f"'{scheme}': writing there would destroy the scheme; write the output to another "
        "file"))
    assert scheme.read_bytes() == before


def test_a_date_column_of_timestamps_in_a_database_is_its_day(tmp_path: Path) -> None:
    """Before: every record 'is not a date' (the text check took only 2026-01-05)."""
    url = _duckdb_file(tmp_path, EXAMPLE_SCHEME, EXAMPLE)
    con = duckdb.connect(url[len("duckdb:///"):])
    con.execute("""ALTER TABLE "orders" ALTER "signed_on" TYPE TIMESTAMP
                   USING CAST("signed_on" AS DATE) + INTERVAL 10 HOUR""")
    con.close()
    done = CliRunner().invoke(main, ["figures", str(EXAMPLE_SCHEME), "--records", url,
                                     "--period", "2026-Q1"])
    assert (done.exit_code, done.output) == (0, MONTHS.read_text(encoding="utf-8"))


def test_slots_go_to_a_file_and_a_table_name_ends_no_comment() -> None:
    done = CliRunner().invoke(main, ["sql", str(EXAMPLE_SCHEME), "--dialect", "trino",
                                     "--period", "2026-01", "--slots", "-"])
    assert (done.exit_code, done.output.splitlines()[-1]) == (2, (
        "Error: Invalid value for '--slots': the slots are written to a file, the statement "
        "to the screen or -o: give the file's name, e.g. --slots slots.csv"))
    script = _sql(str(EXAMPLE_SCHEME), "--dialect", "trino", "--period", "2026-01",
                  "--table", "orders=x\nDROP TABLE orders; --")
    assert "-- the records of orders, from the table x DROP TABLE orders; --, typed" in script
    assert script.count("\nDROP TABLE") == script.count('"x\nDROP TABLE orders; --"') == 1
